// JSON-RPC 2.0 envelope: parsing and classifying one message, and building replies. No I/O.
//
// Rules enforced (JSON-RPC 2.0 and MCP 2025-11-25 basic):
//  - "jsonrpc" must be exactly "2.0"; the message must be an object (batches were removed in 2025-06-18);
//  - a request id is a string or an integer; null, fractional numbers, bools, objects are rejected;
//  - a request has "method" (string) and optional "params" (object); a notification has no "id";
//  - a response has "id" and exactly one of "result" / "error"; an error response's id may be null only
//    when the request's id could not be read;
//  - "params" must be an object when present: JSON-RPC allows arrays, MCP never uses them;
//  - a message with "method" is a request ("id" present) or a notification (no "id"); one with "result" or
//    "error" is a response; "method" together with "result"/"error", or none of them, is invalid.
// The make_* builders always write "params" (an empty object when there is none).
#pragma once

#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace mcp::protocol {

using request_id = std::variant<std::int64_t, std::string>;

boost::json::value to_json(request_id const& id);
// "42" or "\"abc\"": for logs and map keys.
std::string to_string(request_id const& id);
// Reads an id; nullopt for anything that is not a string or an integer (null included).
std::optional<request_id> id_from_json(boost::json::value const& v);

struct request {
    request_id id;
    std::string method;
    boost::json::object params; // empty when absent
};

struct notification {
    std::string method;
    boost::json::object params; // empty when absent
};

struct response {
    request_id id;
    boost::json::value result;
};

struct error_response {
    std::optional<request_id> id;
    error err;
};

using message = std::variant<request, notification, response, error_response>;

// Classifies one decoded JSON value. Errors are invalid_request (-32600) naming the broken rule. The rvalue
// overload takes the value apart (params and result are moved, not copied).
result<message> parse_message(boost::json::value const& v);
result<message> parse_message(boost::json::value&& v);
// Decodes and classifies one message text. Malformed JSON is parse_error (-32700), and so is a number beyond
// a double's range (1e400), which Boost.JSON would read as infinity and write back as `Infinity`, not JSON.
// The message's values (params, result) are allocated from `sp`: the HTTP front door passes a message arena
// (mcp/json/arena.hpp) for a request, the default storage for what it keeps.
result<message> parse_message(std::string_view text, boost::json::storage_ptr sp = {});
// The id of a message that failed parse_message, when one can be read (so the error reply can carry it).
std::optional<request_id> salvage_id(boost::json::value const& v);

boost::json::object make_request(request_id const& id, std::string_view method, boost::json::object params);
boost::json::object make_notification(std::string_view method, boost::json::object params);
// The envelope is built in the result's storage (json/arena.hpp: a request's arena when the result is in it).
boost::json::object make_response(request_id const& id, boost::json::value result);
// id null when absent
boost::json::object make_error_response(std::optional<request_id> const& id, error const& e);

} // namespace mcp::protocol
