// POST: one JSON-RPC message per body (2025-11-25 basic/transports, sending messages to the server). The
// refusals before a session is known, then the answer as answer_plan.hpp decides it, carried out here
// (running the handler) and in post_answer.cpp (writing JSON or SSE).
#include <mcp/http/streamable.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/answer_plan.hpp>
#include <mcp/http/durable_record.hpp>
#include <mcp/http/era.hpp>
#include <mcp/http/http_session.hpp>
#include <mcp/http/list_announce.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/post_answer.hpp>
#include <mcp/http/reply_relay.hpp>
#include <mcp/http/store_errors.hpp>
#include <mcp/json/arena.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <variant>

namespace mcp::http {
namespace {

namespace asio = boost::asio;

// Why a POST's body is not read (406, 415, 413, 400): the JSON-RPC error to answer with.
struct refusal {
    int status;
    error reason;
    std::optional<protocol::request_id> id; // what could be read of the body's id (400 only)
};

// The body's message, or the refusal to answer. Its values live in a message arena (one allocation for a
// typical request): what a session keeps past the request is copied out of it. Plain code, so a readable body
// (every call but a refused one) costs no coroutine frame.
std::variant<protocol::message, refusal> readable_message(request const& req, std::size_t max_body) {
    std::string joined;
    auto accept = req.headers.get_joined("accept", joined);
    if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream"))
        return refusal{406, error::invalid_request("Not Acceptable: Accept must list application/json and "
                                                   "text/event-stream")};
    if (!is_json_content_type(req.headers.get("content-type")))
        return refusal{415, error::invalid_request("Unsupported Media Type: Content-Type must be application/json")};
    if (req.body.size() > max_body)
        return refusal{413, error::invalid_request("Request body too large (limit " + std::to_string(max_body) +
                                                   " bytes)")};
    auto msg = protocol::parse_message(std::string_view(req.body), mcp::json::make_message_arena());
    if (msg)
        return std::move(*msg);
    boost::system::error_code ec;
    auto decoded = boost::json::parse(req.body, ec);
    return refusal{400, msg.error(), ec ? std::nullopt : protocol::salvage_id(decoded)};
}

// A notification, or an answer to one of our requests: accepted, relayed or dropped (answer_plan.hpp). Runs
// on the session's strand. Error: the event store's, when an answer for another process could not be stored.
task<storage::result<>> deliver(std::shared_ptr<http_session> s, protocol::message msg,
                                boost::json::object raw, request_metadata meta) {
    auto id = answer_id(msg);
    auto kind = !id                      ? post_kind::notification
                : s->core()->awaits(*id) ? post_kind::answer_here
                                         : post_kind::answer_elsewhere;
    switch (plan_answer({.kind = kind, .stores_shared = s->relay() != nullptr}, first_outcome::not_yet, {})) {
    case answer_mode::relay: {
        auto relayed = s->relay()->relay(std::move(raw));
        co_return co_await std::move(relayed);
    }
    case answer_mode::drop:
        log::debug("session {}: an answer to no request of ours (late, or unknown): dropped", s->id());
        co_return storage::result<>{};
    default:
        break; // accepted
    }
    auto handled = s->core()->handle(std::move(msg), std::move(meta));
    co_await std::move(handled);
    co_return storage::result<>{};
}

// Delivers a message that is not a request and answers 202; 503 when the relay or the save fails (false
// then).
task<bool> answer_message(std::shared_ptr<http_session> s, protocol::message msg, boost::json::object raw,
                          request_metadata meta, response_writer& out, headers base,
                          std::shared_ptr<storage::session_store> sessions) {
    auto delivered = deliver(s, std::move(msg), std::move(raw), std::move(meta));
    auto outcome = co_await on_strand(s->strand(), std::move(delivered));
    if (!outcome) { // the client's answer could not reach the waiting process: it must not think it did
        co_await reply_store_error(out, outcome.error(), "session " + s->id() + ": relay", std::move(base));
        co_return false;
    }
    // Before the 202: see stream_settings::sessions.
    if (auto saved = co_await persist(s, std::move(sessions)); !saved) {
        co_await reply_store_error(out, saved.error(), "session " + s->id() + ": save", std::move(base));
        co_return false;
    }
    co_await out.respond(202, std::move(base), "");
    co_return true;
}

// The handler of a request that runs apart (answer_mode::run_apart): its outcome ends its stream, the
// response or nothing (cancelled). A handler that throws ends the stream too (logged), so its answer does not
// wait on.
task<> run_request(std::shared_ptr<mcp::session> core, protocol::message msg, request_metadata meta,
                   std::shared_ptr<sse_stream> stream) {
    auto reply = co_await core->handle(std::move(msg), std::move(meta));
    if (reply)
        stream->push(std::move(*reply), true);
    else
        stream->close();
}

// The stream of an inline request opened (a tied message, or the session ended): its writer starts now, and
// the answer receives its end on `writer_done` once the handler returns.
void start_writer(std::shared_ptr<post_answer> const& a, std::shared_ptr<sse_stream> const& stream) {
    a->stream = stream;
    auto first = stream->drained() ? first_outcome::nothing : first_outcome::message;
    auto writer = answer_with(a, plan_answer(a->facts, first, a->options()), std::nullopt);
    asio::co_spawn(a->s->strand(), std::move(writer), [a](std::exception_ptr failure, bool) {
        a->writer_done.try_send(boost::system::error_code(), failure);
    });
}

// answer_mode::run_inline: the request runs right here. Most calls send nothing tied to the request before
// their result and are answered with JSON: no stream, no second coroutine, no timer. A tied message opens the
// stream (start_writer), written live from then on; the result ends it.
task<> run_inline(std::shared_ptr<post_answer> a, protocol::request r, request_metadata meta) {
    // Weak: the session holds this callback and the answer holds the session; a strong capture would keep both
    // alive forever when the request never returns (its frame destroyed with the io_context).
    a->s->defer_post_stream(a->id, [weak = std::weak_ptr(a)](std::shared_ptr<sse_stream> const& stream) {
        if (auto answer = weak.lock())
            start_writer(answer, stream);
    });
    protocol::message msg(std::move(r)); // named: see streamable::post on g++ 12 and temporaries
    std::optional<boost::json::object> reply;
    std::exception_ptr failure;
    try {
        auto handled = a->s->core()->handle(std::move(msg), std::move(meta));
        reply = co_await std::move(handled);
    } catch (...) {
        failure = std::current_exception(); // rethrown once the writer, if any, is done
    }
    if (a->stream) {
        if (reply)
            a->stream->push(std::move(*reply), true);
        else
            a->stream->close();
        auto [ec, writer_failure] =
            co_await a->writer_done.async_receive(asio::as_tuple(asio::use_awaitable));
        failure = failure ? failure : writer_failure;
    }
    a->s->close_post_stream(a->id);
    if (failure)
        std::rethrow_exception(failure);
    if (a->stream)
        co_return;
    auto first = reply ? first_outcome::result : first_outcome::nothing;
    auto item = reply ? std::optional<sse_stream::item>({std::move(*reply), true}) : std::nullopt;
    co_await answer_with(a, plan_answer(a->facts, first, a->options()), std::move(item));
}

// answer_mode::run_apart (a deadline, or SSE forced): the stream opens now and the request runs in a
// coroutine of its own, so the answer can switch to SSE, or end at the deadline, while the request still
// runs.
task<> run_apart(std::shared_ptr<post_answer> a, protocol::request r, request_metadata meta) {
    auto stream = a->s->open_post_stream(a->id);
    a->stream = stream;
    auto id = protocol::to_string(a->id);
    auto handler = run_request(a->s->core(), protocol::message(std::move(r)), std::move(meta), stream);
    asio::co_spawn(a->s->strand(), std::move(handler), [stream, id](std::exception_ptr failure) {
        if (!failure)
            return;
        log::error("request {}: its handler failed; its stream ends without a result", id);
        stream->close();
    });
    auto first = co_await first_message(*stream, a->settings);
    auto mode = plan_answer(a->facts, first.outcome, a->options());
    if (mode == answer_mode::json || mode == answer_mode::sse_whole || mode == answer_mode::empty_202)
        a->s->close_post_stream(a->id); // over before its answer goes out
    if (co_await answer_with(a, mode, std::move(first.item)))
        a->s->close_post_stream(a->id);
}

task<> refuse_in_use(protocol::request_id id, response_writer& out, headers base) {
    auto refusal = protocol::make_error_response(
        id, error::invalid_request("Request id " + protocol::to_string(id) +
                                   " is already in use by a request in progress"));
    co_await reply_json(out, 200, refusal, std::move(base));
}

// Runs on the session's strand: the request's answer as answer_plan.hpp decides it.
task<> answer_request(std::shared_ptr<http_session> s, protocol::request r, request_metadata meta,
                      response_writer& out, headers base, stream_settings settings) {
    // The same id while its request runs: that stream stays the request's.
    post_facts facts{post_kind::request, s->has_post_stream(r.id), settings.deadline.has_value(),
                     s->relay() != nullptr};
    auto mode = plan_answer(facts, first_outcome::not_yet, {.always_sse = settings.always_sse});
    if (mode == answer_mode::refuse_in_use)
        co_return co_await refuse_in_use(r.id, out, std::move(base));
    auto a = std::make_shared<post_answer>(s, out, std::move(base), std::move(settings), r.id, facts);
    if (mode == answer_mode::run_inline)
        co_return co_await run_inline(std::move(a), std::move(r), std::move(meta));
    co_await run_apart(std::move(a), std::move(r), std::move(meta));
}

// True once a 429 is answered: this client creates sessions too fast.
task<bool> refuse_creation(creation_limiter& creations, bool limit_loopback, request const& req,
                           protocol::request_id id, response_writer& out, headers base) {
    auto key = client_key(req.remote_address, limit_loopback);
    auto wait = creations.take(key, creation_limiter::clock::now());
    if (!wait)
        co_return false;
    log::warn("initialize from {}: refused, it creates sessions too fast", req.remote_address);
    base.set("retry-after", std::to_string(wait->count()));
    co_await reply_error(
        out, 429,
        error::rate_limited(*wait, "Too Many Requests: this client creates sessions too fast; "
                                   "retry in " +
                                       std::to_string(wait->count()) + " s"),
        std::move(base), id);
    co_return true;
}

} // namespace

// The client's headers, except those posing as trusted metadata (ARCHITECTURE.md 7a), then the front door's
// trusted metadata, taken out of `req` (the headers' text buffer moves over, not copied): read no header of it
// afterwards.
request_metadata streamable::take_metadata(request& req) {
    auto fields = req.headers.take_fields();
    fields.erase_if([](core::field_list::field f) { return is_reserved_metadata_name(f.first); });
    for (auto [name, value] : req.trusted.fields())
        fields.push_back(name, value);
    return request_metadata::from_fields(std::move(fields));
}

task<> streamable::post(request req, response_writer& out, headers base) {
    auto read = readable_message(req, options_.max_body_bytes);
    if (auto* no = std::get_if<refusal>(&read))
        co_return co_await reply_error(out, no->status, no->reason, std::move(base), no->id);
    auto* msg = std::get_if<protocol::message>(&read);
    auto* r = std::get_if<protocol::request>(msg);
    if (r && options_.access) { // scopes per method, tool or prompt: before the session is looked up
        if (auto refusal = options_.access->permit(req, r->method, r->params))
            co_return co_await reply_refusal(out, std::move(*refusal), std::move(base));
    }
    if (era_of_post(req.headers, *msg) == era::modern)
        co_return co_await post_modern(std::move(req), std::move(*msg), out, std::move(base));
    if (r && r->method == "initialize") {
        auto meta = take_metadata(req);
        co_return co_await initialize(std::move(*r), req, std::move(meta), out, std::move(base));
    }
    co_await post_in_session(std::move(req), std::move(*msg), out, std::move(base));
}

// A 2025 message for a session that exists (initialize made it, here or on another process).
task<> streamable::post_in_session(request req, protocol::message msg, response_writer& out, headers base) {
    auto* r = std::get_if<protocol::request>(&msg);
    auto s = co_await session_for(req, out, base);
    if (!s)
        co_return;
    auto meta = take_metadata(req); // the headers are read: session_for was the last to
    if (r) {
        stream_settings settings{options_.always_sse, options_.retry, options_.keepalive, req.deadline,
                                 stores_.sessions};
        co_await on_strand(s->strand(),
                           answer_request(s, std::move(*r), std::move(meta), out, std::move(base), settings));
    } else {
        // parse_message accepted the body, so it is an object. An answer or a notification outlives the request
        // (an answer goes to the handler that asked, or to the store): it is read again into the default storage,
        // out of the request's arena. Named locals around co_await: g++ 12 destroys some temporaries there twice.
        auto raw = boost::json::parse(req.body).as_object();
        auto kept = protocol::parse_message(boost::json::value(raw));
        if (!co_await answer_message(s, std::move(*kept), std::move(raw), std::move(meta), out,
                                     std::move(base), stores_.sessions))
            co_return;
    }
    // What the request changed after its answer (a deadline cut its stream): failures are logged by persist.
    if (unsaved(*s))
        co_await persist(s, stores_.sessions);
    // A list changed while no process told this session, or the request changed what it may see.
    if (lists_unseen(*s))
        co_await on_strand(s->strand(), announce_lists(s, stores_.sessions));
}

// 2025-11-25 basic/transports, session management: initialize creates the session and names it in the
// response.
task<> streamable::initialize(protocol::request r, request const& req, request_metadata meta,
                              response_writer& out, headers base) {
    if (co_await refuse_creation(creations_, options_.session_creation.limit_loopback, req, r.id, out, base))
        co_return;
    auto s = make_session(std::nullopt);
    s->set_principal(principal_from(req.trusted));
    storage::session_record record;
    record.id = s->id();
    record.principal = s->principal();
    if (auto created = co_await stores_.sessions->create(std::move(record)); !created)
        co_return co_await reply_store_error(out, created.error(), "initialize: create", std::move(base),
                                             r.id);
    cache_.insert(s);
    base.set("mcp-session-id", s->id());
    stream_settings settings{options_.always_sse, options_.retry, options_.keepalive, req.deadline,
                             stores_.sessions};
    co_await on_strand(s->strand(),
                       answer_request(s, std::move(r), std::move(meta), out, std::move(base), settings));
    if (!s->core()->initialized()) { // the initialize failed: no session was made after all
        co_await stores_.sessions->terminate(s->id());
        cache_.erase(s->id());
        co_return;
    }
    co_await persist(s, stores_.sessions);
}

} // namespace mcp::http
