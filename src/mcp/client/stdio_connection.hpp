// The stdio transport of the client: the server is a child process and JSON-RPC messages are lines on its
// stdin and stdout (MCP 2025-11-25 basic/transports, stdio). Not for talking to a server that is already
// running.
//
//   send(message) --serialize + '\n'--> child's stdin          (one write at a time, in call order)
//   receiver <--on_message/on_garbage-- read loop <--lines-- child's stdout   (bounded by max_message_bytes)
//   child's stderr --> our stderr, or on_stderr_line
//
// Invariants:
// - Everything runs on a strand of the executor given to open(); the receiver is called there, one call at a
//   time, and never after on_closed or after the connection is destroyed.
// - A request whose answer the server never wrote (it exited, or close() ended it first) gets one made-up
// error
//   response (code::unreachable) before on_closed, as transport.hpp promises.
// - A write to a server that has gone is an error value: starting a child ignores SIGPIPE in this process
// (see
//   child_process.hpp).
// - Destroying the connection without awaiting close() kills (SIGKILL) and reaps the child synchronously.
// Destroy
//   it on the executor's thread, or once the executor no longer runs.
#pragma once

#include <mcp/client/transport.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::transport {

struct stdio_options {
    std::string program; // a path, or a name looked up in our PATH
    std::vector<std::string> args;
    // Set in the server's environment on top of ours.
    std::vector<std::pair<std::string, std::string>> env;
    // The server's working directory; a relative `program` is found from there.
    std::optional<std::string> working_directory;
    // Empty: the server's stderr is ours (the default; the spec lets servers log there). Otherwise each line
    // it writes goes here (on the connection's executor, cut to 4096 bytes), and the last one is quoted in
    // the reason given to on_closed.
    std::function<void(std::string_view line)> on_stderr_line;
    // A stdout line longer than this is skipped (reported through on_garbage), never buffered whole.
    std::size_t max_message_bytes = 4 << 20;
    // close() waits this long after closing the server's stdin, and again after SIGTERM, before SIGKILL.
    std::chrono::milliseconds shutdown_grace{2000};
};

namespace detail {
struct stdio_state;
}

class stdio_connection : public connection {
public:
    explicit stdio_connection(stdio_options options);
    ~stdio_connection() override;
    stdio_connection(stdio_connection const&) = delete;
    stdio_connection& operator=(stdio_connection const&) = delete;

    // Starts the server process and its read loop. Errors: "cannot start ./srv: No such file or directory",
    // or a second open(). Does not suspend.
    task<result<>> open(boost::asio::any_io_executor ex, receiver& r) override;
    // Writes the message as one line, after the sends before it. Errors (nothing usable was sent): not open,
    // closed, or the server no longer reads ("cannot write to the server: Broken pipe"). Suspends until
    // written.
    task<result<>> send(boost::json::object message) override;
    // Closes the server's stdin, waits shutdown_grace, SIGTERM, waits shutdown_grace, SIGKILL; reaps it;
    // calls on_closed (unless it was called already). Idempotent. Suspends.
    task<> close() override;
    // "stdio: <program> <args...>"
    std::string describe() const override;

private:
    stdio_options options_;
    std::shared_ptr<detail::stdio_state> state_;
};

// The stdio transport as a connection for mcp::client.
std::unique_ptr<connection> stdio(stdio_options options);

} // namespace mcp::transport
