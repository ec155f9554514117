#include <mcp/storage/sqlite/sqlite_connection.hpp>

#include <mcp/storage/session_store.hpp>

#include <sqlite3.h>

#include <limits>

namespace mcp::storage::detail {
namespace {

// What to do about a failure, by SQLite's primary result code: the message alone rarely says.
std::string hint(int rc, std::chrono::milliseconds busy_timeout) {
    switch (rc & 0xff) {
    case SQLITE_CANTOPEN:
        return "check that the directory exists and that this process may create and write files there";
    case SQLITE_NOTADB:
        return "the file is not an SQLite database, or it is damaged: move it away or choose another path";
    case SQLITE_CORRUPT:
        return "the database file is damaged: restore it from a backup or move it away";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "another connection held the database lock longer than busy_timeout (" +
               std::to_string(busy_timeout.count()) + " ms)";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return "SQLite must be able to write the file, its -wal and -shm companions, and their directory";
    case SQLITE_FULL:
        return "the disk is full";
    case SQLITE_IOERR:
        return "the disk or file system reported an I/O error";
    case SQLITE_NOMEM:
        return "out of memory";
    default:
        return {};
    }
}

} // namespace

error sqlite_failure(std::string_view path, std::string_view what, int rc, std::string_view message,
                     std::chrono::milliseconds busy_timeout) {
    std::string text = "SQLite store ";
    text.append(path).append(": ").append(what).append(": ").append(message);
    if (auto h = hint(rc, busy_timeout); !h.empty())
        text.append(" (").append(h).append(")");
    return error(errc::unavailable, std::move(text));
}

std::int64_t sqlite_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

sqlite_query::sqlite_query(sqlite_connection& c, sqlite3_stmt* statement, std::string_view what, int rc,
                           std::string message)
    : connection_(c), statement_(statement), what_(what), rc_(rc), message_(std::move(message)) {}

sqlite_query::~sqlite_query() {
    if (!statement_)
        return;
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

void sqlite_query::fail(int rc) {
    if (rc_ != SQLITE_OK)
        return;
    rc_ = rc;
    message_ = sqlite3_errmsg(connection_.handle());
}

sqlite_query& sqlite_query::text(std::string_view v) {
    if (rc_ == SQLITE_OK)
        if (int rc = sqlite3_bind_text64(statement_, next_parameter_, v.data(), v.size(), SQLITE_TRANSIENT,
                                         SQLITE_UTF8);
            rc != SQLITE_OK)
            fail(rc);
    ++next_parameter_;
    return *this;
}

sqlite_query& sqlite_query::blob(std::string_view v) {
    // A null pointer would bind NULL, not an empty blob: an empty view may have one.
    char const* bytes = v.empty() ? "" : v.data();
    if (rc_ == SQLITE_OK)
        if (int rc = sqlite3_bind_blob64(statement_, next_parameter_, bytes, v.size(), SQLITE_TRANSIENT);
            rc != SQLITE_OK)
            fail(rc);
    ++next_parameter_;
    return *this;
}

sqlite_query& sqlite_query::integer(std::int64_t v) {
    if (rc_ == SQLITE_OK)
        if (int rc = sqlite3_bind_int64(statement_, next_parameter_, v); rc != SQLITE_OK)
            fail(rc);
    ++next_parameter_;
    return *this;
}

bool sqlite_query::next_row() {
    if (rc_ != SQLITE_OK)
        return false;
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        fail(rc);
    return false;
}

result<> sqlite_query::run() {
    while (next_row()) {
    }
    return status();
}

std::int64_t sqlite_query::integer_at(int column) const {
    return sqlite3_column_int64(statement_, column);
}

std::string sqlite_query::bytes_at(int column) const {
    // sqlite3_column_blob returns TEXT as stored, without conversion; then the length.
    auto bytes = static_cast<char const*>(sqlite3_column_blob(statement_, column));
    auto size = sqlite3_column_bytes(statement_, column);
    return bytes ? std::string(bytes, static_cast<std::size_t>(size)) : std::string();
}

result<> sqlite_query::status() const {
    if (rc_ == SQLITE_OK)
        return {};
    return connection_.failure(what_, rc_, message_);
}

result<std::unique_ptr<sqlite_connection>> sqlite_connection::open(std::string const& path,
                                                                   std::chrono::milliseconds busy_timeout) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close(db);
        return sqlite_failure(path, "open", rc, message, busy_timeout);
    }
    sqlite3_extended_result_codes(db, 1);
    auto ms = std::min<std::chrono::milliseconds::rep>(busy_timeout.count(), std::numeric_limits<int>::max());
    sqlite3_busy_timeout(db, static_cast<int>(std::max<std::chrono::milliseconds::rep>(ms, 0)));
    return std::unique_ptr<sqlite_connection>(new sqlite_connection(db, path, busy_timeout));
}

sqlite_connection::~sqlite_connection() {
    for (auto& [sql, statement] : statements_)
        sqlite3_finalize(statement);
    sqlite3_close(db_);
}

sqlite_query sqlite_connection::query(std::string_view sql, std::string_view what) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
        sqlite3_stmt* statement = nullptr;
        int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &statement, nullptr);
        if (rc != SQLITE_OK)
            return sqlite_query(*this, nullptr, what, rc, sqlite3_errmsg(db_));
        it = statements_.emplace(sql, statement).first;
    }
    return sqlite_query(*this, it->second, what, SQLITE_OK, {});
}

result<> sqlite_connection::exec(char const* sql, std::string_view what) {
    if (int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); rc != SQLITE_OK)
        return failure(what, rc, sqlite3_errmsg(db_));
    return {};
}

std::int64_t sqlite_connection::changes() const {
    return sqlite3_changes64(db_);
}

error sqlite_connection::failure(std::string_view what, int rc, std::string_view message) const {
    return sqlite_failure(path_, what, rc, message, busy_timeout_);
}

} // namespace mcp::storage::detail
