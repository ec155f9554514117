// The AWS Lambda Runtime API (version 2018-06-01) that one function process talks to, served with Beast on
// 127.0.0.1 (AWS_LAMBDA_RUNTIME_API). It speaks the HTTP and leaves every decision to a runtime_handler (the
// copy that owns the process):
//
//   GET  /2018-06-01/runtime/invocation/next           -> 200, the event, Lambda-Runtime-* headers (suspends
//   until
//                                                         an invocation is assigned; never times out)
//   POST /2018-06-01/runtime/invocation/{id}/response  -> 202 {"status":"OK"}; buffered (Content-Length) or
//        streamed (Lambda-Runtime-Function-Response-Mode: streaming, chunked, error trailers), relayed as it
//        is read
//   POST /2018-06-01/runtime/invocation/{id}/error     -> 202; the body and
//   Lambda-Runtime-Function-Error-Type POST /2018-06-01/runtime/init/error                -> 202; the
//   container is then failed unknown id -> 400 InvalidRequestID; already answered -> 403
//   InvalidStateTransition; buffered payload over 6291556 bytes -> 413 RequestEntityTooLarge; any other path
//   -> 404.
//
// Invariants
// - One server per process start (a "generation"): close() shuts its acceptor and every connection, and
// nothing
//   it read before reaches the handler afterwards, so a killed process can never answer for its successor.
// - Runs on the emulator's single I/O thread. All Beast templates of the emulator live in runtime_api.cpp.
#pragma once

#include <lambda_emulator/invocation.hpp>

#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lambda_emulator {

// What /next hands the runtime.
struct next_invocation {
    std::string id;
    long long deadline_ms = 0; // Unix time in milliseconds
    std::string function_arn;
    std::string trace_id;
    std::string event;
};

enum class id_check {
    ok,       // the invocation the process is running
    unknown,  // 400 InvalidRequestID
    answered, // 403 InvalidStateTransition
};

// A streamed response being relayed: bytes as they are read, then the end with or without an error trailer.
class response_stream {
public:
    virtual ~response_stream() = default;
    // Suspends while the client side has too much unread (backpressure).
    virtual mcp::task<> write(std::string bytes) = 0;
    // error_type empty: complete. Otherwise the Lambda-Runtime-Function-Error-Type trailer and the decoded
    // Lambda-Runtime-Function-Error-Body trailer.
    virtual void finish(std::string error_type, std::string error_body) = 0;
};

class runtime_handler {
public:
    virtual ~runtime_handler() = default;
    // Suspends until an invocation is assigned; nullopt when the container is going away.
    virtual mcp::task<std::optional<next_invocation>> next() = 0;
    // The /next answer carrying invocation `id` could not be written: the runtime never saw it.
    virtual void undelivered(std::string const& id) = 0;
    virtual id_check check(std::string_view id) = 0;
    virtual void respond(std::string_view id, std::string payload) = 0;
    virtual std::unique_ptr<response_stream> stream(std::string_view id, std::string content_type) = 0;
    virtual void invocation_error(std::string_view id, std::string error_type, std::string body) = 0;
    // Also used for a buffered payload over the limit (the invocation then fails).
    virtual void payload_too_large(std::string_view id) = 0;
    virtual void init_error(std::string error_type, std::string body) = 0;
};

namespace detail {
struct runtime_server_state;
} // namespace detail

class runtime_server {
public:
    static constexpr std::size_t max_buffered_payload = 6291556; // Lambda's synchronous response limit

    // Binds 127.0.0.1 on an ephemeral port and starts accepting. `handler` must outlive the server's
    // connections, that is until close() has been called. Throws std::system_error when it cannot bind.
    runtime_server(boost::asio::any_io_executor ex, runtime_handler& handler);
    ~runtime_server(); // close()s
    runtime_server(runtime_server const&) = delete;
    runtime_server& operator=(runtime_server const&) = delete;

    unsigned short port() const;
    // Stops accepting and closes every connection; nothing more reaches the handler. Idempotent.
    void close();

private:
    std::shared_ptr<detail::runtime_server_state> state_;
};

} // namespace lambda_emulator
