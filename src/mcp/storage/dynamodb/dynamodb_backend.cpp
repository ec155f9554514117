// Registers the DynamoDB store with storage::open (backends.hpp) when a program links mcp::storage_dynamodb:
// the target's link option names mcp_link_storage_dynamodb, which keeps this object, and so its initialiser, in
// the program. It also reads the DynamoDB variables (open.hpp lists them), which need the aws layer.
#include <mcp/storage/backends.hpp>
#include <mcp/storage/dynamodb/dynamodb_error.hpp>
#include <mcp/storage/dynamodb/dynamodb_store.hpp>

namespace mcp::storage {
namespace {

result<> read_environment(environment const& env, store_config& config) {
    auto& o = config.dynamodb;
    auto client = aws::dynamodb_options_from_environment(env);
    if (!client)
        return store_error(client.error());
    o.client = std::move(*client);
    o.sessions_table = text_variable(env, "MCP_DYNAMODB_SESSIONS_TABLE", o.sessions_table);
    o.events_table = text_variable(env, "MCP_DYNAMODB_EVENTS_TABLE", o.events_table);
    o.tasks_table = text_variable(env, "MCP_DYNAMODB_TASKS_TABLE", o.tasks_table);
    o.state_table = text_variable(env, "MCP_DYNAMODB_STATE_TABLE", o.state_table);
    auto create = flag_variable(env, "MCP_DYNAMODB_CREATE_TABLES", false);
    if (!create)
        return create.error();
    o.create_tables = *create;
    return {};
}

task<result<stores>> open_configured(store_config config, boost::asio::any_io_executor ex) {
    config.dynamodb.limits = config.limits;
    co_return co_await open_dynamodb(std::move(ex), std::move(config.dynamodb));
}

[[maybe_unused]] bool const registered =
    register_backend(backend::dynamodb, {.read_environment = read_environment, .open = open_configured});

} // namespace
} // namespace mcp::storage

extern "C" void mcp_link_storage_dynamodb() {}
