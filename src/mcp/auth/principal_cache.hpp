// principal_cache: the principals of tokens that passed verification, so that a token a client sends with
// every request until it expires is checked once (a signature, or an introspection request) and then looked
// up. Both verifiers use it: make_jwt_verifier (jwt_verifier.hpp) and make_introspection_verifier
// (introspection.hpp).
//
//   find(digest, now, basis)  an entry of that digest, now before its `until`, kept with the same basis
//                             --> its principal; otherwise nothing (an entry past its time is dropped)
//   keep(digest, who, now, basis)  until = min(now + ttl, who.expires_at when set); nothing when ttl is 0,
//                             max_entries is 0 or until is not after now
//
// Invariants:
// - Keyed by token_digest (SHA-256) of the token: the token itself is never kept.
// - An entry never outlives its token: `until` is at most the token's exp, and find compares it with the
//   caller's `now` on every hit (stricter than validation, which allows the skew past exp).
// - At most max_entries entries: a full cache drops the expired entries, then the one that expires first.
// - `basis` is what the answers were checked against (the JWT verifier's key set; nothing for introspection).
//   An entry counts only for the basis it was kept with: keep() with another basis empties the cache first
//   and holds the new basis (so the old one can never be mistaken for a new object at the same address), and
//   find() with another basis finds nothing. A key removed from the JWKS thus stops admitting its tokens at
//   the first verification after the refresh.
// - Only what the caller keeps is cached: the verifiers keep successful validations, never refusals.
// - Thread-safe: one mutex, held for a lookup or an insertion (no I/O, no suspension).
//
// Not for: key sets (key_cache.hpp), refusals, revocation (a cached token stays admitted until `until`).
#pragma once

#include <mcp/auth/claims.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mcp::auth {

// SHA-256 of `token`, 32 raw bytes: the cache's key.
std::string token_digest(std::string_view token);

class principal_cache {
public:
    using time_point = std::chrono::system_clock::time_point;
    using basis_ptr = std::shared_ptr<void const>;

    principal_cache(std::chrono::seconds ttl, std::size_t max_entries)
        : ttl_(ttl), max_entries_(max_entries) {}

    // False when ttl or max_entries is 0: nothing is ever kept, so callers skip the digest too.
    bool enabled() const { return ttl_.count() > 0 && max_entries_ > 0; }

    std::optional<principal> find(std::string const& digest, time_point now, basis_ptr const& basis = {});
    void keep(std::string digest, principal const& who, time_point now, basis_ptr basis = {});

    std::size_t size() const;

private:
    struct entry {
        principal who;
        time_point until;
    };

    void make_room_locked(time_point now);

    std::chrono::seconds ttl_;
    std::size_t max_entries_;
    mutable std::mutex mutex_;
    basis_ptr basis_;
    std::unordered_map<std::string, entry> entries_;
};

} // namespace mcp::auth
