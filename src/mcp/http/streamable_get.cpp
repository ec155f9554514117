// GET: the session's standalone SSE stream, or the resumption of a broken stream with Last-Event-ID
// (2025-11-25 basic/transports, listening for messages from the server; resumability and redelivery).
#include <mcp/http/streamable.hpp>
#include <mcp/http/list_announce.hpp>

#include <algorithm>

#include <mcp/http/http_session.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/poll_backoff.hpp>
#include <mcp/http/sse.hpp>
#include <mcp/http/stored_order.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::http {
namespace {

namespace asio = boost::asio;

using clock = std::chrono::steady_clock;

struct get_settings {
    std::chrono::milliseconds retry;
    std::chrono::milliseconds keepalive;
    std::chrono::milliseconds max_stream_time;
    std::chrono::milliseconds remote_poll;     // the first wait between looks at the store
    std::chrono::milliseconds remote_poll_max; // the longest, after looks that found nothing
    std::chrono::milliseconds remote_time;
    std::optional<clock::time_point> deadline; // of the exchange (request::deadline)
    bool shared; // other processes use the stores too (else: nobody to poll for)
};

// When a stream that started at `start` ends at the latest: after `limit` (0: no limit) or at the exchange's
// deadline, whichever comes first.
clock::time_point stream_end(clock::time_point start, std::chrono::milliseconds limit,
                             get_settings const& s) {
    auto end = limit.count() > 0 ? start + limit : clock::time_point::max();
    return s.deadline ? std::min(end, *s.deadline) : end;
}

// The keepalive period, cut short by `end`.
std::chrono::milliseconds wait_until(clock::time_point end, std::chrono::milliseconds keepalive) {
    if (end == clock::time_point::max())
        return keepalive;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - clock::now());
    return std::clamp(left, std::chrono::milliseconds(0), keepalive);
}

// What a writer has not seen yet: from this process's memory of the stream, else from the event store (the
// stream may have been produced before a restart, or by another process).
task<std::vector<storage::stored_event>> unseen(http_session& s, sse_stream const* stream,
                                                std::string const& id, std::uint64_t from) {
    if (stream)
        if (auto recent = stream->recent_after(from))
            co_return std::move(*recent);
    auto stored = co_await s.events().after(s.id(), id, from);
    co_return stored ? std::move(*stored) : std::vector<storage::stored_event>{};
}

// The answer to the request that opened a POST stream: its last event.
bool is_final_answer(std::string const& data) {
    boost::system::error_code ec;
    auto v = boost::json::parse(data, ec);
    auto const* o = ec ? nullptr : v.if_object();
    return o && o->contains("id") && !o->contains("method") &&
           (o->contains("result") || o->contains("error"));
}

// Writes `events` after `from`; false when the client is gone. `answered` turns true at a POST stream's
// answer.
task<bool> write_events(std::vector<storage::stored_event> events, std::string const& id, std::uint64_t& from,
                        bool& answered, response_writer& out) {
    for (auto& e : events) {
        answered = answered || is_final_answer(e.data);
        sse::event event;
        event.id = sse::event_id{id, e.sequence}.to_string();
        event.data = std::move(e.data);
        auto text = sse::encode(event);
        if (!co_await out.write(std::move(text)))
            co_return false;
        from = e.sequence;
    }
    co_return true;
}

// Waits before the next look: woken by the local copy's stores when there is one. False when cancelled.
task<bool> wait_next(http_session& s, sse_stream* local, std::chrono::milliseconds wait) {
    if (local) {
        co_await local->wait(wait);
        co_return true;
    }
    boost::asio::steady_timer timer(s.strand(), wait);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return !ec;
}

// Follows a stream through the event store: its events after `from`, then new ones as they are stored, until
// the client leaves, `end`, or (`until_answer`: a POST stream) its answer. `local` is this process's copy of
// the stream when it has one: its stores wake the loop at once; other processes' are seen at the next look,
// remote_poll after one that found events, up to remote_poll_max after looks that found none. Each look
// reads the stream's events after the last one written, nothing else. Runs on the session's strand.
task<bool> follow_stored(http_session& s, std::string const& id, std::uint64_t from, sse_stream* local,
                         bool until_answer, clock::time_point end, response_writer& out,
                         get_settings settings) {
    auto last_write = clock::now();
    bool answered = false;
    stored_order order;     // one for the whole follow, so that a hole's grace period runs out
    bool first_read = true; // a hole there is the store's bound, not a late append: see stored_order.hpp
    poll_backoff backoff(settings.remote_poll, settings.remote_poll_max);
    for (;;) {
        auto const stored_before = local ? local->last_sequence() : 0;
        auto events = co_await unseen(s, nullptr, id, from);
        bool const found = !events.empty(); // a hole too: what fills it comes soon
        if (!first_read)
            events.resize(order.takeable(events, from));
        first_read = false;
        if (!events.empty())
            last_write = clock::now();
        if (!co_await write_events(std::move(events), id, from, answered, out))
            co_return false;
        auto now = clock::now();
        // The local copy finished: the session ended here (DELETE, expiry) or the process is stopping.
        if ((until_answer && answered) || now >= end || (local && local->finished()))
            co_return true;
        if (now - last_write >= settings.keepalive) {
            last_write = now;
            auto keepalive = sse::comment("keepalive");
            if (!co_await out.write(std::move(keepalive)))
                co_return false;
        }
        // Stored while the look was out: its wake-up found nobody waiting, so look again now.
        if (local && local->last_sequence() != stored_before)
            continue;
        // Alone (no other process shares the stores), local wake-ups suffice.
        auto const poll =
            settings.shared ? std::min(backoff.next(found), settings.keepalive) : settings.keepalive;
        if (!co_await wait_next(s, local, std::min(poll, wait_until(end, poll))) || out.client_gone())
            co_return false;
    }
}

