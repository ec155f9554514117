#include <mcp/server/request_state_options.hpp>

#include <mcp/json/bytes.hpp>


namespace mcp {
namespace {

// A key in the environment: standard base64 of at least 32 bytes. The message names the variable only: a key
// must not reach a log.
result<std::string> key_from(std::string_view variable, std::string_view text) {
    auto bytes = json::base64_decode(text);
    if (!bytes || bytes->size() < 32)
        return error::invalid_params(std::string(variable) +
                                     ": expected standard base64 of at least 32 random bytes (openssl rand -base64 32)");
    return std::move(*bytes);
}

result<std::vector<std::string>> keys_from(std::string_view variable, std::string_view list) {
    std::vector<std::string> keys;
    while (!list.empty()) {
        auto comma = list.find(',');
        auto item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) continue;
        auto key = key_from(variable, item);
        if (!key) return key.error();
        keys.push_back(std::move(*key));
    }
    return keys;
}

} // namespace

std::optional<std::string> request_state_options_problem(request_state_options const& o) {
    for (auto const& key : o.keys)
        if (key.size() < 32) return "each request_state key needs at least 32 bytes (got " + std::to_string(key.size()) + ")";
    if (o.ttl.count() <= 0) return "the request_state ttl must be positive";
    if (o.max_bytes < 1024) return "request_state max_bytes must be at least 1024";
    return std::nullopt;
}

result<request_state_options> request_state_options_from_environment(request_state_options base,
                                                                     environment const& env) {
    if (auto key = env("MCP_REQUEST_STATE_KEY")) {
        auto sealing = key_from("MCP_REQUEST_STATE_KEY", *key);
        if (!sealing) return sealing.error();
        auto previous = keys_from("MCP_REQUEST_STATE_PREVIOUS_KEYS", env("MCP_REQUEST_STATE_PREVIOUS_KEYS").value_or(""));
        if (!previous) return previous.error();
        base.keys = {std::move(*sealing)};
        base.keys.insert(base.keys.end(), previous->begin(), previous->end());
    } else if (env("MCP_REQUEST_STATE_PREVIOUS_KEYS")) {
        return error::invalid_params("MCP_REQUEST_STATE_PREVIOUS_KEYS is set without MCP_REQUEST_STATE_KEY");
    }
    if (auto ttl = env("MCP_REQUEST_STATE_TTL")) {
        auto n = whole_number<long long>(*ttl);
        if (!n || *n <= 0)
            return error::invalid_params("MCP_REQUEST_STATE_TTL=" + *ttl + ": expected a positive whole number of seconds");
        base.ttl = std::chrono::seconds(*n);
    }
    return base;
}

} // namespace mcp
