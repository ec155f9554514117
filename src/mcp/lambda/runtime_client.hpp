// The AWS Lambda Runtime API client (2018-06-01): what a custom runtime says to the Lambda service about its
// invocations. One HTTP/1.1 connection to AWS_LAMBDA_RUNTIME_API, used for one call at a time, as a Lambda
// container serves one invocation at a time. Not for: event formats (events.hpp) or MCP (runtime.hpp).
//
//   next() --GET /runtime/invocation/next (waits as long as it takes)--> runtime_invocation
//   respond(id, body)         POST /runtime/invocation/{id}/response              (buffered)
//   stream_start(id) ; stream_write(bytes)* ; stream_end(failure?)               (response streaming:
//   chunked,
//                                                      Lambda-Runtime-Function-Response-Mode: streaming,
//                                                      an error after the first byte goes in the trailers)
//   fail(id, failure)         POST /runtime/invocation/{id}/error
//   init_failed(failure)      POST /runtime/init/error
//
// Errors are values: the Runtime API unreachable or answering something unexpected (code internal_error, the
// message says which call and what came back). The client never retries: the invocation loop decides.
// Beast and Asio templates live in runtime_client.cpp only.
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace mcp::lambda {

// One invocation as the Runtime API hands it out.
struct runtime_invocation {
    std::string request_id;                         // Lambda-Runtime-Aws-Request-Id
    std::chrono::system_clock::time_point deadline; // Lambda-Runtime-Deadline-Ms
    std::string function_arn;                       // Lambda-Runtime-Invoked-Function-Arn
    std::string trace_id;                           // Lambda-Runtime-Trace-Id (X-Ray), may be empty
    std::string payload;                            // the event, JSON text
};

// What went wrong, as the Runtime API wants it: {"errorType": ..., "errorMessage": ...}.
struct failure {
    std::string type;    // "Runtime.UnknownEvent", "Function.Timeout", ...
    std::string message; // for people: what happened and what to do
};

class runtime_client {
public:
    // `endpoint` is host:port, the value of AWS_LAMBDA_RUNTIME_API. Connects on first use.
    runtime_client(boost::asio::any_io_executor ex, std::string endpoint);
    ~runtime_client();
    runtime_client(runtime_client const&) = delete;
    runtime_client& operator=(runtime_client const&) = delete;

    task<result<runtime_invocation>> next();
    task<result<>> respond(std::string request_id, std::string body,
                           std::string content_type = "application/json");
    task<result<>> fail(std::string request_id, failure f);
    task<result<>> init_failed(failure f);

    // Response streaming. stream_start sends the request head; stream_write one chunk (false once the
    // connection broke: the rest is discarded); stream_end the last chunk, with the error trailers when
    // `f` is set, then reads the Runtime API's answer.
    task<result<>> stream_start(std::string request_id, std::string content_type);
    task<bool> stream_write(std::string bytes);
    task<result<>> stream_end(std::optional<failure> f = std::nullopt);

    std::string const& endpoint() const;

    struct state;

private:
    std::shared_ptr<state> state_;
};

// The body of /error and /init/error, and of the error trailer: {"errorMessage": ..., "errorType": ...}.
std::string failure_json(failure const& f);

} // namespace mcp::lambda
