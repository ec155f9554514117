// The ready-made configurations of the Lambda front door and what they read from the environment
// (runtime.hpp).
#include <mcp/lambda/runtime.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/environment.hpp>
#include <mcp/storage/open.hpp>

#include <charconv>

namespace mcp::lambda {
namespace {

response_mode mode_from(environment const& env) {
    auto mode = env("MCP_LAMBDA_MODE").value_or("buffered");
    if (mode == "streaming")
        return response_mode::streaming;
    if (mode != "buffered")
        log::warn("MCP_LAMBDA_MODE={}: expected streaming or buffered; buffered it is", mode);
    return response_mode::buffered;
}

// The DynamoDB stores named by the environment; a misconfiguration is reported as an init error.
task<storage::result<storage::stores>> open_from_environment(environment env,
                                                             boost::asio::any_io_executor ex) {
    auto config = storage::store_config_from_environment(env);
    if (!config)
        co_return config.error();
    log::info("stores: {}", storage::describe(*config));
    co_return co_await storage::open(std::move(*config), std::move(ex));
}

} // namespace

bool on_lambda(environment const& env) {
    return env("AWS_LAMBDA_RUNTIME_API").has_value();
}

// A GET stream on Lambda holds a container (and is billed) while it is open: the client reconnects after
// this.
constexpr auto lambda_stream_time = std::chrono::seconds(30);

lambda_options development(environment const& env) {
    lambda_options o;
    o.mcp.max_stream_time = lambda_stream_time;
    o.mcp.background_list_checks = false; // a frozen container looks when a request thaws it
    o.mode = mode_from(env);
    o.mcp.path = env("MCP_PATH").value_or("/mcp");
    o.mcp.cors = {.enabled = true, .allow_any_origin = true};
    http::origins_follow_cors(o.mcp);
    return o;
}

lambda_options production(environment const& env) {
    lambda_options o;
    o.mcp.max_stream_time = lambda_stream_time;
    o.mcp.background_list_checks = false; // a frozen container looks when a request thaws it
    o.mode = mode_from(env);
    o.mcp.path = env("MCP_PATH").value_or("/mcp");
    if (auto configured = http::streamable_options_from_environment(o.mcp, env))
        o.mcp = std::move(*configured);
    else
        o.configuration_error = configured.error().message(); // run() fails the init with it
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
