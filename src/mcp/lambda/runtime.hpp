// The AWS Lambda front door: the same mcp::server that serves HTTP on a laptop, run as a Lambda function
// (ARCHITECTURE.md sections 3 and 9). Not a second builder: it takes the server as it is.
//
//   once per container: io_context, stores (open_stores), http::streamable handler, runtime_client
//   loop: next() --payload--> parse_invocation (events.hpp)
//     HTTP event  --> http::request --> streamable handler --> buffered_writer  --> respond(event format)
//                                                          \-> streaming_writer --> prelude, chunks, end
//     completion notice (invokeCompletionStatus)           --> acknowledged quietly
//     anything else                                        --> fail(Runtime.UnknownEvent), logged
//
// Invariants
// - One invocation at a time, as Lambda gives them; the handler, stores and connections are built once and
//   reused by every warm invocation.
// - Buffered mode answers a GET for an SSE stream with 405 (2025-11-25 basic/transports allows it), a GET
//   with Last-Event-ID with the events stored after it (then the stream ends; the client asks again), and
//   delivers POST streams whole. Streaming mode relays SSE live.
// - Every invocation ends before its deadline: deadline_margin before it, its SSE streams end (the client
//   resumes with Last-Event-ID on a later invocation; the work goes on, and its events are stored, while the
//   container lives). GET streams also end after mcp.max_stream_time (30 s in the ready-made
//   configurations), so that an idle listener does not hold a container, and its bill, for the whole timeout.
// - A task (2025-11-25 tasks) started by an invocation runs on after the invocation's response, before the loop
//   asks for the next invocation, until it ends or the invocation's deadline (less deadline_margin) comes; a
//   task still running then ends failed, saying so (task_runner::settle). A container recycled mid-task stops
//   renewing the task's lease, and the next reader fails it.
// - Metadata the function can trust: x-lambda-request-id, x-lambda-deadline-ms, x-lambda-trace-id,
//   x-lambda-function-arn (see invocation_of()), and the authorizer's x-authorizer-* fields (events.hpp).
//   Headers of those names sent by the client are removed first.
// - An answer to a server-to-client request (elicitation, sampling) reaches the waiting invocation, usually
//   in another container, through the shared event store (http/reply_relay.hpp): use shared stores
//   (DynamoDB) when the function has more than one concurrent container.
#pragma once

#include <mcp/core/env.hpp>
#include <mcp/http/environment.hpp>
#include <mcp/http/streamable.hpp>
#include <mcp/server/request_metadata.hpp>
#include <mcp/server/server.hpp>
#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::lambda {

enum class response_mode { buffered, streaming };

// Opens the stores on the loop's executor (DynamoDB needs one); empty: in-memory stores. A failure (its
// storage::error message) is the container's init error.
using store_opener = std::function<task<storage::result<storage::stores>>(boost::asio::any_io_executor)>;

struct lambda_options {
    response_mode mode = response_mode::buffered;
    http::streamable_options mcp; // path, CORS, limits; the Host check is off on Lambda
    store_opener open_stores;
    std::chrono::milliseconds deadline_margin{1000}; // ends the invocation this long before its deadline
    std::size_t threads = 2; // of the io_context (handlers; blocking tools use a pool)
    // Set by production() when the environment's settings are refused (MCP_CORS_*, MCP_AUTH_*, ...): run()
    // then reports an init error with it and serves nothing. Serving without the refused setting could mean
    // serving without authorization.
    std::string configuration_error;
};

using mcp::environment;
using mcp::process_environment;

// Ready-made configurations.
// development: in-memory sessions and events, CORS open to every origin, MCP_LAMBDA_MODE (default buffered).
lambda_options development(environment const& env = process_environment);
// production: sessions and events in DynamoDB (storage/open.hpp: MCP_DYNAMODB_SESSIONS_TABLE, ...; AWS_REGION
// and the credentials Lambda sets), CORS from MCP_CORS_ORIGINS / MCP_CORS_CREDENTIALS / MCP_CORS_MAX_AGE
// (unset: no cross-origin access), MCP_LAMBDA_MODE=streaming|buffered (default buffered), MCP_PATH.
lambda_options production(environment const& env = process_environment);

// CORS from MCP_CORS_ORIGINS ("*" or a comma-separated list of origins), MCP_CORS_CREDENTIALS (true/false)
// and MCP_CORS_MAX_AGE (seconds). Unset origins: CORS off. The same reading as mcp::run's HTTP server
// (http/environment.hpp).
using http::cors_from_environment;

// True when the process runs as a Lambda function (AWS_LAMBDA_RUNTIME_API is set).
bool on_lambda(environment const& env = process_environment);

// Runs the invocation loop until the Runtime API goes away. Returns the process exit code (Lambda restarts
// the container when it exits). Init failures (stores that cannot be opened) are reported to
// /runtime/init/error.
int run(server& srv, lambda_options options);

// What the invocation loop tells handlers about the invocation (from the request metadata).
struct invocation_info {
    std::string request_id;
    std::chrono::system_clock::time_point deadline;
    std::string trace_id;
    std::string function_arn;
};
std::optional<invocation_info> invocation_of(request_metadata const& metadata);

} // namespace mcp::lambda
