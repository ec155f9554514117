#include <mcp/storage/sqlite/sqlite_session_store.hpp>

#include <mcp/storage/sqlite/sqlite_purge.hpp>

namespace mcp::storage::detail {
namespace {

namespace json = boost::json;

std::string subscriptions_text(std::vector<std::string> const& subscriptions) {
    json::array a;
    for (auto const& s : subscriptions)
        a.emplace_back(s);
    return json::serialize(a);
}

// The record's fields in the order the statements below name their columns, from protocol_version to
// lists_seen.
sqlite_query& bind_fields(sqlite_query& q, session_record const& r) {
    return q.text(r.protocol_version)
        .text(json::serialize(r.client_info))
        .text(json::serialize(r.client_capabilities))
        .integer(r.operational ? 1 : 0)
        .text(r.log_level)
        .text(subscriptions_text(r.subscriptions))
        .text(json::serialize(r.state))
        .text(json::serialize(r.lists_seen));
}

result<json::value> parse_column(sqlite_connection& c, sqlite_query const& q, int column, json::kind kind) {
    boost::system::error_code ec;
    auto v = json::parse(q.bytes_at(column), ec);
    if (ec || v.kind() != kind)
        return error(errc::malformed_data, "SQLite store " + c.path() + ": column " + std::to_string(column) +
                                               " of a row of mcp_sessions is not the JSON it should be: the "
                                               "file was changed by something else than this library");
    return v;
}

// Reads the columns protocol_version .. lists_seen, revision, principal of the current row.
result<session_record> read_record(sqlite_connection& c, sqlite_query const& q, std::string id) {
    session_record r;
    r.id = std::move(id);
    r.protocol_version = q.bytes_at(0);
    auto info = parse_column(c, q, 1, json::kind::object);
    auto capabilities = parse_column(c, q, 2, json::kind::object);
    auto subscriptions = parse_column(c, q, 5, json::kind::array);
    auto state = parse_column(c, q, 6, json::kind::object);
    auto lists_seen = parse_column(c, q, 7, json::kind::object);
    for (auto const* parsed : {&info, &capabilities, &subscriptions, &state, &lists_seen})
        if (!*parsed)
            return parsed->error();
    r.client_info = std::move(info->as_object());
    r.client_capabilities = std::move(capabilities->as_object());
    r.operational = q.integer_at(3) != 0;
    r.log_level = q.bytes_at(4);
    for (auto const& s : subscriptions->as_array())
        if (s.is_string())
            r.subscriptions.emplace_back(s.as_string());
    r.state = std::move(state->as_object());
    r.lists_seen = std::move(lists_seen->as_object());
    r.revision = q.integer_at(8);
    r.principal = q.bytes_at(9);
    return r;
}

result<> check_limit(sqlite_connection& c, std::size_t max_sessions, std::int64_t now) {
    if (max_sessions == 0)
        return {};
    auto q = c.query("SELECT count(*) FROM mcp_sessions WHERE expires_at > ?1", "count live sessions");
    q.integer(now);
    auto live = q.next_row() ? q.integer_at(0) : 0;
    if (auto done = q.run(); !done)
        return done.error();
    if (static_cast<std::size_t>(live) >= max_sessions)
        return error(errc::session_limit, "Too many sessions (limit " + std::to_string(max_sessions) +
                                              "); retry later, or raise max_sessions");
    return {};
}

// An expired session under this id: the id is free again, and nothing of the old session carries over.
result<> free_expired_id(sqlite_connection& c, std::string const& id, std::int64_t now) {
    auto q = c.query("DELETE FROM mcp_sessions WHERE id = ?1 AND expires_at <= ?2", "free an expired id");
    if (auto done = q.text(id).integer(now).run(); !done)
        return done.error();
    return c.changes() > 0 ? forget_events(c, id) : result<>{};
}

result<> insert_session(sqlite_connection& c, session_record const& r, sqlite_pool& pool) {
    auto now = sqlite_now_ms();
    auto const& limits = pool.options().limits;
    if (auto done = purge_expired_sessions(c, now); !done)
        return done;
    if (auto done = sweep_orphan_events(c, now, limits.ttl, pool.last_orphan_sweep); !done)
        return done;
    if (auto done = free_expired_id(c, r.id, now); !done)
        return done;
    if (auto done = check_limit(c, limits.max_sessions, now); !done)
        return done;
    auto q =
        c.query("INSERT INTO mcp_sessions (protocol_version, client_info, client_capabilities, operational, "
                "log_level, subscriptions, state, lists_seen, id, revision, expires_at, principal) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (id) DO NOTHING",
                "create a session");
    bind_fields(q, r).text(r.id).integer(r.revision).integer(now + limits.ttl.count()).text(r.principal);
    if (auto done = q.run(); !done)
        return done.error();
    if (c.changes() == 0)
        return error(errc::conflict, "Session " + r.id + " already exists");
    return {};
}

result<std::optional<session_record>> touch_session(sqlite_connection& c, std::string const& id,
                                                    std::chrono::milliseconds ttl) {
    auto now = sqlite_now_ms();
    auto q =
        c.query("UPDATE mcp_sessions SET expires_at = ?1 WHERE id = ?2 AND expires_at > ?3 RETURNING "
                "protocol_version, client_info, client_capabilities, operational, log_level, subscriptions, "
                "state, lists_seen, revision, principal",
                "load a session");
    q.integer(now + ttl.count()).text(id).integer(now);
    std::optional<session_record> found;
    if (q.next_row()) {
        auto r = read_record(c, q, id);
        if (!r)
            return r.error();
        found = std::move(*r);
    }
    if (auto done = q.run(); !done)
        return done.error();
    return found;
}

// Why a conditional save changed nothing: a newer revision, or no live session.
error refused_save(sqlite_connection& c, std::string const& id, std::int64_t now) {
    auto q = c.query("SELECT 1 FROM mcp_sessions WHERE id = ?1 AND expires_at > ?2", "check a refused save");
    bool live = q.text(id).integer(now).next_row();
    if (auto done = q.run(); !done)
        return done.error();
    if (live)
        return error(errc::conflict, "Session " + id + " was updated concurrently; reload and retry");
    return error(errc::conflict, "Session " + id + " no longer exists (terminated or expired)");
}

// Every field but principal, which create() bound for the session's life.
result<std::int64_t> update_session(sqlite_connection& c, session_record const& r,
                                    std::chrono::milliseconds ttl) {
    auto now = sqlite_now_ms();
    auto q = c.query(
        "UPDATE mcp_sessions SET protocol_version = ?1, client_info = ?2, client_capabilities = ?3, "
        "operational = ?4, log_level = ?5, subscriptions = ?6, state = ?7, lists_seen = ?8, "
        "revision = revision + 1, expires_at = ?9 WHERE id = ?10 AND revision = ?11 AND expires_at > ?12",
        "save a session");
    bind_fields(q, r).integer(now + ttl.count()).text(r.id).integer(r.revision).integer(now);
    if (auto done = q.run(); !done)
        return done.error();
    if (c.changes() == 0)
        return refused_save(c, r.id, now);
    return r.revision + 1;
}

// Ends the session and forgets its events in the same transaction: a DELETE leaves nothing behind even when
// the caller's own forget() does not happen.
result<bool> delete_session(sqlite_connection& c, std::string const& id) {
    auto now = sqlite_now_ms();
    auto q = c.query("DELETE FROM mcp_sessions WHERE id = ?1 RETURNING expires_at", "terminate a session");
    bool live = q.text(id).next_row() && q.integer_at(0) > now; // an expired session is already gone
    if (auto done = q.run(); !done)
        return done.error();
    if (auto done = forget_events(c, id); !done)
        return done.error();
    return live;
}

} // namespace

task<result<>> sqlite_session_store::create(session_record record) {
    auto pool = db_->pool();
    auto op = db_->run<void>(
        [record = std::move(record), pool](sqlite_connection& c) { return insert_session(c, record, *pool); },
        sqlite_access::write);
    co_return co_await std::move(op);
}

task<result<std::optional<session_record>>> sqlite_session_store::load(std::string id) {
    auto ttl = db_->pool()->options().limits.ttl;
    auto op = db_->run<std::optional<session_record>>(
        [id = std::move(id), ttl](sqlite_connection& c) { return touch_session(c, id, ttl); },
        sqlite_access::write);
    co_return co_await std::move(op);
}

task<result<>> sqlite_session_store::save(session_record& record) {
    auto ttl = db_->pool()->options().limits.ttl;
    auto op = db_->run<std::int64_t>(
        [copy = record, ttl](sqlite_connection& c) { return update_session(c, copy, ttl); },
        sqlite_access::write);
    auto saved = co_await std::move(op);
    if (!saved)
        co_return saved.error();
    record.revision = *saved;
    co_return result<>{};
}

task<result<bool>> sqlite_session_store::terminate(std::string id) {
    auto op = db_->run<bool>([id = std::move(id)](sqlite_connection& c) { return delete_session(c, id); },
                             sqlite_access::write);
    co_return co_await std::move(op);
}

} // namespace mcp::storage::detail
