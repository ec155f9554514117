#include <mcp/storage/sqlite/sqlite_state_store.hpp>

namespace mcp::storage::detail {
namespace {

namespace json = boost::json;

result<std::optional<state_record>> select_state(sqlite_connection& c, std::string const& key) {
    auto q = c.query("SELECT value, revision FROM mcp_state WHERE key = ?1", "load server state");
    std::optional<state_record> found;
    std::string text;
    if (q.text(key).next_row()) {
        text = q.bytes_at(0);
        found = state_record{key, {}, q.integer_at(1)};
    }
    if (auto done = q.run(); !done)
        return done.error();
    if (!found)
        return found;
    boost::system::error_code ec;
    auto value = json::parse(text, ec, {}, state_parse_options());
    if (ec || !value.is_object())
        return error(errc::malformed_data, "SQLite store " + c.path() + ": the server state '" + key +
                                               "' is not a JSON object: the file was changed by something "
                                               "else than this library");
    found->value = std::move(value.as_object());
    return found;
}

error conflict(std::string const& key, std::int64_t revision) {
    if (revision == 0)
        return error(errc::conflict,
                     "server state '" + key + "' already exists (saved by another writer): reload and retry");
    return error(errc::conflict, "server state '" + key + "' is no longer at revision " +
                                     std::to_string(revision) +
                                     " (changed by another writer): reload and retry");
}

// One statement decides: the INSERT of a new key or the UPDATE of the stored revision either changes the row
// or changes nothing, and nothing is the conflict. No read first, so no window between check and write.
result<> write_state(sqlite_connection& c, std::string const& key, std::string const& text,
                     std::int64_t revision) {
    auto q = revision == 0 ? c.query("INSERT INTO mcp_state (key, value, revision) VALUES (?1, ?2, 1) "
                                     "ON CONFLICT (key) DO NOTHING",
                                     "create server state")
                           : c.query("UPDATE mcp_state SET value = ?2, revision = revision + 1 "
                                     "WHERE key = ?1 AND revision = ?3",
                                     "save server state");
    q.text(key).text(text);
    if (revision != 0)
        q.integer(revision);
    if (auto done = q.run(); !done)
        return done.error();
    if (c.changes() == 0)
        return conflict(key, revision);
    return {};
}

} // namespace

task<result<std::optional<state_record>>> sqlite_state_store::load(std::string key) {
    auto op = db_->run<std::optional<state_record>>(
        [key = std::move(key)](sqlite_connection& c) { return select_state(c, key); }, sqlite_access::read);
    co_return co_await std::move(op);
}

task<result<>> sqlite_state_store::save(state_record& record) {
    auto text = serialized_state(record);
    if (!text)
        co_return text.error();
    auto op = db_->run<void>([key = record.key, text = std::move(*text), revision = record.revision](
                                 sqlite_connection& c) { return write_state(c, key, text, revision); },
                             sqlite_access::write);
    auto saved = co_await std::move(op);
    if (!saved)
        co_return saved.error();
    ++record.revision;
    co_return result<>{};
}

} // namespace mcp::storage::detail
