// The store's session_record and the session's durable part, one into the other; and persisting a session's
// journaled changes with a retry on conflict, so concurrent writers (requests on several processes) merge.
#pragma once

#include <mcp/http/http_session.hpp>
#include <mcp/server/durable.hpp>
#include <mcp/storage/session_store.hpp>

namespace mcp::http {

durable_session durable_of(storage::session_record const& r);
void write_durable(storage::session_record& r, durable_session const& d);

// Saves the changes `s` made since the last call. A conflict (another writer saved first) reloads the newer
// record and re-applies the changes. A store failure (or errc::conflict when conflicts never end) is
// returned, logged with the session: the changes live on in this process's copy only, so the caller must tell
// the client that its request did not fully succeed rather than answer as if it had. A session that ended
// meanwhile is success.
task<storage::result<>> persist(std::shared_ptr<http_session> s,
                                std::shared_ptr<storage::session_store> store);
// Whether persist() has anything to save: the hot path skips its coroutine when not (most requests change
// nothing durable).
inline bool unsaved(http_session const& s) {
    return s.core()->has_changes();
}

} // namespace mcp::http
