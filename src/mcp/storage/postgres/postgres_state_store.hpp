// The PostgreSQL state store (internal to storage/postgres; open_postgres returns it in stores::state):
// server state shared by every process that opens the same tables, pushed to them by LISTEN/NOTIFY.
// docs/storage-postgres.md ("Server state") shows the table and the channel.
//
//  - One row per key in <prefix>state: the document as text, exactly as serialized (so it reads back byte for
//    byte), and its revision.
//  - save() is one statement: INSERT ... ON CONFLICT DO NOTHING for revision 0, UPDATE ... WHERE key = $1 AND
//    revision = $2 otherwise, each RETURNING the new revision and calling pg_notify('<prefix>state', key) for
//    the row it wrote. No row back: errc::conflict. The notice goes out when the statement commits, and only
//    then; a rolled-back save (a killed process) tells nobody.
//  - watch(): a listener connection of its own (pg_listener.hpp) LISTENs on that channel; watchers run on its
//    thread. Nothing polls the table.
#pragma once

#include <mcp/storage/postgres/pg_backend.hpp>
#include <mcp/storage/state_store.hpp>

#include <memory>

namespace mcp::storage::detail {

// A state store over `b`'s pool. load() and save() are safe from any thread and suspend until a worker has
// run them; the first watch() starts the listener thread, which lives until the store is destroyed.
std::shared_ptr<state_store> make_postgres_state_store(std::shared_ptr<pg_backend> b);

} // namespace mcp::storage::detail
