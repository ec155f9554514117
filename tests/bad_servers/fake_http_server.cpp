// The fake HTTP server of the bad-server tests (fake_http_server.hpp): an accept loop and one coroutine per
// connection on the server's own io_context, reading requests with Beast and writing the script's replies as
// bytes, so that a reply can be anything, well-formed or not.
#include "fake_http_server.hpp"

#include <mcp/core/task.hpp>
#include <mcp/http/sse.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

namespace bad_servers {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using mcp::task;

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

std::string head(unsigned status, header_list const& headers) {
    std::string h = "HTTP/1.1 " + std::to_string(status) + " " +
                    std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(status))) + "\r\n";
    for (auto const& [name, value] : headers)
        h += name + ": " + value + "\r\n";
    return h + "\r\n";
}

std::string chunk(std::string_view data) {
    char size[20];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return std::string(size) + "\r\n" + std::string(data) + "\r\n";
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

std::optional<std::string> seen_request::header(std::string_view name) const {
    for (auto const& [n, v] : headers)
        if (same_name(n, name))
            return v;
    return std::nullopt;
}

std::string seen_request::rpc_method() const {
    auto const* o = message.if_object();
    auto const* m = o ? o->if_contains("method") : nullptr;
    return m && m->is_string() ? std::string(m->as_string()) : std::string();
}

boost::json::value seen_request::rpc_id() const {
    auto const* o = message.if_object();
    auto const* id = o ? o->if_contains("id") : nullptr;
    return id ? *id : boost::json::value();
}

reply reply::http(unsigned status, std::string content_type, std::string body, header_list extra) {
    if (!content_type.empty())
        extra.emplace_back("Content-Type", std::move(content_type));
    extra.emplace_back("Content-Length", std::to_string(body.size()));
    return {{{{}, head(status, extra) + body}}, then::keep_alive};
}

reply reply::json(boost::json::value const& message, header_list extra) {
    return http(200, "application/json", boost::json::serialize(message), std::move(extra));
}

reply reply::accepted() {
    return http(202, "", "");
}

reply reply::raw(std::string bytes) {
    return {{{{}, std::move(bytes)}}, then::close};
}

reply reply::cut_body(unsigned status, std::string content_type, std::string body_start,
                      std::size_t announced) {
    header_list h{{"Content-Type", std::move(content_type)}, {"Content-Length", std::to_string(announced)}};
    return {{{{}, head(status, h) + body_start}}, then::close};
}

reply reply::silence() {
    return {{}, then::hold};
}

reply reply::sse(header_list extra) {
    extra.emplace_back("Content-Type", "text/event-stream");
    extra.emplace_back("Cache-Control", "no-cache");
    extra.emplace_back("Transfer-Encoding", "chunked");
    return {{{{}, head(200, extra)}}, then::close};
}

reply& reply::event(std::string text, std::chrono::milliseconds delay) {
    steps.push_back({delay, chunk(text)});
    return *this;
}

reply& reply::finish(std::chrono::milliseconds delay) {
    steps.push_back({delay, "0\r\n\r\n"});
    end = then::keep_alive;
    return *this;
}

reply& reply::cut(std::chrono::milliseconds delay) {
    steps.push_back({delay, ""});
    end = then::close;
    return *this;
}

reply& reply::hold() {
    end = then::hold;
    return *this;
}

std::string sse_event(std::string const& data, std::optional<std::string> id,
                      std::optional<std::uint32_t> retry_ms) {
    return mcp::http::sse::encode({.id = std::move(id), .type = {}, .data = data, .retry_ms = retry_ms});
}

std::string sse_message(boost::json::value const& message, std::optional<std::string> id) {
    return sse_event(boost::json::serialize(message), std::move(id));
}

boost::json::object rpc_result(boost::json::value const& id, boost::json::value result) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

boost::json::object rpc_error(boost::json::value const& id, int code, std::string message) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::move(message)}}}};
}

boost::json::object initialize_result(std::string version) {
    return {{"protocolVersion", std::move(version)},
            {"capabilities", {{"tools", boost::json::object{}}}},
            {"serverInfo", {{"name", "fake"}, {"version", "1"}}}};
}

reply standard(seen_request const& r, std::string const& session) {
    if (r.method == "GET")
        return reply::http(405, "text/plain", "no listening stream", {{"Allow", "POST, DELETE"}});
    if (r.method == "DELETE")
        return reply::http(200, "", "");
    if (r.method != "POST")
        return reply::http(405, "text/plain", "", {{"Allow", "POST, DELETE"}});
    auto id = r.rpc_id();
    if (r.rpc_method().empty() || id.is_null())
        return reply::accepted();
    if (r.rpc_method() == "initialize")
        return reply::json(rpc_result(id, initialize_result()), {{"Mcp-Session-Id", session}});
    return reply::json(rpc_result(id, boost::json::object{}));
}

