// The stores bench_stores measures: a store_config per backend with names no earlier run used (a fresh SQLite
// file, PostgreSQL table prefix, DynamoDB table pair), and the removal of what the run created. Not for
// production configuration (storage/open.hpp reads that from the environment).
#pragma once

#include <mcp/storage/open.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <string>

namespace bench_stores {

struct target_options {
    std::string backend;           // memory, sqlite, postgres or dynamodb
    std::string sqlite_dir;        // where the SQLite file goes
    std::string postgres_url;      // empty: MCP_TEST_POSTGRES_URL
    std::string dynamodb_endpoint; // empty: MCP_TEST_DYNAMODB_ENDPOINT
};

// A configuration with the backend's default limits and pool sizes (what a server gets unless told
// otherwise) and fresh names. Errors (errc::invalid_configuration): an unknown backend, or no server to reach
// (naming the variable and scripts/services).
mcp::storage::result<mcp::storage::store_config> make_target(target_options const& o);

// Deletes what the run made: the SQLite file and its -wal and -shm, the PostgreSQL tables of the prefix, the
// DynamoDB tables. Blocks (DynamoDB runs on `ex`, which must be running). Returns an empty string, or what
// could not be removed.
std::string remove_target(mcp::storage::store_config const& c, boost::asio::any_io_executor ex);

} // namespace bench_stores
