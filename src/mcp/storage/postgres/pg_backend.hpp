// pg_backend: what the stores of one open_postgres share (internal to storage/postgres): the statements of
// its table prefix, its limits, where the database is (the state store's listener connects there too), and
// the pool of connections that runs them.
#pragma once

#include <mcp/storage/postgres/pg_pool.hpp>
#include <mcp/storage/postgres/pg_schema.hpp>
#include <mcp/storage/stores.hpp>

#include <memory>

namespace mcp::storage::detail {

// The pool is the last member: its workers stop before the statements they use go away.
struct pg_backend {
    pg_statements statements;
    store_limits limits;
    pg_endpoint endpoint;
    std::unique_ptr<pg_pool> pool;
};

} // namespace mcp::storage::detail
