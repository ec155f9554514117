// Beast lives here only: the rest of the generator sees connection and reply.
#include "client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace load {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

} // namespace

bool answered(reply const& r, std::string_view expect) {
    if (r.status != 200)
        return false;
    if (r.body.find("\"result\"") == std::string::npos)
        return false;
    return expect.empty() || r.body.find(expect) != std::string::npos;
}

namespace {
std::size_t initialize_padding = 0; // set once by main before any connection runs
} // namespace

void set_initialize_padding(std::size_t bytes) {
    initialize_padding = bytes;
}

std::string initialize_body(std::int64_t id) {
    std::string capabilities = "{}";
    if (initialize_padding > 0)
        capabilities = R"({"experimental":{"pad":")" + std::string(initialize_padding, 'x') + R"("}})";
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
           R"(,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":)" + capabilities +
           R"(,"clientInfo":{"name":"bench-load","version":"1.0.0"}}})";
}

std::string initialized_body() {
    return R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
}

bool is_sse(reply const& r) {
    return r.content_type.starts_with("text/event-stream");
}

std::string call_body(std::int64_t id, tool t) {
    auto params = t == tool::echo ? R"({"name":"echo","arguments":{"text":"hello"}})"
                                  : R"({"name":"add","arguments":{"a":2,"b":3}})";
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call","params":)" + params +
           "}";
}

std::string_view call_answer(tool t) {
    return t == tool::echo ? R"("hello")" : R"("sum":5)";
}

connection::connection(asio::io_context& io, unsigned short port)
    : socket_(io), endpoint_(asio::ip::make_address_v4("127.0.0.1"), port),
      host_("127.0.0.1:" + std::to_string(port)) {}

task<bool> connection::connect() {
    auto [ec] = co_await socket_.async_connect(endpoint_, as_value);
    if (ec)
        co_return false;
    socket_.set_option(tcp::no_delay(true), ec);
    co_return true;
}

task<reply> connection::send(http::verb verb, std::string target, std::string body) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host_);
    req.set(http::field::accept,
            verb == http::verb::get ? "text/event-stream" : "application/json, text/event-stream");
    if (!session_.empty() || fake_session_) {
        req.set("mcp-session-id", fake_session_ ? std::string_view("raw-ceiling-has-no-session") : session_);
        req.set("mcp-protocol-version", protocol_version);
    }
    if (verb == http::verb::post)
        req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    reply out;
    auto [wec, written] = co_await http::async_write(socket_, req, as_value);
    if (wec)
        co_return out;
    http::response<http::string_body> res;
    auto [rec, read] = co_await http::async_read(socket_, buffer_, res, as_value);
    if (rec)
        co_return out;
    out.status = res.result_int();
    if (auto it = res.find("mcp-session-id"); it != res.end())
        out.session_id = it->value();
    if (auto it = res.find(http::field::content_type); it != res.end())
        out.content_type = it->value();
    out.body = std::move(res.body());
    co_return out;
}

task<reply> connection::post(std::string target, std::string body) {
    return send(http::verb::post, std::move(target), std::move(body));
}

task<bool> connection::open_session() {
    session_.clear();
    auto init = co_await post("/mcp", initialize_body(next_id_++));
    if (!answered(init, "protocolVersion") || init.session_id.empty())
        co_return false;
    session_ = init.session_id;
    auto done = co_await post("/mcp", initialized_body());
    co_return done.status == 202;
}

task<reply> connection::call(tool t) {
    return post("/mcp", call_body(next_id_++, t));
}

task<reply> connection::post_as_session(std::string target, std::string body) {
    fake_session_ = true;
    auto r = co_await post(std::move(target), std::move(body));
    fake_session_ = false;
    co_return r;
}

task<bool> connection::close_session() {
    auto r = co_await send(http::verb::delete_, "/mcp", {});
    session_.clear();
    co_return r.status == 200 || r.status == 204;
}

task<bool> connection::open_stream() {
    http::request<http::empty_body> req{http::verb::get, "/mcp", 11};
    req.set(http::field::host, host_);
    req.set(http::field::accept, "text/event-stream");
    req.set("mcp-session-id", session_);
    req.set("mcp-protocol-version", protocol_version);
    auto [wec, written] = co_await http::async_write(socket_, req, as_value);
    if (wec)
        co_return false;
    http::response_parser<http::empty_body> parser;
    auto [rec, read] = co_await http::async_read_header(socket_, buffer_, parser, as_value);
    if (rec)
        co_return false;
    auto const& res = parser.get();
    auto type = res.find(http::field::content_type);
    co_return res.result_int() == 200 && type != res.end() && type->value().starts_with("text/event-stream");
}

void connection::close() {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
}

} // namespace load
