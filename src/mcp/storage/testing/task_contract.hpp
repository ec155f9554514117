// The contract suite every task store backend must pass (task_store.hpp): one set of GoogleTest cases,
// instantiated once per backend from that backend's own test file, as store_contract.hpp does for sessions and
// events:
//
//     MCP_TASK_CONTRACT(sqlite, (mcp::storage::testing::task_store_factory{.name = "sqlite", .make = ...}));
//
// and links mcp_storage_testing.
#pragma once

#include <mcp/storage/task_store.hpp>
#include <mcp/storage/testing/store_contract.hpp>

#include <functional>
#include <memory>
#include <string>

namespace mcp::storage::testing {

struct task_store_factory {
    std::string name;
    // A fresh, empty store isolated from every store made before.
    std::function<std::shared_ptr<task_store>()> make;
    // A store whose backend cannot be reached (every operation: errc::unavailable); empty for memory.
    std::function<std::shared_ptr<task_store>()> make_unreachable;
};

inline void PrintTo(task_store_factory const& f, std::ostream* os) { *os << f.name; }
inline std::string task_store_factory_name(::testing::TestParamInfo<task_store_factory> const& info) {
    return info.param.name;
}

class task_contract : public ::testing::TestWithParam<task_store_factory> {
protected:
    std::shared_ptr<task_store> make() const { return GetParam().make(); }
};

// Now, in epoch milliseconds (the clock task records use).
std::int64_t epoch_ms();
// A working task of `session` owned by "owner-a", created now, its lease a minute ahead.
task_record sample_task(std::string id, std::string session = "s1");

} // namespace mcp::storage::testing

#define MCP_TASK_CONTRACT(backend, factory)                                                                  \
    using task_contract = ::mcp::storage::testing::task_contract;                                            \
    INSTANTIATE_TEST_SUITE_P(backend, task_contract, ::testing::Values(factory),                             \
                             ::mcp::storage::testing::task_store_factory_name)
