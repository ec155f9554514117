// The Runtime API's HTTP side: an accept loop and one coroutine per connection that reads a request header,
// routes it, and reads its body incrementally (Beast's request_parser with a buffer_body), so that a streamed
// response is relayed piece by piece as the function produces it. All of the emulator's Beast templates are
// here.
#include <lambda_emulator/runtime_api.hpp>

#include <lambda_emulator/log.hpp>
#include <lambda_emulator/text.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <set>

namespace lambda_emulator {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace detail {

struct runtime_connection {
    explicit runtime_connection(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
};

struct runtime_server_state {
    runtime_server_state(asio::any_io_executor ex, runtime_handler& h) : acceptor(ex), handler(&h) {}
    tcp::acceptor acceptor;
    runtime_handler* handler;
    bool closed = false;
    std::set<runtime_connection*> connections;
};

} // namespace detail

namespace {

using detail::runtime_connection;
using detail::runtime_server_state;
using parser_type = bhttp::request_parser<bhttp::buffer_body>;
using state_ptr = std::shared_ptr<runtime_server_state>;

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view api_prefix = "/2018-06-01";
constexpr std::size_t max_error_body = 1024 * 1024;

std::string_view sv(beast::string_view s) {
    return {s.data(), s.size()};
}

std::string runtime_error_body(std::string_view message, std::string_view type) {
    return R"({"errorMessage":")" + std::string(message) + R"(","errorType":")" + std::string(type) + R"("})";
}

// Writes one complete response; false when the connection must end (write failed, or keep_alive is false).
asio::awaitable<bool> reply(runtime_connection& c, unsigned status, std::string body, bool keep_alive) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, "application/json");
    res.keep_alive(keep_alive);
    res.body() = std::move(body);
    res.prepare_payload();
    auto [ec, n] = co_await bhttp::async_write(c.stream, res, as_value);
    co_return !ec && keep_alive;
}

asio::awaitable<bool> accepted(runtime_connection& c, parser_type const& p) {
    bool more = co_await reply(c, 202, R"({"status":"OK"})", p.get().keep_alive());
    co_return more;
}

// Reads the next piece of the body and appends it to `out`. need_buffer (our piece buffer is full) is
// progress, not an error.
asio::awaitable<error_code> read_piece(runtime_connection& c, parser_type& p, std::string& out) {
    std::array<char, 16 * 1024> piece;
    p.get().body().data = piece.data();
    p.get().body().size = piece.size();
    auto [ec, n] = co_await bhttp::async_read_some(c.stream, c.buffer, p, as_value);
    out.append(piece.data(), piece.size() - p.get().body().size);
    co_return ec == bhttp::error::need_buffer ? error_code{} : ec;
}

// The whole body, or nullopt when the connection failed or the body is over `limit` (then *too_large is set).
asio::awaitable<std::optional<std::string>> read_body(runtime_connection& c, parser_type& p,
                                                      std::size_t limit, bool* too_large) {
    std::string body;
    while (!p.is_done()) {
        error_code ec = co_await read_piece(c, p, body);
        if (ec)
            co_return std::nullopt;
        if (body.size() > limit) {
            *too_large = true;
            co_return std::nullopt;
        }
    }
    co_return body;
}

asio::awaitable<bool> continue_if_expected(runtime_connection& c, parser_type const& p) {
    if (!beast::iequals(p.get()[bhttp::field::expect], "100-continue"))
        co_return true;
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
    auto [ec, n] = co_await bhttp::async_write(c.stream, go_on, as_value);
    co_return !ec;
}

asio::awaitable<bool> serve_next(state_ptr st, runtime_connection& c, parser_type const& p) {
    auto next = co_await st->handler->next();
    if (st->closed || !next)
        co_return false;
    bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
    res.set(bhttp::field::content_type, "application/json");
    res.set("Lambda-Runtime-Aws-Request-Id", next->id);
    res.set("Lambda-Runtime-Deadline-Ms", std::to_string(next->deadline_ms));
    res.set("Lambda-Runtime-Invoked-Function-Arn", next->function_arn);
    res.set("Lambda-Runtime-Trace-Id", next->trace_id);
    res.keep_alive(p.get().keep_alive());
    res.body() = std::move(next->event);
    res.prepare_payload();
    auto [ec, n] = co_await bhttp::async_write(c.stream, res, as_value);
    if (ec && !st->closed)
        st->handler->undelivered(next->id);
    co_return !ec && !st->closed && p.get().keep_alive();
}

// Relays a streamed response: body pieces as they arrive, then the error trailers if any.
asio::awaitable<bool> serve_stream(state_ptr st, runtime_connection& c, parser_type& p, std::string id) {
    auto out = st->handler->stream(id, std::string(sv(p.get()[bhttp::field::content_type])));
    while (!p.is_done()) {
        std::string piece;
        error_code ec = co_await read_piece(c, p, piece);
        if (st->closed)
            co_return false;
        if (ec) {
            out->finish("Runtime.StreamInterrupted", "the response stream broke off: " + ec.message());
            co_return false;
        }
        if (!piece.empty())
            co_await out->write(std::move(piece));
        if (st->closed)
            co_return false;
    }
    auto type = std::string(sv(p.get()["Lambda-Runtime-Function-Error-Type"]));
    auto body = std::string(sv(p.get()["Lambda-Runtime-Function-Error-Body"]));
    if (auto decoded = base64_decode(body))
        body = std::move(*decoded);
    out->finish(type, body);
    bool more = co_await accepted(c, p);
    co_return more;
}

asio::awaitable<bool> serve_buffered(state_ptr st, runtime_connection& c, parser_type& p, std::string id) {
    bool too_large = false;
    auto body = co_await read_body(c, p, runtime_server::max_buffered_payload, &too_large);
    if (st->closed)
        co_return false;
    if (too_large) {
        st->handler->payload_too_large(id);
        auto text = runtime_error_body("Exceeded maximum allowed payload size (6291556 bytes).",
                                       "RequestEntityTooLarge");
        co_await reply(c, 413, std::move(text), false);
        co_return false;
    }
    if (!body)
        co_return false;
    st->handler->respond(id, std::move(*body));
    bool more = co_await accepted(c, p);
    co_return more;
}

// POST /invocation/{id}/error, or /init/error when `id` is empty.
asio::awaitable<bool> serve_error(state_ptr st, runtime_connection& c, parser_type& p, std::string id) {
    bool too_large = false;
    auto body = co_await read_body(c, p, max_error_body, &too_large);
    if (st->closed || !body)
        co_return false;
    auto type = std::string(sv(p.get()["Lambda-Runtime-Function-Error-Type"]));
    if (id.empty())
        st->handler->init_error(std::move(type), std::move(*body));
    else
        st->handler->invocation_error(id, std::move(type), std::move(*body));
    bool more = co_await accepted(c, p);
    co_return more;
}

// The refusal of an answer to invocation `id`, or nullopt when the process may answer it.
std::optional<std::pair<unsigned, std::string>> refusal(runtime_handler& h, std::string_view id) {
    auto verdict = h.check(id);
    if (verdict == id_check::unknown)
        return std::pair{400u, runtime_error_body("Invalid request ID", "InvalidRequestID")};
    if (verdict == id_check::answered)
        return std::pair{403u,
                         runtime_error_body("The invocation was already answered", "InvalidStateTransition")};
    return std::nullopt;
}

// POST .../invocation/{id}/response or /error: checks the id first, so a stale or duplicate answer is refused
// before its body is read (the connection then closes, which keeps the stream in sync).
asio::awaitable<bool> serve_invocation_post(state_ptr st, runtime_connection& c, parser_type& p,
                                            std::string id, bool is_error) {
    if (auto no = refusal(*st->handler, id)) {
        co_await reply(c, no->first, std::move(no->second), false);
        co_return false;
    }
    bool go_on = co_await continue_if_expected(c, p);
    if (!go_on)
        co_return false;
    bool more = false;
    if (is_error)
        more = co_await serve_error(st, c, p, id);
    else if (beast::iequals(p.get()["Lambda-Runtime-Function-Response-Mode"], "streaming"))
        more = co_await serve_stream(st, c, p, id);
    else
        more = co_await serve_buffered(st, c, p, id);
    co_return more;
}

enum class resource { next, init_error, response, error, unknown };

// Which Runtime API resource a request names, and the invocation id for response and error.
std::pair<resource, std::string> resolve(bhttp::verb method, std::string_view target) {
    if (target.starts_with(api_prefix))
        target.remove_prefix(api_prefix.size());
    constexpr std::string_view invocation = "/runtime/invocation/";
    if (method == bhttp::verb::get && target == "/runtime/invocation/next")
        return {resource::next, {}};
    if (method == bhttp::verb::post && target == "/runtime/init/error")
        return {resource::init_error, {}};
    if (method != bhttp::verb::post || !target.starts_with(invocation))
        return {resource::unknown, {}};
    auto rest = target.substr(invocation.size());
    auto slash = rest.find('/');
    auto verb = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    auto id = percent_decode(rest.substr(0, slash));
    if (verb == "response")
        return {resource::response, std::move(id)};
    if (verb == "error")
        return {resource::error, std::move(id)};
    return {resource::unknown, {}};
}

asio::awaitable<bool> route(state_ptr st, runtime_connection& c, parser_type& p) {
    auto [what, id] = resolve(p.get().method(), sv(p.get().target()));
    bool more = false;
    if (what == resource::next) {
        more = co_await serve_next(st, c, p);
    } else if (what == resource::init_error) {
        bool go_on = co_await continue_if_expected(c, p);
        if (go_on)
            more = co_await serve_error(st, c, p, "");
    } else if (what == resource::response || what == resource::error) {
        more = co_await serve_invocation_post(st, c, p, id, what == resource::error);
    } else {
        log::warn("runtime API: unknown request {} {}", sv(p.get().method_string()), sv(p.get().target()));
        co_await reply(c, 404, runtime_error_body("Unknown resource", "NotFound"), false);
    }
    co_return more;
}

asio::awaitable<void> serve_connection(state_ptr st, std::shared_ptr<runtime_connection> c) {
    st->connections.insert(c.get());
    while (!st->closed) {
        parser_type p;
        p.body_limit(boost::none); // each route enforces its own limit
        c->stream.expires_never(); // a runtime waits in /next as long as it takes
        auto [ec, n] = co_await bhttp::async_read_header(c->stream, c->buffer, p, as_value);
        if (ec || st->closed)
            break;
        bool more = co_await route(st, *c, p);
        if (!more)
            break;
    }
    st->connections.erase(c.get());
    error_code ignored;
    c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    c->stream.close();
}

void log_failure(std::exception_ptr ep) {
    if (!ep)
        return;
    try {
        std::rethrow_exception(ep);
    } catch (std::exception const& e) {
        log::error("runtime API: connection failed: {}", e.what());
    }
}

asio::awaitable<void> accept_loop(state_ptr st) {
    while (!st->closed) {
        auto [ec, socket] = co_await st->acceptor.async_accept(as_value);
        if (ec || st->closed)
            co_return;
        socket.set_option(tcp::no_delay(true), ec);
        auto c = std::make_shared<runtime_connection>(std::move(socket));
        asio::co_spawn(st->acceptor.get_executor(), serve_connection(st, c), log_failure);
    }
}

} // namespace

runtime_server::runtime_server(asio::any_io_executor ex, runtime_handler& handler)
    : state_(std::make_shared<runtime_server_state>(ex, handler)) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(ep.protocol());
    state_->acceptor.bind(ep);
    state_->acceptor.listen();
    asio::co_spawn(ex, accept_loop(state_), log_failure);
}

runtime_server::~runtime_server() {
    close();
}

unsigned short runtime_server::port() const {
    error_code ec;
    auto ep = state_->acceptor.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void runtime_server::close() {
    if (state_->closed)
        return;
    state_->closed = true;
    error_code ignored;
    state_->acceptor.close(ignored);
    for (auto* c : state_->connections)
        c->stream.socket().close(ignored);
}

} // namespace lambda_emulator
