// pg_listener: the LISTEN connection, its reconnect loop and the calls to watchers (see pg_listener.hpp).
#include <mcp/core/log.hpp>
#include <mcp/storage/postgres/pg_listener.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>

namespace mcp::storage::detail {
namespace {

namespace asio = boost::asio;

constexpr auto first_backoff = std::chrono::milliseconds(100);
constexpr auto last_backoff = std::chrono::milliseconds(5000);

task<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer timer(co_await asio::this_coro::executor, d);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

} // namespace

pg_listener::pg_listener(pg_endpoint endpoint, std::string channel)
    : endpoint_(std::move(endpoint)), channel_(std::move(channel)) {}

pg_listener::~pg_listener() {
    io_.stop();
    if (thread_.joinable())
        thread_.join();
    stop_hearing();
}

std::shared_ptr<void> pg_listener::watch(state_store::watcher changed) {
    auto token = std::make_shared<state_store::watcher>(std::move(changed));
    std::lock_guard lock(mutex_);
    std::erase_if(watchers_, [](auto const& w) { return w.expired(); });
    watchers_.push_back(token);
    if (!thread_.joinable()) {
        asio::co_spawn(io_, listen(), [channel = channel_](std::exception_ptr e) {
            if (e) // tell() catches what watchers throw, so this is a bug of ours: say so, do not hide it
                mcp::log::error("PostgreSQL state listener {} stopped by an unexpected exception", channel);
        });
        thread_ = std::thread([this] { io_.run(); });
    }
    return token;
}

// Runs until io_ stops. Every successful LISTEN is followed by "": a watcher registered before it (the first
// one included) may have missed saves made while nothing listened.
task<void> pg_listener::listen() {
    auto backoff = first_backoff;
    for (;;) {
        if (auto listening = start_listening(); !listening) {
            mcp::log::warn("PostgreSQL state listener {}: {}; trying again in {} ms", channel_,
                           listening.error().message(), backoff.count());
            co_await sleep_for(backoff);
            backoff = std::min(backoff * 2, last_backoff);
            continue;
        }
        backoff = first_backoff;
        tell("");
        auto lost = co_await hear();
        mcp::log::warn("PostgreSQL state listener {}: {}; listening again", channel_, lost.message());
        stop_hearing();
    }
}

// Blocking, bounded by connect_timeout and query_timeout: this thread has nothing else to do meanwhile.
result<> pg_listener::start_listening() {
    if (auto connected = connection_.connect(endpoint_); !connected)
        return connected;
    connection_.set_deadline(pg_clock::now() + endpoint_.query_timeout);
    if (auto listening = connection_.exec("LISTEN " + channel_); !listening)
        return listening.error();
    return {};
}

// Until the connection is lost; returns why.
task<error> pg_listener::hear() {
    PGconn* conn = connection_.native();
    socket_.emplace(io_, PQsocket(conn));
    for (;;) {
        // Notifications that arrived with LISTEN's answer are already read, so drain before waiting.
        while (PGnotify* note = PQnotifies(conn)) {
            std::string key = note->extra ? note->extra : "";
            PQfreemem(note);
            tell(key);
        }
        auto [ec] = co_await socket_->async_wait(asio::posix::descriptor_base::wait_read,
                                                 asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return error(errc::unavailable, "waiting for notifications failed: " + ec.message());
        // A server that ends the session (restart, pg_terminate_backend) sends an error, then closes: the
        // first read may still leave the connection OK, the next one sees the end.
        if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK)
            co_return error(errc::unavailable, "connection to " + connection_.where() +
                                                   " lost: " + pg_one_line(PQerrorMessage(conn)));
    }
}

// libpq owns the socket: the descriptor lets go of it (release, not close) before libpq closes it.
void pg_listener::stop_hearing() {
    if (socket_)
        (void)socket_->release();
    socket_.reset();
    connection_.drop();
}

// Outside the lock, as the memory store does: a watcher may watch() again or drop its token.
void pg_listener::tell(std::string const& key) {
    std::vector<std::shared_ptr<state_store::watcher>> live;
    {
        std::lock_guard lock(mutex_);
        for (auto const& w : watchers_)
            if (auto p = w.lock())
                live.push_back(std::move(p));
    }
    for (auto const& w : live) {
        try {
            (*w)(key);
        } catch (std::exception const& e) { // one failing watcher must not deafen the others
            mcp::log::error("PostgreSQL state listener {}: a watcher threw on key '{}': {}", channel_, key,
                            e.what());
        }
    }
}

} // namespace mcp::storage::detail
