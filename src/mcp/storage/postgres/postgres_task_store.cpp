// The PostgreSQL task store (postgres_task_store.hpp): the operations on one connection, run whole by a pool
// worker, and the store that hops to them. The statements are in pg_statements.cpp.
#include <mcp/core/log.hpp>
#include <mcp/storage/postgres/postgres_task_store.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <limits>

namespace mcp::storage::detail {
namespace {

// Expired tasks deleted by one purge at most, so that a create never waits on a long delete.
constexpr std::int64_t purge_batch = 1000;

std::int64_t epoch_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<std::int64_t> number(std::string_view text) {
    std::int64_t value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<std::string> text_of(std::optional<std::int64_t> n) {
    return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
}

pg_param param(std::optional<std::string> const& value) {
    return value ? pg_param(*value) : pg_param::null();
}

error corrupt(std::string_view id, std::string_view column) {
    return error(errc::malformed_data, "PostgreSQL task store: task " + std::string(id) +
                                           " has an unreadable " + std::string(column) + " column");
}

// The bigint columns of task_columns (pg_statements.cpp), by position.
struct number_column {
    int column;
    std::string_view name;
    std::int64_t task_record::*field;
};
constexpr number_column number_columns[] = {{6, "created_at_ms", &task_record::created_at_ms},
                                            {7, "updated_at_ms", &task_record::updated_at_ms},
                                            {8, "ttl_ms", &task_record::ttl_ms},
                                            {9, "poll_interval_ms", &task_record::poll_interval_ms},
                                            {11, "lease_until_ms", &task_record::lease_until_ms},
                                            {12, "revision", &task_record::revision}};

result<task_record> decode(pg_rows const& rows, int row) {
    task_record r;
    r.id = rows.at(row, 0);
    r.session = rows.at(row, 1);
    r.principal = rows.at(row, 2);
    r.tool = rows.at(row, 3);
    auto status = task_status_from(rows.at(row, 4));
    if (!status)
        return corrupt(r.id, "status");
    r.status = *status;
    r.status_message = rows.at(row, 5);
    r.owner = rows.at(row, 10);
    for (auto const& n : number_columns) {
        auto value = number(rows.at(row, n.column));
        if (!value)
            return corrupt(r.id, n.name);
        r.*n.field = *value;
    }
    return r;
}

result<std::vector<task_record>> decode_all(result<pg_rows> const& rows) {
    if (!rows)
        return rows.error();
    std::vector<task_record> out;
    for (int i = 0; i < rows->size(); ++i) {
        auto r = decode(*rows, i);
        if (!r)
            return r.error();
        out.push_back(std::move(*r));
    }
    return out;
}

result<std::optional<task_record>> pg_get_task(pg_connection& c, pg_statements const& st,
                                               std::string const& session, std::string const& id) {
    auto found = decode_all(c.exec(st.get_task, {id, session, std::to_string(epoch_ms())}));
    if (!found)
        return found.error();
    if (found->empty())
        return std::optional<task_record>();
    return std::optional<task_record>(std::move(found->front()));
}

result<> pg_create_task(pg_connection& c, pg_statements const& st, task_record const& r) {
    auto rows =
        c.exec(st.insert_task,
               {r.id, r.session, r.principal, r.tool, std::string(to_string(r.status)), r.status_message,
                std::to_string(r.created_at_ms), std::to_string(r.updated_at_ms), std::to_string(r.ttl_ms),
                std::to_string(r.poll_interval_ms), r.owner, std::to_string(r.lease_until_ms),
                std::to_string(r.revision), std::to_string(expires_at(r)), std::to_string(epoch_ms())});
    if (!rows)
        return rows.error();
    if (rows->size() == 0)
        return error(errc::conflict, "Task " + r.id + " already exists");
    return {};
}

// How many expired tasks it deleted.
result<std::int64_t> pg_purge_tasks(pg_connection& c, pg_statements const& st) {
    auto rows = c.exec(st.purge_tasks, {std::to_string(epoch_ms()), std::to_string(purge_batch)});
    if (!rows)
        return rows.error();
    return number(rows->at(0, 0)).value_or(0);
}

result<task_page> pg_list_tasks(pg_connection& c, pg_statements const& st, std::string const& session,
                                std::optional<task_position> const& after, std::size_t limit) {
    // One more than the page, to learn whether more follow. At least one a page, so that paging moves on.
    limit = std::clamp<std::size_t>(limit, 1, std::numeric_limits<std::int32_t>::max());
    auto fetch = std::to_string(limit + 1);
    auto now = std::to_string(epoch_ms());
    auto tasks =
        decode_all(after ? c.exec(st.list_tasks_after,
                                  {session, now, fetch, std::to_string(after->created_at_ms), after->id})
                         : c.exec(st.list_tasks, {session, now, fetch}));
    if (!tasks)
        return tasks.error();
    task_page page{std::move(*tasks), std::nullopt};
    if (page.tasks.size() > limit) {
        page.tasks.resize(limit);
        page.next = to_string(task_position{page.tasks.back().created_at_ms, page.tasks.back().id});
    }
    return page;
}

result<task_write> pg_transition_task(pg_connection& c, pg_statements const& st, std::string const& session,
                                      std::string const& id, task_change const& change) {
    auto revision = text_of(change.expect_revision);
    auto lease = text_of(change.lease_until_ms);
    auto is_error = change.outcome ? std::optional<std::string>(change.outcome->is_error ? "true" : "false")
                                   : std::nullopt;
    auto outcome = change.outcome ? pg_param(change.outcome->json) : pg_param::null();
    auto written =
        decode_all(c.exec(st.transition_task, {id, session, std::string(to_string(change.to)), change.message,
                                               param(change.expect_owner), param(revision), param(lease),
                                               std::to_string(change.now_ms), param(is_error), outcome,
                                               std::to_string(epoch_ms())}));
    if (!written)
        return written.error();
    if (!written->empty())
        return task_write{true, std::move(written->front())};
    // Not applied (terminal, another owner or revision, or no live task of this session's): the row that
    // stands now, the winner's when another writer won (a new statement sees what that one committed).
    auto current = pg_get_task(c, st, session, id);
    if (!current)
        return current.error();
    return task_write{false, std::move(*current)};
}

result<std::optional<task_outcome>> pg_task_outcome(pg_connection& c, pg_statements const& st,
                                                    std::string const& session, std::string const& id) {
    auto rows = c.exec(st.task_outcome, {id, session, std::to_string(epoch_ms())});
    if (!rows)
        return rows.error();
    if (rows->size() == 0)
        return std::optional<task_outcome>();
    return std::optional<task_outcome>(task_outcome{rows->at(0, 0) == "t", std::string(rows->at(0, 1))});
}

class postgres_task_store final : public task_store {
public:
    explicit postgres_task_store(std::shared_ptr<pg_backend> b) : b_(std::move(b)) {}

    task<result<>> create(task_record record) override {
        // The answer: whether the purge that followed deleted a whole batch (then more may be waiting).
        auto op = b_->pool->run<bool>([b = b_.get(), record = std::move(record),
                                       purge = purge_due()](pg_connection& c) -> result<bool> {
            if (auto created = pg_create_task(c, b->statements, record); !created)
                return created.error();
            if (!purge)
                return false;
            auto purged = pg_purge_tasks(c, b->statements);
            if (!purged)
                mcp::log::warn("PostgreSQL task store {}: purge failed: {}", b->statements.prefix,
                               purged.error().message());
            return purged && *purged == purge_batch;
        });
        auto created = co_await std::move(op);
        if (!created)
            co_return created.error();
        if (*created)
            next_purge_ = 0;
        co_return result<>{};
    }

    task<result<std::optional<task_record>>> get(std::string session, std::string id) override {
        auto op = b_->pool->run<std::optional<task_record>>(
            [b = b_.get(), session = std::move(session), id = std::move(id)](pg_connection& c) {
                return pg_get_task(c, b->statements, session, id);
            });
        co_return co_await std::move(op);
    }

    task<result<task_page>> list(std::string session, std::optional<std::string> after,
                                 std::size_t limit) override {
        std::optional<task_position> from;
        if (after && !(from = task_position_from(*after)))
            co_return error(errc::rejected, "Not a task list position: " + *after);
        auto op = b_->pool->run<task_page>(
            [b = b_.get(), session = std::move(session), from = std::move(from), limit](pg_connection& c) {
                return pg_list_tasks(c, b->statements, session, from, limit);
            });
        co_return co_await std::move(op);
    }

    task<result<task_write>> transition(std::string session, std::string id, task_change change) override {
        if (auto fits = check_outcome_size(id, change); !fits)
            co_return fits.error();
        auto op = b_->pool->run<task_write>([b = b_.get(), session = std::move(session), id = std::move(id),
                                             change = std::move(change)](pg_connection& c) {
            return pg_transition_task(c, b->statements, session, id, change);
        });
        co_return co_await std::move(op);
    }

    task<result<std::optional<task_outcome>>> outcome(std::string session, std::string id) override {
        auto op = b_->pool->run<std::optional<task_outcome>>(
            [b = b_.get(), session = std::move(session), id = std::move(id)](pg_connection& c) {
                return pg_task_outcome(c, b->statements, session, id);
            });
        co_return co_await std::move(op);
    }

private:
    // At most once a minute per store, whichever create() comes first (sooner after a full batch).
    bool purge_due() {
        auto now = std::chrono::steady_clock::now().time_since_epoch();
        auto next = next_purge_.load();
        if (now.count() < next)
            return false;
        return next_purge_.compare_exchange_strong(next, (now + std::chrono::minutes(1)).count());
    }

    std::shared_ptr<pg_backend> b_;
    std::atomic<std::chrono::steady_clock::rep> next_purge_{0};
};

} // namespace

std::shared_ptr<task_store> make_postgres_task_store(std::shared_ptr<pg_backend> b) {
    return std::make_shared<postgres_task_store>(std::move(b));
}

} // namespace mcp::storage::detail
