// open_dynamodb: checks or creates the four tables (and the TTL setting of those whose items expire), then
// builds the stores.
#include <mcp/storage/dynamodb/dynamodb_store.hpp>

#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <mcp/core/log.hpp>

#include <vector>

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

// The aws CLI command that creates the table of `definition`, for a table without local indexes (their JSON
// is too long for a message: the docs give it).
std::string create_command(json::object const& definition) {
    auto text = [](json::value const& v, std::string_view name) {
        return std::string(v.at(name).as_string());
    };
    std::string out = "aws dynamodb create-table --table-name " + text(definition, "TableName") +
                      " --billing-mode PAY_PER_REQUEST --attribute-definitions";
    for (auto const& a : definition.at("AttributeDefinitions").as_array())
        out += " AttributeName=" + text(a, "AttributeName") + ",AttributeType=" + text(a, "AttributeType");
    out += " --key-schema";
    for (auto const& k : definition.at("KeySchema").as_array())
        out += " AttributeName=" + text(k, "AttributeName") + ",KeyType=" + text(k, "KeyType");
    return out;
}

error missing_table(aws::dynamodb_client const& client, json::object const& definition) {
    std::string const table(definition.at("TableName").as_string());
    std::string const how = definition.contains("LocalSecondaryIndexes")
                                ? "create it as docs/storage-dynamodb.md shows"
                                : "create it with `" + create_command(definition) +
                                      "` (docs/storage-dynamodb.md shows every table)";
    return error(errc::schema_mismatch, "DynamoDB table '" + table + "' does not exist at " +
                                            client.endpoint_url() + ": " + how +
                                            ", or let the server create it (create_tables)");
}

// DescribeTable; when the table is missing, CreateTable if allowed. Then the keys are checked, and the TTL
// setting made when tables are ours to manage and their items expire (`ttl`).
task<result<>> prepare_table(aws::dynamodb_client client, json::object definition, bool create, bool ttl) {
    std::string const table(definition.at("TableName").as_string());
    auto described = co_await client.call("DescribeTable", table_request(table));
    if (!described && aws::service_error_type(described.error()) == "ResourceNotFoundException") {
        if (!create)
            co_return missing_table(client, definition);
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
    if (create && ttl)
        co_return co_await enable_ttl(client, table);
    co_return result<>{};
}

// The tables open_dynamodb checks, in order, and whether their items carry `ttl`. Built outside the coroutine
// (g++ 12 and initializer lists in coroutines).
struct table_plan {
    json::object definition;
    bool ttl = true;
};

std::vector<table_plan> table_plans(dynamodb_store_options const& o) {
    std::vector<table_plan> out;
    out.push_back({detail::sessions_table_definition(o.sessions_table)});
    out.push_back({detail::events_table_definition(o.events_table)});
    out.push_back({detail::tasks_table_definition(o.tasks_table)});
    out.push_back({detail::state_table_definition(o.state_table), false}); // server state never expires
    return out;
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
                detail::task_table{.client = client, .name = options.tasks_table}),
            std::make_shared<detail::dynamodb_state_store>(
                detail::state_table{.client = client, .name = options.state_table})};
}

task<result<stores>> open_dynamodb(boost::asio::any_io_executor ex, dynamodb_store_options options) {
    auto client = aws::dynamodb_client::create(std::move(ex), options.client);
    if (!client)
        co_return store_error(client.error());
    auto plans = table_plans(options);
    for (auto& plan : plans) {
        auto prepared =
            co_await prepare_table(*client, std::move(plan.definition), options.create_tables, plan.ttl);
        if (!prepared)
            co_return prepared.error();
    }
    co_return dynamodb_stores(*client, options);
}

} // namespace mcp::storage
