// The ready-made configurations of the Lambda front door and what they read from the environment
// (runtime.hpp).
#include <mcp/lambda/runtime.hpp>

#include <mcp/core/log.hpp>
#include <mcp/storage/open.hpp>

#include <charconv>

namespace mcp::lambda {
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

response_mode mode_from(environment const& env) {
    auto mode = env("MCP_LAMBDA_MODE").value_or("buffered");
    if (mode == "streaming")
        return response_mode::streaming;
    if (mode != "buffered")
        log::warn("MCP_LAMBDA_MODE={}: expected streaming or buffered; buffered it is", mode);
    return response_mode::buffered;
}

// The DynamoDB stores named by the environment; a misconfiguration is reported as an init error.
task<result<storage::stores>> open_from_environment(environment env, boost::asio::any_io_executor ex) {
    auto config = storage::store_config_from_environment(env);
    if (!config)
        co_return config.error();
    log::info("stores: {}", storage::describe(*config));
    co_return co_await storage::open(std::move(*config), std::move(ex));
}

// Origin checks follow CORS: the origins a browser may call from are the origins accepted.
void allow_origins_of(http::streamable_options& o) {
    o.origins.allow_any_origin = o.cors.enabled && o.cors.allow_any_origin;
    o.origins.allowed_origins = o.cors.allowed_origins;
}

} // namespace

result<http::cors_policy> cors_from_environment(environment const& env) {
    http::cors_policy p;
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
    if (auto problem = http::cors_policy_problem(p))
        return error::invalid_params("MCP_CORS_ORIGINS=* with MCP_CORS_CREDENTIALS=true: " + *problem);
    if (auto age = env("MCP_CORS_MAX_AGE")) {
        long seconds = 0;
        auto [end, ec] = std::from_chars(age->data(), age->data() + age->size(), seconds);
        if (ec != std::errc() || end != age->data() + age->size() || seconds < 0)
            return error::invalid_params("MCP_CORS_MAX_AGE=" + *age + ": expected a number of seconds");
        p.max_age = std::chrono::seconds(seconds);
    }
    return p;
}

bool on_lambda(environment const& env) {
    return env("AWS_LAMBDA_RUNTIME_API").has_value();
}

// A GET stream on Lambda holds a container (and is billed) while it is open: the client reconnects after
// this.
constexpr auto lambda_stream_time = std::chrono::seconds(30);

lambda_options development(environment const& env) {
    lambda_options o;
    o.mcp.max_stream_time = lambda_stream_time;
    o.mode = mode_from(env);
    o.mcp.path = env("MCP_PATH").value_or("/mcp");
    o.mcp.cors = {.enabled = true, .allow_any_origin = true};
    allow_origins_of(o.mcp);
    return o;
}

lambda_options production(environment const& env) {
    lambda_options o;
    o.mcp.max_stream_time = lambda_stream_time;
    o.mode = mode_from(env);
    o.mcp.path = env("MCP_PATH").value_or("/mcp");
    if (auto cors = cors_from_environment(env)) {
        o.mcp.cors = *cors;
    } else {
        log::error("{}; CORS stays off", cors.error().message());
    }
    allow_origins_of(o.mcp);
    // Production means sessions shared by every container: DynamoDB unless MCP_STORE says otherwise.
    environment with_store = [env](std::string_view name) -> std::optional<std::string> {
        if (name == "MCP_STORE")
            return env(name).value_or("dynamodb");
        return env(name);
    };
    o.open_stores = [with_store](boost::asio::any_io_executor ex) {
        return open_from_environment(with_store, ex);
    };
    return o;
}

std::optional<invocation_info> invocation_of(request_metadata const& metadata) {
    auto id = metadata.get("x-lambda-request-id");
    if (!id)
        return std::nullopt;
    invocation_info out;
    out.request_id = std::string(*id);
    if (auto deadline = metadata.get("x-lambda-deadline-ms")) {
        std::int64_t ms = 0;
        std::from_chars(deadline->data(), deadline->data() + deadline->size(), ms);
        out.deadline = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
    }
    out.trace_id = std::string(metadata.get("x-lambda-trace-id").value_or(""));
    out.function_arn = std::string(metadata.get("x-lambda-function-arn").value_or(""));
    return out;
}

} // namespace mcp::lambda
