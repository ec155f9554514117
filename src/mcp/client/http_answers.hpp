// What an HTTP answer's head and body mean to a client, shared by the Streamable HTTP transport
// (http_connection.cpp) and mcp::testing's in-process transport, which reads the same answers without sockets.
#pragma once

#include <mcp/protocol/error.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mcp::transport {

// Whether a Content-Type names `media` ("text/event-stream"), its parameters, surrounding blanks and case aside.
bool has_media_type(std::optional<std::string_view> content_type, std::string_view media);

// At most 200 bytes of `text` for an error message, non-printable bytes as spaces, "..." when cut.
std::string excerpt(std::string_view text);

// What an HTTP error status means for the message that got it: the server's JSON-RPC error when the body is
// one (its code, "HTTP <status>: " before its message), otherwise transport::code::http_status with
// data.status and the body's start.
error status_error(unsigned status, std::string const& body);

} // namespace mcp::transport
