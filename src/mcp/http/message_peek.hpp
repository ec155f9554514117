// A glance at a JSON-RPC message's envelope without parsing it: the method and the name a request acts on, or
// the error code of a response. For the request log and the metrics (exchange_account.hpp), which must not
// parse a body a second time on the hot path. Not a validator: the handler parses and refuses bad bodies
// itself; a peek at a malformed body just finds less.
//
// Invariants: never reads outside the text; linear in its length; nesting is skipped by counting brackets
// outside strings, with no recursion and no allocation. A response is told apart from a request only by its
// top-level keys, so an "error" inside a result (structuredContent, a nested object) is never taken for the
// call's error. Values are the raw JSON text between the quotes (escapes are left as they are: callers print
// them through printable() and compare them with plain names).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mcp::http {

struct request_peek {
    std::string_view method; // top-level "method"; empty when absent
    std::string_view name;   // params.name (tools/call, prompts/get); empty when absent
    std::string_view uri;    // params.uri (resources/read, subscribe); empty when absent
    bool has_id = false;     // a top-level "id": a request or a response, not a notification
};

// The envelope of one JSON-RPC message (a POST body, an SSE event's data). Views into `text`.
request_peek peek_request(std::string_view text);

// The code of a response's top-level "error" object; nullopt for a result, a request, a notification, or text
// that is not a JSON object.
std::optional<std::int64_t> peek_error_code(std::string_view text);

} // namespace mcp::http
