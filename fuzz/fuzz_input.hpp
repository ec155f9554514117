// What the harnesses share: reading several fields out of one fuzz input, and a check that stops the run.
//
// An input that carries several parts (a template and a URI, a schema and an instance, the headers of a
// request) separates them by line breaks, so seed files stay readable and the fuzzer's dictionaries can add
// whole lines. Not for: anything outside fuzz/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace mcp::fuzz {

class input {
public:
    input(std::uint8_t const* data, std::size_t size) : rest_(reinterpret_cast<char const*>(data), size) {}

    bool empty() const { return rest_.empty(); }
    // Up to the next '\n' (taken, not returned), or everything left.
    std::string_view line() {
        auto nl = rest_.find('\n');
        auto out = rest_.substr(0, nl);
        rest_.remove_prefix(nl == std::string_view::npos ? rest_.size() : nl + 1);
        return out;
    }
    // Up to the next `separator` (taken, not returned), or everything left.
    std::string_view until(std::string_view separator) {
        auto at = rest_.find(separator);
        auto out = rest_.substr(0, at);
        rest_.remove_prefix(at == std::string_view::npos ? rest_.size() : at + separator.size());
        return out;
    }
    std::string_view rest() {
        auto out = rest_;
        rest_ = {};
        return out;
    }

private:
    std::string_view rest_;
};

// A property the harness checks: a failure is reported like a crash (libFuzzer keeps the input).
[[noreturn]] inline void fail(char const* what, char const* file, int line) {
    std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    std::abort();
}

} // namespace mcp::fuzz

#define MCP_FUZZ_CHECK(condition) ((condition) ? void() : ::mcp::fuzz::fail(#condition, __FILE__, __LINE__))
