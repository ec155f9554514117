// request_state: the codec of the `requestState` an input-required round hands the client and takes back on
// the retry (2026-07-28 basic/patterns/mrtr, SEP-2322). Pure: no I/O, no clock (the caller passes `now`), no
// coroutine; it seals a state into a token and opens a token into a state, nothing else. Not for: deciding
// when to ask for input, building `inputRequests`, running the handler again, single use (the spec's warning:
// a state that must be consumed at most once needs a server-side record, which this codec does not keep).
//
//   token = "v1." + b64u(payload) + "." + b64u(HMAC-SHA256(key, "mcp.requestState.v1." + b64u(payload)))
//   payload = {"method", "paramsDigest", "principalTag", "expiresAtMs", "answers", "remembered"} (JSON)
//
// Invariants:
// - 2026-07-28 basic/patterns/mrtr, server requirements (basic workflow) 4: the token is attacker-controlled
//   input, so it is integrity-protected (HMAC-SHA256, compared in constant time) and refused when it fails.
// - Same section, 5: it binds the principal (a keyed tag, not the name), a short expiry, the method and a
// digest
//   of the salient params; open() checks all four and refuses a state presented on another request.
// - Signed, not encrypted: the client can read the payload (answers given so far, remembered values). Put
//   nothing in `remembered` that the client may not see.
// - Keys rotate: the first key signs, every key verifies; the principal tag is checked under the key whose
// MAC
//   matched.
// - Every refusal is -32602 "requestState failed verification: <check>", never echoing the token.
#pragma once

#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mcp::detail {

// What a round carries to the next. `principal` is bound, not stored: seal() writes a keyed tag of it, open()
// puts back the principal it was given once the tag matched.
struct request_state {
    std::string method;             // "tools/call", "prompts/get" or "resources/read"
    std::string params_digest;      // params_digest(params) of the request the state was issued for
    std::string principal;          // who the state is bound to ("" for an anonymous caller)
    std::int64_t expires_at_ms = 0; // milliseconds since the Unix epoch; valid while now <= expires_at_ms
    boost::json::object answers;    // inputRequests key -> the client's result, over all rounds so far
    boost::json::object remembered; // what the handler asked to keep across rounds
};

// Base64url (no padding) of the SHA-256 of `params` in canonical JSON, without the top-level keys `_meta`,
// `inputResponses` and `requestState` (they change between rounds; the arguments must not). Canonical: object
// keys sorted by their UTF-8 bytes at every depth, arrays in order, strings and numbers as boost::json
// serializes them, no whitespace. Recursion is as deep as the parsed params.
std::string params_digest(boost::json::object const& params);

// The token for `state`, signed with `signing_key` (raw bytes; the caller gives at least 32 random ones).
std::string seal(request_state const& state, std::string_view signing_key);

// The state `token` holds, once it passed, in this order: at most `max_bytes` long (checked before any
// decoding), well formed, a MAC matching one of `keys` (none: refused), not expired (`now_ms` after
// expires_at_ms), issued for `method`, for params whose params_digest() is that of `params`, and for
// `principal`. Any failure: error::invalid_params naming the check that failed.
result<request_state> open(std::string_view token, std::span<std::string const> keys, std::string_view method,
                           boost::json::object const& params, std::string_view principal, std::int64_t now_ms,
                           std::size_t max_bytes);

} // namespace mcp::detail
