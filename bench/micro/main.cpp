// bench_micro's entry: Google Benchmark's usual command line, plus one mode for instruction counts.
//
//   bench_micro [--benchmark_filter=... and the other --benchmark_* flags]
//   bench_micro --profile-calls N [--sse]   N in-process POST tools/call echo through the handler, then exit
//
// The second mode does a fixed amount of work, so that under `valgrind --tool=callgrind` two runs with
// different N give the instructions of one call by difference (bench/profile does this), free of timing
// noise. It also prints the heap allocations of one call (every malloc-level call, counted by alloc_count.cpp),
// measured after a warm-up so that one-time set-up is not in the figure.
#include "alloc_count.hpp"
#include "fixture.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

bool post_calls(bench::handler_fixture& f, long n) {
    for (long i = 0; i < n; ++i) {
        auto w = f.post(bench::echo_call);
        if (w.status != 200) {
            std::fprintf(stderr, "bench_micro: call %ld answered %d\n", i, w.status);
            return false;
        }
    }
    return true;
}

int profile_calls(long n, bool sse) {
    constexpr long warm_up = 50;
    bench::handler_fixture f(sse);
    if (!post_calls(f, std::min(n, warm_up)))
        return 1;
    auto before = bench::allocations();
    if (!post_calls(f, n - std::min(n, warm_up)))
        return 1;
    auto measured = n - std::min(n, warm_up);
    std::printf("%ld calls\n", n);
    if (measured > 0 && bench::counting_allocations())
        std::printf("allocations per call: %.1f\n", double(bench::allocations() - before) / double(measured));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc >= 3 && std::string_view(argv[1]) == "--profile-calls")
        return profile_calls(std::atol(argv[2]), argc >= 4 && std::string_view(argv[3]) == "--sse");
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
