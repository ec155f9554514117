// The requestState key instances agree on without configuration: a random key kept in the state store they
// share (under "<state key>#request-state"), created by the first instance that needs it. Configured keys
// (request_state_options::keys, MCP_REQUEST_STATE_KEY) are better: whoever can read the store can read this one.
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/state_store.hpp>

#include <string>

namespace mcp::detail {

// 32 bytes from the OS's cryptographic source.
std::string random_request_state_key();

// The key stored under `key`, or a new random one stored there (revision 0: of instances racing, one creates it
// and the others load it). Errors: the store's (unavailable), or malformed_data for a stored key that is not
// base64 of at least 32 bytes.
task<storage::result<std::string>> shared_request_state_key(storage::state_store& store, std::string key);

} // namespace mcp::detail
