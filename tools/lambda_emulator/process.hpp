// A function process, as Lambda runs one per execution environment: started in a process group of its own,
// stdin from /dev/null, stdout and stderr piped back and passed through line by line with "[copy N] " in
// front (stdout to our stdout, stderr to our stderr). It dies with the emulator (PR_SET_PDEATHSIG), so a
// crashed or killed emulator leaves no function behind.
//
// Reaping is not done here: the pool's SIGCHLD handler calls waitpid() for every child (see pool.hpp).
// Not for: Windows or macOS (Linux only: prctl, close_range, /proc).
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace lambda_emulator {

struct process_spec {
    std::vector<std::string> argv; // argv[0] is the program, searched in PATH when it has no '/'
    std::vector<std::string> env;  // "NAME=value": the whole environment of the process
    std::string label;             // prefix of its passed-through output lines, e.g. "copy 0"
};

class process {
public:
    // Starts the program. Throws std::system_error when pipe() or fork() fail; a program that cannot be
    // executed exits with 127 after writing the reason to its stderr (so it shows in our log, prefixed).
    process(boost::asio::any_io_executor ex, process_spec const& spec);
    ~process(); // SIGKILLs the group unless reaped() was called
    process(process const&) = delete;
    process& operator=(process const&) = delete;

    pid_t pid() const { return pid_; }
    std::chrono::steady_clock::time_point started() const { return started_; }
    // Sends `sig` to the whole process group (the program and whatever it started).
    void signal(int sig) const;
    // The pool's waitpid() collected it: the pid may be reused now, so it is never signalled again.
    void reaped() { reaped_ = true; }
    bool is_reaped() const { return reaped_; }

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    std::chrono::steady_clock::time_point started_;
};

// VmRSS of a process in KiB from /proc/<pid>/status; nullopt when it is gone.
std::optional<long> resident_kib(pid_t pid);

// "exit code 3", "signal 9 (Killed)" for a waitpid() status.
std::string describe_exit(int wait_status);

} // namespace lambda_emulator
