// alloc_count: how many times this process called the global operator new (every form). bench_micro replaces
// the global allocation functions with counting ones (alloc_count.cpp), so that `--profile-calls` can print the
// heap allocations of one tools/call without valgrind.
#pragma once

#include <cstdint>

namespace bench {

// False in sanitizer builds, whose runtimes own the allocation functions: nothing is counted there.
bool counting_allocations();
std::uint64_t allocations();

} // namespace bench
