// bench_micro's heap allocation count, taken at the malloc level: glibc lets a program define malloc and its
// kin, and every other allocator of the process (operator new in libstdc++, Boost.JSON's default resource,
// Asio's aligned_alloc for coroutine frames) ends there. Each function counts, then forwards to glibc's own
// implementation (the __libc_* entry points). Counting operator new alone missed Asio's coroutine frames,
// which take aligned_alloc: 53 counted against 87 real per call at 272ebce. Relaxed atomics: a count, not a
// fence.
#include "alloc_count.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BENCH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BENCH_SANITIZED 1
#endif

#include <atomic>
#include <cerrno>
#include <cstddef>

#if defined(BENCH_SANITIZED) || !defined(__GLIBC__)

bool bench::counting_allocations() { return false; }
std::uint64_t bench::allocations() { return 0; }

#else

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {

std::atomic<std::uint64_t> count{0};

void counted() { count.fetch_add(1, std::memory_order_relaxed); }

} // namespace

bool bench::counting_allocations() { return true; }
std::uint64_t bench::allocations() { return count.load(std::memory_order_relaxed); }

extern "C" {

void* malloc(std::size_t size) {
    counted();
    return __libc_malloc(size);
}

void* calloc(std::size_t n, std::size_t size) {
    counted();
    return __libc_calloc(n, size);
}

void* realloc(void* p, std::size_t size) {
    counted();
    return __libc_realloc(p, size);
}

void* memalign(std::size_t align, std::size_t size) {
    counted();
    return __libc_memalign(align, size);
}

void* aligned_alloc(std::size_t align, std::size_t size) {
    counted();
    return __libc_memalign(align, size);
}

int posix_memalign(void** out, std::size_t align, std::size_t size) {
    counted();
    void* p = __libc_memalign(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void free(void* p) { __libc_free(p); }

} // extern "C"

#endif
