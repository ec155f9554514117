#include <mcp/aws/testing/dynalite.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifndef MCP_NODE_EXECUTABLE
#error "MCP_NODE_EXECUTABLE must name the node binary"
#endif
#ifndef MCP_DYNALITE_SCRIPT
#error "MCP_DYNALITE_SCRIPT must name testing/dynalite_server.mjs"
#endif

namespace mcp::aws::testing {
namespace {

constexpr int startup_timeout_ms = 30000; // node under a sanitizer build on a busy machine is slow

[[noreturn]] void fail(std::string const& what) {
    throw std::runtime_error("dynalite: " + what + (errno ? std::string(": ") + std::strerror(errno) : ""));
}

// Reads one line the launcher prints (one at a time: the port once it listens, then one per command), byte by
// byte so that nothing of a later line is consumed.
std::string read_line(int fd, char const* what) {
    std::string line;
    for (;;) {
        pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
        int const ready = ::poll(&p, 1, startup_timeout_ms);
        if (ready <= 0) {
            errno = 0;
            fail(std::string(what) + ": no answer in time");
        }
        char c = 0;
        ssize_t const n = ::read(fd, &c, 1);
        if (n <= 0) {
            errno = 0;
            fail(std::string(what) + ": the server exited (is node_modules installed? run scripts/setup)");
        }
        if (c == '\n')
            return line;
        line += c;
    }
}

std::uint16_t read_port(int fd) {
    auto const line = read_line(fd, "start");
    int const port = std::atoi(line.c_str());
    if (port <= 0 || port > 65535) {
        errno = 0;
        fail("reported a bad port: " + line);
    }
    return static_cast<std::uint16_t>(port);
}

} // namespace

dynalite::dynalite(dynalite_options o) : options_(std::move(o)) {
    launch(0);
}

dynalite::~dynalite() {
    stop();
}

void dynalite::launch(std::uint16_t port) {
    std::vector<std::string> args{MCP_NODE_EXECUTABLE, MCP_DYNALITE_SCRIPT, "--port", std::to_string(port)};
    if (!options_.path.empty()) {
        args.insert(args.end(), {"--path", options_.path});
    }
    if (!options_.cert_file.empty()) {
        args.insert(args.end(), {"--ssl", "--cert", options_.cert_file, "--key", options_.key_file});
    }
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
        fail("pipe");
    }
    pid_t const parent = ::getpid();
    pid_t const pid = ::fork();
    if (pid < 0) {
        fail("fork");
    }
    if (pid == 0) {
        // Only async-signal-safe calls until exec.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(127);
        }
        ::dup2(in[0], STDIN_FILENO);
        ::dup2(out[1], STDOUT_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    pid_ = pid;
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];
    try {
        port_ = read_port(stdout_fd_);
    } catch (...) {
        stop();
        throw;
    }
}

void dynalite::stop() {
    if (pid_ < 0) {
        return;
    }
    ::close(stdin_fd_);
    ::close(stdout_fd_);
    stdin_fd_ = -1;
    stdout_fd_ = -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

void dynalite::drop_next_answer(std::string const& operation) {
    std::string const line = "drop-answer " + operation + "\n";
    if (pid_ < 0 || ::write(stdin_fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        fail("cannot send drop-answer");
    read_line(stdout_fd_, "drop-answer"); // the server took it: the next request will find it
}

std::uint64_t dynalite::items_read() {
    std::string const line = "items-read\n";
    if (pid_ < 0 || ::write(stdin_fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        fail("cannot send items-read");
    return std::strtoull(read_line(stdout_fd_, "items-read").c_str(), nullptr, 10);
}

void dynalite::start() {
    if (pid_ < 0) {
        launch(port_);
    }
}

std::string dynalite::endpoint() const {
    return (options_.cert_file.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") + std::to_string(port_);
}

dynamodb_options dynalite::client_options() const {
    return dynamodb_options{
        .region = "us-east-1",
        .credentials = credentials{.access_key_id = "AKIDEXAMPLETESTKEY", .secret_access_key = "test-secret"},
        .endpoint = endpoint(),
        .retry = {.max_attempts = 3,
                  .base_delay = std::chrono::milliseconds(5),
                  .max_delay = std::chrono::milliseconds(20)},
        .http = {.timeout = std::chrono::milliseconds(5000)},
    };
}

} // namespace mcp::aws::testing
