// The sessions one handler holds in this process: lookup against the store, the revision sync, and the idle
// sweep.
#include <mcp/http/session_cache.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/durable_record.hpp>
#include <mcp/http/http_session.hpp>
#include <mcp/storage/memory/memory_store.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace mcp::http {

namespace detail {
struct session_table {
    std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<http_session>> sessions;
};
} // namespace detail

namespace {

// Stops what a session still runs and ends its streams, on its strand. `forgotten`: the session ended in the
// store too (its events are forgotten), not only dropped from this process.
void end_session(std::shared_ptr<http_session> s, bool forgotten) {
    auto strand = s->strand();
    boost::asio::post(strand, [s = std::move(s), forgotten] {
        if (forgotten)
            s->stop_storing();
        s->core()->cancel_all();
        s->close_all();
    });
}

// Takes the sessions idle for `idle_limit` out of `t`; `listening` gets those a client holds a stream of.
std::vector<std::shared_ptr<http_session>> take_idle(detail::session_table& t,
                                                     std::chrono::milliseconds idle_limit,
                                                     std::vector<std::shared_ptr<http_session>>& listening) {
    std::vector<std::shared_ptr<http_session>> idle;
    std::lock_guard lock(t.mutex);
    for (auto it = t.sessions.begin(); it != t.sessions.end();) {
        auto& s = it->second;
        if (s->streaming())
            listening.push_back(s);
        if (s->streaming() || s->idle_for() < idle_limit) {
            ++it;
            continue;
        }
        idle.push_back(std::move(s));
        it = t.sessions.erase(it);
    }
    return idle;
}

// Drops sessions idle longer than the TTL from this process; a session whose client holds a stream open
// counts as active (its record's TTL is refreshed). The session ends in the store too when the store is this
// process's own; a shared store keeps it (another process may be serving it, and the store's TTL expires it).
// Ends when the cache is gone.
task<> sweep(std::weak_ptr<detail::session_table> table, storage::stores stores, bool owns_stores) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    auto const idle_limit = stores.limits.ttl;
    auto every = std::clamp<std::chrono::milliseconds>(idle_limit / 4, std::chrono::milliseconds(10),
                                                       std::chrono::seconds(60));
    for (;;) {
        timer.expires_after(every);
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        auto t = table.lock();
        if (ec || !t)
            co_return;
        std::vector<std::shared_ptr<http_session>> listening;
        auto idle = take_idle(*t, idle_limit, listening);
        for (auto& s : listening)
            co_await stores.sessions->load(s->id()); // refreshes the TTL
        for (auto& s : idle) {
            log::debug("session {}: idle for too long; dropped from this process", s->id());
            if (owns_stores) {
                co_await stores.sessions->terminate(s->id());
                co_await stores.events->forget(s->id());
            }
            end_session(s, owns_stores);
        }
    }
}

task<> sync(std::shared_ptr<http_session> s, durable_session d, std::int64_t revision) {
    s->core()->restore(d);
    s->set_synced_revision(revision);
    co_return;
}

} // namespace

session_cache::session_cache(boost::asio::any_io_executor executor, storage::stores stores, bool owns_stores,
                             rebuild make)
    : stores_(std::move(stores)), owns_stores_(owns_stores), make_(std::move(make)),
      table_(std::make_shared<detail::session_table>()) {
    if (owns_stores_)
        own_sessions_ = static_cast<storage::memory_session_store*>(stores_.sessions.get());
    boost::asio::co_spawn(executor, sweep(table_, stores_, owns_stores_), boost::asio::detached);
}

session_cache::~session_cache() = default;

task<storage::result<std::shared_ptr<http_session>>> session_cache::lookup(std::string id) {
    if (auto s = owned(id)) {
        s->touch();
        co_return s;
    }
    auto record = co_await stores_.sessions->load(id);
    if (!record)
        co_return record.error();
    if (!*record) {
        erase(id);
        co_return nullptr;
    }
    auto s = co_await live(**record);
    s->touch();
    co_return s;
}

std::shared_ptr<http_session> session_cache::owned(std::string const& id) {
    if (!own_sessions_)
        return nullptr;
    auto revision = own_sessions_->touch(id);
    if (!revision)
        return nullptr; // load() says so too, and lookup answers nullptr
    std::lock_guard lock(table_->mutex);
    auto it = table_->sessions.find(id);
    if (it == table_->sessions.end() || it->second->synced_revision() != *revision)
        return nullptr;
    return it->second;
}

// The session on this process: rebuilt from the record when another process (or this one before a restart)
// created it, brought up to date when another process changed it since.
task<std::shared_ptr<http_session>> session_cache::live(storage::session_record const& record) {
    std::shared_ptr<http_session> s;
    {
        std::lock_guard lock(table_->mutex);
        if (auto it = table_->sessions.find(record.id); it != table_->sessions.end())
            s = it->second;
    }
    if (s) {
        if (record.revision != s->synced_revision())
            co_await on_strand(s->strand(), sync(s, durable_of(record), record.revision));
        co_return s;
    }
    s = make_(record.id);
    s->set_principal(record.principal);
    s->core()->restore(durable_of(record)); // not shared yet: no strand needed
    s->set_synced_revision(record.revision);
    std::lock_guard lock(table_->mutex);
    co_return table_->sessions.emplace(record.id, s).first->second; // a concurrent rebuild may have won
}

void session_cache::insert(std::shared_ptr<http_session> s) {
    std::lock_guard lock(table_->mutex);
    auto id = s->id();
    table_->sessions[id] = std::move(s);
}

void session_cache::erase(std::string const& id) {
    std::shared_ptr<http_session> gone;
    {
        std::lock_guard lock(table_->mutex);
        auto it = table_->sessions.find(id);
        if (it == table_->sessions.end())
            return;
        gone = std::move(it->second);
        table_->sessions.erase(it);
    }
    end_session(gone, true);
}

void session_cache::shutdown() {
    std::lock_guard lock(table_->mutex);
    for (auto const& entry : table_->sessions) {
        auto s = entry.second;
        boost::asio::post(s->strand(), [s] { s->close_standalone(); });
    }
}

bool session_cache::quiet() const {
    std::lock_guard lock(table_->mutex);
    return std::all_of(table_->sessions.begin(), table_->sessions.end(),
                       [](auto const& entry) { return entry.second->quiet(); });
}

std::size_t session_cache::size() const {
    std::lock_guard lock(table_->mutex);
    return table_->sessions.size();
}

} // namespace mcp::http
