#include <mcp/lambda/runtime_client.hpp>

#include <mcp/json/bytes.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <charconv>

namespace mcp::lambda {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct runtime_client::state {
    asio::any_io_executor executor;
    std::string endpoint;
    std::string host;
    std::string port;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    // The response being streamed: its head stays alive while the chunks go out.
    std::unique_ptr<bhttp::request<bhttp::empty_body>> streamed;
    std::unique_ptr<bhttp::request_serializer<bhttp::empty_body>> serializer;
    bool stream_broken = false;
    std::string streamed_what;
};

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view api = "/2018-06-01";

using state_ptr = std::shared_ptr<runtime_client::state>;

error runtime_error(std::string const& what, std::string const& why) {
    return error(protocol::code::internal_error, "Lambda Runtime API " + what + ": " + why);
}

void split_endpoint(runtime_client::state& s) {
    auto colon = s.endpoint.rfind(':');
    s.host = colon == std::string::npos ? s.endpoint : s.endpoint.substr(0, colon);
    s.port = colon == std::string::npos ? "80" : s.endpoint.substr(colon + 1);
    if (s.host.size() > 2 && s.host.front() == '[' && s.host.back() == ']')
        s.host = s.host.substr(1, s.host.size() - 2);
}

task<result<>> connect(state_ptr s) {
    if (s->stream && s->stream->socket().is_open())
        co_return result<>{};
    tcp::resolver resolver(s->executor);
    auto [rec, endpoints] = co_await resolver.async_resolve(s->host, s->port, as_value);
    if (rec)
        co_return runtime_error("at " + s->endpoint, "cannot resolve: " + rec.message());
    s->stream.emplace(s->executor);
    s->buffer.clear();
    auto [cec, ep] = co_await s->stream->async_connect(endpoints, as_value);
    if (cec) {
        s->stream.reset();
        co_return runtime_error("at " + s->endpoint, "cannot connect: " + cec.message());
    }
    s->stream->socket().set_option(tcp::no_delay(true));
    co_return result<>{};
}

void drop_connection(runtime_client::state& s) {
    if (!s.stream)
        return;
    boost::system::error_code ignored;
    s.stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    s.stream.reset();
}

// Reads the answer to a request already written. 2xx is success; anything else is an error naming `what`.
task<result<bhttp::response<bhttp::string_body>>> read_answer(state_ptr s, std::string what) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024); // an event can be up to 6 MB (more for async invocations)
    auto [ec, n] = co_await bhttp::async_read(*s->stream, s->buffer, parser, as_value);
    if (ec) {
        drop_connection(*s);
        co_return runtime_error(what, "no answer: " + ec.message());
    }
    auto answer = parser.release();
    if (!answer.keep_alive())
        drop_connection(*s);
    if (answer.result_int() / 100 != 2)
        co_return runtime_error(what, "HTTP " + std::to_string(answer.result_int()) + ": " +
                                          answer.body().substr(0, 300));
    co_return answer;
}

// One request and its answer. A kept connection the Runtime API closed meanwhile fails on the write or, for
// `next`, on the read: the request goes again on a fresh connection (once; the Runtime API is local). A POST
// whose answer was lost is not sent again: Lambda may have taken it.
task<result<bhttp::response<bhttp::string_body>>>
exchange(state_ptr s, bhttp::request<bhttp::string_body> req, std::string what) {
    req.set(bhttp::field::host, s->endpoint);
    req.prepare_payload();
    bool const idempotent = req.method() == bhttp::verb::get;
    for (int attempt = 0;; ++attempt) {
        bool const reused = s->stream && s->stream->socket().is_open();
        if (auto c = co_await connect(s); !c)
            co_return c.error();
        auto [ec, n] = co_await bhttp::async_write(*s->stream, req, as_value);
        if (ec) {
            drop_connection(*s);
            if (reused && attempt == 0)
                continue;
            co_return runtime_error(what, "cannot send: " + ec.message());
        }
        auto answer = co_await read_answer(s, what);
        bool const connection_lost = !answer && !s->stream;
        if (connection_lost && reused && idempotent && attempt == 0)
            continue;
        co_return answer;
    }
}

std::string header(bhttp::response<bhttp::string_body> const& r, std::string_view name) {
    auto it = r.find(name);
    return it == r.end() ? std::string() : std::string(it->value());
}

task<result<runtime_invocation>> run_next(state_ptr s) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, std::string(api) + "/runtime/invocation/next",
                                           11};
    auto answer = co_await exchange(s, std::move(req), "next invocation");
    if (!answer)
        co_return answer.error();
    runtime_invocation out;
    out.request_id = header(*answer, "Lambda-Runtime-Aws-Request-Id");
    if (out.request_id.empty())
        co_return runtime_error("next invocation", "no Lambda-Runtime-Aws-Request-Id header");
    auto deadline = header(*answer, "Lambda-Runtime-Deadline-Ms");
    std::int64_t ms = 0;
    auto [end, ec] = std::from_chars(deadline.data(), deadline.data() + deadline.size(), ms);
    if (ec != std::errc() || end != deadline.data() + deadline.size() || ms <= 0) {
        // Lambda always sends it; without one, assume its longest timeout rather than an instant in 1970.
        log::warn("Lambda Runtime API: invocation {} came with no usable Lambda-Runtime-Deadline-Ms ('{}'); "
                  "assuming 15 minutes",
                  out.request_id, deadline);
        out.deadline = std::chrono::system_clock::now() + std::chrono::minutes(15);
    } else {
        out.deadline = std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
    }
    out.function_arn = header(*answer, "Lambda-Runtime-Invoked-Function-Arn");
    out.trace_id = header(*answer, "Lambda-Runtime-Trace-Id");
    out.payload = std::move(answer->body());
    co_return out;
}

