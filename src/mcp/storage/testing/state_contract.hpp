// The contract suite every state store backend must pass (state_store.hpp), instantiated once per backend from
// that backend's own test file, as task_contract.hpp does for tasks:
//
//     MCP_STATE_CONTRACT(sqlite, (mcp::storage::testing::state_store_factory{.name = "sqlite", .make = ...}));
//
// and links mcp_storage_testing.
#pragma once

#include <mcp/storage/state_store.hpp>
#include <mcp/storage/testing/store_contract.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace mcp::storage::testing {

struct state_store_factory {
    std::string name;
    // Two handles on one fresh, empty store isolated from every store made before: two connections (or two
    // store objects) as two processes would hold them. Memory may give one object twice.
    std::function<std::pair<std::shared_ptr<state_store>, std::shared_ptr<state_store>>()> make_pair;
    // A store whose backend cannot be reached (every operation: errc::unavailable); empty for memory.
    std::function<std::shared_ptr<state_store>()> make_unreachable;
    // Whether watch() pushes (memory, PostgreSQL); the others must return nullptr.
    bool pushes = false;
};

inline void PrintTo(state_store_factory const& f, std::ostream* os) { *os << f.name; }
inline std::string state_store_factory_name(::testing::TestParamInfo<state_store_factory> const& info) {
    return info.param.name;
}

class state_contract : public ::testing::TestWithParam<state_store_factory> {
protected:
    std::shared_ptr<state_store> make() const { return GetParam().make_pair().first; }
};

} // namespace mcp::storage::testing

#define MCP_STATE_CONTRACT(backend, factory)                                                                 \
    using state_contract = ::mcp::storage::testing::state_contract;                                          \
    INSTANTIATE_TEST_SUITE_P(backend, state_contract, ::testing::Values(factory),                            \
                             ::mcp::storage::testing::state_store_factory_name)
