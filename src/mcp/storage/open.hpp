// Picking a store backend at start-up (sessions, events, tasks and server state live in the same one), in
// code or from the environment, so one server binary can be pointed at memory, SQLite, PostgreSQL or DynamoDB
// without recompiling (docs/storage.md lists every variable). Not for choosing per session: one process uses
// one backend. Only the backends the program links can be opened (backends.hpp): memory always, the others with
// mcp::sqlite, mcp::postgres, mcp::dynamodb; another is errc::invalid_configuration naming the target to link.
//
//   store_config_from_environment(env) --> store_config --open(config, executor)--> stores{sessions, events,
//                                                                                          tasks, state}
#pragma once

#include <mcp/core/env.hpp>
#include <mcp/storage/dynamodb/dynamodb_store.hpp>
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/sqlite/sqlite_store.hpp>
#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

namespace mcp::storage {

enum class backend { memory, sqlite, postgres, dynamodb };

// Each backend's own options carry their own store_limits; open() gives them `limits` from here.
struct store_config {
    storage::backend backend = backend::memory;
    store_limits limits;
    sqlite_options sqlite;
    postgres_options postgres;
    dynamodb_store_options dynamodb;
};

// The variables (unset means the default in brackets):
//   MCP_STORE                    memory | sqlite | postgres | dynamodb                  [memory]
//   MCP_SESSION_TTL              seconds a session may stay idle                       [3600]
//   MCP_MAX_SESSIONS             live sessions, 0: no limit                            [10000]
//   MCP_MAX_EVENTS_PER_SESSION   SSE events kept per session for resumption            [1000]
//   MCP_SQLITE_PATH              the database file                                     [mcp-sessions.db]
//   MCP_POSTGRES_URL             libpq URI or conninfo               [libpq's PGHOST, PGDATABASE, ...]
//   MCP_POSTGRES_TABLE_PREFIX    [mcp_]
//   MCP_POSTGRES_POOL_SIZE       connections                                           [4]
//   MCP_POSTGRES_SCHEMA          create | verify                                       [create]
//   MCP_DYNAMODB_SESSIONS_TABLE  [mcp-sessions]
//   MCP_DYNAMODB_EVENTS_TABLE    [mcp-events]
//   MCP_DYNAMODB_TASKS_TABLE     [mcp-tasks]
//   MCP_DYNAMODB_STATE_TABLE     [mcp-state]
//   MCP_DYNAMODB_CREATE_TABLES   true | false                                          [false]
//   DynamoDB also reads AWS_REGION (or AWS_DEFAULT_REGION), AWS_ENDPOINT_URL_DYNAMODB (or AWS_ENDPOINT_URL),
//   AWS_CA_BUNDLE and the credential chain's variables (aws/credential_chain.hpp: keys, web identity,
//   container, EC2 instance metadata).
// Errors (errc::invalid_configuration) name the variable and the value it cannot use, never a secret.
result<store_config> store_config_from_environment(environment const& env = process_environment);

// Opens the configured backend. Suspends (DynamoDB checks or creates its tables; SQLite and PostgreSQL open
// on the calling thread, which is start-up). `ex` runs the DynamoDB client's I/O. Errors: the backend's own,
// each saying what to fix (errc::unavailable: cannot reach it; invalid_configuration: its options;
// schema_mismatch: its tables or file are of another version or layout).
task<result<stores>> open(store_config config, boost::asio::any_io_executor ex);

// For logs: "memory", "sqlite:/var/lib/mcp/sessions.db", "postgres (table prefix mcp_)",
// "dynamodb:mcp-sessions,mcp-events,mcp-tasks,mcp-state in eu-west-1" (or "@<endpoint>" when one is set).
// Never a password or key.
std::string describe(store_config const& config);

} // namespace mcp::storage
