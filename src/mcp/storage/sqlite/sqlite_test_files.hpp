// Test support for the SQLite store's tests only: fresh file paths in one temporary directory per test
// process (removed at exit), a plain SQLite connection to look at or tamper with a file the way another
// program would, and garbage written over a file in place. Not part of the library.
#pragma once

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace mcp::storage::sqlite_test {

class temp_dir {
public:
    temp_dir() {
        auto pattern = (std::filesystem::temp_directory_path() / "mcp-sqlite-test-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed for " + pattern);
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::filesystem::path const& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline temp_dir const& test_dir() {
    static temp_dir dir;
    return dir;
}

// A path no file has yet: <temp dir>/<n>.db
inline std::string fresh_path() {
    static std::atomic<int> next{0};
    return (test_dir().path() / (std::to_string(++next) + ".db")).string();
}

// Overwrites the file and its -wal and -shm companions in place (same inodes, same sizes), as a program that
// writes over the wrong file would: connections that have it open now read garbage.
inline void overwrite_with_garbage(std::string const& path) {
    for (auto const& name : {path, path + "-wal", path + "-shm"}) {
        std::error_code ec;
        auto size = std::filesystem::file_size(name, ec);
        if (ec)
            continue;
        std::fstream f(name, std::ios::in | std::ios::out | std::ios::binary);
        std::string garbage(std::max<std::uintmax_t>(size, 4096), 'g');
        f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
}

inline void write_file(std::string const& path, std::string const& content) {
    std::ofstream(path, std::ios::binary) << content;
}

// A plain connection to a store file, as another program would open it.
class raw_db {
public:
    explicit raw_db(std::string const& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
            ADD_FAILURE() << "cannot open " << path;
    }
    raw_db(raw_db const&) = delete;
    raw_db& operator=(raw_db const&) = delete;
    ~raw_db() { sqlite3_close(db_); }

    void exec(std::string const& sql) {
        char* message = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
            ADD_FAILURE() << sql << ": " << (message ? message : "?");
        sqlite3_free(message);
    }
    // The first column of the first row, or -1.
    std::int64_t integer(std::string const& sql) {
        sqlite3_stmt* s = nullptr;
        std::int64_t out = -1;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
            sqlite3_step(s) == SQLITE_ROW)
            out = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return out;
    }

    // What EXPLAIN QUERY PLAN says of `sql`, its rows' details joined by "; ".
    std::string plan(std::string const& sql) {
        sqlite3_stmt* s = nullptr;
        std::string out;
        if (sqlite3_prepare_v2(db_, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &s, nullptr) != SQLITE_OK)
            ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
        while (s && sqlite3_step(s) == SQLITE_ROW)
            out += (out.empty() ? "" : "; ") +
                   std::string(reinterpret_cast<char const*>(sqlite3_column_text(s, 3)));
        sqlite3_finalize(s);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

} // namespace mcp::storage::sqlite_test
