// Running and answering one 2026-07-28 request over Streamable HTTP (modern_answer.cpp says how); the checks
// before it (envelope, headers) are streamable::post_modern's.
#pragma once

#include <mcp/core/strand.hpp>
#include <mcp/http/exchange.hpp>
#include <mcp/http/sse_stream.hpp>
#include <mcp/server/session.hpp>

#include <chrono>
#include <memory>
#include <optional>

namespace mcp::http {

struct modern_settings {
    bool always_sse = false;
    std::chrono::milliseconds keepalive = std::chrono::seconds(15);
    std::optional<std::chrono::steady_clock::time_point> deadline; // the exchange's (Lambda): the request is
                                                                   // cancelled there
};

// The outbound of a request's scope: every message goes to `stream`, on `strand`. Thread-safe.
std::shared_ptr<outbound> request_stream_outbound(io_strand strand, std::weak_ptr<sse_stream> stream);

// Runs `r` in `scope` (whose outbound feeds `stream`) and answers it: JSON when the result comes first, else
// SSE until the result. A client that leaves, or the deadline, cancels the request. Runs on the scope's strand;
// suspends until the answer is written. HTTP 400 for the era's refusals (-32020/-32021/-32022, -32600, -32700),
// 404 for -32601, 200 otherwise.
task<> answer_modern(std::shared_ptr<session> scope, protocol::request r, request_metadata meta,
                     std::shared_ptr<sse_stream> stream, response_writer& out, headers base,
                     modern_settings settings);

} // namespace mcp::http
