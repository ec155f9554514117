// child_process: a program started with pipes on its stdin and stdout (and on its stderr when captured), for
// the stdio transport (MCP 2025-11-25 basic/transports, stdio: the client launches the server as a
// subprocess). Not a general process library: no shell, no pseudo-terminal, no process groups.
//
//   our process --stdin_pipe()--> child's fd 0        child's fd 1 --stdout_pipe()--> our process
//                                 child's fd 2 --> our stderr (inherited), or lines to on_stderr_line
//                                 (captured)
//
// Invariants:
// - Every pipe end is O_CLOEXEC, so no other child inherits it; the child starts with an empty signal mask
// and
//   SIGPIPE at its default action.
// - Starting a child sets SIGPIPE to ignored in this process (once, and only while it is at its default): a
// write
//   to a server that has gone must be an error value (EPIPE), not a signal that ends the client.
// - The child is reaped exactly once (waitpid on its pid only, never -1), and never signalled after it is
//   reaped, so a reused pid is never hit. Destroying a child_process that was not reaped kills (SIGKILL) and
//   reaps it before returning: no running child, no zombie.
// - Exit is noticed by polling waitpid(WNOHANG) with a short backoff while someone waits: no SIGCHLD handler,
//   which would take other children's statuses from the rest of the program.
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/protocol/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::transport {

struct process_options {
    std::string program; // a path, or a name looked up in our PATH (posix_spawnp)
    std::vector<std::string> args;
    // Set in the child's environment on top of ours (replacing a variable of the same name).
    std::vector<std::pair<std::string, std::string>> env;
    // The child's working directory; a relative `program` is found from there.
    std::optional<std::string> working_directory;
    // Empty: the child's stderr is ours. Otherwise each line it writes (without the newline) is passed here,
    // on the executor given to start(), one line at a time; lines are cut to max_stderr_line_bytes.
    std::function<void(std::string_view line)> on_stderr_line;
    std::size_t max_stderr_line_bytes = 4096;
};

// How a child ended.
struct exit_status {
    int code = -1;  // its exit code when it exited, else -1
    int signal = 0; // the signal that ended it, else 0
    // "exited with code 3", "was killed by signal 9", or "ended (exit status unknown)" when it could not be
    // read
    std::string describe() const;
};

namespace detail {
struct stderr_capture;
// Polls ready() on `ex` with a short backoff until it returns true (then true) or `limit` has passed (then
// false). Suspends.
task<bool> poll_until(boost::asio::any_io_executor ex, std::function<bool()> ready,
                      std::chrono::milliseconds limit);
} // namespace detail

class child_process {
public:
    // Starts the program. Its pipes (and the stderr capture) run on `ex`. Fails, starting nothing, with a
    // message such as "cannot start ./srv: No such file or directory" (code transport::code::unreachable).
    // Does not suspend; thread-safe.
    static result<std::unique_ptr<child_process>> start(boost::asio::any_io_executor ex,
                                                        process_options const& o);

    ~child_process(); // kill() when the child was not reaped
    child_process(child_process const&) = delete;
    child_process& operator=(child_process const&) = delete;

    pid_t pid() const { return pid_; }
    // Our ends of the child's stdin and stdout. Use them on the executor given to start().
    boost::asio::posix::stream_descriptor& stdin_pipe() { return stdin_; }
    boost::asio::posix::stream_descriptor& stdout_pipe() { return stdout_; }
    // Closes our end of the child's stdin (its reads see EOF; a pending write is cancelled). Idempotent.
    void close_stdin();

    // The exit status once the child has ended, reaping it then; nullopt while it runs. Does not block.
    std::optional<exit_status> poll();
    // Waits at most `limit` for the child to end. Suspends; the child_process must outlive the wait.
    task<std::optional<exit_status>> wait(std::chrono::milliseconds limit);
    // The stdio shutdown sequence: close stdin, wait `grace`; SIGTERM, wait `term_grace`; SIGKILL, wait.
    // Returns how the child ended (at once when it already has); with a captured stderr, also waits briefly
    // for its last lines. Safe to run more than once, and concurrently on the same executor. Suspends.
    task<exit_status> terminate(std::chrono::milliseconds grace = std::chrono::seconds(2),
                                std::chrono::milliseconds term_grace = std::chrono::seconds(2));
    // SIGKILL (when not yet reaped), closes every pipe, and reaps, blocking the calling thread until the
    // child is gone (a killed process goes at once). The stderr callback is not called again. For
    // destructors.
    void kill();

    // The last non-blank line the child wrote to a captured stderr; empty when none or inherited.
    std::string last_stderr_line() const;

private:
    child_process(boost::asio::any_io_executor ex, pid_t pid, int in, int out);
    void send_signal(int sig);

    boost::asio::any_io_executor ex_;
    pid_t pid_;
    boost::asio::posix::stream_descriptor stdin_;
    boost::asio::posix::stream_descriptor stdout_;
    std::shared_ptr<detail::stderr_capture> stderr_; // null when inherited
    std::optional<exit_status> status_;
};

} // namespace mcp::transport
