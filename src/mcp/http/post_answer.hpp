// post_answer: one POST request's answer while it is carried out (internal to streamable_post.cpp), and the
// executors of the modes answer_plan.hpp decides after the handler's first outcome: JSON, an SSE stream, a
// stream cut at the exchange's deadline, an empty 202.
//
// Ownership: a post_answer is held by shared_ptr, by the coroutine answering the POST and by the writer that
// the stream's opening starts; the session's registration of the request's stream
// (http_session::defer_post_stream, until close_post_stream) holds it weakly, as the answer holds the session.
// None of them refers into another's frame. `out` is the connection's writer: it outlives the POST's handler,
// which waits for every writer started here.
// Everything here runs on the session's strand.
#pragma once

#include <mcp/http/answer_plan.hpp>
#include <mcp/http/exchange.hpp>
#include <mcp/http/http_session.hpp>
#include <mcp/storage/session_store.hpp>

#include <boost/asio/experimental/channel.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>

namespace mcp::http {

struct stream_settings {
    bool always_sse;
    std::chrono::milliseconds retry;
    std::chrono::milliseconds keepalive;
    std::optional<std::chrono::steady_clock::time_point> deadline; // of the exchange (request::deadline)
    // Where the session's changes are saved before its answer goes out: the client's next request may reach
    // another process, which must see them (logging/setLevel, resources/subscribe, ...).
    std::shared_ptr<storage::session_store> sessions;
};

struct post_answer {
    post_answer(std::shared_ptr<http_session> session, response_writer& writer, headers h, stream_settings st,
                protocol::request_id request, post_facts f);

    std::shared_ptr<http_session> s;
    response_writer& out;
    headers base;
    stream_settings settings;
    protocol::request_id id;
    post_facts facts;                   // as they were when the POST came
    std::shared_ptr<sse_stream> stream; // null until opened
    // Sent once, with the writer's failure (or null), when the writer that the stream's opening started ends.
    boost::asio::experimental::channel<void(boost::system::error_code, std::exception_ptr)> writer_done;

    answer_options options() const { return {.always_sse = settings.always_sse}; }
};

// The request's first outcome on its stream (answer_plan.hpp), and the first item when there is one.
struct first_seen {
    first_outcome outcome;
    std::optional<sse_stream::item> item;
};
// Waits on the stream for the request's first outcome, at most until the exchange's deadline.
task<first_seen> first_message(sse_stream& stream, stream_settings const& settings);

// Carries out `mode` (json, sse, sse_cut or empty_202) with the request's first item, when there was one. For
// sse and sse_cut, false when the exchange's deadline ended the connection and the stream goes on into the
// store (it stays registered until then); true otherwise.
task<bool> answer_with(std::shared_ptr<post_answer> a, answer_mode mode,
                       std::optional<sse_stream::item> first);

} // namespace mcp::http
