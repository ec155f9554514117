// The cross-backend contract suites (storage/testing: sessions and events, and tasks) run against the SQLite
// stores: each make() opens a new file. Unreachable: the file is overwritten with garbage while the stores
// have it open, so every operation finds "not a database" (a real failure of SQLite, not a fake store).
#include <mcp/storage/sqlite/sqlite_store.hpp>
#include <mcp/storage/sqlite/sqlite_test_files.hpp>
#include <mcp/storage/testing/store_contract.hpp>
#include <mcp/storage/testing/task_contract.hpp>

namespace {

using namespace mcp::storage;
namespace contract = mcp::storage::testing;

sqlite_options options_for(std::string path, contract::store_bounds b) {
    return {.path = std::move(path),
            .limits = {.max_sessions = b.max_sessions,
                       .ttl = b.ttl,
                       .max_events_per_session = b.max_events_per_session}};
}

stores open_fresh(contract::store_bounds b) {
    return open_sqlite(options_for(sqlite_test::fresh_path(), b)).value();
}

stores open_then_destroy_file(contract::store_bounds b) {
    auto path = sqlite_test::fresh_path();
    auto s = open_sqlite(options_for(path, b)).value();
    sqlite_test::overwrite_with_garbage(path);
    return s;
}

contract::store_factory sqlite_factory() {
    return {.name = "sqlite", .make = open_fresh, .make_unreachable = open_then_destroy_file};
}

MCP_STORE_CONTRACT(sqlite, sqlite_factory());

contract::task_store_factory sqlite_task_factory() {
    return {.name = "sqlite",
            .make = [] { return open_fresh({}).tasks; },
            .make_unreachable = [] { return open_then_destroy_file({}).tasks; }};
}

MCP_TASK_CONTRACT(sqlite, sqlite_task_factory());

} // namespace
