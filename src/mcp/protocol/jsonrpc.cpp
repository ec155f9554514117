// JSON-RPC 2.0 envelope: classifying one decoded message by the rules in jsonrpc.hpp, and building replies.
#include <mcp/protocol/jsonrpc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mcp::protocol {

namespace json = boost::json;

namespace {

constexpr std::string_view jsonrpc_version = "2.0";

error invalid(std::string_view what) {
    return error::invalid_request("Invalid request: " + std::string(what));
}

// Reads an id and, when it is not one, says why (null, fraction, out of range, wrong kind).
result<request_id> read_id(json::value const& v) {
    if (auto const* s = v.if_string())
        return request_id(std::string(*s));
    if (auto const* i = v.if_int64())
        return request_id(*i);
    if (auto const* u = v.if_uint64()) {
        if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return invalid("id is out of range: an integer id must fit in a signed 64-bit integer");
        return request_id(static_cast<std::int64_t>(*u));
    }
    if (v.is_null())
        return invalid("id must be a string or an integer, not null");
    if (v.is_double())
        return invalid("id must be a string or an integer, not a floating-point number");
    return invalid("id must be a string or an integer");
}

result<void> check_version(json::object const& o) {
    auto const* v = o.if_contains("jsonrpc");
    if (!v)
        return invalid("\"jsonrpc\" is missing; it must be \"2.0\"");
    if (auto const* s = v->if_string(); !s || *s != jsonrpc_version)
        return invalid("\"jsonrpc\" must be \"2.0\"");
    return {};
}

// JSON-RPC allows array params; MCP only ever uses objects, so an array is a client bug worth naming.
// The message is ours to take apart: params are moved out, not copied (they hold a call's whole arguments).
result<json::object> read_params(json::object& o) {
    auto* p = o.if_contains("params");
    if (!p)
        return json::object();
    if (auto* obj = p->if_object())
        return std::move(*obj);
    if (p->is_array())
        return invalid("\"params\" must be an object; MCP does not use positional (array) params");
    return invalid("\"params\" must be an object");
}

result<message> read_call(json::object& o) {
    auto const* m = o.if_contains("method");
    if (!m->is_string())
        return invalid("\"method\" must be a string");
    if (o.contains("result") || o.contains("error"))
        return invalid("a message cannot have both \"method\" and \"result\" or \"error\"");
    auto params = read_params(o);
    if (!params)
        return params.error();
    std::string method(m->get_string());
    auto const* raw_id = o.if_contains("id");
    if (!raw_id)
        return notification{std::move(method), std::move(*params)};
    auto id = read_id(*raw_id);
    if (!id)
        return id.error();
    return request{std::move(*id), std::move(method), std::move(*params)};
}

result<message> read_error_response(json::object const& o) {
    auto err = error::from_json(o.at("error"));
    if (!err)
        return invalid("\"error\" must be an object with an integer \"code\" and a string \"message\"");
    // The peer could not read our request's id: the id is null or absent.
    auto const* raw_id = o.if_contains("id");
    if (!raw_id || raw_id->is_null())
        return error_response{std::nullopt, std::move(*err)};
    auto id = read_id(*raw_id);
    if (!id)
        return id.error();
    return error_response{std::move(*id), std::move(*err)};
}

result<message> read_reply(json::object& o) {
    bool const has_result = o.contains("result");
    bool const has_error = o.contains("error");
    if (has_result && has_error)
        return invalid("a response cannot have both \"result\" and \"error\"");
    if (has_error)
        return read_error_response(o);
    auto const* raw_id = o.if_contains("id");
    if (!raw_id)
        return invalid("a response needs the \"id\" of the request it answers");
    auto id = read_id(*raw_id);
    if (!id)
        return id.error();
    return response{std::move(*id), std::move(o.at("result"))};
}

// Boost.JSON 1.81 reads a number beyond double's range (1e400) as infinity and writes infinity as `Infinity`,
// which is not JSON: a message holding one would be echoed or stored as text that no peer can read back.
// Depth is bounded by the parser's max_depth.
bool numbers_in_range(json::value const& v) {
    if (auto const* d = v.if_double())
        return std::isfinite(*d);
    if (auto const* a = v.if_array())
        return std::all_of(a->begin(), a->end(), [](json::value const& e) { return numbers_in_range(e); });
    if (auto const* o = v.if_object())
        return std::all_of(o->begin(), o->end(),
                           [](json::key_value_pair const& e) { return numbers_in_range(e.value()); });
    return true;
}

} // namespace

