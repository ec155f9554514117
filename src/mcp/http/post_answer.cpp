// Carrying out a POST's answer once the handler's first outcome is known (post_answer.hpp).
#include <mcp/http/post_answer.hpp>

#include <mcp/http/durable_record.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/sse.hpp>
#include <mcp/http/store_errors.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <algorithm>
#include <stdexcept>

namespace mcp::http {

post_answer::post_answer(std::shared_ptr<http_session> session, response_writer& writer, headers h,
                         stream_settings st, protocol::request_id request, post_facts f)
    : s(std::move(session)), out(writer), base(std::move(h)), settings(std::move(st)), id(std::move(request)),
      facts(f), writer_done(s->strand(), 1) {}

namespace {

namespace asio = boost::asio;

// How long to wait for the stream's next message: the keepalive period, cut short by the exchange's deadline.
std::chrono::milliseconds next_wait(stream_settings const& settings) {
    if (!settings.deadline)
        return settings.keepalive;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*settings.deadline -
                                                                      std::chrono::steady_clock::now());
    return std::clamp(left, std::chrono::milliseconds(0), settings.keepalive);
}

bool past(stream_settings const& settings) {
    return settings.deadline && std::chrono::steady_clock::now() >= *settings.deadline;
}

// Stores the rest of a stream whose client connection had to end (the exchange's deadline): the request goes
// on and its events stay resumable. Runs on the session's strand; unregisters the stream when it ends.
task<> store_rest(std::shared_ptr<http_session> s, std::shared_ptr<sse_stream> stream,
                  protocol::request_id id) {
    http_session::stream_guard open(*s);
    while (auto item = co_await stream->next()) {
        co_await s->store(*stream, item->message);
        if (item->last)
            break;
    }
    stream->finish();
    s->close_post_stream(id);
}

std::string event_text(sse_stream const& stream, std::optional<storage::stored_event> const& e,
                       boost::json::object const& message) {
    sse::event out;
    if (e)
        out.id = sse::event_id{stream.id(), e->sequence}.to_string();
    out.data = e ? e->data : boost::json::serialize(message);
    return sse::encode(out);
}

// Saves what the request changed before its answer goes out (see stream_settings::sessions). When that fails
// the client gets the store's error instead of `answer`: told that the request succeeded, it would go on as
// if a change (a log level, a subscription) were kept that another process, or this one after a restart, has
// not.
task<> save_before_answer(post_answer const& a, boost::json::object& answer) {
    auto saved = co_await persist(a.s, a.settings.sessions);
    if (!saved)
        answer = protocol::make_error_response(a.id, public_store_error(saved.error()).json_rpc);
}

// The first event of an SSE answer: its id lets the client resume the stream, `retry` says after how long.
std::string priming_text(sse_stream const& stream, stream_settings const& settings) {
    sse::event priming{sse::event_id{stream.id(), 0}.to_string(), std::nullopt, "",
                       static_cast<std::uint32_t>(settings.retry.count())};
    return sse::encode(priming);
}

void set_sse_headers(headers& h) {
    h.set("content-type", "text/event-stream");
    h.set("cache-control", "no-cache");
}

// The SSE response's headers and priming event; false when the client is gone already.
task<bool> start_stream(std::shared_ptr<post_answer> a) {
    set_sse_headers(a->base);
    co_await a->out.start(200, std::move(a->base));
    co_return co_await a->out.write(priming_text(*a->stream, a->settings));
}

// One message of the stream: stored as an event (the result saved first), written while the client is there.
// Returns whether it still is.
task<bool> write_item(std::shared_ptr<post_answer> a, sse_stream::item item, bool connected) {
    if (item.last && unsaved(*a->s))
        co_await save_before_answer(*a, item.message);
    auto e = co_await a->s->store(*a->stream, item.message);
    auto text = event_text(*a->stream, e, item.message);
    if (connected)
        connected = co_await a->out.write(std::move(text));
    co_return connected;
}

// The exchange's deadline: the connection ends here and store_rest() takes the stream over.
task<bool> cut(std::shared_ptr<post_answer> a, bool connected) {
    asio::co_spawn(a->s->strand(), store_rest(a->s, a->stream, a->id), asio::detached);
    if (connected)
        co_await a->out.finish();
    co_return false;
}

// Streams the request's messages: a priming event, then each message stored as an event and written while the
// client is connected. A client that goes away loses nothing: events are stored until the response, and a GET
// with Last-Event-ID resumes the stream. At the exchange's deadline the connection ends (cut()).
task<bool> stream_answer(std::shared_ptr<post_answer> a, std::optional<sse_stream::item> first) {
    http_session::stream_guard open(*a->s);
    auto& stream = *a->stream;
    bool connected = co_await start_stream(a);
    // Without a first message, what is queued already (a deferred stream opens with its first message
    // queued), unless the exchange is already past its deadline (then store_rest() takes everything).
    auto item = first || past(a->settings) ? std::move(first) : stream.try_next();
    for (;;) {
        if (item) {
            bool const last = item->last;
            connected = co_await write_item(a, std::move(*item), connected);
            if (last)
                break;
        } else if (stream.drained()) {
            break;
        } else if (past(a->settings)) {
            co_return co_await cut(a, connected);
        } else if (!co_await stream.wait(next_wait(a->settings)) && connected && !past(a->settings)) {
            auto keepalive = sse::comment("keepalive");
            connected = co_await a->out.write(std::move(keepalive));
        }
        item = stream.try_next();
    }
    stream.finish();
    if (connected)
        co_await a->out.finish();
    co_return true;
}

// Answers with JSON once the request's changes are saved; 503 with the store's error when they cannot be.
task<> answer_json(std::shared_ptr<post_answer> a, boost::json::object reply) {
    if (unsaved(*a->s)) {
        auto saved = co_await persist(a->s, a->settings.sessions);
        if (!saved)
            co_return co_await reply_store_error(a->out, saved.error(), "session " + a->s->id() + ": save",
                                                 std::move(a->base), a->id);
    }
    boost::json::value body(std::move(reply)); // reply_json takes a value: moved, not copied
    co_await reply_json(a->out, 200, body, std::move(a->base));
}

// answer_mode::sse_whole: the result is all the stream will carry, so the priming event and the result's event
// go out as one body with its length, stored and saved first as a streamed answer's are (resumable alike).
task<> answer_sse_whole(std::shared_ptr<post_answer> a, boost::json::object reply) {
    if (unsaved(*a->s))
        co_await save_before_answer(*a, reply);
    auto stream = a->stream ? a->stream : std::make_shared<sse_stream>(new_stream_id(), a->s->strand());
    auto e = co_await a->s->store(*stream, reply);
    auto body = priming_text(*stream, a->settings) + event_text(*stream, e, reply);
    set_sse_headers(a->base);
    co_await a->out.respond(200, std::move(a->base), std::move(body));
}

} // namespace

