// Beast lives here only (and only for the GET stream that stays open): the rest of the generator sees
// connection and reply.
#include "client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

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
// Set once by main before any connection runs: the headers as (name, value), and as the text send() appends.
std::vector<std::pair<std::string, std::string>> extra_fields;
std::string extra_text;
} // namespace

bool set_extra_headers(std::vector<std::string> const& lines) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string text;
    for (auto const& line : lines) {
        auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0)
            return false;
        auto value = std::string_view(line).substr(colon + 1);
        value.remove_prefix(std::min(value.find_first_not_of(' '), value.size()));
        fields.emplace_back(line.substr(0, colon), std::string(value));
        text += "\r\n" + fields.back().first + ": " + fields.back().second;
    }
    extra_fields = std::move(fields);
    extra_text = std::move(text);
    return true;
}

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

namespace {

// The params of a tools/call of `t` without their closing brace.
std::string_view call_params(tool t) {
    return t == tool::echo ? R"({"name":"echo","arguments":{"text":"hello"})"
                           : R"({"name":"add","arguments":{"a":2,"b":3})";
}

std::string tools_call(std::int64_t id, tool t, std::string_view more_params) {
    std::string out =
        R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call","params":)";
    out += call_params(t);
    out += more_params;
    out += "}}";
    return out;
}

// 2026-07-28 basic/transports/streamable-http: the version header must equal _meta's, and Mcp-Method and
// Mcp-Name must equal the body's method and params.name (SEP-2243), or the server answers 400.
std::string_view modern_call_headers(tool t) {
    return t == tool::echo
               ? "\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: echo"
               : "\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: add";
}

} // namespace

std::string call_body(std::int64_t id, tool t) {
    return tools_call(id, t, {});
}

std::string modern_call_body(std::int64_t id, tool t) {
    return tools_call(id, t,
                      R"(,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
                      R"("io.modelcontextprotocol/clientCapabilities":{}})");
}

std::string_view call_answer(tool t) {
    return t == tool::echo ? R"("hello")" : R"("sum":5)";
}

bool answered_complete(reply const& r, std::string_view expect) {
    return answered(r, expect) && r.body.find(R"("resultType":"complete")") != std::string::npos;
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

// The measured exchanges use no Beast: the request is one string written with one send, and the answer is
// parsed in place from the connection's read buffer (status line, the three headers the generator reads,
// a Content-Length or chunked body). Beast's serializer, parser and composed operations cost as much CPU per
// request as the kernel's socket work, and the generator shares the machine's two cores with the server it
// measures: every microsecond it spends is taken from the server (docs/benchmarks.md, "The load generator").
task<reply> connection::send(http::verb verb, std::string_view target, std::string_view body,
                             std::string_view headers) {
    out_.clear();
    out_ += http::to_string(verb);
    out_ += ' ';
    out_ += target;
    out_ += " HTTP/1.1\r\nHost: ";
    out_ += host_;
    out_ += verb == http::verb::get ? "\r\nAccept: text/event-stream" : "\r\nAccept: application/json, text/event-stream";
    if (!session_.empty() || fake_session_) {
        out_ += "\r\nMcp-Session-Id: ";
        out_ += fake_session_ ? std::string_view("raw-ceiling-has-no-session") : std::string_view(session_);
        out_ += "\r\nMcp-Protocol-Version: ";
        out_ += protocol_version;
    }
    out_ += headers;
    out_ += extra_text;
    if (verb == http::verb::post) {
        out_ += "\r\nContent-Type: application/json\r\nContent-Length: ";
        out_ += std::to_string(body.size());
    }
    out_ += "\r\n\r\n";
    out_ += body;
    auto [wec, written] = co_await asio::async_write(socket_, asio::buffer(out_), as_value);
    if (wec)
        co_return reply{};
    co_return co_await read_reply();
}

namespace {

// ASCII only (header names are), without the C library's locale-aware tolower: this runs on every header of
// every answer.
bool iequals(std::string_view a, std::string_view lower) {
    return a.size() == lower.size() && std::equal(a.begin(), a.end(), lower.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? static_cast<char>(x - 'A' + 'a') : x) == y;
           });
}

// A number at the start of `text` in `base`; 0 when there is none.
std::size_t number(std::string_view text, int base = 10) {
    std::size_t n = 0;
    std::from_chars(text.data(), text.data() + text.size(), n, base);
    return n;
}

// What the head of an answer says about its body.
struct head {
    int status = 0;
    std::size_t content_length = 0;
    bool chunked = false;
};

