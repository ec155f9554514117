// CORS for browser clients (Fetch standard, CORS protocol). Off by default: a server answers cross-origin
// requests only when told which origins may call it. Pure: given the request's Origin, the headers to add.
#pragma once

#include <mcp/http/exchange.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mcp::http {

struct cors_policy {
    bool enabled = false;
    bool allow_any_origin = false; // "*" (never together with credentials: the origin is echoed then)
    std::vector<std::string> allowed_origins; // exact origins
    bool allow_credentials = false;
    std::chrono::seconds max_age{0}; // preflight cache; 0 leaves the header out
};

// Why `p` may not be used, or nullopt. Any origin together with credentials is refused: the CORS protocol forbids
// "*" with credentials, and echoing every origin instead would let any web page call the server with the user's
// cookies.
std::optional<std::string> cors_policy_problem(cors_policy const& p);

// Headers for the response to a request from `origin` (empty when CORS is off or the origin is not allowed).
// MCP's own headers are exposed so browser clients can read the session id.
headers cors_response_headers(cors_policy const& p, std::optional<std::string_view> origin);
// Headers for a preflight (OPTIONS) answer: the above plus allowed methods, request headers and max-age.
// `requested`: the preflight's Access-Control-Request-Headers; the Mcp-Param-* names it lists (2026-07-28
// SEP-2243, one per annotated tool parameter, so no fixed list can name them) are allowed back.
headers cors_preflight_headers(cors_policy const& p, std::optional<std::string_view> origin,
                               std::optional<std::string_view> requested = std::nullopt);

} // namespace mcp::http
