// The PostgreSQL stores: option checks, the session and event store classes over one pool, open_postgres
// (postgres_store.hpp). The store classes only serialize on the caller's thread and hop to a worker;
// pg_operations does the work. The task and state stores over the same pool are postgres_task_store.cpp and
// postgres_state_store.cpp.
#include <mcp/core/log.hpp>
#include <mcp/storage/postgres/pg_operations.hpp>
#include <mcp/storage/postgres/pg_pool.hpp>
#include <mcp/storage/postgres/postgres_state_store.hpp>
#include <mcp/storage/postgres/postgres_store.hpp>
#include <mcp/storage/postgres/postgres_task_store.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>

namespace mcp::storage {
namespace {

using backend = detail::pg_backend;

class postgres_session_store final : public session_store {
public:
    explicit postgres_session_store(std::shared_ptr<backend> b) : b_(std::move(b)) {}

    task<result<>> create(session_record record) override {
        auto op = b_->pool->run<void>(
            [b = b_.get(), row = detail::to_row(record), purge = purge_due()](detail::pg_connection& c) {
                auto created = detail::pg_create_session(c, b->statements, row, b->limits);
                if (purge && created) {
                    if (auto purged = detail::pg_purge(c, b->statements, b->limits); !purged)
                        mcp::log::warn("PostgreSQL store {}: purge failed: {}", b->statements.prefix,
                                       purged.error().message());
                }
                return created;
            });
        co_return co_await std::move(op);
    }

    task<result<std::optional<session_record>>> load(std::string id) override {
        auto op = b_->pool->run<std::optional<session_record>>(
            [b = b_.get(), id = std::move(id)](detail::pg_connection& c) {
                return detail::pg_load_session(c, b->statements, id, b->limits);
            });
        co_return co_await std::move(op);
    }

    task<result<>> save(session_record& record) override {
        auto op = b_->pool->run<std::int64_t>(
            [b = b_.get(), row = detail::to_row(record)](detail::pg_connection& c) {
                return detail::pg_save_session(c, b->statements, row, b->limits);
            });
        auto saved = co_await std::move(op);
        if (!saved)
            co_return saved.error();
        record.revision = *saved;
        co_return result<>{};
    }

    task<result<bool>> terminate(std::string id) override {
        auto op = b_->pool->run<bool>([b = b_.get(), id = std::move(id)](detail::pg_connection& c) {
            return detail::pg_terminate_session(c, b->statements, id);
        });
        co_return co_await std::move(op);
    }

private:
    // At most once per min(ttl, 1 min) per store, whichever create() comes first.
    bool purge_due() {
        auto now = std::chrono::steady_clock::now().time_since_epoch();
        auto interval =
            std::min<std::chrono::steady_clock::duration>(b_->limits.ttl, std::chrono::minutes(1));
        auto next = next_purge_.load();
        if (now.count() < next)
            return false;
        return next_purge_.compare_exchange_strong(next, (now + interval).count());
    }

    std::shared_ptr<backend> b_;
    std::atomic<std::chrono::steady_clock::rep> next_purge_{0};
};

class postgres_event_store final : public event_store {
public:
    explicit postgres_event_store(std::shared_ptr<backend> b) : b_(std::move(b)) {}

    task<result<std::uint64_t>> append(std::string session, std::string stream, std::string data) override {
        auto op = b_->pool->run<std::uint64_t>([b = b_.get(), session = std::move(session),
                                                stream = std::move(stream),
                                                data = std::move(data)](detail::pg_connection& c) {
            return detail::pg_append_event(c, b->statements, session, stream, data, b->limits);
        });
        co_return co_await std::move(op);
    }

    task<result<std::vector<stored_event>>> after(std::string session, std::string stream,
                                                  std::uint64_t sequence) override {
        auto op = b_->pool->run<std::vector<stored_event>>([b = b_.get(), session = std::move(session),
                                                            stream = std::move(stream),
                                                            sequence](detail::pg_connection& c) {
            return detail::pg_events_after(c, b->statements, session, stream, sequence);
        });
        co_return co_await std::move(op);
    }

    task<result<>> forget(std::string session) override {
        auto op = b_->pool->run<void>([b = b_.get(), session = std::move(session)](detail::pg_connection& c) {
            return detail::pg_forget_events(c, b->statements, session);
        });
        co_return co_await std::move(op);
    }

private:
    std::shared_ptr<backend> b_;
};

// Unquoted identifiers: PostgreSQL folds them to lower case, so the prefix is lowered here too, and the
// longest name ("<prefix>stream_counters_pkey") must fit in 63 bytes.
result<std::string> checked_prefix(std::string prefix) {
    constexpr std::size_t longest = 40;
    bool fine = prefix.size() <= longest &&
                std::all_of(prefix.begin(), prefix.end(),
                            [](unsigned char ch) { return std::isalnum(ch) || ch == '_'; }) &&
                (prefix.empty() || !std::isdigit(static_cast<unsigned char>(prefix[0])));
    if (!fine)
        return error(errc::invalid_configuration,
                     "PostgreSQL table_prefix \"" + prefix + "\": use at most " + std::to_string(longest) +
                         " ASCII letters, digits and underscores, not starting with a digit");
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return prefix;
}

} // namespace

result<stores> open_postgres(postgres_options options) {
    auto prefix = checked_prefix(options.table_prefix);
    if (!prefix)
        return prefix.error();
    if (options.pool_size == 0)
        return error(errc::invalid_configuration, "PostgreSQL pool_size must be at least 1");
    auto b = std::make_shared<backend>();
    b->statements = detail::make_statements(*prefix);
    b->limits = options.limits;
    b->endpoint = {std::move(options.connection), options.connect_timeout, options.query_timeout};
    b->pool = std::make_unique<detail::pg_pool>(detail::pg_pool_options{
        .endpoint = b->endpoint,
        .threads = options.pool_size,
        .setup = [st = &b->statements, mode = options.schema](detail::pg_connection& c) {
            return detail::pg_set_up(c, *st, mode);
        }});
    if (options.connect_at_open) {
        auto ready = b->pool->run_blocking<void>([](detail::pg_connection&) { return result<>{}; });
        if (!ready)
            return ready.error();
    }
    return stores{std::make_shared<postgres_session_store>(b), std::make_shared<postgres_event_store>(b),
                  options.limits, detail::make_postgres_task_store(b), detail::make_postgres_state_store(b)};
}

std::string postgres_schema_sql(std::string_view table_prefix) {
    auto prefix = checked_prefix(std::string(table_prefix));
    return detail::pg_schema_sql(prefix ? *prefix : std::string(table_prefix));
}

} // namespace mcp::storage
