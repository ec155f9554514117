// Start-up time: from fork() of the server to the first successful initialize answer, polled in a tight loop
// (each attempt: connect, POST initialize, read the answer; a refused connection is retried after 100 us, so
// the poll leaves the starting server the CPU it needs while adding at most 0.1 ms to the figure).
#include "client.hpp"
#include "modes.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <exception>
#include <thread>

namespace load {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

namespace {

unsigned short free_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, {asio::ip::make_address_v4("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

task<> attempt(asio::io_context* io, unsigned short port, bool* ok) {
    connection c(*io, port);
    if (!co_await c.connect())
        co_return;
    *ok = answered(co_await c.post("/mcp", initialize_body(1)), "protocolVersion");
    c.close();
}

pid_t spawn(std::vector<std::string> const& command, unsigned short port) {
    std::vector<std::string> args = command;
    for (auto& a : args)
        if (auto at = a.find("{port}"); at != std::string::npos)
            a.replace(at, 6, std::to_string(port));
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

void stop(pid_t pid) {
    kill(pid, SIGTERM);
    for (int i = 0; i < 500; ++i) { // 5 s for a graceful exit, then SIGKILL
        if (waitpid(pid, nullptr, WNOHANG) == pid)
            return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
}

} // namespace

boost::json::object run_startup(options const& o) {
    boost::json::object report{{"mode", "startup"}};
    if (o.command.empty())
        return report["error"] = "no command given", report;
    auto port = free_port();
    asio::io_context io(1);
    auto start = clock::now();
    pid_t pid = spawn(o.command, port);
    if (pid < 0)
        return report["error"] = "fork failed", report;
    bool ok = false;
    std::size_t attempts = 0;
    while (!ok && clock::now() - start < std::chrono::seconds(20)) {
        ++attempts;
        asio::co_spawn(io, attempt(&io, port, &ok), [](std::exception_ptr e) {
            if (e)
                std::rethrow_exception(e);
        });
        io.run();
        io.restart();
        if (!ok && waitpid(pid, nullptr, WNOHANG) == pid)
            return report["error"] = "the server exited", report;
        if (!ok)
            std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    double ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    stop(pid);
    if (!ok)
        return report["error"] = "no answer within 20 s", report;
    report["ms"] = ms;
    report["attempts"] = attempts;
    return report;
}

} // namespace load
