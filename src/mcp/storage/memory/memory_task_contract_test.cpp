// The task store contract suite (storage/testing/task_contract.hpp) run against the in-memory task store.
#include <mcp/storage/memory/memory_task_store.hpp>
#include <mcp/storage/testing/task_contract.hpp>

namespace {

MCP_TASK_CONTRACT(memory, (mcp::storage::testing::task_store_factory{
                              .name = "memory",
                              .make = [] { return std::make_shared<mcp::storage::memory_task_store>(); }}));

} // namespace
