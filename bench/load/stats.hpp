// What the generator reports besides counts: latency percentiles, and the CPU time of a process (its own, to
// show that it does not dominate the machine it shares with the server, and the server's).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <string_view>
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

// One measured window, as every report of bench/load and bench/clients gives it.
struct window_readings {
    std::size_t ok = 0;
    std::size_t errors = 0;
    std::string_view first_failure; // empty: none
    double elapsed_s = 0;
    double cpu_s = 0;         // this process's
    double server_cpu_s = -1; // -1: no --pid
};

// Adds the window's figures to `report`: seconds, requests, errors, first_failure, per_second, the latency
// percentiles, load_cpu_s, load_cpu_pct, load_cpu_us_per_request and server_cpu_pct.
void add_figures(boost::json::object& report, window_readings const& w, std::vector<std::int64_t> latencies_ns);

} // namespace load
