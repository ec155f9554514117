#include <mcp/server/list_sync.hpp>

#include <mcp/core/log.hpp>
#include <mcp/storage/memory/memory_state_store.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <utility>

namespace mcp::detail {

namespace asio = boost::asio;

namespace {
// A look that owns the object while it runs (a push may come as the server goes).
task<> refresh_owned(std::shared_ptr<list_sync> self) { co_await self->refresh(true); }
} // namespace

list_sync::list_sync(std::function<definitions()> collect, std::function<void()> changed)
    : collect_(std::move(collect)), changed_(std::move(changed)),
      store_(std::make_shared<storage::memory_state_store>()) {}

std::shared_ptr<storage::state_store> list_sync::store() const {
    std::lock_guard lock(mutex_);
    return store_;
}

void list_sync::use_store(std::shared_ptr<storage::state_store> store, std::string key,
                          asio::any_io_executor ex, std::chrono::milliseconds check_interval, bool fixed) {
    if (!store)
        return;
    {
        std::lock_guard lock(mutex_);
        if (store_fixed_ || (!fixed && !store_default_))
            return; // a store set in code, or the first front door's, stays
        store_ = store;
        store_fixed_ = fixed;
        store_default_ = false;
        key_ = std::move(key);
        executor_ = std::move(ex);
        check_interval_ = check_interval;
        loaded_ = false;
        watch_.reset();
    }
    // Outside the lock: a store may call the watcher at once.
    auto token = store->watch([weak = weak_from_this(), key = key_snapshot()](std::string const& changed_key) {
        if (!changed_key.empty() && changed_key != key)
            return; // another server's document
        if (auto self = weak.lock())
            asio::co_spawn(self->executor(), refresh_owned(self), asio::detached);
    });
    std::lock_guard lock(mutex_);
    if (store_ == store) {
        watch_ = std::move(token);
        pushes_ = watch_ != nullptr;
    }
}

std::string list_sync::key_snapshot() const {
    std::lock_guard lock(mutex_);
    return key_;
}

asio::any_io_executor list_sync::executor() const {
    std::lock_guard lock(mutex_);
    return executor_;
}

void list_sync::release_store(std::shared_ptr<storage::state_store> const& store) {
    std::lock_guard lock(mutex_);
    if (store_ != store || store_fixed_ || store_default_)
        return;
    store_ = std::make_shared<storage::memory_state_store>();
    store_default_ = true;
    watch_.reset();
    pushes_ = false;
    loaded_ = false;
}

std::shared_ptr<catalog const> list_sync::current() const {
    std::lock_guard lock(mutex_);
    return catalog_;
}

void list_sync::stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    watch_.reset();
}

bool list_sync::stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
}

// Lock order: rebuild_mutex_, then the registries' locks (collect_), then mutex_. Nothing under a registry lock
// takes mutex_ (a list call reads the catalog before it lists), so collect_ runs with mutex_ free.
bool list_sync::rebuild(std::optional<std::pair<activation, std::int64_t>> adopted) {
    std::lock_guard rebuilding(rebuild_mutex_);
    if (stopped())
        return false; // the server and its registries are going
    auto defined = collect_();
    std::lock_guard lock(mutex_);
    if (adopted) {
        auto& [a, revision] = *adopted;
        if (revision < revision_ || (revision == revision_ && loaded_ && catalog_))
            return false; // older, or the one we have: a look that finished late
        activation_ = std::move(a);
        revision_ = revision;
        loaded_ = true;
    }
    auto before = catalog_;
    catalog_ = std::make_shared<catalog const>(build_catalog(defined, activation_, revision_));
    return !before || before->fingerprints != catalog_->fingerprints;
}

void list_sync::definitions_changed() {
    if (rebuild(std::nullopt) && changed_ && !stopped())
        changed_();
}

bool list_sync::adopt(activation a, std::int64_t revision) {
    return rebuild(std::pair{std::move(a), revision});
}

// The document, or why it cannot be used.
namespace {
result<std::pair<activation, std::int64_t>> read_document(std::optional<storage::state_record> const& record) {
    if (!record)
        return std::pair<activation, std::int64_t>{};
    auto a = activation_from(record->value);
    if (!a)
        return error::internal("The server state '" + record->key + "' in the state store is not a document this "
                               "server wrote (expected {\"tools\": {\"active\": {name: true|false}}, ...}): fix or "
                               "delete it");
    return std::pair{std::move(*a), record->revision};
}
} // namespace

