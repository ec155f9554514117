#include <mcp/storage/open.hpp>

#include <mcp/core/env.hpp>
#include <mcp/storage/backends.hpp>
#include <mcp/storage/memory/memory_store.hpp>


namespace mcp::storage {
namespace {

error bad(std::string_view variable, std::string_view value, std::string_view expected) {
    return error(errc::invalid_configuration,
                 std::string(variable) + "=" + std::string(value) + ": expected " + std::string(expected));
}

// A whole non-negative number from `variable`, or `fallback` when it is unset.
result<std::uint64_t> number(environment const& env, std::string_view variable, std::uint64_t fallback) {
    auto text = env(variable);
    if (!text)
        return fallback;
    auto value = whole_number<std::uint64_t>(*text);
    if (!value)
        return bad(variable, *text, "a whole number");
    return *value;
}

std::string text(environment const& env, std::string_view variable, std::string fallback) {
    return text_variable(env, variable, std::move(fallback));
}

result<storage::backend> backend_of(environment const& env) {
    auto name = text(env, "MCP_STORE", "memory");
    if (name == "memory")
        return backend::memory;
    if (name == "sqlite")
        return backend::sqlite;
    if (name == "postgres" || name == "postgresql")
        return backend::postgres;
    if (name == "dynamodb")
        return backend::dynamodb;
    return bad("MCP_STORE", name, "memory, sqlite, postgres or dynamodb");
}

result<store_limits> limits_of(environment const& env) {
    store_limits defaults;
    auto ttl = number(env, "MCP_SESSION_TTL",
                      std::chrono::duration_cast<std::chrono::seconds>(defaults.ttl).count());
    if (!ttl)
        return ttl.error();
    if (*ttl == 0)
        return bad("MCP_SESSION_TTL", "0", "a number of seconds above 0");
    auto sessions = number(env, "MCP_MAX_SESSIONS", defaults.max_sessions);
    if (!sessions)
        return sessions.error();
    auto events = number(env, "MCP_MAX_EVENTS_PER_SESSION", defaults.max_events_per_session);
    if (!events)
        return events.error();
    return store_limits{
        .max_sessions = *sessions, .ttl = std::chrono::seconds(*ttl), .max_events_per_session = *events};
}

result<> read_postgres(environment const& env, postgres_options& o) {
    o.connection = text(env, "MCP_POSTGRES_URL", "");
    o.table_prefix = text(env, "MCP_POSTGRES_TABLE_PREFIX", o.table_prefix);
    auto pool = number(env, "MCP_POSTGRES_POOL_SIZE", o.pool_size);
    if (!pool)
        return pool.error();
    if (*pool == 0)
        return bad("MCP_POSTGRES_POOL_SIZE", "0", "at least 1 connection");
    o.pool_size = *pool;
    auto schema = text(env, "MCP_POSTGRES_SCHEMA", "create");
    if (schema != "create" && schema != "verify")
        return bad("MCP_POSTGRES_SCHEMA", schema, "create or verify");
    o.schema = schema == "create" ? postgres_schema::create : postgres_schema::verify;
    return {};
}

// The hooks of the configured backend, or the error that names the CMake target to link for it.
result<backend_hooks const*> linked(backend which) {
    if (auto const* hooks = registered_backend(which))
        return hooks;
    auto const name = std::string(backend_name(which));
    return error(errc::invalid_configuration,
                 "MCP_STORE=" + name + ": this program was built without the " + name +
                     " store; link the CMake target mcp::" + name + " (find_package(mcp COMPONENTS " + name +
                     ")) to use it");
}

} // namespace

std::string text_variable(environment const& env, std::string_view variable, std::string fallback) {
    return env(variable).value_or(std::move(fallback));
}

result<bool> flag_variable(environment const& env, std::string_view variable, bool fallback) {
    auto value = env(variable);
    if (!value)
        return fallback;
    if (*value == "true" || *value == "1" || *value == "yes")
        return true;
    if (*value == "false" || *value == "0" || *value == "no")
        return false;
    return bad(variable, *value, "true or false");
}

result<store_config> store_config_from_environment(environment const& env) {
    store_config c;
    auto kind = backend_of(env);
    if (!kind)
        return kind.error();
    c.backend = *kind;
    backend_hooks const* hooks = nullptr;
    if (c.backend != backend::memory) {
        auto found = linked(c.backend);
        if (!found)
            return found.error();
        hooks = *found;
    }
    auto limits = limits_of(env);
    if (!limits)
        return limits.error();
    c.limits = *limits;
    c.sqlite.path = text(env, "MCP_SQLITE_PATH", c.sqlite.path);
    if (c.backend == backend::postgres)
        if (auto r = read_postgres(env, c.postgres); !r)
            return r.error();
    // A backend's own variables (DynamoDB's AWS settings): other backends do not fail for want of them.
    if (hooks && hooks->read_environment)
        if (auto r = hooks->read_environment(env, c); !r)
            return r.error();
    return c;
}

task<result<stores>> open(store_config c, boost::asio::any_io_executor ex) {
    if (c.backend == backend::memory)
        co_return open_memory(c.limits);
    auto hooks = linked(c.backend);
    if (!hooks)
        co_return hooks.error();
    co_return co_await (*hooks)->open(std::move(c), std::move(ex));
}

std::string describe(store_config const& c) {
    switch (c.backend) {
    case backend::memory:
        return "memory";
    case backend::sqlite:
        return "sqlite:" + c.sqlite.path;
    case backend::postgres:
        return "postgres (table prefix " + c.postgres.table_prefix + ")";
    case backend::dynamodb:
        return "dynamodb:" + c.dynamodb.sessions_table + "," + c.dynamodb.events_table + "," +
               c.dynamodb.tasks_table + "," + c.dynamodb.state_table +
               (c.dynamodb.client.endpoint.empty() ? " in " + c.dynamodb.client.region
                                                   : "@" + c.dynamodb.client.endpoint);
    }
    return "unknown";
}

} // namespace mcp::storage
