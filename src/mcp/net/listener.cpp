// The acceptor side of the listener: binding, the accept loop, the connection limit, the table of live
// connections and the graceful shutdown; plus serve(), the process-level loop with signals.
// The per-connection HTTP work (all of Beast) is in connection.cpp and connection_writer.cpp.
#include <mcp/net/listener.hpp>

#include <mcp/net/connection.hpp>
#include <mcp/core/log.hpp>
#include <mcp/core/process_loop.hpp>
#include <mcp/core/strand.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

namespace mcp::net {
namespace detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

struct listener_state : std::enable_shared_from_this<listener_state> {
    listener_state(asio::any_io_executor ex, listener_options o, net::handler h)
        : io(ex), strand(make_io_strand(ex)), acceptor(strand), grace_timer(strand), opts(std::move(o)),
          handler(std::make_shared<net::handler const>(std::move(h))) {}

    void admit(tcp::socket socket);
    void refuse(tcp::socket socket);
    void ended(connection* c);
    void begin_stop();
    void on_grace_over(bool final_pass);
    void complete_stop();

    asio::any_io_executor io;
    io_strand strand; // the acceptor and the grace timer live here
    tcp::acceptor acceptor;
    asio::steady_timer grace_timer;
    listener_options opts;
    std::shared_ptr<net::handler const> handler;
    std::atomic<unsigned short> port{0};

    std::mutex mutex; // guards everything below
    std::unordered_map<connection*, std::weak_ptr<connection>> live;
    bool stopping = false;
    bool acceptor_closed = false;
    bool stopped = false;
    std::vector<std::function<void()>> on_stopped;
    std::size_t refused = 0;
    std::chrono::steady_clock::time_point last_refusal_report{};
};

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);
constexpr auto refusal_report_interval = std::chrono::seconds(10);
constexpr auto abandon_after =
    std::chrono::seconds(1); // after the grace period, for the forced closes to land

std::string const& busy_response() {
    static std::string const text = [] {
        std::string body = R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Server busy"}})";
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
               "Connection: close\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    return text;
}

std::vector<std::shared_ptr<connection>>
lock_all(std::unordered_map<connection*, std::weak_ptr<connection>>& m) {
    std::vector<std::shared_ptr<connection>> out;
    for (auto& [raw, weak] : m)
        if (auto c = weak.lock())
            out.push_back(std::move(c));
    return out;
}

task<> accept_loop(std::shared_ptr<listener_state> s) {
    asio::steady_timer pause(s->strand);
    for (;;) {
        auto [ec, socket] = co_await s->acceptor.async_accept(make_io_strand(s->io), as_value);
        if (ec == asio::error::operation_aborted || !s->acceptor.is_open())
            break;
        if (ec) {
            // Out of descriptors or a transient network error: say so, and do not spin.
            log::warn("net: accept failed: {}", ec.message());
            pause.expires_after(std::chrono::milliseconds(100));
            co_await pause.async_wait(as_value);
            continue;
        }
        s->admit(std::move(socket));
    }
    log::debug("net: accept loop ended");
}

} // namespace

void listener_state::admit(tcp::socket socket) {
    std::shared_ptr<connection> c;
    {
        std::lock_guard lock(mutex);
        if (stopping)
            return; // the socket closes as it goes out of scope
        if (live.size() >= opts.max_connections) {
            ++refused;
            auto now = std::chrono::steady_clock::now();
            if (now - last_refusal_report >= refusal_report_interval) {
                log::warn(
                    "net: connection limit ({}) reached: {} connection(s) refused since the last report",
                    opts.max_connections, refused);
                refused = 0;
                last_refusal_report = now;
            }
        } else {
            c = make_connection(std::move(socket), opts, handler,
                                [self = shared_from_this()](connection* done) { self->ended(done); });
            live.emplace(c.get(), c);
        }
    }
    if (c)
        c->run();
    else
        refuse(std::move(socket));
}