json::value to_json(request_id const& id) {
    if (auto const* i = std::get_if<std::int64_t>(&id))
        return json::value(*i);
    return json::value(std::get<std::string>(id));
}

std::string to_string(request_id const& id) {
    // Integers are by far the common case (every SDK numbers its requests): no JSON serializer for them.
    if (auto const* i = std::get_if<std::int64_t>(&id))
        return std::to_string(*i);
    return json::serialize(to_json(id));
}

std::optional<request_id> id_from_json(json::value const& v) {
    auto id = read_id(v);
    if (!id)
        return std::nullopt;
    return std::move(*id);
}

result<message> parse_message(json::value const& v) {
    return parse_message(json::value(v));
}

result<message> parse_message(json::value&& v) {
    if (v.is_array())
        return invalid("batches are not supported; send one message at a time");
    auto* o = v.if_object();
    if (!o)
        return invalid("a message must be a JSON object");
    if (auto ok = check_version(*o); !ok)
        return ok.error();
    if (o->contains("method"))
        return read_call(*o);
    if (o->contains("result") || o->contains("error"))
        return read_reply(*o);
    return invalid(
        "a message needs \"method\" (a request or notification) or \"result\" or \"error\" (a response)");
}

// Boost.JSON's parser rejects invalid UTF-8 in strings and keys by default
// (parse_options::allow_invalid_utf8), reporting it as a syntax error; the byte offset tells a person where
// to look.
// One parser per thread, reset for each message: it keeps its internal stack between messages instead of
// allocating a new one for every request.
result<message> parse_message(std::string_view text, json::storage_ptr sp) {
    thread_local json::parser p;
    p.reset(std::move(sp));
    boost::system::error_code ec;
    auto const consumed = p.write(text.data(), text.size(), ec);
    if (ec)
        return error::parse_error("Parse error: " + ec.message() + " at byte " + std::to_string(consumed));
    auto v = p.release();
    if (!numbers_in_range(v))
        return error::parse_error("Parse error: a number is out of range (beyond a double's)");
    return parse_message(std::move(v));
}

std::optional<request_id> salvage_id(json::value const& v) {
    auto const* o = v.if_object();
    if (!o)
        return std::nullopt;
    auto const* raw_id = o->if_contains("id");
    if (!raw_id)
        return std::nullopt;
    return id_from_json(*raw_id);
}

json::object make_request(request_id const& id, std::string_view method, json::object params) {
    return json::object{
        {"jsonrpc", jsonrpc_version}, {"id", to_json(id)}, {"method", method}, {"params", std::move(params)}};
}

json::object make_notification(std::string_view method, json::object params) {
    return json::object{{"jsonrpc", jsonrpc_version}, {"method", method}, {"params", std::move(params)}};
}

json::object make_response(request_id const& id, json::value result) {
    auto sp = result.storage(); // the envelope joins its result (the request's arena, or the default storage)
    return json::object({{"jsonrpc", jsonrpc_version}, {"id", to_json(id)}, {"result", std::move(result)}},
                        std::move(sp));
}

json::object make_error_response(std::optional<request_id> const& id, error const& e) {
    json::value id_value = id ? to_json(*id) : json::value(nullptr);
    return json::object{{"jsonrpc", jsonrpc_version}, {"id", std::move(id_value)}, {"error", e.to_json()}};
}

} // namespace mcp::protocol
