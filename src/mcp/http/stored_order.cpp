#include <mcp/http/stored_order.hpp>

namespace mcp::http {

std::size_t stored_order::takeable(std::vector<storage::stored_event> const& events, std::uint64_t from,
                                   clock::time_point now) {
    std::size_t n = 0;
    while (n < events.size() && events[n].sequence == from + 1 + n)
        ++n;
    if (n == events.size()) {
        hole_.reset();
        return n;
    }
    auto missing = from + 1 + n;
    if (hole_ != missing) {
        hole_ = missing;
        hole_since_ = now;
    }
    if (now - hole_since_ < grace_)
        return n;
    hole_.reset(); // given up: the append that took this number never stored it
    return events.size();
}

} // namespace mcp::http
