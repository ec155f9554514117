// alloc_count: how many heap allocations this process made (every malloc, calloc, realloc and aligned form,
// which is where operator new and Asio's frame allocator end). bench_micro replaces them with counting ones
// (alloc_count.cpp), so that `--profile-calls` can print the heap allocations of one tools/call without
// valgrind.
#pragma once

#include <cstdint>

namespace bench {

// False in sanitizer builds, whose runtimes own the allocation functions: nothing is counted there.
bool counting_allocations();
std::uint64_t allocations();

} // namespace bench
