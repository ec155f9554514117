// The answer to one 2026-07-28 request over Streamable HTTP (basic/transports/streamable-http): the request
// runs in a scope of its own (no session, no store), on a strand of its own. Its answer is JSON when the result
// comes first, else an SSE stream of its progress and logs ending with the result. No event ids, no priming
// event, no resumption: a client that loses the stream sends the request again. Closing the stream cancels the
// request (basic/patterns/cancellation).
#include <mcp/http/modern_answer.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/sse.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>

namespace mcp::http {
namespace {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

// Where the request's scope sends its notifications: the request's own stream, whatever `related` says.
class request_outbound : public outbound {
public:
    request_outbound(io_strand strand, std::weak_ptr<sse_stream> stream)
        : strand_(std::move(strand)), stream_(std::move(stream)) {}

    void send(boost::json::object message, std::optional<protocol::request_id> const&) override {
        if (strand_.running_in_this_thread()) {
            if (auto s = stream_.lock())
                s->push(std::move(message));
            return;
        }
        asio::post(strand_, [weak = stream_, m = std::move(message)]() mutable {
            if (auto s = weak.lock())
                s->push(std::move(m));
        });
    }

private:
    io_strand strand_;
    std::weak_ptr<sse_stream> stream_;
};

// The handler's outcome ends the stream: the response, or nothing when it was cancelled.
task<> run_request(std::shared_ptr<session> scope, protocol::request r, request_metadata meta,
                   std::shared_ptr<sse_stream> stream) {
    auto reply = co_await scope->handle(protocol::message(std::move(r)), std::move(meta));
    if (reply)
        stream->push(std::move(*reply), true);
    else
        stream->close();
}

void cancel(session& scope, protocol::request_id const& id, std::string_view why) {
    log::debug("request {}: cancelled ({})", protocol::to_string(id), why);
    protocol::notification n{"notifications/cancelled", {{"requestId", protocol::to_json(id)}}};
    auto taken = scope.handle(protocol::message(std::move(n))); // taken at the call (session.hpp)
    (void)taken;
}

bool past(std::optional<clock::time_point> deadline) { return deadline && clock::now() >= *deadline; }

// How long to wait for the next message: the client is looked at (client_gone) at least every second, and
// the deadline is never overslept.
std::chrono::milliseconds next_wait(modern_settings const& s) {
    auto wait = std::min(s.keepalive, std::chrono::milliseconds(1000));
    if (!s.deadline)
        return wait;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*s.deadline - clock::now());
    return std::clamp(left, std::chrono::milliseconds(0), wait);
}

std::string event_text(boost::json::object const& message) {
    return sse::encode({std::nullopt, std::nullopt, boost::json::serialize(message), std::nullopt});
}

struct stream_state {
    std::shared_ptr<session> scope;
    protocol::request_id id;
    std::shared_ptr<sse_stream> stream;
    response_writer& out;
    modern_settings settings;
};

// Writes the stream from `first` on until the response (true), the client leaving, or the deadline.
task<bool> write_stream(stream_state& st, headers base, sse_stream::item first) {
    base.set("content-type", "text/event-stream");
    base.set("cache-control", "no-cache");
    base.set("x-accel-buffering", "no"); // streamable-http, receiving messages: proxies must not buffer it
    co_await st.out.start(200, std::move(base));
    auto last_write = clock::now();
    std::optional<sse_stream::item> item = std::move(first);
    bool delivered = false;
    for (;;) {
        if (item) {
            if (!co_await st.out.write(event_text(item->message)))
                co_return false; // the client closed the stream
            last_write = clock::now();
            if ((delivered = item->last))
                break;
        } else if (st.stream->drained() || past(st.settings.deadline) || st.out.client_gone()) {
            break;
        } else if (!co_await st.stream->wait(next_wait(st.settings)) &&
                   clock::now() - last_write >= st.settings.keepalive) {
            if (!co_await st.out.write(sse::comment("keepalive")))
                co_return false;
            last_write = clock::now();
        }
        item = st.stream->try_next();
    }
    co_await st.out.finish();
    co_return delivered;
}

// 2026-07-28 streamable-http: the errors of the request's own envelope and routing are HTTP errors.
int status_of(boost::json::object const& reply) {
    auto const* e = reply.if_contains("error");
    auto const* code = e && e->is_object() ? e->as_object().if_contains("code") : nullptr;
    if (!code || !code->is_int64())
        return 200;
    switch (code->as_int64()) {
    case protocol::code::parse_error:
    case protocol::code::invalid_request:
    case protocol::code::header_mismatch:
    case protocol::code::missing_client_capability:
    case protocol::code::unsupported_protocol_version:
        return 400;
    case protocol::code::method_not_found:
        return 404;
    default:
        return 200;
    }
}

} // namespace

namespace {

// Waits for the request's first message and answers with it: JSON, or an SSE stream from it on. True when the
// request was answered (its result, or the error of a handler that failed); false when the client left or the
// deadline passed first.
task<bool> deliver(stream_state& st, headers base) {
    for (;;) {
        if (auto first = st.stream->try_next()) {
            if (first->last && !st.settings.always_sse) {
                boost::json::value body(std::move(first->message));
                co_await reply_json(st.out, status_of(body.as_object()), body, std::move(base));
                co_return true;
            }
            co_return co_await write_stream(st, std::move(base), std::move(*first));
        }
        if (st.stream->drained()) { // the handler failed (logged): a request always gets an answer
            auto failed = error::internal();
            co_await reply_error(st.out, 500, failed, std::move(base), st.id);
            co_return true;
        }
        if (st.out.client_gone())
            co_return false;
        if (past(st.settings.deadline)) {
            auto late = error::internal("The request did not finish before the front door's deadline; send it "
                                        "again (it was cancelled)");
            co_await reply_error(st.out, 200, late, std::move(base), st.id);
            co_return false;
        }
        co_await st.stream->wait(next_wait(st.settings));
    }
}

} // namespace

task<> answer_modern(std::shared_ptr<session> scope, protocol::request r, request_metadata meta,
                     std::shared_ptr<sse_stream> stream, response_writer& out, headers base,
                     modern_settings settings) {
    stream_state st{scope, r.id, stream, out, settings};
    auto id = protocol::to_string(r.id);
    asio::co_spawn(scope->executor(), run_request(scope, std::move(r), std::move(meta), stream),
                   [stream, id](std::exception_ptr failure) {
                       if (!failure)
                           return;
                       log::error("request {}: its handler failed; its stream ends without a result", id);
                       stream->close();
                   });
    bool answered = false;
    std::exception_ptr failure;
    try {
        answered = co_await deliver(st, std::move(base));
    } catch (...) {
        failure = std::current_exception();
    }
    // Unless the answer went out, the handler is cancelled and its stream closed, however delivery ended (the
    // client left, the deadline, the writer threw): nothing goes on running or queueing messages for no one. Not
    // in a destructor: a frame destroyed with its io_context (shutdown) must not touch the timers gone with it.
    if (!answered) {
        cancel(*scope, st.id, "its answer was not delivered");
        stream->close();
    }
    if (failure)
        std::rethrow_exception(failure);
}

std::shared_ptr<outbound> request_stream_outbound(io_strand strand, std::weak_ptr<sse_stream> stream) {
    return std::make_shared<request_outbound>(std::move(strand), std::move(stream));
}

} // namespace mcp::http
