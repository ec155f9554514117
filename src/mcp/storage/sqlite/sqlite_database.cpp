#include <mcp/storage/sqlite/sqlite_database.hpp>

#include <mcp/storage/sqlite/sqlite_schema.hpp>

#include <sqlite3.h>

namespace mcp::storage::detail {
namespace {

// Every connection: WAL (readers never wait for the writer; a commit appends to the -wal file) and
// synchronous=NORMAL (no fsync per commit: a power cut may lose the last commits, never corrupts the file).
result<> configure(sqlite_connection& c) {
    if (sqlite3_db_readonly(c.handle(), "main") == 1) // SQLite opens a file it may not write read-only
        return c.failure("open for writing", SQLITE_READONLY, "the file is read-only");
    auto q = c.query("PRAGMA journal_mode = WAL", "switch to WAL mode");
    std::string mode = q.next_row() ? q.bytes_at(0) : std::string();
    if (auto done = q.run(); !done)
        return done.error();
    if (mode != "wal")
        return error(errc::invalid_configuration, "SQLite store " + c.path() +
                                                      ": the file cannot use WAL mode (journal_mode stays '" +
                                                      mode + "'); put it on a local file system");
    return c.exec("PRAGMA synchronous = NORMAL", "set synchronous=NORMAL");
}

result<std::unique_ptr<sqlite_connection>> connect(sqlite_options const& options) {
    auto c = sqlite_connection::open(options.path, options.busy_timeout);
    if (!c)
        return c.error();
    if (auto done = configure(**c); !done)
        return done.error();
    return c;
}

result<> check(sqlite_options const& options) {
    auto refuse = [&](std::string why) {
        return error(errc::invalid_configuration, "SQLite store '" + options.path + "': " + why);
    };
    if (options.path.empty() || options.path == ":memory:" || options.path.starts_with("file:"))
        return refuse("the path must name a file (for a store in memory, use the memory store)");
    if (options.threads == 0)
        return refuse("threads must be at least 1");
    return {};
}

} // namespace

sqlite_pool::sqlite_pool(sqlite_options options, std::vector<std::unique_ptr<sqlite_connection>> connections)
    : options_(std::move(options)), idle_(std::move(connections)) {}

sqlite_pool::lease::lease(sqlite_pool& pool, sqlite_access access) : pool_(pool), access_(access) {
    if (access_ == sqlite_access::write)
        write_turn_ = std::unique_lock(pool_.write_turn_);
    std::lock_guard lock(pool_.idle_mutex_);
    if (!pool_.idle_.empty()) {
        connection_ = std::move(pool_.idle_.back());
        pool_.idle_.pop_back();
    }
}

sqlite_pool::lease::~lease() {
    if (!connection_)
        return;
    if (in_transaction_)
        (void)connection_->exec("ROLLBACK", "roll back");
    std::lock_guard lock(pool_.idle_mutex_);
    pool_.idle_.push_back(std::move(connection_));
}

result<sqlite_connection*> sqlite_pool::lease::begin() {
    if (!connection_) { // more operations at once than connections: only if threads were added behind our
                        // back
        auto c = connect(pool_.options_);
        if (!c)
            return c.error();
        connection_ = std::move(*c);
    }
    if (access_ == sqlite_access::write) {
        if (auto began = connection_->exec("BEGIN IMMEDIATE", "begin a write transaction"); !began)
            return began.error();
        in_transaction_ = true;
    }
    return connection_.get();
}

result<> sqlite_pool::lease::end(bool keep) {
    if (!in_transaction_)
        return {};
    in_transaction_ = false;
    if (!keep)
        return connection_->exec("ROLLBACK", "roll back");
    if (auto committed = connection_->exec("COMMIT", "commit"); !committed) {
        (void)connection_->exec("ROLLBACK", "roll back");
        return committed.error();
    }
    return {};
}

result<std::shared_ptr<sqlite_database>> sqlite_database::open(sqlite_options options) {
    if (auto ok = check(options); !ok)
        return ok.error();
    std::vector<std::unique_ptr<sqlite_connection>> connections;
    for (std::size_t i = 0; i < options.threads; ++i) {
        auto c = connect(options);
        if (!c)
            return c.error();
        if (i == 0)
            if (auto migrated = migrate(**c); !migrated)
                return migrated.error();
        connections.push_back(std::move(*c));
    }
    auto pool = std::make_shared<sqlite_pool>(std::move(options), std::move(connections));
    return std::shared_ptr<sqlite_database>(new sqlite_database(std::move(pool)));
}

sqlite_database::sqlite_database(std::shared_ptr<sqlite_pool> pool)
    : pool_(std::move(pool)), threads_(pool_->options().threads) {}

sqlite_database::~sqlite_database() {
    threads_.join();
}

} // namespace mcp::storage::detail
