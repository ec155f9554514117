// test_database: URL, fresh prefixes and their clean-up for the PostgreSQL store tests (test_database.hpp).
#include <mcp/storage/postgres/testing/test_database.hpp>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace mcp::storage::testing {
namespace {

std::mutex prefixes_mutex;
std::vector<std::string> prefixes; // guarded by prefixes_mutex

// Drops the tables of every fresh prefix once all tests have run.
class drop_fresh_tables : public ::testing::Environment {
public:
    void TearDown() override {
        char const* url = std::getenv("MCP_TEST_POSTGRES_URL");
        if (!url || !*url)
            return;
        std::lock_guard lock(prefixes_mutex);
        for (auto const& p : prefixes) {
            try {
                drop_tables(url, p);
            } catch (std::exception const& e) { // the tables stay; the test database is throwaway anyway
                std::fprintf(stderr, "postgres tests: clean-up of %s failed: %s\n", p.c_str(), e.what());
            }
        }
    }
};

[[maybe_unused]] auto* const registered = ::testing::AddGlobalTestEnvironment(new drop_fresh_tables);

} // namespace

std::string test_postgres_url() {
    char const* url = std::getenv("MCP_TEST_POSTGRES_URL");
    if (!url || !*url)
        throw std::runtime_error(
            "MCP_TEST_POSTGRES_URL is not set: these tests need PostgreSQL 15; start it with "
            "scripts/services (`scripts/services run`, or `source scripts/services; "
            "services_start`), which exports the variable");
    return url;
}

std::string fresh_table_prefix() {
    static std::atomic<int> counter{0};
    auto prefix = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_";
    std::lock_guard lock(prefixes_mutex);
    prefixes.push_back(prefix);
    return prefix;
}

postgres_options fresh_postgres_options(store_limits limits) {
    return {.connection = test_postgres_url(), .table_prefix = fresh_table_prefix(), .limits = limits};
}

std::string query_one(std::string const& url, std::string const& sql) {
    std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK)
        throw std::runtime_error("query_one: cannot connect: " + std::string(PQerrorMessage(conn.get())));
    PQsetNoticeProcessor(
        conn.get(), [](void*, char const*) {}, nullptr); // "does not exist, skipping"
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn.get(), sql.c_str()), &PQclear);
    auto status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        throw std::runtime_error("query_one: " + sql + ": " + PQresultErrorMessage(r.get()));
    return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
}

void drop_tables(std::string const& url, std::string const& prefix) {
    std::string sql = "DROP TABLE IF EXISTS ";
    for (auto table :
         {"schema_version", "sessions", "event_counters", "stream_counters", "events", "tasks", "state"})
        sql += prefix + table + (std::string_view(table) == "state" ? "" : ", ");
    query_one(url, sql);
}

} // namespace mcp::storage::testing
