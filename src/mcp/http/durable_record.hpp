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
// record and re-applies the changes; other failures are logged (the session goes on in memory). Never throws.
task<> persist(std::shared_ptr<http_session> s, std::shared_ptr<storage::session_store> store);

} // namespace mcp::http