task<first_seen> first_message(sse_stream& stream, stream_settings const& settings) {
    for (;;) {
        if (auto item = stream.try_next()) {
            auto outcome = item->last ? first_outcome::result : first_outcome::message;
            co_return first_seen{outcome, std::move(item)};
        }
        if (stream.drained())
            co_return first_seen{first_outcome::nothing, std::nullopt};
        if (past(settings))
            co_return first_seen{first_outcome::deadline, std::nullopt};
        co_await stream.wait(next_wait(settings));
    }
}

task<bool> answer_with(std::shared_ptr<post_answer> a, answer_mode mode,
                       std::optional<sse_stream::item> first) {
    switch (mode) {
    case answer_mode::json:
        if (!first)
            break;
        co_await answer_json(std::move(a), std::move(first->message));
        co_return true;
    case answer_mode::sse_whole:
        if (!first)
            break;
        co_await answer_sse_whole(std::move(a), std::move(first->message));
        co_return true;
    case answer_mode::sse:
    case answer_mode::sse_cut:
        co_return co_await stream_answer(std::move(a), std::move(first));
    case answer_mode::empty_202: // cancelled by the client, or the session ended: it expects no response
        co_await a->out.respond(202, std::move(a->base), "");
        co_return true;
    default:
        break;
    }
    throw std::logic_error(std::string("answer_with: no answer for mode ") + to_string(mode));
}

} // namespace mcp::http
