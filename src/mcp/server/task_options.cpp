#include <mcp/server/task_options.hpp>

namespace mcp {
namespace {

// A positive whole number from `name`, in units of D; nullopt when unset; an error naming the variable otherwise.
template <class D>
result<std::optional<D>> positive(environment const& env, std::string_view name) {
    auto text = env(name);
    if (!text) return std::optional<D>();
    auto n = whole_number<long long>(*text);
    if (!n || *n <= 0)
        return error::invalid_params(std::string(name) + "=" + *text + ": expected a positive whole number");
    return std::optional<D>(D(*n));
}

template <class D, class T>
result<> apply(environment const& env, std::string_view name, T& field) {
    auto value = positive<D>(env, name);
    if (!value) return value.error();
    if (*value) field = std::chrono::duration_cast<T>(**value);
    return {};
}

} // namespace

std::optional<std::string> task_options_problem(task_options const& t) {
    if (t.heartbeat.count() <= 0 || t.lease <= t.heartbeat * 2)
        return "the task lease must be more than twice the heartbeat";
    if (t.poll_interval.count() <= 0 || t.default_ttl.count() <= 0 || t.max_ttl < t.default_ttl)
        return "the task poll interval and default ttl must be positive, and the max ttl at least the default";
    return std::nullopt;
}

result<task_options> task_options_from_environment(task_options base, environment const& env) {
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    for (auto applied : {apply<seconds>(env, "MCP_TASK_TTL", base.default_ttl),
                         apply<seconds>(env, "MCP_TASK_MAX_TTL", base.max_ttl),
                         apply<milliseconds>(env, "MCP_TASK_POLL_INTERVAL", base.poll_interval),
                         apply<seconds>(env, "MCP_TASK_LEASE", base.lease),
                         apply<milliseconds>(env, "MCP_TASK_HEARTBEAT", base.heartbeat)})
        if (!applied) return applied.error();
    if (auto problem = task_options_problem(base))
        return error::invalid_params("MCP_TASK_*: " + *problem);
    return base;
}

} // namespace mcp

namespace mcp {

result<std::chrono::milliseconds> list_check_interval_from_environment(std::chrono::milliseconds base,
                                                                      environment const& env) {
    if (auto applied = apply<std::chrono::seconds>(env, "MCP_TOOL_CHECK_INTERVAL", base); !applied)
        return applied.error();
    return base;
}

} // namespace mcp
