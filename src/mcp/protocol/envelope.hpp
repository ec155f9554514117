// The request envelope of the stateless era (MCP 2026-07-28 basic/index, _meta): what every modern request
// says of itself in params._meta, in place of a session's initialize. Pure reading and checking, no I/O.
//
//   params._meta["io.modelcontextprotocol/protocolVersion"]     string, required
//   params._meta["io.modelcontextprotocol/clientCapabilities"]  ClientCapabilities object, required
//   params._meta["io.modelcontextprotocol/clientInfo"]          Implementation, optional
//   params._meta["io.modelcontextprotocol/logLevel"]            LoggingLevel, optional (no logs without it)
//
// Not for: the HTTP headers that repeat these (http/modern_headers.hpp), or era routing (the front doors).
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/types.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mcp::protocol {

inline constexpr std::string_view meta_protocol_version = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view meta_client_capabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view meta_client_info = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view meta_log_level = "io.modelcontextprotocol/logLevel";
inline constexpr std::string_view meta_server_info = "io.modelcontextprotocol/serverInfo";

struct request_envelope {
    std::string version;
    boost::json::object client_capabilities; // in the default storage: it outlives the request's arena
    std::optional<implementation> client_info;
    std::optional<log_level> level; // none: the request receives no notifications/message
};

// Whether a request's params claim the stateless era: _meta names a protocol version (of any value or type).
// stdio routes each message on this alone (2026-07-28 basic/transports/stdio, backward compatibility).
bool claims_modern(boost::json::object const& params);
// The version the envelope names, when it is a string.
std::optional<std::string_view> envelope_version(boost::json::object const& params);

// The envelope, or -32602 naming what is missing or malformed. Capabilities and client info together may take
// at most `max_metadata_bytes` of JSON (server_options::max_client_metadata_bytes). The version is not checked
// against the versions served: see check_version.
result<request_envelope> read_envelope(boost::json::object const& params, std::size_t max_metadata_bytes);
// -32022 with data {supported, requested} unless `version` is a modern version we serve.
result<> check_version(std::string_view version);

} // namespace mcp::protocol
