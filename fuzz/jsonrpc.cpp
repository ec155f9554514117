// Fuzzes the JSON-RPC envelope parser (protocol/jsonrpc.hpp): one input is one message text.
// Checked: the text and value overloads agree (but for parse errors); a parsed message rebuilt with make_*
// parses to the same thing; salvage_id never throws; the error codes are the two the header promises.
#include "fuzz_input.hpp"

#include <mcp/protocol/jsonrpc.hpp>

#include <algorithm>
#include <cmath>

namespace {

using namespace mcp::protocol;
namespace json = boost::json;

// The message rebuilt by the builders, as a peer would send it back.
json::object rebuilt(message const& m) {
    if (auto const* r = std::get_if<request>(&m))
        return make_request(r->id, r->method, r->params);
    if (auto const* n = std::get_if<notification>(&m))
        return make_notification(n->method, n->params);
    if (auto const* r = std::get_if<response>(&m))
        return make_response(r->id, r->result);
    auto const& e = std::get<error_response>(m);
    return make_error_response(e.id, e.err);
}

// Equal JSON, but for the last bits of doubles: Boost.JSON 1.81 parses decimal text to the nearest double
// only approximately, so a double written and read back may move by an ulp or two.
bool nearly_equal(json::value const& a, json::value const& b) {
    if (a.is_double() || b.is_double()) {
        if (!a.is_number() || !b.is_number())
            return false;
        double const x = a.to_number<double>(), y = b.to_number<double>();
        return std::abs(x - y) <= 1e-14 * std::max(std::abs(x), std::abs(y));
    }
    if (a.is_array() && b.is_array())
        return std::equal(a.get_array().begin(), a.get_array().end(), b.get_array().begin(),
                          b.get_array().end(), nearly_equal);
    if (a.is_object() && b.is_object()) {
        if (a.get_object().size() != b.get_object().size())
            return false;
        for (auto const& [key, value] : a.get_object())
            if (auto const* other = b.get_object().if_contains(key); !other || !nearly_equal(value, *other))
                return false;
        return true;
    }
    return a == b;
}

bool same(message const& a, message const& b) {
    if (a.index() != b.index())
        return false;
    if (auto const* r = std::get_if<request>(&a)) {
        auto const& s = std::get<request>(b);
        return r->id == s.id && r->method == s.method && nearly_equal(r->params, s.params);
    }
    if (auto const* n = std::get_if<notification>(&a)) {
        auto const& s = std::get<notification>(b);
        return n->method == s.method && nearly_equal(n->params, s.params);
    }
    if (auto const* r = std::get_if<response>(&a))
        return r->id == std::get<response>(b).id && nearly_equal(r->result, std::get<response>(b).result);
    auto const& e = std::get<error_response>(a);
    auto const& f = std::get<error_response>(b);
    return e.id == f.id && e.err.code() == f.err.code() && e.err.message() == f.err.message();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    auto const text = in.rest();
    auto const from_text = parse_message(text);
    boost::system::error_code ec;
    auto const value = json::parse(text, ec);
    if (ec)
        MCP_FUZZ_CHECK(!from_text && from_text.error().code() == code::parse_error);
    if (!from_text && from_text.error().code() == code::parse_error)
        return 0; // malformed, or a number beyond a double's range
    (void)salvage_id(value);
    auto const from_value = parse_message(value);
    MCP_FUZZ_CHECK(from_text.has_value() == from_value.has_value());
    if (!from_value) {
        MCP_FUZZ_CHECK(from_value.error().code() == code::invalid_request);
        MCP_FUZZ_CHECK(from_text.error() == from_value.error());
        return 0;
    }
    MCP_FUZZ_CHECK(same(*from_text, *from_value));
    auto const again = parse_message(json::serialize(rebuilt(*from_value)));
    MCP_FUZZ_CHECK(again && same(*again, *from_value));
    if (auto const* r = std::get_if<request>(&*from_value))
        MCP_FUZZ_CHECK(id_from_json(to_json(r->id)) == r->id);
    return 0;
}