// True when the store holds events of stream `id` after `from`, or before it: a stream this process never
// heard of and the store holds nothing of (a forged id, or one forgotten) is not followed.
task<bool> stored_anywhere(http_session& s, std::string const& id) {
    auto stored = co_await s.events().after(s.id(), id, 0);
    co_return stored && !stored->empty();
}

// Writes the stream's events after `from` until the stream ends, the client leaves, or max_stream_time passes
// (then the client reconnects with Last-Event-ID after `retry`). A stream this process does not produce
// (another process does, or did before a restart) is followed through the store until its answer, or for
// remote_time. Runs on the session's strand.
task<bool> pump(http_session& s, sse_stream* stream, std::string const& id, std::uint64_t from,
                response_writer& out, get_settings settings) {
    if (!stream) {
        if (!co_await stored_anywhere(s, id))
            co_return true; // nothing to follow (a forged or forgotten id): the stream ends after its priming
        co_return co_await follow_stored(s, id, from, nullptr, true,
                                         stream_end(clock::now(), settings.remote_time, settings), out,
                                         settings);
    }
    auto const end = stream_end(clock::now(), settings.max_stream_time, settings);
    bool answered = false;
    for (;;) {
        // Named locals, not temporaries, around co_await: g++ 12 destroys some of those twice.
        auto events = co_await unseen(s, stream, id, from);
        if (!co_await write_events(std::move(events), id, from, answered, out))
            co_return false;
        if (stream->finished() && from >= stream->last_sequence())
            co_return true;
        if (clock::now() >= end)
            co_return true;
        if (stream->last_sequence() > from) // stored while we were writing: its wake-up found no waiter
            continue;
        if (co_await stream->wait(wait_until(end, settings.keepalive)) || clock::now() >= end)
            continue;
        auto keepalive = sse::comment("keepalive");
        if (!co_await out.write(std::move(keepalive)))
            co_return false;
    }
}

// The last event the session's listening stream has stored (0: none), where a new GET starts.
task<std::uint64_t> listen_position(http_session& s) {
    auto stored = co_await s.events().after(s.id(), std::string(listen_stream), 0);
    co_return stored && !stored->empty() ? stored->back().sequence : 0;
}

// The session's listening stream (messages tied to no request) is one stream in the store, fed by every
// process that serves the session: a GET on any process, new or resumed, follows it there. A POST stream is
// followed live on the process that runs its request, through the store elsewhere.
task<> serve_get(std::shared_ptr<http_session> s, std::optional<sse::event_id> resume, response_writer& out,
                 headers base, get_settings settings) {
    bool listening = !resume || resume->stream == listen_stream;
    std::shared_ptr<sse_stream> stream = listening ? s->standalone() : s->find_stream(resume->stream);
    std::string id = listening ? std::string(listen_stream) : resume->stream;
    std::uint64_t from = resume ? resume->sequence : co_await listen_position(*s);
    if (stream && stream->writer_attached())
        co_return co_await reply_error(out, 409,
                                       error::invalid_request("Conflict: this stream already has a "
                                                              "connected client"),
                                       std::move(base));
    if (stream)
        stream->set_writer_attached(true);
    http_session::stream_guard open(*s);
    base.set("content-type", "text/event-stream");
    base.set("cache-control", "no-cache");
    co_await out.start(200, std::move(base));
    sse::event priming{sse::event_id{id, from}.to_string(), std::nullopt, "",
                       static_cast<std::uint32_t>(settings.retry.count())};
    auto priming_text = sse::encode(priming);
    bool connected = co_await out.write(std::move(priming_text));
    if (connected && listening)
        connected = co_await follow_stored(*s, id, from, stream.get(), false,
                                           stream_end(clock::now(), settings.max_stream_time, settings), out,
                                           settings);
    else if (connected)
        connected = co_await pump(*s, stream.get(), id, from, out, settings);
    if (stream)
        stream->set_writer_attached(false);
    if (connected)
        co_await out.finish();
}

} // namespace

task<> streamable::get(request req, response_writer& out, headers base) {
    if (!accepts(req.headers.get_joined("accept"), "text/event-stream"))
        co_return co_await reply_error(out, 406,
                                       error::invalid_request("Not Acceptable: Accept must list "
                                                              "text/event-stream"),
                                       std::move(base));
    auto s = co_await session_for(req, out, base);
    if (!s)
        co_return;
    if (lists_unseen(*s)) // told on the listening stream this GET may be about to follow
        co_await on_strand(s->strand(), announce_lists(s, stores_.sessions));
    std::optional<sse::event_id> resume;
    if (auto last = req.headers.get("last-event-id")) {
        resume = sse::event_id::parse(*last);
        if (!resume)
            co_return co_await reply_error(out, 400,
                                           error::invalid_request("Bad Request: Last-Event-ID " +
                                                                  printable(*last) +
                                                                  " is not an event id of this server"),
                                           std::move(base));
    }
    get_settings settings{options_.retry,
                          options_.keepalive,
                          options_.max_stream_time,
                          options_.remote_stream_poll,
                          options_.remote_stream_poll_max,
                          options_.remote_stream_time,
                          req.deadline,
                          !cache_.owns_stores()};
    co_await on_strand(s->strand(), serve_get(s, resume, out, std::move(base), settings));
}

} // namespace mcp::http
