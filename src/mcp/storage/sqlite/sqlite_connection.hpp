// sqlite_connection: one SQLite connection to the store's file with its cached prepared statements, and
// sqlite_query, one execution of one of them. Used by one thread at a time (the store's thread pool leases a
// connection for one operation, sqlite_database.hpp). Not a general SQLite wrapper: only what the stores use.
//
// Failures are values. A query remembers its first failure together with SQLite's message (which the next
// call on the connection would overwrite); the operation turns it into errc::unavailable with the
// file's path and a hint a person can act on (sqlite_failure).
#pragma once

#include <mcp/storage/error.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace mcp::storage::detail {

// errc::unavailable reading "SQLite store <path>: <what>: <SQLite's message> (<hint>)".
error sqlite_failure(std::string_view path, std::string_view what, int rc, std::string_view message,
                     std::chrono::milliseconds busy_timeout);

// Unix time in milliseconds: the clock of expires_at, shared by every process using the file.
std::int64_t sqlite_now_ms();

class sqlite_connection;

// One execution of a prepared statement: bind parameters in order, step through the rows, read columns. The
// statement is reset when the query ends, which also ends its read of the file. After the first failure every
// call does nothing and status() reports it.
class sqlite_query {
public:
    sqlite_query(sqlite_connection& c, sqlite3_stmt* statement, std::string_view what, int rc,
                 std::string message);
    sqlite_query(sqlite_query const&) = delete;
    sqlite_query& operator=(sqlite_query const&) = delete;
    ~sqlite_query();

    sqlite_query& text(std::string_view v);
    sqlite_query& blob(std::string_view v); // bytes as they are (NUL and invalid UTF-8 included)
    sqlite_query& integer(std::int64_t v);

    // Steps once: true when a row is there to read, false when done or failed.
    bool next_row();
    // Steps to the end (statements without rows, or whose rows are not needed).
    result<> run();
    std::int64_t integer_at(int column) const;
    std::string bytes_at(int column) const; // a TEXT or BLOB column
    result<> status() const;

private:
    void fail(int rc);

    sqlite_connection& connection_;
    sqlite3_stmt* statement_;
    std::string_view what_;
    int next_parameter_ = 1;
    int rc_;
    std::string message_;
};

class sqlite_connection {
public:
    // Opens (creating if missing) the file, with extended error codes and the busy timeout set.
    static result<std::unique_ptr<sqlite_connection>> open(std::string const& path,
                                                           std::chrono::milliseconds busy_timeout);
    sqlite_connection(sqlite_connection const&) = delete;
    sqlite_connection& operator=(sqlite_connection const&) = delete;
    ~sqlite_connection();

    // A query of `sql`, prepared on first use and kept for the connection's life. `sql` must have static
    // storage (a literal): the cache keys on it. `what` names the operation in error messages.
    sqlite_query query(std::string_view sql, std::string_view what);
    // Runs statements that return no rows needed (BEGIN, COMMIT, PRAGMA, DDL); not cached.
    result<> exec(char const* sql, std::string_view what);
    // Rows changed by the last INSERT, UPDATE or DELETE.
    std::int64_t changes() const;

    error failure(std::string_view what, int rc, std::string_view message) const;
    std::string const& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    sqlite_connection(sqlite3* db, std::string path, std::chrono::milliseconds busy_timeout)
        : db_(db), path_(std::move(path)), busy_timeout_(busy_timeout) {}

    sqlite3* db_;
    std::string path_;
    std::chrono::milliseconds busy_timeout_;
    std::unordered_map<std::string_view, sqlite3_stmt*> statements_;
};

} // namespace mcp::storage::detail
