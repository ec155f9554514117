// 2026-07-28 requests on stdio (stdio_modern.hpp): the envelope checked, then one request scope per request
// on a strand of its own, as over HTTP (http/streamable_modern.cpp, modern_answer.cpp), without the headers:
// on stdio every request's metadata is in its body (2026-07-28 basic/transports/stdio, request metadata), and
// a refusal is only a JSON-RPC error with the request's id.
#include <mcp/stdio/stdio_modern.hpp>

#include <mcp/core/log.hpp>
#include <mcp/protocol/envelope.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>

namespace mcp::stdio::detail {

namespace asio = boost::asio;

// The outbound of one request's scope: its progress and logs as lines on stdout (2026-07-28 sends no request
// to the client: its questions are input_required results), until the request is answered or cancelled
// (basic/transports/stdio, cancellation: no further message for it). A message racing the cancellation may
// still pass; the client cannot tell it from one sent just before. Thread-safe.
class request_lines : public outbound {
public:
    explicit request_lines(std::shared_ptr<outbound> out) : out_(std::move(out)) {}
    void send(boost::json::object message, std::optional<protocol::request_id> const& related) override {
        if (open_.load())
            out_->send(std::move(message), related);
    }
    void close() { open_.store(false); }

private:
    std::shared_ptr<outbound> out_;
    std::atomic<bool> open_{true};
};

namespace {

// The envelope, or the error to answer: -32602 naming the field, then -32022 with data.supported. (No header
// to compare it with, so no -32020 on stdio.)
result<protocol::request_envelope> checked_envelope(boost::json::object const& params,
                                                    std::size_t max_bytes) {
    auto envelope = protocol::read_envelope(params, max_bytes);
    if (!envelope)
        return envelope.error();
    if (auto supported = protocol::check_version(envelope->version); !supported)
        return supported.error();
    return envelope;
}

std::optional<protocol::request_id> cancelled_id(protocol::notification const& n) {
    if (n.method != "notifications/cancelled")
        return std::nullopt;
    auto const* raw = n.params.if_contains("requestId");
    return raw ? protocol::id_from_json(*raw) : std::nullopt;
}

task<std::optional<boost::json::object>> answer_now(std::optional<boost::json::object> answer) {
    co_return answer;
}

// On the scope's strand. The scope takes the request into its cancellable set before its first suspension, so
// a cancellation posted to the strand after this coroutine was spawned finds it.
task<std::optional<boost::json::object>> run(std::shared_ptr<session> scope, protocol::request r) {
    co_return co_await scope->handle(protocol::message(std::move(r)));
}

} // namespace

modern_requests::modern_requests(server& srv, std::shared_ptr<outbound> out, io_strand connection,
                                 std::size_t max_requests)
    : srv_(srv), out_(std::move(out)), connection_(std::move(connection)), max_requests_(max_requests) {}

bool modern_requests::takes(protocol::message const& msg) const {
    if (auto const* r = std::get_if<protocol::request>(&msg))
        return r->method != "initialize" && protocol::claims_modern(r->params);
    auto const* n = std::get_if<protocol::notification>(&msg);
    if (!n)
        return false; // responses answer the 2025 session's requests: 2026-07-28 sends none
    if (protocol::claims_modern(n->params))
        return true;
    auto id = cancelled_id(*n);
    return id && requests_.contains(protocol::to_string(*id));
}

task<std::optional<boost::json::object>> modern_requests::handle(protocol::message msg) {
    if (auto* r = std::get_if<protocol::request>(&msg)) {
        auto opened = open(*r);
        if (!opened)
            return answer_now(protocol::make_error_response(r->id, opened.error()));
        return serve(*opened, std::move(*r));
    }
    if (auto const* n = std::get_if<protocol::notification>(&msg))
        on_notification(*n);
    return answer_now(std::nullopt);
}

result<std::shared_ptr<modern_requests::in_flight>> modern_requests::open(protocol::request const& r) {
    auto envelope = checked_envelope(r.params, srv_.options().max_client_metadata_bytes);
    if (!envelope)
        return envelope.error();
    auto key = protocol::to_string(r.id);
    if (requests_.contains(key))
        return error::invalid_request("Request id " + key + " is already in use by a request in progress");
    if (requests_.size() >= max_requests_)
        return error::internal("Too many requests in flight (" + std::to_string(max_requests_) +
                               "); send it again once one has been answered");
    auto lines = std::make_shared<request_lines>(out_);
    auto scope = srv_.open_request_scope(make_io_strand(connection_), lines, "@", std::move(*envelope));
    auto entry = std::make_shared<in_flight>(in_flight{std::move(scope), std::move(lines)});
    requests_.emplace(std::move(key), entry);
    return entry;
}

task<std::optional<boost::json::object>> modern_requests::serve(std::shared_ptr<in_flight> mine,
                                                                protocol::request r) {
    auto key = protocol::to_string(r.id);
    auto id = r.id;
    auto method = r.method;
    auto running = run(mine->scope, std::move(r));
    auto [failure, reply] = co_await asio::co_spawn(mine->scope->executor(), std::move(running),
                                                    asio::as_tuple(asio::use_awaitable));
    mine->lines->close(); // before the reply is written: nothing of this request follows it
    forget(key, mine);
    if (!failure)
        co_return std::move(reply);
    try {
        std::rethrow_exception(failure);
    } catch (std::exception const& e) {
        log::error("stdio: 2026-07-28 {} (id {}) threw: {}", method, key, e.what());
    } catch (...) {
        log::error("stdio: 2026-07-28 {} (id {}) threw a non-standard exception", method, key);
    }
    co_return protocol::make_error_response(id, error::internal());
}

void modern_requests::forget(std::string const& key, std::shared_ptr<in_flight> const& mine) {
    auto it = requests_.find(key);
    if (it != requests_.end() && it->second == mine) // a cancelled request's id may name a newer one by now
        requests_.erase(it);
}

void modern_requests::on_notification(protocol::notification const& n) {
    if (n.method != "notifications/cancelled") {
        log::debug("stdio: ignored 2026-07-28 notification {}", n.method);
        return;
    }
    auto id = cancelled_id(n);
    if (!id) {
        log::debug("stdio: ignored a notifications/cancelled without a valid requestId");
        return; // basic/patterns/cancellation, error handling: malformed ones are ignored
    }
    cancel(*id);
}

// The scope is sent a notifications/cancelled for the request, on its strand, as the HTTP front door does
// when the client leaves: the handler's wait is aborted and the scope answers nothing. The id is free again
// at once (as a 2025 session frees it).
void modern_requests::cancel(protocol::request_id const& id) {
    auto it = requests_.find(protocol::to_string(id));
    if (it == requests_.end()) {
        log::debug("stdio: cancellation of {} ignored: no such request in flight", protocol::to_string(id));
        return; // unknown or already answered: ignored (basic/patterns/cancellation)
    }
    auto entry = std::move(it->second);
    requests_.erase(it);
    entry->lines->close();
    log::debug("stdio: request {} cancelled by the client", protocol::to_string(id));
    asio::post(entry->scope->executor(), [scope = entry->scope, json_id = protocol::to_json(id)] {
        protocol::notification n{"notifications/cancelled", {{"requestId", json_id}}};
        auto taken = scope->handle(protocol::message(std::move(n))); // taken at the call (session.hpp)
        (void)taken;
    });
}

} // namespace mcp::stdio::detail
