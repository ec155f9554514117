// lambda: the deployable example (docs/lambda.md). The conformance suite's server (examples/everything) as an
// AWS Lambda function with the production configuration: sessions and SSE events in DynamoDB, CORS from the
// environment, buffered or streaming responses from MCP_LAMBDA_MODE. Built into a `bootstrap` for the
// provided.al2023 runtime by examples/lambda/package.sh.
//
// Outside Lambda (no AWS_LAMBDA_RUNTIME_API) the same binary serves Streamable HTTP on 127.0.0.1:8080, so it
// can be tried on a laptop first.
#include "everything.hpp"

#include <mcp/lambda/runtime.hpp>

int main(int argc, char** argv) {
    mcp::server srv({.name = "mcp-lambda-example", .version = "1.0.0", .description = "MCP on AWS Lambda",
                     .lists = mcp::list_mode::dynamic});
    everything::add_tools(srv);
    everything::add_task_tools(srv); // tasks run after the response, before the next invocation (docs/lambda.md)
    everything::add_modern_task_tools(srv); // the 2026-07-28 tasks extension
    everything::add_round_tools(srv); // 2026-07-28 input-required rounds (docs/eras.md)
    everything::add_list_tools(srv); // every container serves the state store's set (docs/dynamic-tools.md)
    everything::add_resources(srv);
    everything::add_prompts(srv);
    everything::watched_resource watched(srv, std::chrono::seconds(3));
    if (!mcp::lambda::on_lambda())
        return mcp::run(srv, argc, argv);

    // production: DynamoDB, CORS and MCP_LAMBDA_MODE from the environment. development (MCP_LAMBDA_CONFIG):
    // in-memory sessions and any origin, for a one-container trial.
    bool trial = mcp::lambda::process_environment("MCP_LAMBDA_CONFIG") == "development";
    auto options = trial ? mcp::lambda::development() : mcp::lambda::production();
    return mcp::lambda::run(srv, std::move(options));
}