task<result<>> post(state_ptr s, std::string target, std::string body, std::string content_type,
                    std::optional<std::string> error_type, std::string what) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::post, std::string(api) + target, 11};
    req.set(bhttp::field::content_type, content_type);
    if (error_type)
        req.set("Lambda-Runtime-Function-Error-Type", *error_type);
    req.body() = std::move(body);
    auto answer = co_await exchange(s, std::move(req), std::move(what));
    if (!answer)
        co_return answer.error();
    co_return result<>{};
}

task<result<>> run_stream_start(state_ptr s, std::string request_id, std::string content_type) {
    s->streamed_what = "streamed response of " + request_id;
    s->stream_broken = false;
    if (auto c = co_await connect(s); !c)
        co_return c.error();
    s->streamed = std::make_unique<bhttp::request<bhttp::empty_body>>(
        bhttp::verb::post, std::string(api) + "/runtime/invocation/" + request_id + "/response", 11);
    auto& req = *s->streamed;
    req.set(bhttp::field::host, s->endpoint);
    req.set(bhttp::field::content_type, content_type);
    req.set("Lambda-Runtime-Function-Response-Mode", "streaming");
    req.set(bhttp::field::trailer, "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body");
    req.chunked(true);
    s->serializer = std::make_unique<bhttp::request_serializer<bhttp::empty_body>>(req);
    auto [ec, n] = co_await bhttp::async_write_header(*s->stream, *s->serializer, as_value);
    if (ec) {
        s->stream_broken = true;
        drop_connection(*s);
        co_return runtime_error(s->streamed_what, "cannot send: " + ec.message());
    }
    co_return result<>{};
}

task<bool> run_stream_write(state_ptr s, std::string bytes) {
    if (s->stream_broken || !s->stream)
        co_return false;
    if (bytes.empty())
        co_return true; // an empty chunk would end the body
    auto [ec, n] = co_await asio::async_write(*s->stream, bhttp::make_chunk(asio::buffer(bytes)), as_value);
    if (ec) {
        s->stream_broken = true;
        drop_connection(*s);
    }
    co_return !ec;
}

task<result<>> run_stream_end(state_ptr s, std::optional<failure> f) {
    auto what = s->streamed_what;
    if (s->stream_broken || !s->stream)
        co_return runtime_error(what, "the connection broke while streaming");
    bhttp::fields trailers;
    if (f) {
        trailers.set("Lambda-Runtime-Function-Error-Type", f->type);
        trailers.set("Lambda-Runtime-Function-Error-Body", mcp::json::base64_encode(failure_json(*f)));
    }
    auto [ec, n] = co_await asio::async_write(*s->stream, bhttp::make_chunk_last(trailers), as_value);
    s->serializer.reset();
    s->streamed.reset();
    if (ec) {
        drop_connection(*s);
        co_return runtime_error(what, "cannot end: " + ec.message());
    }
    auto answer = co_await read_answer(s, what);
    if (!answer)
        co_return answer.error();
    co_return result<>{};
}

} // namespace

std::string failure_json(failure const& f) {
    return boost::json::serialize(boost::json::object{{"errorMessage", f.message}, {"errorType", f.type}});
}

runtime_client::runtime_client(asio::any_io_executor ex, std::string endpoint)
    : state_(std::make_shared<state>()) {
    state_->executor = std::move(ex);
    state_->endpoint = std::move(endpoint);
    split_endpoint(*state_);
}

runtime_client::~runtime_client() = default;

std::string const& runtime_client::endpoint() const {
    return state_->endpoint;
}

task<result<runtime_invocation>> runtime_client::next() {
    return run_next(state_);
}

task<result<>> runtime_client::respond(std::string request_id, std::string body, std::string content_type) {
    auto target = "/runtime/invocation/" + request_id + "/response";
    return post(state_, std::move(target), std::move(body), std::move(content_type), std::nullopt,
                "response of " + request_id);
}

task<result<>> runtime_client::fail(std::string request_id, failure f) {
    auto target = "/runtime/invocation/" + request_id + "/error";
    auto type = f.type;
    return post(state_, std::move(target), failure_json(f), "application/json", std::move(type),
                "error of " + request_id);
}

task<result<>> runtime_client::init_failed(failure f) {
    auto type = f.type;
    return post(state_, "/runtime/init/error", failure_json(f), "application/json", std::move(type),
                "init error");
}

task<result<>> runtime_client::stream_start(std::string request_id, std::string content_type) {
    return run_stream_start(state_, std::move(request_id), std::move(content_type));
}

task<bool> runtime_client::stream_write(std::string bytes) {
    return run_stream_write(state_, std::move(bytes));
}

task<result<>> runtime_client::stream_end(std::optional<failure> f) {
    return run_stream_end(state_, std::move(f));
}

} // namespace mcp::lambda
