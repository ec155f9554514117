// pg_connection: libpq's non-blocking calls plus poll() with a deadline (see pg_connection.hpp).
#include <mcp/storage/postgres/pg_connection.hpp>
#include <mcp/storage/session_store.hpp>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

namespace mcp::storage::detail {

// libpq's messages end with a newline and indent their hints on new lines; one line reads better in a log.
std::string pg_one_line(char const* text) {
    std::string out;
    for (char const* p = text ? text : ""; *p; ++p) {
        if (*p == '\n' || *p == '\t') {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += *p;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

namespace {

void ignore_notice(void*, char const*) {} // "relation already exists, skipping" and the like: not for stderr

std::string text_or(char const* s, char const* otherwise) {
    return s && *s ? s : otherwise;
}

// Waits for `events` on `fd` until `deadline`; returns the events seen, 0 when the deadline passed, -1 on
// error.
int wait_for(int fd, short events, pg_clock::time_point deadline) {
    if (fd < 0)
        return -1; // no socket (the connection failed): poll() would only sleep until the deadline
    for (;;) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - pg_clock::now()).count();
        if (left <= 0)
            return 0;
        pollfd p{fd, events, 0};
        int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (n > 0)
            return p.revents;
        if (n < 0 && errno != EINTR)
            return -1;
    }
}

} // namespace

std::string pg_connection::where() const {
    if (!conn_)
        return where_;
    auto host = text_or(PQhost(conn_), "(default host)");
    auto port = text_or(PQport(conn_), "5432");
    return host + ":" + port + " (database " + text_or(PQdb(conn_), "?") + ", user " +
           text_or(PQuser(conn_), "?") + ")";
}

bool pg_connection::alive() {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) != PQTRANS_IDLE)
        return false;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    int n = ::poll(&p, 1, 0);
    if (n < 0)
        return errno == EINTR;
    if (n == 0)
        return true; // nothing to read: the usual idle state
    if (p.revents & (POLLERR | POLLNVAL))
        return false;
    // Readable while idle: a notice, or the server saying goodbye before it closes the socket (shutdown,
    // idle_session_timeout). Reading it tells which.
    if (!PQconsumeInput(conn_))
        return false;
    while (PGnotify* note = PQnotifies(conn_))
        PQfreemem(note);
    return PQstatus(conn_) == CONNECTION_OK;
}

result<> pg_connection::connect(pg_endpoint const& e) {
    drop();
    auto deadline = pg_clock::now() + e.connect_timeout;
    // Later keywords win; `dbname` holding a conninfo or URI is expanded in place, so the user's string can
    // set application_name, and our client_encoding comes last because the stores send and expect UTF-8.
    char const* keys[] = {"fallback_application_name", "dbname", "client_encoding", nullptr};
    char const* values[] = {"mcp", e.connection.c_str(), "UTF8", nullptr};
    conn_ = PQconnectStartParams(keys, values, 1);
    if (!conn_)
        return error(errc::unavailable, "PostgreSQL: cannot start a connection (out of memory)");
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    auto state = PQstatus(conn_) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
    while (state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED) {
        int seen = wait_for(PQsocket(conn_), state == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline);
        if (seen == 0)
            return unreachable(
                "no answer within " + std::to_string(e.connect_timeout.count()) +
                " ms (connect_timeout); check that the server is running and the host and port "
                "are right");
        if (seen < 0)
            return unreachable("cannot wait for the socket: " + pg_one_line(PQerrorMessage(conn_)));
        state = PQconnectPoll(conn_);
    }
    if (state == PGRES_POLLING_FAILED)
        return unreachable(pg_one_line(PQerrorMessage(conn_)));
    where_ = where();
    PQsetnonblocking(conn_, 1);
    deadline_ = deadline;
    auto limited = exec("SET statement_timeout = " + std::to_string(e.query_timeout.count()));
    if (!limited)
        return limited.error();
    return {};
}

error pg_connection::unreachable(std::string reason) {
    where_ = where();
    drop();
    return error(errc::unavailable, "PostgreSQL unreachable at " + where_ + ": " + reason);
}

void pg_connection::drop() {
    if (conn_)
        PQfinish(conn_);
    conn_ = nullptr;
    prepared_.clear();
}

error pg_connection::lost(std::string_view what) {
    auto message = "PostgreSQL at " + where() + ": connection lost (" + std::string(what) + ")";
    where_ = where();
    drop();
    return error(errc::unavailable, std::move(message));
}

