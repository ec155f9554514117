// POST: one JSON-RPC message per body (2025-11-25 basic/transports, sending messages to the server).
#include <mcp/http/streamable.hpp>

#include <algorithm>
#include <exception>

#include <mcp/http/durable_record.hpp>
#include <mcp/http/http_session.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/reply_relay.hpp>
#include <mcp/http/sse.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::http {
namespace {

namespace asio = boost::asio;

struct stream_settings {
    bool always_sse;
    std::chrono::milliseconds retry;
    std::chrono::milliseconds keepalive;
    std::optional<std::chrono::steady_clock::time_point> deadline; // of the exchange (request::deadline)
    // Where the session's changes are saved before its answer goes out: the client's next request may reach
    // another process, which must see them (logging/setLevel, resources/subscribe, ...).
    std::shared_ptr<storage::session_store> sessions;
};

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

// The client's headers, except those posing as trusted metadata (ARCHITECTURE.md 7a), then the front door's
// trusted metadata.
request_metadata metadata_of(request const& req) {
    request_metadata m;
    m.reserve(req.headers.fields().size() + req.trusted.fields().size());
    for (auto const& [name, value] : req.headers.fields())
        if (!is_reserved_metadata_name(name))
            m.set(name, value);
    for (auto const& [name, value] : req.trusted.fields())
        m.set(name, value);
    return m;
}

// The request's outcome ends its stream: the response, or nothing when it was cancelled.
task<> run_request(std::shared_ptr<mcp::session> core, protocol::message msg, request_metadata meta,
                   std::shared_ptr<sse_stream> stream) {
    auto reply = co_await core->handle(std::move(msg), std::move(meta));
    if (reply)
        stream->push(std::move(*reply), true);
    else
        stream->close();
}

// A notification, or an answer to one of our requests. An answer that no request here waits for goes to the
// process that does wait, through the event store (reply_relay.hpp); its error is the store's.
task<result<>> deliver(std::shared_ptr<http_session> s, protocol::message msg, boost::json::object raw,
                       request_metadata meta) {
    if (auto id = answer_id(msg); id && !s->core()->awaits(*id)) {
        auto relayed = relay_reply(s, std::move(raw));
        co_return co_await std::move(relayed);
    }
    auto handled = s->core()->handle(std::move(msg), std::move(meta));
    co_await std::move(handled);
    co_return result<>{};
}

std::string event_text(sse_stream const& stream, std::optional<storage::stored_event> const& e,
                       boost::json::object const& message) {
    sse::event out;
    if (e)
        out.id = sse::event_id{stream.id(), e->sequence}.to_string();
    out.data = e ? e->data : boost::json::serialize(message);
    return sse::encode(out);
}

// Saves what the request changed before its answer goes out (see stream_settings::sessions). When that fails the
// client gets the store's error instead of `answer`: told that the request succeeded, it would go on as if a
// change (a log level, a subscription) were kept that another process, or this one after a restart, has not.
task<> save_before_answer(std::shared_ptr<http_session> s, stream_settings const& settings,
                          protocol::request_id const& id, boost::json::object& answer) {
    auto saved = co_await persist(std::move(s), settings.sessions);
    if (!saved)
        answer = protocol::make_error_response(id, public_store_error(saved.error()));
}

// Streams the request's messages: a priming event, then each message stored as an event and written while the
// client is connected. A client that goes away loses nothing: events are stored until the response, and a GET
// with Last-Event-ID resumes the stream. At the exchange's deadline the connection ends and store_rest()
// takes over; returns false then (the stream is still registered).
task<bool> stream_answer(std::shared_ptr<http_session> s, std::shared_ptr<sse_stream> stream,
                         std::optional<sse_stream::item> first, response_writer& out, headers base,
                         stream_settings settings, protocol::request_id id) {
    http_session::stream_guard open(*s);
    base.set("content-type", "text/event-stream");
    base.set("cache-control", "no-cache");
    co_await out.start(200, std::move(base));
    sse::event priming{sse::event_id{stream->id(), 0}.to_string(), std::nullopt, "",
                       static_cast<std::uint32_t>(settings.retry.count())};
    auto priming_text = sse::encode(priming);
    bool connected = co_await out.write(std::move(priming_text));
    // Without a first message, what is queued already (a deferred stream opens with its first message queued),
    // unless the exchange is already past its deadline (then store_rest() takes everything).
    auto item = first || past(settings) ? std::move(first) : stream->try_next();
    for (;;) {
        if (item) {
            if (item->last)
                co_await save_before_answer(s, settings, id, item->message);
            auto e = co_await s->store(*stream, item->message);
            auto text = event_text(*stream, e, item->message);
            if (connected)
                connected = co_await out.write(std::move(text));
            if (item->last)
                break;
        } else if (stream->drained()) {
            break;
        } else if (past(settings)) {
            asio::co_spawn(s->strand(), store_rest(s, stream, std::move(id)), asio::detached);
            if (connected)
                co_await out.finish();
            co_return false;
        } else if (!co_await stream->wait(next_wait(settings)) && connected && !past(settings)) {
            auto keepalive = sse::comment("keepalive");
            connected = co_await out.write(std::move(keepalive));
        }
        item = stream->try_next();
    }
    stream->finish();
    if (connected)
        co_await out.finish();
    co_return true;
}

// The request's first message; nullopt when the stream closed without one (the client cancelled), or when the
// exchange's deadline came first (`late` turns true).
task<std::optional<sse_stream::item>> first_message(sse_stream& stream, stream_settings settings,
                                                    bool& late) {
    for (;;) {
        if (auto item = stream.try_next())
            co_return item;
        if (stream.drained())
            co_return std::nullopt;
        if (past(settings)) {
            late = true;
            co_return std::nullopt;
        }
        co_await stream.wait(next_wait(settings));
    }
}

// Answers with JSON once the request's changes are saved; 503 with the store's error when they cannot be.
task<> answer_json(std::shared_ptr<http_session> s, stream_settings const& settings, protocol::request_id const& id,
                   boost::json::object reply, response_writer& out, headers base) {
    auto saved = co_await persist(s, settings.sessions);
    if (!saved)
        co_return co_await reply_store_error(out, saved.error(), "session " + s->id() + ": save", std::move(base),
                                             id);
    boost::json::value body(std::move(reply)); // reply_json takes a value: moved, not copied
    co_await reply_json(out, 200, body, std::move(base));
}

// A request on the direct path, shared by its answer and (once its stream opens) its writer. Both run on the
// session's strand, and the answer waits for the writer.
struct direct_answer {
    std::shared_ptr<http_session> s;
    response_writer& out;
    headers base;
    stream_settings settings;
    protocol::request_id id;
    std::shared_ptr<sse_stream> stream;              // opened by the first message tied to the request
    std::optional<asio::steady_timer> writer_waiter; // cancelled when the writer is done
    bool written = false;
    std::exception_ptr writer_failure;
};

// A stream opened already closed (the session ended before the request sent anything) answers as a cancelled
// request does: 202 without a body.
task<> write_stream(direct_answer& a) {
    if (a.stream->drained())
        co_return co_await a.out.respond(202, std::move(a.base), "");
    co_await stream_answer(a.s, a.stream, std::nullopt, a.out, std::move(a.base), a.settings, a.id);
}

void start_writer(direct_answer& a, std::shared_ptr<sse_stream> const& stream) {
    a.stream = stream;
    a.writer_waiter.emplace(a.s->strand(), std::chrono::steady_clock::time_point::max());
    // Runs whether the writer ended or threw: either way the answer waits for it before `a` goes away.
    asio::co_spawn(a.s->strand(), write_stream(a), [&a](std::exception_ptr failure) {
        a.writer_failure = failure;
        a.written = true;
        a.writer_waiter->cancel();
    });
}

// Runs on the session's strand, when the exchange has no deadline and SSE is not forced. The request runs right
// here; a handler that sends a message tied to it before its result (progress, a log, a request to the client)
// opens its SSE stream, written live from then on, and the result ends it. The others (most calls) are answered
// with JSON, with no stream, no second coroutine and no timer.
task<> answer_direct(std::shared_ptr<http_session> s, protocol::request r, request_metadata meta,
                     response_writer& out, headers base, stream_settings settings) {
    direct_answer a{s, out, std::move(base), std::move(settings), r.id, nullptr, std::nullopt};
    s->defer_post_stream(a.id, [&a](std::shared_ptr<sse_stream> const& stream) { start_writer(a, stream); });
    protocol::message msg(std::move(r)); // named: see streamable::post on g++ 12 and temporaries
    std::optional<boost::json::object> reply;
    std::exception_ptr failure;
    try {
        auto handled = s->core()->handle(std::move(msg), std::move(meta));
        reply = co_await std::move(handled);
    } catch (...) {
        failure = std::current_exception(); // rethrown once the writer, which uses `a`, is done
    }
    if (a.stream) {
        if (reply)
            a.stream->push(std::move(*reply), true);
        else
            a.stream->close();
        if (!a.written)
            co_await a.writer_waiter->async_wait(asio::as_tuple(asio::use_awaitable));
    }
    s->close_post_stream(a.id);
    if (failure || a.writer_failure)
        std::rethrow_exception(failure ? failure : a.writer_failure);
    if (a.stream)
        co_return;
    if (!reply) // cancelled by the client: it expects no response
        co_return co_await out.respond(202, std::move(a.base), "");
    co_await answer_json(s, a.settings, a.id, std::move(*reply), out, std::move(a.base));
}

// Runs on the session's strand. JSON when the handler sent nothing before its response (and SSE is not
// forced).
task<> answer_request(std::shared_ptr<http_session> s, protocol::request r, request_metadata meta,
                      response_writer& out, headers base, stream_settings settings) {
    auto id = r.id;
    if (s->has_post_stream(id)) { // the same id while its request runs: that stream stays the request's
        auto refusal =
            protocol::make_error_response(id, error::invalid_request("Request id " + protocol::to_string(id) +
                                                                     " is already in use by a request "
                                                                     "in progress"));
        co_return co_await reply_json(out, 200, refusal, std::move(base));
    }
    if (!settings.deadline && !settings.always_sse)
        co_return co_await answer_direct(std::move(s), std::move(r), std::move(meta), out, std::move(base),
                                         std::move(settings));
    // With a deadline (Lambda) the answer must be able to switch to SSE while the request still runs, and with
    // always_sse it opens its stream at once: the request runs in a coroutine of its own and feeds the stream.
    auto stream = s->open_post_stream(id);
    asio::co_spawn(s->strand(),
                   run_request(s->core(), protocol::message(std::move(r)), std::move(meta), stream),
                   asio::detached);
    bool late = false;
    auto first = co_await first_message(*stream, settings, late);
    if (!first && late) { // no answer yet at the deadline: an SSE stream the client resumes elsewhere
        if (co_await stream_answer(s, stream, std::nullopt, out, std::move(base), settings, id))
            s->close_post_stream(id);
        co_return;
    }
    if (!first) { // cancelled by the client: it expects no response
        s->close_post_stream(id);
        co_return co_await out.respond(202, std::move(base), "");
    }
    if (first->last && !settings.always_sse) {
        s->close_post_stream(id);
        co_return co_await answer_json(s, settings, id, std::move(first->message), out, std::move(base));
    }
    if (co_await stream_answer(s, stream, std::move(*first), out, std::move(base), settings, id))
        s->close_post_stream(id);
}

} // namespace

