// private_cluster: initdb and pg_ctl through the shell, as scripts/services runs them (see
// private_cluster.hpp).
#include <mcp/storage/postgres/testing/private_cluster.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mcp::storage::testing {
namespace {

std::string bin_dir() {
    char const* env = std::getenv("MCP_TEST_PG_BIN");
    std::string dir = env && *env ? env : "/usr/lib/postgresql/15/bin";
    if (!std::filesystem::exists(dir + "/pg_ctl"))
        throw std::runtime_error("private_cluster: no pg_ctl in " + dir +
                                 " (install postgresql-15 as scripts/setup does, or set MCP_TEST_PG_BIN)");
    return dir;
}

// The server refuses to run as root; scripts/services does the same.
std::string as_postgres(std::string const& command) {
    return geteuid() == 0 ? "runuser -u postgres -- " + command : command;
}

std::string read_file(std::string const& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void run(std::string const& command, std::string const& log, std::string const& what) {
    if (std::system((command + " >>" + log + " 2>&1").c_str()) != 0)
        throw std::runtime_error("private_cluster: " + what + " failed:\n" + read_file(log));
}

} // namespace

int closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("closed_port: cannot bind a socket on 127.0.0.1");
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

private_cluster::private_cluster() {
    std::string name = "/tmp/mcp-pg-XXXXXX";
    if (!::mkdtemp(name.data()))
        throw std::runtime_error("private_cluster: mkdtemp failed");
    dir_ = name;
    std::filesystem::permissions(dir_, std::filesystem::perms(0755));
    if (geteuid() == 0) {
        passwd const* pg = ::getpwnam("postgres");
        if (!pg || ::chown(dir_.c_str(), pg->pw_uid, pg->pw_gid) != 0)
            throw std::runtime_error(
                "private_cluster: running as root, but there is no postgres user to own " + dir_);
    }
    port_ = closed_port();
    run(as_postgres(bin_dir() + "/initdb -D " + dir_ + "/data -U postgres -A trust --no-sync -E UTF8"),
        dir_ + "/initdb.log", "initdb");
}

private_cluster::~private_cluster() {
    if (running_)
        (void)std::system(
            as_postgres(bin_dir() + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop >/dev/null 2>&1")
                .c_str());
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void private_cluster::start() {
    auto options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " + dir_ +
                   "/data -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    run(as_postgres(bin_dir() + "/pg_ctl -D " + dir_ + "/data -l " + dir_ +
                    "/data/server.log -w -t 60 start -o '" + options + "'"),
        dir_ + "/pg_ctl.log", "pg_ctl start (server log in " + dir_ + "/data/server.log)");
    running_ = true;
}

void private_cluster::stop() {
    run(as_postgres(bin_dir() + "/pg_ctl -D " + dir_ + "/data -m fast -w -t 60 stop"), dir_ + "/pg_ctl.log",
        "pg_ctl stop");
    running_ = false;
}

std::string private_cluster::url() const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

} // namespace mcp::storage::testing