struct fake_http_server::state {
    explicit state(script s) : answer(std::move(s)) {}

    asio::io_context io;
    tcp::acceptor acceptor{io};
    script answer;
    mutable std::mutex m;
    std::vector<seen_request> seen; // guarded by m
    std::set<tcp::socket*> sockets; // the open connections (server thread only)
    std::thread thread;
    unsigned short port = 0;
    bool stopped = false;
};

namespace {

using state = fake_http_server::state;

seen_request record(state& s, bhttp::request<bhttp::string_body> const& req) {
    seen_request r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    for (auto const& f : req)
        r.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    r.body = req.body();
    boost::system::error_code ec;
    r.message = boost::json::parse(r.body, ec);
    if (ec)
        r.message = nullptr;
    r.at = std::chrono::steady_clock::now();
    std::lock_guard lock(s.m);
    r.index = s.seen.size();
    s.seen.push_back(r);
    return r;
}

reply answer_of(state& s, seen_request const& r) {
    try {
        return s.answer(r);
    } catch (std::exception const& e) {
        return reply::http(500, "text/plain", std::string("the test's script threw: ") + e.what());
    }
}

// Writes the reply's steps; false when the client has gone.
task<bool> play(tcp::socket& socket, std::vector<reply::step> steps) {
    asio::steady_timer timer(socket.get_executor());
    for (auto const& step : steps) {
        if (step.delay.count() > 0) {
            timer.expires_after(step.delay);
            auto [ec] = co_await timer.async_wait(as_value);
            if (ec)
                co_return false;
        }
        if (step.bytes.empty())
            continue;
        auto [ec, n] = co_await asio::async_write(socket, asio::buffer(step.bytes), as_value);
        if (ec)
            co_return false;
    }
    co_return true;
}

// Reads and discards until the client closes the connection.
task<> wait_for_close(tcp::socket& socket) {
    char sink[1024];
    for (;;) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(sink), as_value);
        if (ec)
            co_return;
    }
}

task<> serve(state* s, tcp::socket socket) {
    s->sockets.insert(&socket);
    boost::beast::flat_buffer buffer;
    for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        auto [ec, n] = co_await bhttp::async_read(socket, buffer, parser, as_value);
        if (ec)
            break;
        auto seen = record(*s, parser.get());
        auto r = answer_of(*s, seen);
        if (!co_await play(socket, std::move(r.steps)) || r.end == reply::then::close)
            break;
        if (r.end == reply::then::hold) {
            co_await wait_for_close(socket);
            break;
        }
    }
    s->sockets.erase(&socket);
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

task<> accept_loop(state* s) {
    for (;;) {
        auto [ec, socket] = co_await s->acceptor.async_accept(as_value);
        if (ec)
            co_return;
        asio::co_spawn(s->io, serve(s, std::move(socket)), asio::detached);
    }
}

} // namespace

fake_http_server::fake_http_server(script answer) : s_(std::make_unique<state>(std::move(answer))) {
    tcp::endpoint const local(asio::ip::make_address("127.0.0.1"), 0);
    s_->acceptor.open(local.protocol());
    s_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    s_->acceptor.bind(local);
    s_->acceptor.listen();
    s_->port = s_->acceptor.local_endpoint().port();
    asio::co_spawn(s_->io, accept_loop(s_.get()), asio::detached);
    s_->thread = std::thread([s = s_.get()] { s->io.run(); });
}

fake_http_server::~fake_http_server() {
    stop();
}

unsigned short fake_http_server::port() const {
    return s_->port;
}

std::string fake_http_server::url() const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/mcp";
}

std::vector<seen_request> fake_http_server::requests() const {
    std::lock_guard lock(s_->m);
    return s_->seen;
}

std::vector<seen_request> fake_http_server::requests(std::string_view http_method) const {
    std::vector<seen_request> out;
    for (auto& r : requests())
        if (r.method == http_method)
            out.push_back(std::move(r));
    return out;
}

std::vector<seen_request> fake_http_server::posts(std::string_view rpc_method) const {
    std::vector<seen_request> out;
    for (auto& r : requests())
        if (r.method == "POST" && r.rpc_method() == rpc_method)
            out.push_back(std::move(r));
    return out;
}

void fake_http_server::stop() {
    if (s_->stopped)
        return;
    s_->stopped = true;
    // Everything is closed on the server's thread, which then ends; the coroutines still suspended are
    // destroyed with the io_context.
    asio::post(s_->io, [s = s_.get()] {
        boost::system::error_code ignored;
        s->acceptor.close(ignored);
        for (auto* socket : s->sockets) {
            socket->shutdown(tcp::socket::shutdown_both, ignored);
            socket->close(ignored);
        }
        s->io.stop();
    });
    s_->thread.join();
}

} // namespace bad_servers
