#include <mcp/client/child_process.hpp>

#include <mcp/client/line_splitter.hpp>
#include <mcp/client/transport.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <spawn.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace mcp::transport {

namespace asio = boost::asio;

namespace detail {

// The captured stderr: shared by the child_process and the coroutine reading it, so that the coroutine can
// finish after the child_process is gone; `stopped` then keeps it from calling anyone.
struct stderr_capture {
    stderr_capture(asio::any_io_executor ex, int fd, std::function<void(std::string_view)> cb,
                   std::size_t max)
        : pipe(std::move(ex), fd), on_line(std::move(cb)), lines(max, line_splitter::overflow::truncate) {}

    asio::posix::stream_descriptor pipe;
    std::function<void(std::string_view)> on_line;
    line_splitter lines;
    std::string last_line;
    bool done = false;    // the child's stderr reached EOF (or the capture was stopped)
    bool stopped = false; // the child_process is gone or killed: call nobody

    void deliver(std::string_view line) {
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") != std::string_view::npos)
            last_line = line;
        on_line(line);
    }
};

task<bool> poll_until(asio::any_io_executor ex, std::function<bool()> ready,
                      std::chrono::milliseconds limit) {
    auto const deadline = std::chrono::steady_clock::now() + limit;
    auto step = std::chrono::steady_clock::duration(std::chrono::milliseconds(1));
    asio::steady_timer timer(ex);
    for (;;) {
        if (ready())
            co_return true;
        auto const now = std::chrono::steady_clock::now();
        if (now >= deadline)
            co_return false;
        timer.expires_after(std::min(step, deadline - now));
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return ready();
        step = std::min(2 * step, std::chrono::steady_clock::duration(std::chrono::milliseconds(20)));
    }
}

} // namespace detail

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

// A file descriptor owned until it is handed to a stream_descriptor.
class unique_fd {
public:
    explicit unique_fd(int fd = -1) : fd_(fd) {}
    unique_fd(unique_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    unique_fd& operator=(unique_fd&& o) noexcept {
        std::swap(fd_, o.fd_);
        return *this;
    }
    ~unique_fd() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

struct pipe_ends {
    unique_fd read, write;
};

std::string errno_text(int e) {
    return std::generic_category().message(e);
}

// pipe2 with O_CLOEXEC; both ends moved above 2, so that a dup2 onto 0, 1 or 2 in the child never meets
// itself (dup2(fd, fd) would leave FD_CLOEXEC set) when our own standard streams are closed.
std::optional<pipe_ends> make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return std::nullopt;
    pipe_ends p{unique_fd(fds[0]), unique_fd(fds[1])};
    for (unique_fd* end : {&p.read, &p.write}) {
        if (end->get() > 2)
            continue;
        unique_fd moved(::fcntl(end->get(), F_DUPFD_CLOEXEC, 3));
        if (moved.get() < 0)
            return std::nullopt;
        *end = std::move(moved);
    }
    return p;
}

void ignore_sigpipe() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction old {};
        if (::sigaction(SIGPIPE, nullptr, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
            old.sa_handler == SIG_DFL)
            ::signal(SIGPIPE, SIG_IGN);
    });
}

// Our environment with `additions` put over it, as NAME=value strings.
std::vector<std::string>
child_environment(std::vector<std::pair<std::string, std::string>> const& additions) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string_view entry(*e);
        auto name = entry.substr(0, entry.find('='));
        bool replaced = std::any_of(additions.begin(), additions.end(),
                                    [name](auto const& a) { return a.first == name; });
        if (!replaced)
            env.emplace_back(entry);
    }
    for (auto const& a : additions)
        env.push_back(a.first + "=" + a.second);
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// posix_spawn's two attribute objects, destroyed on every path.
struct spawn_attributes {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    spawn_attributes() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attr);
    }
    ~spawn_attributes() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
    }
    spawn_attributes(spawn_attributes const&) = delete;
    spawn_attributes& operator=(spawn_attributes const&) = delete;
};

// Wires the child's fds 0, 1 (and 2 when err >= 0), its directory, its signal mask and SIGPIPE; 0 or an
// errno.
int prepare(spawn_attributes& a, process_options const& o, int in, int out, int err) {
    int rc = posix_spawn_file_actions_adddup2(&a.actions, in, 0);
    if (rc == 0)
        rc = posix_spawn_file_actions_adddup2(&a.actions, out, 1);
    if (rc == 0 && err >= 0)
        rc = posix_spawn_file_actions_adddup2(&a.actions, err, 2);
    if (rc == 0 && o.working_directory)
        rc = posix_spawn_file_actions_addchdir_np(&a.actions, o.working_directory->c_str());
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE); // we ignore it; the server should not inherit that
    if (rc == 0)
        rc = posix_spawnattr_setsigmask(&a.attr, &none);
    if (rc == 0)
        rc = posix_spawnattr_setsigdefault(&a.attr, &defaults);
    if (rc == 0)
        rc = posix_spawnattr_setflags(&a.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    return rc;
}

// glibc's posix_spawnp reports a failed chdir or exec as its return value (the child is never visible).
result<pid_t> spawn(process_options const& o, int in, int out, int err) {
    auto fail = [&o](int e) {
        std::string where = o.working_directory ? " in " + *o.working_directory : "";
        return error(code::unreachable, "cannot start " + o.program + where + ": " + errno_text(e));
    };
    if (o.program.empty())
        return error(code::unreachable, "cannot start a server: no program given");
    spawn_attributes a;
    if (int rc = prepare(a, o, in, out, err); rc != 0)
        return fail(rc);
    std::vector<std::string> argv_strings{o.program};
    argv_strings.insert(argv_strings.end(), o.args.begin(), o.args.end());
    auto env_strings = child_environment(o.env);
    auto argv = c_strings(argv_strings);
    auto envp = c_strings(env_strings);
    pid_t pid = -1;
    if (int rc = ::posix_spawnp(&pid, o.program.c_str(), &a.actions, &a.attr, argv.data(), envp.data());
        rc != 0)
        return fail(rc);
    return pid;
}

