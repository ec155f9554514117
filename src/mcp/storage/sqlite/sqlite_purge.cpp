#include <mcp/storage/sqlite/sqlite_purge.hpp>

#include <algorithm>
#include <vector>

namespace mcp::storage::detail {
namespace {

result<> forget_all(sqlite_connection& c, std::vector<std::string> const& sessions) {
    for (auto const& s : sessions)
        if (auto done = forget_events(c, s); !done)
            return done.error();
    return {};
}

} // namespace

result<> forget_events(sqlite_connection& c, std::string const& session) {
    for (auto sql :
         {"DELETE FROM mcp_events WHERE session = ?1", "DELETE FROM mcp_streams WHERE session = ?1",
          "DELETE FROM mcp_event_sessions WHERE session = ?1"})
        if (auto done = c.query(sql, "forget the events of a session").text(session).run(); !done)
            return done.error();
    return {};
}

result<> purge_expired_sessions(sqlite_connection& c, std::int64_t now) {
    std::vector<std::string> gone;
    {
        auto q = c.query(
            "DELETE FROM mcp_sessions WHERE id IN (SELECT id FROM mcp_sessions WHERE expires_at <= ?1 "
            "ORDER BY expires_at LIMIT ?2) RETURNING id",
            "purge expired sessions");
        q.integer(now).integer(sqlite_purge_batch);
        while (q.next_row())
            gone.push_back(q.bytes_at(0));
        if (auto done = q.status(); !done)
            return done.error();
    }
    return forget_all(c, gone);
}

result<> purge_expired_tasks(sqlite_connection& c, std::int64_t now) {
    auto q = c.query("DELETE FROM mcp_tasks WHERE id IN (SELECT id FROM mcp_tasks WHERE expires_at_ms <= ?1 "
                     "ORDER BY expires_at_ms LIMIT ?2)",
                     "purge expired tasks");
    return q.integer(now).integer(sqlite_purge_batch).run();
}

result<> sweep_orphan_events(sqlite_connection& c, std::int64_t now, std::chrono::milliseconds ttl,
                             std::atomic<std::int64_t>& last_sweep) {
    auto interval = std::min<std::int64_t>(ttl.count(), 60'000);
    auto last = last_sweep.load();
    if (now - last < interval || !last_sweep.compare_exchange_strong(last, now))
        return {};
    std::vector<std::string> orphans;
    {
        auto q =
            c.query("SELECT session FROM mcp_event_sessions e WHERE last_append_at <= ?1 AND NOT EXISTS "
                    "(SELECT 1 FROM mcp_sessions s WHERE s.id = e.session AND s.expires_at > ?2) LIMIT ?3",
                    "look for orphaned events");
        q.integer(now - ttl.count()).integer(now).integer(sqlite_purge_batch);
        while (q.next_row())
            orphans.push_back(q.bytes_at(0));
        if (auto done = q.status(); !done)
            return done.error();
    }
    return forget_all(c, orphans);
}

} // namespace mcp::storage::detail
