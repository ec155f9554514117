// Beast's coroutine server pattern, reduced to what the tests need: accept, read a request, answer, repeat.
#include <mcp/aws/testing/local_http_server.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>

#include <mutex>
#include <stdexcept>
#include <thread>

namespace mcp::aws::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string recorded_request::header(std::string_view name) const {
    for (auto const& h : headers) {
        if (beast::iequals(h.name, name)) {
            return h.value;
        }
    }
    return {};
}

struct local_http_server::state {
    asio::io_context io;
    tcp::acceptor acceptor{io};
    handler answer;
    mutable std::mutex mutex;
    std::vector<recorded_request> seen;
    std::uint16_t port = 0;
    std::thread thread;
};

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

recorded_request record(bhttp::request<bhttp::string_body> const& req) {
    recorded_request r{.method = std::string(req.method_string()),
                       .target = std::string(req.target()),
                       .headers = {},
                       .body = req.body()};
    for (auto const& field : req) {
        r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    return r;
}

asio::awaitable<void> serve(local_http_server::state* s, tcp::socket socket) {
    beast::flat_buffer buffer;
    for (;;) {
        bhttp::request<bhttp::string_body> req;
        auto [rec, n] = co_await bhttp::async_read(socket, buffer, req, as_value);
        (void)n;
        if (rec) {
            co_return;
        }
        auto seen = record(req);
        canned_answer a = s->answer(seen);
        {
            std::lock_guard lock(s->mutex);
            s->seen.push_back(std::move(seen));
        }
        if (a.close) {
            co_return;
        }
        if (a.never) {
            asio::steady_timer forever(socket.get_executor(), std::chrono::hours(1));
            co_await forever.async_wait(as_value);
            co_return;
        }
        bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(a.status), 11};
        for (auto const& h : a.headers) {
            res.insert(h.name, h.value);
        }
        res.body() = std::move(a.body);
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        auto [wec, written] = co_await bhttp::async_write(socket, res, as_value);
        (void)written;
        if (wec || !res.keep_alive()) {
            co_return;
        }
    }
}

asio::awaitable<void> accept_loop(local_http_server::state* s) {
    for (;;) {
        auto [ec, socket] = co_await s->acceptor.async_accept(as_value);
        if (ec) {
            co_return;
        }
        asio::co_spawn(s->io, serve(s, std::move(socket)), asio::detached);
    }
}

} // namespace

local_http_server::local_http_server(handler h) : state_(std::make_shared<state>()) {
    state_->answer = std::move(h);
    boost::system::error_code ec;
    tcp::endpoint const at(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(at.protocol(), ec);
    if (!ec) {
        state_->acceptor.bind(at, ec);
    }
    if (!ec) {
        state_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        throw std::runtime_error("local_http_server: cannot listen: " + ec.message());
    }
    state_->port = state_->acceptor.local_endpoint().port();
    asio::co_spawn(state_->io, accept_loop(state_.get()), asio::detached);
    state_->thread = std::thread([s = state_.get()] { s->io.run(); });
}

local_http_server::~local_http_server() {
    state_->io.stop();
    state_->thread.join();
}

std::uint16_t local_http_server::port() const {
    return state_->port;
}

std::string local_http_server::url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

std::vector<recorded_request> local_http_server::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->seen;
}

std::size_t local_http_server::count(std::string_view target) const {
    std::lock_guard lock(state_->mutex);
    std::size_t n = 0;
    for (auto const& r : state_->seen) {
        n += r.target == target ? 1 : 0;
    }
    return n;
}

} // namespace mcp::aws::testing
