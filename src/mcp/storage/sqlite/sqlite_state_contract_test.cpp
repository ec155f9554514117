// The state store contract suite (storage/testing/state_contract.hpp) run against the SQLite state store. The
// two handles of make_pair are two open_sqlite on one new file, each with its own connections and threads, as
// two processes would hold them. Unreachable: the file is overwritten with garbage while the store has it
// open (as sqlite_contract_test.cpp does). SQLite cannot push: watch() must return nullptr.
#include <mcp/storage/sqlite/sqlite_store.hpp>
#include <mcp/storage/sqlite/sqlite_test_files.hpp>
#include <mcp/storage/testing/state_contract.hpp>

namespace {

using namespace mcp::storage;
namespace contract = mcp::storage::testing;

std::pair<std::shared_ptr<state_store>, std::shared_ptr<state_store>> open_two_on_one_file() {
    auto path = sqlite_test::fresh_path();
    auto one = open_sqlite({.path = path}).value().state;
    auto two = open_sqlite({.path = path}).value().state;
    return {one, two};
}

std::shared_ptr<state_store> open_then_destroy_file() {
    auto path = sqlite_test::fresh_path();
    auto s = open_sqlite({.path = path}).value().state;
    sqlite_test::overwrite_with_garbage(path);
    return s;
}

MCP_STATE_CONTRACT(sqlite, (contract::state_store_factory{.name = "sqlite",
                                                          .make_pair = open_two_on_one_file,
                                                          .make_unreachable = open_then_destroy_file,
                                                          .pushes = false}));

} // namespace
