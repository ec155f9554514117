// The request log: one line at info level per JSON-RPC message a front door handles (Streamable HTTP, stdio),
// for operators (docs/operations.md). Not the wire trace (http/wire_trace.hpp) and not MCP logging to
// clients.
//
//   request transport=http http=POST method=tools/call tool=add session=1a2b3c4d status=200 error=-32602
//   ms=0.412
//
// Fields absent from a message are left out (no tool outside tools/call, no error for a result).
// Client-chosen text (method, names, uris, session ids) is escaped to printable ASCII and cut short, so a
// line stays one line; a session id is never logged whole (its first 8 characters): it is what a client
// presents to be let in.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcp {

struct request_line {
    std::string_view transport;        // "http", "stdio"
    std::string_view http_method;      // empty on stdio
    std::string_view method;           // the JSON-RPC method; empty for a response or an unreadable body
    std::string_view subject;          // params.name or params.uri, as `subject_key` says; may be empty
    std::string_view subject_key;      // "tool", "prompt", "uri" or empty
    std::string_view session;          // the whole id: shortened here
    int status = 0;                    // HTTP status; 0 when none (stdio)
    std::optional<std::int64_t> error; // the JSON-RPC error code of the answer
    std::chrono::nanoseconds duration{};
};

// The key under which a request's params.name / params.uri is logged: "tool" for tools/call, "prompt" for
// prompts/get, "uri" for resources/read, subscribe and unsubscribe; empty for every other method.
std::string_view subject_key_of(std::string_view method);

// Whether a request line would be written (the framework log at info or lower): callers that must measure or
// gather something for the line ask first.
bool request_lines_enabled();

// The line's text (above), without the logger's prefix.
std::string format_request_line(request_line const& line);

// Writes the line at info level.
void log_request(request_line const& line);

} // namespace mcp