task<> list_sync::refresh(bool force) {
    std::shared_ptr<storage::state_store> store;
    std::string key;
    {
        std::lock_guard lock(mutex_);
        if (refreshing_) {
            again_ = again_ || force; // a push while a look is in flight: look once more after it
            co_return;
        }
        refreshing_ = true;
        store = store_;
        key = key_;
    }
    bool changed = false;
    for (bool more = true; more;) {
        auto loaded = co_await store->load(key);
        auto document = loaded ? read_document(*loaded) : result<std::pair<activation, std::int64_t>>(
                                                              error::internal(loaded.error().message()));
        if (!document)
            log::warn("server state '{}': not read, serving the lists as they were: {}", key,
                      document.error().message());
        if (document && adopt(std::move(document->first), document->second))
            changed = true;
        std::lock_guard lock(mutex_);
        last_look_ = std::chrono::steady_clock::now();
        more = std::exchange(again_, false);
        if (!more)
            refreshing_ = false;
    }
    if (changed && changed_ && !stopped())
        changed_();
}

task<> list_sync::refresh_if_due() {
    bool due = false;
    {
        std::lock_guard lock(mutex_);
        // Never read yet (or the read failed): again, but at most once a second, so a store that is down is not
        // asked on every request. Read: again after check_interval_, where the store does not push.
        auto wait = loaded_ ? check_interval_ : std::min<std::chrono::milliseconds>(check_interval_, std::chrono::seconds(1));
        bool looks = !loaded_ || (!pushes_ && !store_default_);
        due = !refreshing_ && looks && std::chrono::steady_clock::now() - last_look_ >= wait;
    }
    if (due)
        co_await refresh(false);
}

namespace {
task<> look_every(std::weak_ptr<list_sync> weak, std::weak_ptr<void> alive, std::chrono::milliseconds every) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
        auto self = weak.lock();
        if (!self || alive.expired())
            co_return;
        co_await self->refresh_if_due();
        self.reset();
        timer.expires_after(every);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
    }
}
} // namespace

std::shared_ptr<void> list_sync::start_background(asio::any_io_executor ex) {
    auto alive = std::make_shared<int>(0);
    std::chrono::milliseconds every;
    {
        std::lock_guard lock(mutex_);
        every = check_interval_;
    }
    asio::co_spawn(ex, look_every(weak_from_this(), alive, every), asio::detached);
    return alive;
}

task<result<>> list_sync::set_active(list_kind kind, std::string name, bool active) {
    auto defined = collect_();
    auto const& items = defined.items[static_cast<std::size_t>(kind)];
    if (std::none_of(items.begin(), items.end(), [&](auto const& item) { return item.first == name; }))
        co_return error::invalid_params("Unknown " + std::string(kind_name(kind)) + " entry '" + name +
                                        "': only what this server registered can be activated or deactivated");
    constexpr int attempts = 8;
    for (int i = 0; i < attempts; ++i) {
        auto done = co_await try_set(kind, name, active, defined);
        if (done)
            co_return *done;
    }
    co_return error::internal("The " + std::string(kind_name(kind)) + " list changed " + std::to_string(attempts) +
                              " times while '" + name + "' was being changed: try again");
}

// One attempt: nullopt when another writer saved first (try again).
task<std::optional<result<>>> list_sync::try_set(list_kind kind, std::string const& name, bool active,
                                                 definitions const& defined) {
    std::shared_ptr<storage::state_store> store;
    std::string key;
    {
        std::lock_guard lock(mutex_);
        store = store_;
        key = key_;
    }
    auto loaded = co_await store->load(key);
    if (!loaded)
        co_return error::internal("The lists were not changed: the state store failed: " + loaded.error().message());
    auto document = read_document(*loaded);
    if (!document)
        co_return document.error();
    auto [a, revision] = std::move(*document);
    auto& set = a.of(kind);
    if (auto it = set.find(name); it != set.end() && it->second == active) {
        if (adopt(std::move(a), revision) && changed_)
            changed_(); // already so in the store: nothing to write
        co_return result<>{};
    }
    set[name] = active;
    storage::state_record record{key, to_document(a, build_catalog(defined, a, revision + 1).fingerprints), revision};
    auto saved = co_await store->save(record);
    if (!saved && saved.error().code() == storage::errc::conflict)
        co_return std::nullopt;
    if (!saved)
        co_return error::internal("The lists were not changed: the state store failed: " + saved.error().message());
    if (adopt(std::move(a), record.revision) && changed_)
        changed_();
    co_return result<>{};
}

} // namespace mcp::detail
