#include <lambda_emulator/process.hpp>

#include <lambda_emulator/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace lambda_emulator {
namespace {

namespace asio = boost::asio;
constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Copies a pipe to `target` line by line, each line prefixed; a last line without newline is flushed at EOF.
asio::awaitable<void> relay_lines(asio::posix::stream_descriptor pipe, int target, std::string prefix) {
    std::string pending;
    char buf[4096];
    for (;;) {
        auto [ec, n] = co_await pipe.async_read_some(asio::buffer(buf), as_value);
        pending.append(buf, n);
        std::size_t start = 0;
        for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
            write_all(target, prefix + pending.substr(start, nl + 1 - start));
            start = nl + 1;
        }
        pending.erase(0, start);
        if (ec)
            break;
    }
    if (!pending.empty())
        write_all(target, prefix + pending + "\n");
}

// In the child, between fork() and exec: only async-signal-safe calls.
[[noreturn]] void become(std::vector<char*> const& argv, std::vector<char*> const& envp, int out, int err,
                         pid_t parent) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) // the emulator died before prctl took effect
        ::_exit(1);
    int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::close_range(3, ~0U, 0); // no emulator socket or pipe leaks into the function
    ::sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL); // the emulator ignores it; exec keeps an ignored disposition
    ::execvpe(argv[0], argv.data(), envp.data());
    char const* what = std::strerror(errno);
    write_all(2, "lambda_emulator: cannot execute ");
    write_all(2, argv[0]);
    write_all(2, ": ");
    write_all(2, what);
    write_all(2, "\n");
    ::_exit(127);
}

std::vector<char*> c_strings(std::vector<std::string> const& v) {
    std::vector<char*> out;
    for (auto const& s : v)
        out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

void relay(asio::any_io_executor ex, int fd, int target, std::string prefix) {
    asio::co_spawn(ex, relay_lines(asio::posix::stream_descriptor(ex, fd), target, std::move(prefix)),
                   asio::detached);
}

} // namespace

process::process(asio::any_io_executor ex, process_spec const& spec) {
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe");
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]);
        ::close(out[1]);
        throw std::system_error(errno, std::generic_category(), "pipe");
    }
    auto argv = c_strings(spec.argv);
    auto envp = c_strings(spec.env);
    pid_t parent = ::getpid();
    started_ = std::chrono::steady_clock::now();
    pid_ = ::fork();
    if (pid_ == 0)
        become(argv, envp, out[1], err[1], parent);
    int fork_errno = errno;
    ::close(out[1]);
    ::close(err[1]);
    if (pid_ < 0) {
        ::close(out[0]);
        ::close(err[0]);
        throw std::system_error(fork_errno, std::generic_category(), "fork");
    }
    ::setpgid(pid_, pid_); // also from here, so that signal() works even before the child ran
    relay(ex, out[0], 1, "[" + spec.label + "] ");
    relay(ex, err[0], 2, "[" + spec.label + "] ");
}

process::~process() {
    if (!reaped_)
        signal(SIGKILL);
}

void process::signal(int sig) const {
    if (pid_ > 0 && !reaped_)
        ::kill(-pid_, sig);
}

std::optional<long> resident_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return std::nullopt;
}

std::string describe_exit(int wait_status) {
    if (WIFEXITED(wait_status))
        return "exit code " + std::to_string(WEXITSTATUS(wait_status));
    if (WIFSIGNALED(wait_status))
        return "signal " + std::to_string(WTERMSIG(wait_status)) + " (" + strsignal(WTERMSIG(wait_status)) +
               ")";
    return "status " + std::to_string(wait_status);
}

} // namespace lambda_emulator
