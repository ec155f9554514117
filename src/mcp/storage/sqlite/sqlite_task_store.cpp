#include <mcp/storage/sqlite/sqlite_task_store.hpp>

#include <mcp/storage/sqlite/sqlite_purge.hpp>

#include <algorithm>
#include <limits>

namespace mcp::storage::detail {
namespace {

// The columns read_task() reads, in its order; list()'s statements select the same ones.
constexpr char const* select_live_task_sql =
    "SELECT id, session, principal, tool, status, status_message, created_at_ms, updated_at_ms, ttl_ms, "
    "poll_interval_ms, owner, lease_until_ms, revision FROM mcp_tasks "
    "WHERE id = ?1 AND session = ?2 AND expires_at_ms > ?3";

constexpr char const* select_tasks_first_sql =
    "SELECT id, session, principal, tool, status, status_message, created_at_ms, updated_at_ms, ttl_ms, "
    "poll_interval_ms, owner, lease_until_ms, revision FROM mcp_tasks "
    "WHERE session = ?1 AND expires_at_ms > ?2 ORDER BY created_at_ms, id LIMIT ?3";

result<task_record> read_task(sqlite_connection& c, sqlite_query const& q) {
    task_record r;
    auto status = task_status_from(q.bytes_at(4));
    if (!status)
        return error(errc::malformed_data, "SQLite store " + c.path() + ": task " + q.bytes_at(0) +
                                               " has the status '" + q.bytes_at(4) +
                                               "', which is not a task status: the file was changed by "
                                               "something else than this library");
    r.id = q.bytes_at(0);
    r.session = q.bytes_at(1);
    r.principal = q.bytes_at(2);
    r.tool = q.bytes_at(3);
    r.status = *status;
    r.status_message = q.bytes_at(5);
    r.created_at_ms = q.integer_at(6);
    r.updated_at_ms = q.integer_at(7);
    r.ttl_ms = q.integer_at(8);
    r.poll_interval_ms = q.integer_at(9);
    r.owner = q.bytes_at(10);
    r.lease_until_ms = q.integer_at(11);
    r.revision = q.integer_at(12);
    return r;
}

// Every row `q` gives, as records.
result<std::vector<task_record>> read_tasks(sqlite_connection& c, sqlite_query& q) {
    std::vector<task_record> out;
    while (q.next_row()) {
        auto r = read_task(c, q);
        if (!r)
            return r.error();
        out.push_back(std::move(*r));
    }
    if (auto done = q.status(); !done)
        return done.error();
    return out;
}

result<std::optional<task_record>> select_live(sqlite_connection& c, std::string const& session,
                                               std::string const& id) {
    auto q = c.query(select_live_task_sql, "read a task");
    q.text(id).text(session).integer(sqlite_now_ms());
    auto found = read_tasks(c, q);
    if (!found)
        return found.error();
    return found->empty() ? std::nullopt : std::optional<task_record>(std::move(found->front()));
}

// Purges first (sqlite_purge.hpp); an expired task under the id is deleted, so the id is free again, as in
// every backend.
result<> insert_task(sqlite_connection& c, task_record const& r) {
    auto now = sqlite_now_ms();
    if (auto done = purge_expired_tasks(c, now); !done)
        return done;
    auto expired =
        c.query("DELETE FROM mcp_tasks WHERE id = ?1 AND expires_at_ms <= ?2", "free an expired id");
    if (auto done = expired.text(r.id).integer(now).run(); !done)
        return done;
    auto q =
        c.query("INSERT INTO mcp_tasks (id, session, principal, tool, status, status_message, created_at_ms, "
                "updated_at_ms, ttl_ms, poll_interval_ms, owner, lease_until_ms, revision, expires_at_ms) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                "ON CONFLICT (id) DO NOTHING",
                "create a task");
    q.text(r.id)
        .text(r.session)
        .text(r.principal)
        .text(r.tool)
        .text(to_string(r.status))
        .text(r.status_message);
    q.integer(r.created_at_ms).integer(r.updated_at_ms).integer(r.ttl_ms).integer(r.poll_interval_ms);
    q.text(r.owner).integer(r.lease_until_ms).integer(r.revision).integer(expires_at(r));
    if (auto done = q.run(); !done)
        return done;
    if (c.changes() == 0)
        return error(errc::conflict, "Task " + r.id + " already exists");
    return {};
}

// `limit` + 1 rows tell whether a further live task exists: only then is `next` set.
result<task_page> select_page(sqlite_connection& c, std::string const& session,
                              std::optional<task_position> const& from, std::size_t limit) {
    auto fetch = static_cast<std::int64_t>(
                     std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max() - 1)) +
                 1;
    auto q = c.query(from ? select_tasks_after_sql : select_tasks_first_sql, "list tasks");
    q.text(session);
    if (from)
        q.integer(from->created_at_ms).text(from->id);
    q.integer(sqlite_now_ms()).integer(fetch);
    auto rows = read_tasks(c, q);
    if (!rows)
        return rows.error();
    task_page page{std::move(*rows), std::nullopt};
    if (page.tasks.size() > limit) {
        page.tasks.pop_back();
        auto const& last = page.tasks.back();
        page.next = to_string(task_position{last.created_at_ms, last.id});
    }
    return page;
}

struct transition_request {
    std::string session;
    std::string id;
    task_change change;
};

// One write transaction: the file's write lock is held from the read to the write, so the record
// change_applies() judged is the one the write replaces. The condition is task_store.cpp's, shared by every
// backend, not a copy of it in SQL.
result<task_write> write_transition(sqlite_connection& c, transition_request const& t) {
    auto stored = select_live(c, t.session, t.id);
    if (!stored)
        return stored.error();
    if (!*stored)
        return task_write{};
    if (!change_applies(**stored, t.change))
        return task_write{false, std::move(*stored)};
    auto next = apply(std::move(**stored), t.change);
    auto q = c.query("UPDATE mcp_tasks SET status = ?1, status_message = ?2, updated_at_ms = ?3, "
                     "lease_until_ms = ?4, revision = ?5, expires_at_ms = ?6 WHERE id = ?7",
                     "change a task");
    q.text(to_string(next.status)).text(next.status_message).integer(next.updated_at_ms);
    q.integer(next.lease_until_ms).integer(next.revision).integer(expires_at(next)).text(next.id);
    if (auto done = q.run(); !done)
        return done.error();
    if (auto const& out = t.change.outcome) {
        auto w = c.query("UPDATE mcp_tasks SET outcome_is_error = ?1, outcome = ?2 WHERE id = ?3",
                         "store a task's outcome");
        if (auto done = w.integer(out->is_error ? 1 : 0).blob(out->json).text(next.id).run(); !done)
            return done.error();
    }
    return task_write{true, std::move(next)};
}

result<std::optional<task_outcome>> select_outcome(sqlite_connection& c, std::string const& session,
                                                   std::string const& id) {
    auto q = c.query("SELECT outcome IS NOT NULL, outcome_is_error, outcome FROM mcp_tasks "
                     "WHERE id = ?1 AND session = ?2 AND expires_at_ms > ?3",
                     "read a task's outcome");
    q.text(id).text(session).integer(sqlite_now_ms());
    std::optional<task_outcome> out;
    if (q.next_row() && q.integer_at(0) != 0)
        out = task_outcome{q.integer_at(1) != 0, q.bytes_at(2)};
    if (auto done = q.run(); !done)
        return done.error();
    return out;
}

} // namespace

