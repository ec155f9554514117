// test_database: what the PostgreSQL store tests share: the test server's URL (MCP_TEST_POSTGRES_URL,
// exported by scripts/services), a fresh table prefix per store so tests never see each other's rows, and the
// clean-up of those tables when the test program ends. Test support only.
#pragma once

#include <mcp/storage/postgres/postgres_store.hpp>

#include <string>

namespace mcp::storage::testing {

// MCP_TEST_POSTGRES_URL. Throws std::runtime_error naming the variable and scripts/services when it is unset,
// which fails the test that asked (a missing server is a failure, never a skip).
std::string test_postgres_url();

// A table prefix no other store has used ("t<pid>_<n>_"); its tables are dropped when the test program ends.
std::string fresh_table_prefix();

// Options for a fresh schema on the test server, with the given limits.
postgres_options fresh_postgres_options(store_limits limits = {});

// Runs SQL on the test server outside the stores (to break or inspect a schema). Throws on failure.
std::string query_one(std::string const& url, std::string const& sql);

// Drops every table of a prefix (what the end-of-program clean-up does for each fresh prefix).
void drop_tables(std::string const& url, std::string const& prefix);

} // namespace mcp::storage::testing
