// open_dynamodb: checks or creates the three tables (and their TTL setting), then builds the stores.
#include <mcp/storage/dynamodb/dynamodb_store.hpp>

#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <mcp/core/log.hpp>

namespace mcp::storage {
namespace {

namespace json = boost::json;

constexpr std::string_view ttl_attribute = "ttl";

json::object table_request(std::string const& table) {
    return {{"TableName", table}};
}

json::object enable_ttl_request(std::string const& table) {
    return {{"TableName", table},
            {"TimeToLiveSpecification", {{"AttributeName", ttl_attribute}, {"Enabled", true}}}};
}

std::string ttl_status(json::object const& described, std::string& attribute) {
    auto const* d = described.if_contains("TimeToLiveDescription");
    auto const* o = d ? d->if_object() : nullptr;
    auto const* status = o ? o->if_contains("TimeToLiveStatus") : nullptr;
    auto const* name = o ? o->if_contains("AttributeName") : nullptr;
    if (name && name->is_string())
        attribute = name->get_string();
    return status && status->is_string() ? std::string(status->get_string()) : std::string("DISABLED");
}

// dynalite and other local emulators may lack the TTL operations.
bool unsupported(aws::error const& e) {
    return aws::service_error_type(e) == "UnknownOperationException";
}

// Turns DynamoDB's TTL deletion on for the `ttl` attribute. The stores do not need it (they ignore expired
// items themselves): without it expired items only stay and cost storage, so problems here are logged, not
// returned, unless the endpoint cannot serve.
task<result<>> enable_ttl(aws::dynamodb_client client, std::string table) {
    auto described = co_await client.call("DescribeTimeToLive", table_request(table));
    if (!described && !unsupported(described.error()))
        co_return store_error(described.error());
    std::string attribute;
    auto const status = described ? ttl_status(*described, attribute) : std::string("DISABLED");
    if (status == "ENABLED" || status == "ENABLING") {
        if (attribute != ttl_attribute)
            log::warn(
                "DynamoDB table {}: TTL is on attribute '{}', not '{}': expired MCP items are never deleted",
                table, attribute, ttl_attribute);
        co_return result<>{};
    }
    auto enabled = co_await client.call("UpdateTimeToLive", enable_ttl_request(table));
    if (!enabled && aws::cannot_serve(enabled.error()))
        co_return store_error(enabled.error());
    if (enabled)
        log::info("DynamoDB table {}: TTL enabled on '{}'", table, ttl_attribute);
    else if (unsupported(enabled.error()))
        log::debug("DynamoDB at {} has no TTL (a local emulator?): expired items of {} stay",
                   client.endpoint_url(), table);
    else
        log::warn("DynamoDB table {}: cannot enable TTL on '{}': {}", table, ttl_attribute,
                  enabled.error().message());
    co_return result<>{};
}

error missing_table(aws::dynamodb_client const& client, std::string const& table) {
    return error(
        errc::schema_mismatch,
        "DynamoDB table '" + table + "' does not exist at " + client.endpoint_url() +
            ": create it as docs/storage-dynamodb.md shows, or let the server create it (create_tables)");
}

// DescribeTable; when the table is missing, CreateTable if allowed. Then the keys are checked, and the TTL
// setting made when tables are ours to manage.
task<result<>> prepare_table(aws::dynamodb_client client, json::object definition, bool create) {
    std::string const table(definition.at("TableName").as_string());
    auto described = co_await client.call("DescribeTable", table_request(table));
    if (!described && aws::service_error_type(described.error()) == "ResourceNotFoundException") {
        if (!create)
            co_return missing_table(client, table);
        auto created = co_await client.ensure_table(definition);
        if (!created)
            co_return store_error(created.error());
        if (*created)
            log::info("DynamoDB table {} created at {}", table, client.endpoint_url());
        described = co_await client.call("DescribeTable", table_request(table));
    }
    if (!described)
        co_return store_error(described.error());
    if (auto keys = detail::check_keys(*described, definition); !keys)
        co_return keys.error();
    if (create)
        co_return co_await enable_ttl(client, table);
    co_return result<>{};
}

} // namespace

stores dynamodb_stores(aws::dynamodb_client client, dynamodb_store_options const& options) {
    auto const retention =
        std::max<std::chrono::milliseconds>(options.limits.ttl, detail::min_event_retention);
    return {std::make_shared<detail::dynamodb_session_store>(detail::session_table{
                .client = client, .name = options.sessions_table, .limits = options.limits}),
            std::make_shared<detail::dynamodb_event_store>(
                detail::event_table{.client = client,
                                    .name = options.events_table,
                                    .max_events = options.limits.max_events_per_session,
                                    .retention = retention}),
            options.limits,
            std::make_shared<detail::dynamodb_task_store>(
                detail::task_table{.client = client, .name = options.tasks_table})};
}

task<result<stores>> open_dynamodb(boost::asio::any_io_executor ex, dynamodb_store_options options) {
    auto client = aws::dynamodb_client::create(std::move(ex), options.client);
    if (!client)
        co_return store_error(client.error());
    auto sessions = co_await prepare_table(*client, detail::sessions_table_definition(options.sessions_table),
                                           options.create_tables);
    if (!sessions)
        co_return sessions.error();
    auto events = co_await prepare_table(*client, detail::events_table_definition(options.events_table),
                                         options.create_tables);
    if (!events)
        co_return events.error();
    auto tasks = co_await prepare_table(*client, detail::tasks_table_definition(options.tasks_table),
                                        options.create_tables);
    if (!tasks)
        co_return tasks.error();
    co_return dynamodb_stores(*client, options);
}

} // namespace mcp::storage