// Best effort: the 503 fits in the socket's send buffer of a fresh connection, so a non-blocking send
// suffices.
void listener_state::refuse(tcp::socket socket) {
    error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(asio::buffer(busy_response()), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
}

void listener_state::ended(connection* c) {
    bool done = false;
    {
        std::lock_guard lock(mutex);
        live.erase(c);
        done = stopping && acceptor_closed && live.empty() && !stopped;
    }
    if (done)
        complete_stop();
}

// On the strand: close the acceptor, then either finish at once or give the connections their grace period.
void listener_state::begin_stop() {
    error_code ec;
    acceptor.close(ec);
    std::vector<std::shared_ptr<connection>> conns;
    {
        std::lock_guard lock(mutex);
        acceptor_closed = true;
        conns = lock_all(live);
    }
    log::info("net: shutting down, {} connection(s) open", conns.size());
    for (auto& c : conns)
        c->begin_shutdown();
    if (conns.empty())
        return complete_stop();
    grace_timer.expires_after(opts.shutdown_grace);
    grace_timer.async_wait([self = shared_from_this()](error_code wec) {
        if (!wec)
            self->on_grace_over(false);
    });
}

// On the strand, when the grace period is over (and once more, a moment later).
void listener_state::on_grace_over(bool final_pass) {
    std::vector<std::shared_ptr<connection>> conns;
    {
        std::lock_guard lock(mutex);
        if (stopped)
            return;
        conns = lock_all(live);
    }
    if (final_pass) {
        log::warn("net: {} connection(s) did not end after shutdown; abandoning them", conns.size());
        return complete_stop();
    }
    log::warn("net: shutdown grace over: closing {} busy connection(s)", conns.size());
    for (auto& c : conns)
        c->force_close();
    grace_timer.expires_after(abandon_after);
    grace_timer.async_wait([self = shared_from_this()](error_code wec) {
        if (!wec)
            self->on_grace_over(true);
    });
}

void listener_state::complete_stop() {
    std::vector<std::function<void()>> callbacks;
    {
        std::lock_guard lock(mutex);
        if (stopped)
            return;
        stopped = true;
        callbacks.swap(on_stopped);
    }
    asio::post(strand, [self = shared_from_this()] { self->grace_timer.cancel(); });
    log::info("net: stopped");
    for (auto& f : callbacks)
        f();
}

} // namespace detail

listener::listener(boost::asio::any_io_executor ex, listener_options opts, net::handler h)
    : state_(std::make_shared<detail::listener_state>(std::move(ex), std::move(opts), std::move(h))) {}

listener::~listener() {
    if (state_)
        stop();
}

void listener::start() {
    namespace asio = boost::asio;
    auto& s = *state_;
    {
        std::lock_guard lock(s.mutex);
        if (s.stopping)
            throw std::logic_error("listener: start() after stop()");
    }
    if (s.acceptor.is_open())
        throw std::logic_error("listener: start() called twice");
    auto where = s.opts.address + ":" + std::to_string(s.opts.port);
    auto fail = [&](boost::system::error_code ec, std::string what) {
        boost::system::error_code ignored;
        s.acceptor.close(ignored);
        throw std::system_error(std::error_code(ec), what + " " + where);
    };
    boost::system::error_code ec;
    auto address = asio::ip::make_address(s.opts.address, ec);
    if (ec)
        fail(ec, "invalid listen address");
    asio::ip::tcp::endpoint endpoint(address, s.opts.port);
    if (s.acceptor.open(endpoint.protocol(), ec); ec)
        fail(ec, "cannot open a socket for");
    if (s.acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec)
        fail(ec, "cannot configure");
    if (s.acceptor.bind(endpoint, ec); ec)
        fail(ec, "cannot bind");
    if (s.acceptor.listen(asio::socket_base::max_listen_connections, ec); ec)
        fail(ec, "cannot listen on");
    s.port = s.acceptor.local_endpoint().port();
    asio::co_spawn(s.strand, detail::accept_loop(state_), [](std::exception_ptr ep) {
        if (!ep)
            return;
        try {
            std::rethrow_exception(ep);
        } catch (std::exception const& e) {
            log::error("net: accept loop failed: {}", e.what());
        }
    });
}

unsigned short listener::port() const {
    return state_ ? state_->port.load() : 0;
}

void listener::stop(std::function<void()> on_stopped) {
    auto s = state_;
    if (!s)
        return;
    bool first = false;
    bool done = false;
    {
        std::lock_guard lock(s->mutex);
        done = s->stopped;
        if (!done) {
            if (on_stopped)
                s->on_stopped.push_back(std::move(on_stopped));
            first = !std::exchange(s->stopping, true);
        }
    }
    if (done && on_stopped)
        on_stopped();
    if (first)
        boost::asio::post(s->strand, [s] { s->begin_stop(); });
}

int serve(handler h, listener_options opts) {
    namespace asio = boost::asio;
    auto const threads = io_threads(opts.threads);
    asio::io_context io(static_cast<int>(threads));
    listener l(io.get_executor(), opts, std::move(h));
    try {
        l.start();
    } catch (std::exception const& e) {
        log::error("net: {}", e.what());
        return 1;
    }
    log::info("net: listening on http://{}:{} with {} thread(s)", opts.address, l.port(), threads);
    run_process(io, threads, {.graceful = [&l](std::function<void()> done) { l.stop(std::move(done)); }});
    return 0;
}

} // namespace mcp::net
