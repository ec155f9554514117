// The state store contract suite (storage/testing/state_contract.hpp) run against the in-memory state store.
#include <mcp/storage/memory/memory_state_store.hpp>
#include <mcp/storage/testing/state_contract.hpp>

namespace {

MCP_STATE_CONTRACT(memory, (mcp::storage::testing::state_store_factory{
                               .name = "memory",
                               .make_pair =
                                   [] {
                                       auto s = std::make_shared<mcp::storage::memory_state_store>();
                                       return std::pair<std::shared_ptr<mcp::storage::state_store>,
                                                        std::shared_ptr<mcp::storage::state_store>>(s, s);
                                   },
                               .pushes = true}));

} // namespace
