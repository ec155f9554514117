// pg_operations: the session and event store operations on one connection (see pg_operations.hpp).
#include <mcp/core/log.hpp>
#include <mcp/storage/postgres/pg_operations.hpp>

#include <charconv>
#include <limits>

namespace mcp::storage::detail {
namespace {

std::string ms(std::chrono::milliseconds d) {
    return std::to_string(d.count());
}

template <class Int>
std::optional<Int> number(std::string_view text) {
    Int value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// bigint in binary form: eight bytes, most significant first.
std::uint64_t big_endian(std::string_view bytes) {
    std::uint64_t v = 0;
    for (unsigned char b : bytes)
        v = (v << 8) | b;
    return v;
}

error corrupt(std::string const& id, std::string_view what) {
    return error(errc::malformed_data,
                 "PostgreSQL store: session " + id + " has an unreadable " + std::string(what) + " column");
}

result<boost::json::value> json_column(pg_rows const& rows, int column, std::string const& id,
                                       std::string_view what) {
    boost::system::error_code ec;
    auto v = boost::json::parse(rows.at(0, column), ec);
    if (ec)
        return corrupt(id, what);
    return v;
}

// The object columns of load_session's answer (pg_statements.cpp), by position.
struct object_column {
    int column;
    std::string_view name;
    boost::json::object session_record::*field;
};
constexpr object_column object_columns[] = {{1, "client_info", &session_record::client_info},
                                            {2, "client_capabilities", &session_record::client_capabilities},
                                            {6, "state", &session_record::state},
                                            {8, "lists_seen", &session_record::lists_seen}};

result<session_record> decode(pg_rows const& rows, std::string const& id) {
    session_record r;
    r.id = id;
    r.protocol_version = rows.at(0, 0);
    for (auto const& o : object_columns) {
        auto v = json_column(rows, o.column, id, o.name);
        if (!v || !v->is_object())
            return corrupt(id, o.name);
        r.*o.field = std::move(v->as_object());
    }
    auto subscriptions = json_column(rows, 5, id, "subscriptions");
    auto revision = number<std::int64_t>(rows.at(0, 7));
    if (!subscriptions || !subscriptions->is_array())
        return corrupt(id, "subscriptions");
    if (!revision)
        return corrupt(id, "revision");
    r.operational = rows.at(0, 3) == "t";
    r.log_level = rows.at(0, 4);
    for (auto const& s : subscriptions->as_array()) {
        if (!s.is_string())
            return corrupt(id, "subscriptions");
        r.subscriptions.emplace_back(s.as_string());
    }
    r.revision = *revision;
    r.principal = rows.at(0, 9);
    return r;
}

result<> insert_session(pg_connection& c, pg_statements const& st, session_row const& row,
                        std::string const& ttl) {
    auto rows =
        c.exec(st.insert_session, {row.id, row.protocol_version, row.client_info, row.client_capabilities,
                                   row.operational, row.log_level, row.subscriptions, row.state, row.revision,
                                   ttl, row.lists_seen, row.principal});
    if (!rows)
        return rows.error();
    if (rows->size() == 0)
        return error(errc::conflict, "Session " + row.id + " already exists");
    return {};
}

// Inside a transaction: the advisory lock makes count-then-insert safe against every other process's create.
result<> create_within_limit(pg_connection& c, pg_statements const& st, session_row const& row,
                             store_limits const& limits) {
    if (auto locked = c.exec(st.lock_sessions, {}); !locked)
        return locked.error();
    auto live = c.exec(st.count_live, {});
    if (!live)
        return live.error();
    auto count = number<std::uint64_t>(live->at(0, 0)).value_or(0);
    if (count >= limits.max_sessions)
        return error(errc::session_limit, "Too many sessions (limit " + std::to_string(limits.max_sessions) +
                                              "); retry later, or raise max_sessions");
    return insert_session(c, st, row, ms(limits.ttl));
}

} // namespace

session_row to_row(session_record const& r) {
    boost::json::array subscriptions;
    for (auto const& s : r.subscriptions)
        subscriptions.emplace_back(s);
    return {r.id,
            r.protocol_version,
            boost::json::serialize(r.client_info),
            boost::json::serialize(r.client_capabilities),
            r.operational ? "true" : "false",
            r.log_level,
            boost::json::serialize(subscriptions),
            boost::json::serialize(r.state),
            std::to_string(r.revision),
            boost::json::serialize(r.lists_seen),
            r.principal};
}

result<> pg_create_session(pg_connection& c, pg_statements const& st, session_row const& row,
                           store_limits const& limits) {
    if (limits.max_sessions == 0)
        return insert_session(c, st, row, ms(limits.ttl));
    if (auto begun = c.exec("BEGIN"); !begun)
        return begun.error();
    auto created = create_within_limit(c, st, row, limits);
    auto ended = c.exec(created ? "COMMIT" : "ROLLBACK");
    if (created && !ended)
        return ended.error();
    return created;
}

result<std::optional<session_record>> pg_load_session(pg_connection& c, pg_statements const& st,
                                                      std::string const& id, store_limits const& limits) {
    auto rows = c.exec(st.load_session, {id, ms(limits.ttl)});
    if (!rows)
        return rows.error();
    if (rows->size() == 0)
        return std::optional<session_record>();
    auto record = decode(*rows, id);
    if (!record)
        return record.error();
    return std::optional<session_record>(std::move(*record));
}

result<std::int64_t> pg_save_session(pg_connection& c, pg_statements const& st, session_row const& row,
                                     store_limits const& limits) {
    auto rows = c.exec(st.save_session, {row.id, row.revision, row.protocol_version, row.client_info,
                                         row.client_capabilities, row.operational, row.log_level,
                                         row.subscriptions, row.state, ms(limits.ttl), row.lists_seen});
    if (!rows)
        return rows.error();
    if (rows->size() == 1)
        return number<std::int64_t>(rows->at(0, 0)).value_or(0);
    // Nothing matched: only the message depends on why, so a second look (not atomic with the first) is fine.
    auto live = c.exec(st.session_live, {row.id});
    if (!live)
        return live.error();
    if (live->size() == 0)
        return error(errc::conflict, "Session " + row.id + " no longer exists (terminated or expired)");
    return error(errc::conflict, "Session " + row.id + " was updated concurrently; reload and retry");
}

result<bool> pg_terminate_session(pg_connection& c, pg_statements const& st, std::string const& id) {
    auto rows = c.exec(st.delete_session, {id});
    if (!rows)
        return rows.error();
    return rows->size() == 1 && rows->at(0, 0) == "t"; // an expired row goes too, but was already gone
}

result<> pg_purge(pg_connection& c, pg_statements const& st, store_limits const& limits) {
    auto sessions = c.exec(st.purge_sessions, {});
    if (!sessions)
        return sessions.error();
    auto events = c.exec(st.purge_events, {ms(limits.ttl)});
    if (!events)
        return events.error();
    if (events->at(0, 0) != "0")
        log::debug("PostgreSQL store {}: purged the events of {} gone sessions ({} events)", st.prefix,
                   events->at(0, 0), events->at(0, 2));
    return {};
}

result<std::uint64_t> pg_append_event(pg_connection& c, pg_statements const& st, std::string const& session,
                                      std::string const& stream, std::string const& data,
                                      store_limits const& limits) {
    auto bound = limits.max_events_per_session == 0 // 0: no bound (store_limits)
                     ? std::uint64_t(std::numeric_limits<std::int64_t>::max())
                     : std::min<std::uint64_t>(limits.max_events_per_session,
                                               std::numeric_limits<std::int64_t>::max());
    auto rows = c.exec(st.append_event, {session, stream, pg_param::bytes(data), std::to_string(bound)});
    if (!rows)
        return rows.error();
    auto sequence = rows->size() == 1 ? number<std::uint64_t>(rows->at(0, 0)) : std::nullopt;
    if (!sequence)
        return error(errc::malformed_data, "PostgreSQL store: append returned no sequence");
    return *sequence;
}

result<std::vector<stored_event>> pg_events_after(pg_connection& c, pg_statements const& st,
                                                  std::string const& session, std::string const& stream,
                                                  std::uint64_t sequence) {
    std::vector<stored_event> out;
    if (sequence >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return out;
    auto rows = c.exec(st.events_after, {session, stream, std::to_string(sequence)}, true);
    if (!rows)
        return rows.error();
    out.reserve(static_cast<std::size_t>(rows->size()));
    for (int i = 0; i < rows->size(); ++i)
        out.push_back({big_endian(rows->at(i, 0)), std::string(rows->at(i, 1))});
    return out;
}

result<> pg_forget_events(pg_connection& c, pg_statements const& st, std::string const& session) {
    auto rows = c.exec(st.forget_events, {session});
    if (!rows)
        return rows.error();
    return {};
}

} // namespace mcp::storage::detail
