// pg_connection: one libpq connection, driven with deadlines, for the worker threads of pg_pool (internal to
// storage/postgres). Not thread-safe: each worker thread owns one. Not an async client either: its calls
// block the calling thread (a worker, never an I/O thread) for at most the deadline.
//
// libpq's non-blocking calls (PQconnectStartParams/PQconnectPoll, PQsendQueryPrepared/PQflush/PQconsumeInput)
// with poll() on the socket give millisecond deadlines for both connecting and querying, which the blocking
// calls do not (libpq's own connect_timeout has a 2 s floor and query calls have no timeout at all). A call
// that misses its deadline, or finds the socket closed, drops the connection; the next operation reconnects.
#pragma once

#include <mcp/storage/error.hpp>

#include <libpq-fe.h>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace mcp::storage::detail {

using pg_clock = std::chrono::steady_clock;

// A named statement, prepared on each connection the first time it runs there.
struct pg_statement {
    std::string name;
    std::string sql;
};

// One parameter value. Text values must outlive the call; libpq reads them as C strings, so exec() refuses
// one that holds a NUL byte (errc::rejected) rather than let the database store it cut short. Binary values
// (bytea) carry their length and may hold any byte. null() is SQL NULL.
struct pg_param {
    char const* value;
    int length = 0;
    bool binary = false;
    bool holds_nul = false;

    pg_param(std::string const& text) // NOLINT: implicit on purpose
        : value(text.c_str()), holds_nul(text.find('\0') != std::string::npos) {}
    static pg_param bytes(std::string const& b) { return {b.data(), static_cast<int>(b.size()), true}; }
    static pg_param null() { return {nullptr, 0, false}; }

private:
    pg_param(char const* v, int n, bool b) : value(v), length(n), binary(b) {}
};

// A query's answer (PGRES_TUPLES_OK or PGRES_COMMAND_OK).
class pg_rows {
public:
    explicit pg_rows(PGresult* r) : result_(r, &PQclear) {}

    int size() const { return PQntuples(result_.get()); }
    std::string_view at(int row, int column) const {
        return {PQgetvalue(result_.get(), row, column),
                static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
    }
    bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }

private:
    std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

struct pg_endpoint {
    std::string connection; // conninfo or URI; empty: the PG* environment variables
    std::chrono::milliseconds connect_timeout{5000};
    // The deadline of one operation, and the server's statement_timeout, so that a statement whose caller
    // gave up is also abandoned by the server instead of being applied later.
    std::chrono::milliseconds query_timeout{10000};
};

// A libpq message on one line: without its final newline, its indented hint lines joined with spaces.
std::string pg_one_line(char const* text);

class pg_connection {
public:
    pg_connection() = default;
    pg_connection(pg_connection const&) = delete;
    pg_connection& operator=(pg_connection const&) = delete;
    ~pg_connection() { drop(); }

    // True when connected and the socket, idle, shows neither an error nor the server closing it (a restarted
    // server, an idle timeout). Reads what the server sent meanwhile; does not block.
    bool alive();
    // Connects within the endpoint's timeout. Errors: errc::unavailable naming host, port, database and user,
    // with libpq's reason (libpq never puts the password in its messages).
    result<> connect(pg_endpoint const& e);
    void drop();

    // The deadline for every call until the next set_deadline (one per operation).
    void set_deadline(pg_clock::time_point d) { deadline_ = d; }

    // Runs a prepared statement (preparing it on this connection first if needed). binary_result: every
    // column in binary form (bytea as raw bytes, bigint as 8 bytes big-endian). Errors: errc::unavailable
    // (connection lost, deadline missed, the database refused), errc::rejected (data the database cannot
    // store: SQLSTATE classes 22 and 23, or a text value holding a NUL byte).
    result<pg_rows> exec(pg_statement const& s, std::initializer_list<pg_param> params,
                         bool binary_result = false);
    // Prepares a statement on this connection unless it already is (exec does this by itself).
    result<> prepare(pg_statement const& s);
    // Runs SQL without parameters through the simple protocol (BEGIN, COMMIT, DDL; several statements
    // allowed).
    result<pg_rows> exec(std::string const& sql);

    // Whether a statement failed with a deadlock or a serialization failure since the last call: its
    // transaction was rolled back, so running the same operation again is safe. Clears the flag.
    bool take_retryable() { return std::exchange(retryable_, false); }
    // Where this connection points, for messages: "127.0.0.1:5432 (database mcp, user app)".
    std::string where() const;
    // libpq's handle (nullptr when not connected), for pg_listener, which waits for its socket with Asio and
    // reads notifications itself. Valid until drop() or the next connect().
    PGconn* native() const { return conn_; }

private:
    result<pg_rows> finish(int sent);
    result<> flush();
    result<> await_answer();
    result<pg_rows> collect();
    error lost(std::string_view what);
    error unreachable(std::string reason); // a failed connect: drops the connection
    error refused(PGresult* r);
    result<short> wait(short events);

    PGconn* conn_ = nullptr;
    std::string where_ =
        "(not connected yet)"; // where() of the last connection, for messages once it is gone
    std::set<std::string, std::less<>> prepared_;
    pg_clock::time_point deadline_ = pg_clock::time_point::max();
    bool retryable_ = false;
};

} // namespace mcp::storage::detail
