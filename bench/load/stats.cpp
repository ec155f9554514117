#include "stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace load {

void add_figures(boost::json::object& report, window_readings const& w, std::vector<std::int64_t> latencies_ns) {
    auto s = summarize(std::move(latencies_ns));
    report["seconds"] = w.elapsed_s;
    report["requests"] = w.ok;
    report["errors"] = w.errors;
    if (!w.first_failure.empty())
        report["first_failure"] = w.first_failure;
    report["per_second"] = static_cast<double>(w.ok) / w.elapsed_s;
    report["p50_us"] = s.p50_us;
    report["p90_us"] = s.p90_us;
    report["p99_us"] = s.p99_us;
    report["max_us"] = s.max_us;
    report["load_cpu_s"] = w.cpu_s;
    report["load_cpu_pct"] = 100.0 * w.cpu_s / w.elapsed_s; // of one core
    if (w.ok)
        report["load_cpu_us_per_request"] = 1e6 * w.cpu_s / static_cast<double>(w.ok);
    if (w.server_cpu_s >= 0)
        report["server_cpu_pct"] = 100.0 * w.server_cpu_s / w.elapsed_s;
}

latency_summary summarize(std::vector<std::int64_t> ns) {
    latency_summary out;
    out.count = ns.size();
    if (ns.empty())
        return out;
    std::sort(ns.begin(), ns.end());
    auto rank = [&](double p) {
        auto i = static_cast<std::size_t>(p * static_cast<double>(ns.size()));
        return static_cast<double>(ns[std::min(i, ns.size() - 1)]) / 1000.0;
    };
    out.p50_us = rank(0.50);
    out.p90_us = rank(0.90);
    out.p99_us = rank(0.99);
    out.max_us = static_cast<double>(ns.back()) / 1000.0;
    return out;
}

double own_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto seconds = [](timeval t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

double process_cpu_seconds(int pid) {
    if (pid <= 0)
        return -1;
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    auto close = text.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i == 14 || i == 15)
            ticks += std::stod(field); // utime, stime
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

} // namespace load
