// mcp::testing::server_process: a server executable started for a test, on a free port, and stopped at the end.
// For tests of the program as it ships (its command line, its environment, its graceful shutdown) over real
// sockets; mcp::testing::http_server serves an mcp::server of the test's own process instead, and
// mcp::testing::in_process needs no sockets at all.
//
//   mcp::testing::server_process served({.program = HELLO_PATH});   // runs "hello --port 0"
//   mcp::client c(io.get_executor(), mcp::transport::http({.url = served.url()}).value());
//   ...
//   EXPECT_EQ(served.stop().code, 0);                                 // SIGTERM: a graceful exit
//
// How the URL is found: with "{port}" in an argument, this picks a free port, puts it there, and the URL is
// http://127.0.0.1:<port><path>. Otherwise the server says where it listens: the first http:// or https:// URL
// on a line of its stderr (mcp::run prints "... listening on http://127.0.0.1:<port>/mcp"). Either way the
// constructor returns once a TCP connection to that address succeeds.
//
// Threading: the process's pipes are read by a thread of this object (its stderr is kept, and echoed when
// asked; its stdout is read and dropped, so a chatty server never blocks on a full pipe). Use the object itself
// from one thread.
#pragma once

#include <mcp/client/child_process.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcp::testing {

struct server_process_options {
    std::string program; // a path, or a name looked up in PATH
    std::vector<std::string> args = {"--port", "0"}; // "{port}" anywhere in an argument: a free port picked here
    std::vector<std::pair<std::string, std::string>> env; // set in its environment on top of ours
    std::optional<std::string> working_directory;
    std::string path = "/mcp"; // with "{port}": the endpoint's path
    std::chrono::milliseconds start_timeout = std::chrono::seconds(10); // to print its URL and accept a connection
    std::chrono::milliseconds stop_timeout = std::chrono::seconds(5);   // after SIGTERM, before SIGKILL
    bool echo_stderr = false; // copy its stderr lines to ours as they come (for debugging a test)
};

class server_process {
public:
    // Starts the program and waits until it accepts connections. Throws std::runtime_error when it cannot
    // start, ends before it listens, or does not listen within start_timeout (the message quotes its last
    // stderr lines); the process is stopped then.
    explicit server_process(server_process_options options);
    ~server_process(); // stop()
    server_process(server_process const&) = delete;
    server_process& operator=(server_process const&) = delete;

    std::string const& url() const { return url_; } // "http://127.0.0.1:<port>/mcp"
    unsigned short port() const { return port_; }
    pid_t pid() const;
    // Whether the process still runs (false once it ended or was stopped).
    bool running();
    // SIGTERM, then SIGKILL after stop_timeout; waits until it is gone and returns how it ended (code 0 for a
    // graceful exit). Idempotent: later calls return the same status.
    transport::exit_status stop();
    // The lines it wrote to stderr so far.
    std::vector<std::string> stderr_lines() const;

    struct state;

private:
    void wait_until_listening();

    server_process_options options_;
    std::shared_ptr<state> s_;
    std::string url_;
    unsigned short port_ = 0;
};

} // namespace mcp::testing
