// How a server seals the requestState of 2026-07-28 input-required rounds (docs/eras.md), set in code
// (server_options::request_state) or by the environment (mcp::run and the Lambda front door read it).
#pragma once

#include <mcp/core/env.hpp>
#include <mcp/protocol/error.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace mcp {

// `keys`: raw bytes, at least 32 each; the first seals, every one opens (rotation). Empty: a random key kept in
// the server's state store (request_state_key.hpp), which instances sharing that store share. `ttl`: how long a
// client may take to answer a round. `max_bytes`: the longest requestState read back (a bound on what a client
// can make the server decode).
struct request_state_options {
    std::vector<std::string> keys;
    std::chrono::seconds ttl = std::chrono::minutes(10);
    std::size_t max_bytes = 256 << 10;
};

// `base` with the environment applied (unset means unchanged): MCP_REQUEST_STATE_KEY (standard base64 of at
// least 32 bytes: the sealing key), MCP_REQUEST_STATE_PREVIOUS_KEYS (comma-separated, the same form: still
// opened), MCP_REQUEST_STATE_TTL (whole seconds). An error names the variable, never its value.
result<request_state_options> request_state_options_from_environment(request_state_options base,
                                                                     environment const& env = process_environment);
// What is wrong with options set in code, or nullopt.
std::optional<std::string> request_state_options_problem(request_state_options const& o);

} // namespace mcp