// Parses the status line and headers in `text` (without the blank line); false if malformed.
bool parse_head(std::string_view text, head& h, reply& out) {
    auto eol = text.find("\r\n");
    auto status_line = text.substr(0, eol);
    if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.1 "))
        return false;
    h.status = static_cast<int>(number(status_line.substr(9, 3)));
    while (eol != std::string_view::npos) {
        text.remove_prefix(eol + 2);
        eol = text.find("\r\n");
        auto line = text.substr(0, eol);
        auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        auto name = line.substr(0, colon);
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        if (iequals(name, "content-length"))
            h.content_length = number(value);
        else if (iequals(name, "transfer-encoding"))
            h.chunked = value.find("chunked") != std::string_view::npos;
        else if (iequals(name, "content-type"))
            out.content_type = value;
        else if (iequals(name, "mcp-session-id"))
            out.session_id = value;
    }
    return true;
}

} // namespace

task<bool> connection::fill() {
    if (in_.size() - have_ < 4096)
        in_.resize(std::max<std::size_t>(in_.size() * 2, 16384));
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(in_.data() + have_, in_.size() - have_), as_value);
    have_ += n;
    co_return !ec;
}

// Waits until `count` bytes from the start of the buffer have arrived. (No co_return inside the loop: g++ 12
// compiled that shape into a trap here.)
task<bool> connection::need(std::size_t count) {
    bool ok = true;
    while (ok && have_ < count)
        ok = co_await fill();
    co_return ok;
}

// Waits until `text` occurs at or after `from`; its position, or npos when the socket failed.
task<std::size_t> connection::find(std::string_view text, std::size_t from) {
    auto at = std::string_view(in_.data(), have_).find(text, from);
    bool ok = true;
    while (ok && at == std::string_view::npos) {
        ok = co_await fill();
        at = std::string_view(in_.data(), have_).find(text, from);
    }
    co_return at;
}

task<reply> connection::read_reply() {
    reply out;
    std::size_t head_end = co_await find("\r\n\r\n", 0);
    head h;
    if (head_end == std::string_view::npos || !parse_head(std::string_view(in_.data(), head_end), h, out))
        co_return reply{};
    std::size_t at = head_end + 4;
    if (!h.chunked) {
        if (!co_await need(at + h.content_length))
            co_return reply{};
        out.body.assign(in_.data() + at, h.content_length);
        at += h.content_length;
    } else {
        for (;;) { // size CRLF data CRLF ..., ended by a chunk of size 0 and a blank line (no trailers)
            std::size_t eol = co_await find("\r\n", at);
            if (eol == std::string_view::npos)
                co_return reply{};
            auto size = number(std::string_view(in_.data() + at, eol - at), 16);
            at = eol + 2;
            if (!co_await need(at + size + 2))
                co_return reply{};
            out.body.append(in_.data() + at, size);
            at += size + 2;
            if (size == 0)
                break;
        }
    }
    std::memmove(in_.data(), in_.data() + at, have_ - at); // a pipelined byte would stay; none is expected
    have_ -= at;
    out.status = h.status;
    co_return out;
}

task<reply> connection::post(std::string target, std::string body) {
    auto r = co_await send(http::verb::post, target, body);
    co_return r;
}

task<bool> connection::open_session() {
    session_.clear();
    auto init = co_await post("/mcp", initialize_body((*next_id_)++));
    if (!answered(init, "protocolVersion") || init.session_id.empty())
        co_return false;
    session_ = init.session_id;
    auto done = co_await post("/mcp", initialized_body());
    co_return done.status == 202;
}

task<reply> connection::call(tool t) {
    auto body = call_body((*next_id_)++, t);
    auto r = co_await send(http::verb::post, "/mcp", body);
    co_return r;
}

task<reply> connection::call_modern(tool t) {
    auto body = modern_call_body((*next_id_)++, t);
    auto r = co_await send(http::verb::post, "/mcp", body, modern_call_headers(t));
    co_return r;
}

task<reply> connection::post_raw(std::string_view target) {
    auto body = call_body((*next_id_)++, tool::echo);
    fake_session_ = true;
    auto r = co_await send(http::verb::post, target, body);
    fake_session_ = false;
    co_return r;
}

task<reply> connection::post_as_session(std::string target, std::string body) {
    fake_session_ = true;
    auto r = co_await send(http::verb::post, target, body);
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
    for (auto const& [name, value] : extra_fields)
        req.set(name, value);
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
