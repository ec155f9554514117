// What the generator reports besides counts: latency percentiles, and the CPU time of a process (its own, to
// show that it does not dominate the machine it shares with the server, and the server's).
#pragma once

#include <cstdint>
#include <vector>

namespace load {

struct latency_summary {
    std::size_t count = 0;
    double p50_us = 0;
    double p90_us = 0;
    double p99_us = 0;
    double max_us = 0;
};

// Nearest-rank percentiles of latencies in nanoseconds.
latency_summary summarize(std::vector<std::int64_t> ns);

// User + system CPU seconds of this process so far (getrusage).
double own_cpu_seconds();
// User + system CPU seconds of process `pid` so far (/proc/PID/stat, all its threads); -1 when unreadable.
double process_cpu_seconds(int pid);

} // namespace load