task<> streamable::post(request req, response_writer& out, headers base) {
    auto accept = req.headers.get_joined("accept");
    if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream"))
        co_return co_await reply_error(
            out, 406,
            error::invalid_request("Not Acceptable: Accept must list application/json and text/event-stream"),
            std::move(base));
    if (!is_json_content_type(req.headers.get("content-type")))
        co_return co_await reply_error(
            out, 415, error::invalid_request("Unsupported Media Type: Content-Type must be application/json"),
            std::move(base));
    if (req.body.size() > options_.max_body_bytes)
        co_return co_await reply_error(out, 413,
                                       error::invalid_request("Request body too large (limit " +
                                                              std::to_string(options_.max_body_bytes) +
                                                              " bytes)"),
                                       std::move(base));
    auto msg = protocol::parse_message(std::string_view(req.body));
    if (!msg) {
        boost::system::error_code ec;
        auto decoded = boost::json::parse(req.body, ec);
        co_return co_await reply_error(out, 400, msg.error(), std::move(base),
                                       ec ? std::nullopt : protocol::salvage_id(decoded));
    }
    auto meta = metadata_of(req);
    auto* r = std::get_if<protocol::request>(&*msg);
    if (r && r->method == "initialize") {
        auto key = client_key(req.remote_address, options_.session_creation.limit_loopback);
        if (auto wait = creations_.take(key, creation_limiter::clock::now())) {
            log::warn("initialize from {}: refused, it creates sessions too fast", req.remote_address);
            base.set("retry-after", std::to_string(wait->count()));
            co_return co_await reply_error(out, 429,
                                           error::rate_limited(*wait, "Too Many Requests: this client creates "
                                                                      "sessions too fast; retry in " +
                                                                          std::to_string(wait->count()) + " s"),
                                           std::move(base), r->id);
        }
    }
    if (r && r->method == "initialize")
        co_return co_await initialize(std::move(*r), std::move(meta), out, std::move(base), req.deadline);
    auto s = co_await session_for(req, out, base);
    if (!s)
        co_return;
    stream_settings settings{options_.always_sse, options_.retry, options_.keepalive, req.deadline,
                             sessions_};
    if (r) {
        co_await on_strand(s->strand(),
                           answer_request(s, std::move(*r), std::move(meta), out, std::move(base), settings));
    } else {
        // parse_message accepted the body, so it is an object. Named locals around co_await: g++ 12 destroys
        // some temporaries there twice.
        auto raw = boost::json::parse(req.body).as_object();
        auto delivered = deliver(s, std::move(*msg), std::move(raw), std::move(meta));
        auto outcome = co_await on_strand(s->strand(), std::move(delivered));
        if (!outcome) // the client's answer could not reach the waiting process: it must not think it did
            co_return co_await reply_store_error(out, outcome.error(), "session " + s->id() + ": relay",
                                                 std::move(base));
        // Before the 202: see stream_settings::sessions.
        if (auto saved = co_await persist(s, sessions_); !saved)
            co_return co_await reply_store_error(out, saved.error(), "session " + s->id() + ": save",
                                                 std::move(base));
        co_await out.respond(202, std::move(base), "");
    }
    // What the request changed after its answer (a deadline cut its stream): failures are logged by persist.
    co_await persist(s, sessions_);
}

// 2025-11-25 basic/transports, session management: initialize creates the session and names it in the
// response.
task<> streamable::initialize(protocol::request r, request_metadata meta, response_writer& out, headers base,
                              std::optional<std::chrono::steady_clock::time_point> deadline) {
    auto s = http_session::create(server_, executor_, events_, std::nullopt, reply_poll(),
                                      options_.reply_poll_max);
    storage::session_record record;
    record.id = s->id();
    if (auto created = co_await sessions_->create(std::move(record)); !created)
        co_return co_await reply_store_error(out, created.error(), "initialize: create", std::move(base), r.id);
    {
        std::lock_guard lock(live_->mutex);
        live_->sessions[s->id()] = s;
    }
    base.set("mcp-session-id", s->id());
    stream_settings settings{options_.always_sse, options_.retry, options_.keepalive, deadline, sessions_};
    co_await on_strand(s->strand(),
                       answer_request(s, std::move(r), std::move(meta), out, std::move(base), settings));
    if (!s->core()->initialized()) { // the initialize failed: no session was made after all
        co_await sessions_->terminate(s->id());
        forget(s->id());
        co_return;
    }
    co_await persist(s, sessions_);
}

} // namespace mcp::http
