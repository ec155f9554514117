#include <mcp/http/environment.hpp>

#include <mcp/core/env.hpp>

#include <algorithm>
#include <array>

namespace mcp::http {
namespace {

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (!item.empty())
            out.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

result<std::chrono::seconds> max_age_of(std::string const& text) {
    auto seconds = whole_number<long>(text);
    if (!seconds || *seconds < 0)
        return error::invalid_params("MCP_CORS_MAX_AGE=" + text + ": expected a number of seconds");
    return std::chrono::seconds(*seconds);
}

} // namespace

result<cors_policy> cors_from_environment(environment const& env) {
    cors_policy p;
    auto origins = env("MCP_CORS_ORIGINS");
    if (!origins)
        return p;
    p.enabled = true;
    auto list = split_list(*origins);
    p.allow_any_origin = list.size() == 1 && list.front() == "*";
    if (!p.allow_any_origin)
        p.allowed_origins = std::move(list);
    auto credentials = env("MCP_CORS_CREDENTIALS").value_or("false");
    if (credentials != "true" && credentials != "false")
        return error::invalid_params("MCP_CORS_CREDENTIALS=" + credentials + ": expected true or false");
    p.allow_credentials = credentials == "true";
    if (auto problem = cors_policy_problem(p))
        return error::invalid_params("MCP_CORS_ORIGINS=* with MCP_CORS_CREDENTIALS=true: " + *problem);
    if (auto age = env("MCP_CORS_MAX_AGE")) {
        auto seconds = max_age_of(*age);
        if (!seconds)
            return seconds.error();
        p.max_age = *seconds;
    }
    return p;
}

void origins_follow_cors(streamable_options& o) {
    o.origins.allow_any_origin = o.cors.enabled && o.cors.allow_any_origin;
    o.origins.allowed_origins = o.cors.allowed_origins;
}

// MCP_METRICS (true or false) and MCP_METRICS_PATH: the Prometheus endpoint (metrics.hpp), off by default.
result<metrics_endpoint> metrics_from_environment(metrics_endpoint base, environment const& env) {
    auto on = env("MCP_METRICS");
    if (on && *on != "true" && *on != "false")
        return error::invalid_params("MCP_METRICS=" + *on + ": expected true or false");
    if (on)
        base.enabled = *on == "true";
    if (auto path = env("MCP_METRICS_PATH"); path && !path->empty()) {
        if (!path->starts_with("/"))
            return error::invalid_params("MCP_METRICS_PATH=" + *path + ": expected a path starting with /");
        base.path = *path;
    }
    return base;
}

// Any of them asks for authorization: one set without the others is a mistake to report (the factory names
// what is missing), never a reason to serve without authorization.
constexpr std::array<std::string_view, 11> auth_variables = {
    "MCP_AUTH_ISSUER",        "MCP_AUTH_INTROSPECTION_URL", "MCP_AUTH_RESOURCE",      "MCP_AUTH_JWKS_URL",
    "MCP_AUTH_TOKEN_TYPE",    "MCP_AUTH_CLIENT_ID",         "MCP_AUTH_CLIENT_SECRET", "MCP_AUTH_SCOPES",
    "MCP_AUTH_TOOL_SCOPES",   "MCP_AUTH_SCOPES_SUPPORTED",  "MCP_AUTH_CA_FILE"};

result<std::shared_ptr<access_policy>> access_from_environment(environment const& env) {
    auto set = std::find_if(auth_variables.begin(), auth_variables.end(),
                            [&env](std::string_view name) { return env(name).has_value(); });
    if (set == auth_variables.end())
        return std::shared_ptr<access_policy>();
    auto factory = registered_access_factory();
    if (!factory)
        return error::invalid_params(std::string(*set) +
                                     " is set, but this program does not link the authorization component: link "
                                     "the CMake target mcp::auth (find_package(mcp COMPONENTS auth))");
    return factory(env);
}

result<streamable_options> streamable_options_from_environment(streamable_options base, environment const& env) {
    if (auto path = env("MCP_PATH"); path && !path->empty())
        base.path = *path;
    auto endpoint = metrics_from_environment(base.metrics, env);
    if (!endpoint)
        return endpoint.error();
    base.metrics = std::move(*endpoint);
    if (auto access = access_from_environment(env); !access)
        return access.error();
    else if (*access)
        base.access = std::move(*access);
    if (!env("MCP_CORS_ORIGINS"))
        return base;
    auto cors = cors_from_environment(env);
    if (!cors)
        return cors.error();
    base.cors = std::move(*cors);
    origins_follow_cors(base);
    return base;
}

} // namespace mcp::http