result<short> pg_connection::wait(short events) {
    int seen = wait_for(PQsocket(conn_), events, deadline_);
    if (seen > 0)
        return static_cast<short>(seen);
    return lost(seen == 0 ? "no answer before the operation's deadline (query_timeout)" : "poll failed");
}

result<pg_rows> pg_connection::exec(pg_statement const& s, std::initializer_list<pg_param> params,
                                    bool binary_result) {
    if (auto prepared = prepare(s); !prepared)
        return prepared.error();
    std::vector<char const*> values;
    std::vector<int> lengths, formats;
    for (auto const& p : params) {
        if (p.holds_nul)
            return error(errc::rejected, "PostgreSQL text cannot hold a NUL byte (statement " + s.name + ")");
        values.push_back(p.value);
        lengths.push_back(p.length);
        formats.push_back(p.binary ? 1 : 0);
    }
    return finish(PQsendQueryPrepared(conn_, s.name.c_str(), static_cast<int>(values.size()), values.data(),
                                      lengths.data(), formats.data(), binary_result ? 1 : 0));
}

result<> pg_connection::prepare(pg_statement const& s) {
    if (!conn_)
        return error(errc::unavailable, "PostgreSQL at " + where_ + ": not connected");
    if (prepared_.contains(s.name))
        return {};
    auto prepared = finish(PQsendPrepare(conn_, s.name.c_str(), s.sql.c_str(), 0, nullptr));
    if (!prepared)
        return prepared.error();
    prepared_.insert(s.name);
    return {};
}

result<pg_rows> pg_connection::exec(std::string const& sql) {
    if (!conn_)
        return error(errc::unavailable, "PostgreSQL at " + where_ + ": not connected");
    return finish(PQsendQuery(conn_, sql.c_str()));
}

result<pg_rows> pg_connection::finish(int sent) {
    if (!sent)
        return lost(pg_one_line(PQerrorMessage(conn_)));
    if (auto flushed = flush(); !flushed)
        return flushed.error();
    return collect();
}

// Non-blocking mode: libpq may keep part of a large statement (a 300 kB event) until the socket takes it.
result<> pg_connection::flush() {
    for (;;) {
        int left = PQflush(conn_);
        if (left == 0)
            return {};
        if (left < 0)
            return lost(pg_one_line(PQerrorMessage(conn_)));
        auto seen = wait(POLLIN | POLLOUT);
        if (!seen)
            return seen.error();
        if ((*seen & POLLIN) && !PQconsumeInput(conn_))
            return lost(pg_one_line(PQerrorMessage(conn_)));
    }
}

result<> pg_connection::await_answer() {
    while (PQisBusy(conn_)) {
        auto seen = wait(POLLIN);
        if (!seen)
            return seen.error();
        if (!PQconsumeInput(conn_))
            return lost(pg_one_line(PQerrorMessage(conn_)));
    }
    return {};
}

// Reads every result of the query (several for a multi-statement string): the last rows, or the first error.
result<pg_rows> pg_connection::collect() {
    std::optional<pg_rows> rows;
    std::optional<error> failure;
    for (;;) {
        if (auto ready = await_answer(); !ready)
            return ready.error();
        PGresult* r = PQgetResult(conn_);
        if (!r)
            break;
        auto status = PQresultStatus(r);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            rows.emplace(r);
            continue;
        }
        if (!failure)
            failure = refused(r);
        PQclear(r);
    }
    if (PQstatus(conn_) == CONNECTION_BAD)
        return lost(failure ? failure->message() : "server closed the connection");
    if (failure)
        return *failure;
    if (!rows)
        return error(errc::unavailable, "PostgreSQL at " + where() + ": no result");
    return std::move(*rows);
}

// The database refused a statement. Deadlocks and serialization failures may be retried; data it cannot store
// (invalid UTF-8, a constraint) is the caller's problem, everything else makes the store unavailable.
error pg_connection::refused(PGresult* r) {
    std::string state = text_or(PQresultErrorField(r, PG_DIAG_SQLSTATE), "");
    retryable_ = retryable_ || state == "40001" || state == "40P01";
    auto reason = pg_one_line(PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
    if (reason.empty())
        reason = pg_one_line(PQresultErrorMessage(r));
    auto kind = state.starts_with("22") || state.starts_with("23") ? errc::rejected : errc::unavailable;
    // 57014: our statement_timeout, which is query_timeout (the server may notice before we do).
    auto hint = state == "57014" ? "; the operation took longer than query_timeout" : "";
    return error(kind, "PostgreSQL at " + where() + ": " + reason +
                           (state.empty() ? "" : " (SQLSTATE " + state + ")") + hint);
}

} // namespace mcp::storage::detail