task<result<>> sqlite_task_store::create(task_record record) {
    auto op =
        db_->run<void>([record = std::move(record)](sqlite_connection& c) { return insert_task(c, record); },
                       sqlite_access::write);
    co_return co_await std::move(op);
}

task<result<std::optional<task_record>>> sqlite_task_store::get(std::string session, std::string id) {
    auto op = db_->run<std::optional<task_record>>(
        [session = std::move(session), id = std::move(id)](sqlite_connection& c) {
            return select_live(c, session, id);
        },
        sqlite_access::read);
    co_return co_await std::move(op);
}

task<result<task_page>> sqlite_task_store::list(std::string session, std::optional<std::string> after,
                                                std::size_t limit) {
    std::optional<task_position> from;
    if (after && !(from = task_position_from(*after)))
        co_return error(errc::rejected, "Not a task list position: " + *after);
    if (limit == 0) // no room for a task, nor for the position a `next` would need
        co_return task_page{};
    auto op = db_->run<task_page>([session = std::move(session), from = std::move(from), limit](
                                      sqlite_connection& c) { return select_page(c, session, from, limit); },
                                  sqlite_access::read);
    co_return co_await std::move(op);
}

task<result<task_write>> sqlite_task_store::transition(std::string session, std::string id,
                                                       task_change change) {
    if (auto fits = check_outcome_size(id, change); !fits)
        co_return fits.error();
    // shared_ptr: std::function copies its target, and the outcome may take megabytes.
    auto request = std::make_shared<transition_request const>(
        transition_request{std::move(session), std::move(id), std::move(change)});
    auto op = db_->run<task_write>([request](sqlite_connection& c) { return write_transition(c, *request); },
                                   sqlite_access::write);
    co_return co_await std::move(op);
}

task<result<std::optional<task_outcome>>> sqlite_task_store::outcome(std::string session, std::string id) {
    auto op = db_->run<std::optional<task_outcome>>(
        [session = std::move(session), id = std::move(id)](sqlite_connection& c) {
            return select_outcome(c, session, id);
        },
        sqlite_access::read);
    co_return co_await std::move(op);
}

} // namespace mcp::storage::detail