exit_status decode(int status) {
    exit_status s;
    if (WIFEXITED(status))
        s.code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        s.signal = WTERMSIG(status);
    return s;
}

task<> read_stderr(std::shared_ptr<detail::stderr_capture> c) {
    std::vector<char> buf(4096);
    auto deliver = [&c](std::string_view line) { c->deliver(line); };
    for (;;) {
        auto [ec, n] = co_await c->pipe.async_read_some(asio::buffer(buf), as_value);
        if (c->stopped)
            co_return;
        if (ec)
            break;
        c->lines.feed(std::string_view(buf.data(), n), deliver, [] {});
    }
    if (auto rest = c->lines.finish())
        c->deliver(*rest);
    c->done = true;
}

void log_stderr_failure(std::exception_ptr e) {
    if (!e)
        return;
    try {
        std::rethrow_exception(e);
    } catch (std::exception const& x) {
        log::error("stdio client: the server's stderr callback threw: {}", x.what());
    }
}

} // namespace

std::string exit_status::describe() const {
    if (signal > 0)
        return "was killed by signal " + std::to_string(signal);
    if (code >= 0)
        return "exited with code " + std::to_string(code);
    return "ended (exit status unknown)";
}

result<std::unique_ptr<child_process>> child_process::start(asio::any_io_executor ex,
                                                            process_options const& o) {
    ignore_sigpipe();
    auto in = make_pipe(), out = make_pipe();
    std::optional<pipe_ends> err;
    if (o.on_stderr_line)
        err = make_pipe();
    if (!in || !out || (o.on_stderr_line && !err))
        return error(code::unreachable, "cannot start " + o.program + ": pipe: " + errno_text(errno));
    auto pid = spawn(o, in->read.get(), out->write.get(), err ? err->write.get() : -1);
    if (!pid)
        return pid.error();
    // The child's ends close here (it has its own copies): EOF on stdout then means the child is done.
    std::unique_ptr<child_process> c(new child_process(ex, *pid, in->write.release(), out->read.release()));
    if (err) {
        c->stderr_ = std::make_shared<detail::stderr_capture>(ex, err->read.release(), o.on_stderr_line,
                                                              o.max_stderr_line_bytes);
        asio::co_spawn(ex, read_stderr(c->stderr_), log_stderr_failure);
    }
    return c;
}

child_process::child_process(asio::any_io_executor ex, pid_t pid, int in, int out)
    : ex_(ex), pid_(pid), stdin_(ex, in), stdout_(ex, out) {}

child_process::~child_process() {
    kill();
}

void child_process::close_stdin() {
    boost::system::error_code ignored;
    stdin_.close(ignored);
}

std::optional<exit_status> child_process::poll() {
    if (status_)
        return status_;
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR))
        return std::nullopt;
    // ECHILD: SIGCHLD is ignored in this program, or someone else reaped it. Gone, status unknown.
    status_ = r == pid_ ? decode(st) : exit_status{};
    return status_;
}

task<std::optional<exit_status>> child_process::wait(std::chrono::milliseconds limit) {
    // Named, not a temporary in the co_await: g++ 12 destroys such temporaries twice.
    std::function<bool()> ended = [this] { return poll().has_value(); };
    co_await detail::poll_until(ex_, ended, limit);
    co_return poll();
}

void child_process::send_signal(int sig) {
    if (!poll())
        ::kill(pid_, sig);
}

task<exit_status> child_process::terminate(std::chrono::milliseconds grace,
                                           std::chrono::milliseconds term_grace) {
    close_stdin();
    auto st = co_await wait(grace);
    if (!st) {
        send_signal(SIGTERM);
        st = co_await wait(term_grace);
    }
    if (!st) {
        send_signal(SIGKILL);
        st = co_await wait(std::chrono::seconds(10));
    }
    if (!st) { // not even SIGKILL took it (stuck in the kernel): the destructor reaps it
        log::warn("stdio client: process {} has not ended 10 s after SIGKILL", pid_);
        co_return exit_status{};
    }
    if (stderr_) {
        // Its last stderr lines may still be in the pipe; a grandchild holding the pipe must not hold us.
        std::function<bool()> drained = [capture = stderr_] { return capture->done; };
        co_await detail::poll_until(ex_, drained, std::chrono::milliseconds(200));
    }
    co_return *st;
}

void child_process::kill() {
    if (stderr_) {
        stderr_->stopped = true;
        stderr_->done = true;
        boost::system::error_code ignored;
        stderr_->pipe.close(ignored);
    }
    close_stdin();
    boost::system::error_code ignored;
    stdout_.close(ignored);
    if (status_)
        return;
    ::kill(pid_, SIGKILL);
    int st = 0;
    pid_t r;
    do
        r = ::waitpid(pid_, &st, 0);
    while (r < 0 && errno == EINTR);
    status_ = r == pid_ ? decode(st) : exit_status{};
}

std::string child_process::last_stderr_line() const {
    return stderr_ ? stderr_->last_line : std::string();
}

} // namespace mcp::transport
