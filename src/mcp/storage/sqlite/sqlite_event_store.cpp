#include <mcp/storage/sqlite/sqlite_event_store.hpp>

#include <mcp/storage/sqlite/sqlite_purge.hpp>

#include <limits>

namespace mcp::storage::detail {
namespace {

// One counter upsert: the new value of the counter.
result<std::int64_t> next_value(sqlite_query& q) {
    auto value = q.next_row() ? q.integer_at(0) : 0;
    if (auto done = q.run(); !done)
        return done.error();
    return value;
}

struct append_request {
    std::string session;
    std::string stream;
    std::string data;
};

// In one write transaction: bump the stream's counter (the event's sequence) and the session's (its
// position), store the event, and drop the session's events that fall out of the bound.
result<std::uint64_t> insert_event(sqlite_connection& c, append_request const& e, std::size_t max_events) {
    auto stream = c.query("INSERT INTO mcp_streams (session, stream, last_sequence) VALUES (?1, ?2, 1) "
                          "ON CONFLICT (session, stream) DO UPDATE SET last_sequence = last_sequence + 1 "
                          "RETURNING last_sequence",
                          "number an event");
    auto sequence = next_value(stream.text(e.session).text(e.stream));
    if (!sequence)
        return sequence.error();
    auto session =
        c.query("INSERT INTO mcp_event_sessions (session, appended, last_append_at) VALUES (?1, 1, ?2) "
                "ON CONFLICT (session) DO UPDATE SET appended = appended + 1, last_append_at = ?2 "
                "RETURNING appended",
                "place an event in its session");
    auto position = next_value(session.text(e.session).integer(sqlite_now_ms()));
    if (!position)
        return position.error();
    auto insert = c.query("INSERT INTO mcp_events (session, position, stream, sequence, data) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)",
                          "store an event");
    if (auto done =
            insert.text(e.session).integer(*position).text(e.stream).integer(*sequence).blob(e.data).run();
        !done)
        return done.error();
    auto last_dropped = *position - static_cast<std::int64_t>(max_events); // positions up to this one go
    if (last_dropped > 0) {
        auto drop = c.query("DELETE FROM mcp_events WHERE session = ?1 AND position <= ?2",
                            "drop the oldest events of a session");
        if (auto done = drop.text(e.session).integer(last_dropped).run(); !done)
            return done.error();
    }
    return static_cast<std::uint64_t>(*sequence);
}

result<std::vector<stored_event>> select_after(sqlite_connection& c, std::string const& session,
                                               std::string const& stream, std::uint64_t sequence) {
    std::vector<stored_event> out;
    // Sequences are stored as signed 64-bit integers: nothing lies beyond the largest.
    if (sequence >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return out;
    auto q = c.query(select_after_sql, "replay events");
    q.text(session).text(stream).integer(static_cast<std::int64_t>(sequence));
    while (q.next_row())
        out.push_back({static_cast<std::uint64_t>(q.integer_at(0)), q.bytes_at(1)});
    if (auto done = q.status(); !done)
        return done.error();
    return out;
}

} // namespace

task<result<std::uint64_t>> sqlite_event_store::append(std::string session, std::string stream,
                                                       std::string data) {
    auto max_events = db_->pool()->options().limits.max_events_per_session;
    if (max_events == 0)
        max_events = std::numeric_limits<std::int64_t>::max(); // 0: no bound (store_limits)
    // shared_ptr: std::function copies its target, and the data may be large.
    auto request = std::make_shared<append_request const>(
        append_request{std::move(session), std::move(stream), std::move(data)});
    auto op = db_->run<std::uint64_t>(
        [request, max_events](sqlite_connection& c) { return insert_event(c, *request, max_events); },
        sqlite_access::write);
    co_return co_await std::move(op);
}

task<result<std::vector<stored_event>>> sqlite_event_store::after(std::string session, std::string stream,
                                                                  std::uint64_t sequence) {
    auto op = db_->run<std::vector<stored_event>>(
        [session = std::move(session), stream = std::move(stream), sequence](sqlite_connection& c) {
            return select_after(c, session, stream, sequence);
        },
        sqlite_access::read);
    co_return co_await std::move(op);
}

task<result<>> sqlite_event_store::forget(std::string session) {
    auto op = db_->run<void>(
        [session = std::move(session)](sqlite_connection& c) { return forget_events(c, session); },
        sqlite_access::write);
    co_return co_await std::move(op);
}

} // namespace mcp::storage::detail
