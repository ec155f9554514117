// Fuzzes the SSE parser and event ids (http/sse.hpp). The first byte of an input chooses how the rest is cut
// into chunks; the rest is a byte stream as a client reads it. Checked: chunking changes nothing; every event
// encodes (when its fields allow) and parses back to itself; event ids round-trip.
#include "fuzz_input.hpp"

#include <mcp/http/sse.hpp>

#include <vector>

namespace {

using namespace mcp::http::sse;

bool operator_equal(event const& a, event const& b) {
    return a.id == b.id && a.type == b.type && a.data == b.data && a.retry_ms == b.retry_ms;
}

std::vector<event> drain(parser& p) {
    std::vector<event> out;
    while (auto e = p.next())
        out.push_back(std::move(*e));
    return out;
}

bool same(std::vector<event> const& a, std::vector<event> const& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!operator_equal(a[i], b[i]))
            return false;
    return true;
}

bool encodable(std::string_view field) {
    return field.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// What encode() then the parser make of an event: itself, when its data has no CR (a lone CR ends a line).
void check_round_trip(event const& e) {
    if ((e.id && !encodable(*e.id)) || (e.type && !encodable(*e.type)) ||
        e.data.find('\r') != std::string::npos)
        return;
    parser p;
    p.feed(encode(e));
    auto const back = drain(p);
    MCP_FUZZ_CHECK(back.size() == 1 && operator_equal(back[0], e));
}

void check_event_id(std::string_view text) {
    auto const id = event_id::parse(text);
    if (!id)
        return;
    MCP_FUZZ_CHECK(!id->stream.empty());
    auto const again = event_id::parse(id->to_string());
    MCP_FUZZ_CHECK(again && again->stream == id->stream && again->sequence == id->sequence);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    if (size == 0)
        return 0;
    std::size_t const chunk = data[0] % 16 + 1;
    std::string_view const stream(reinterpret_cast<char const*>(data) + 1, size - 1);

    parser whole;
    whole.feed(stream);
    parser pieces;
    for (std::size_t at = 0; at < stream.size(); at += chunk)
        pieces.feed(stream.substr(at, chunk));
    MCP_FUZZ_CHECK(whole.last_event_id() == pieces.last_event_id());
    auto const events = drain(whole);
    MCP_FUZZ_CHECK(same(events, drain(pieces)));

    for (auto const& e : events) {
        check_round_trip(e);
        if (e.id)
            check_event_id(*e.id);
    }
    check_event_id(stream);
    (void)comment(stream);
    return 0;
}
