// Fresh store configurations for bench_stores and their clean-up (backends.hpp).
#include "backends.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>

namespace bench_stores {

namespace storage = mcp::storage;

namespace {

// Six hex digits: names of one run never meet an earlier run's (tables left by a run that was killed).
std::string run_tag() {
    std::random_device rd;
    char text[16];
    std::snprintf(text, sizeof text, "%06x", static_cast<unsigned>(rd() & 0xffffff));
    return text;
}

storage::result<std::string> server(std::string given, char const* variable, char const* what) {
    if (!given.empty())
        return given;
    if (char const* v = std::getenv(variable); v && *v)
        return std::string(v);
    return storage::error(storage::errc::invalid_configuration,
                          std::string(variable) + " is not set: " + what +
                              " needs a server; start one with scripts/services (`source scripts/services; "
                              "services_start` exports it) or pass its address");
}

using connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using pg_result = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string drop_postgres_tables(std::string const& url, std::string const& prefix) {
    connection c(PQconnectdb(url.c_str()), &PQfinish);
    if (PQstatus(c.get()) != CONNECTION_OK)
        return std::string("cannot connect to drop the tables: ") + PQerrorMessage(c.get());
    char const* params[] = {prefix.c_str()};
    pg_result names(PQexecParams(c.get(),
                                 "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
                                 "WHERE schemaname = current_schema() AND left(tablename, length($1)) = $1",
                                 1, nullptr, params, nullptr, nullptr, 0),
                    &PQclear);
    if (PQresultStatus(names.get()) != PGRES_TUPLES_OK)
        return std::string("cannot list the tables: ") + PQerrorMessage(c.get());
    if (PQgetisnull(names.get(), 0, 0))
        return {};
    std::string sql = std::string("DROP TABLE IF EXISTS ") + PQgetvalue(names.get(), 0, 0) + " CASCADE";
    pg_result dropped(PQexec(c.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(dropped.get()) != PGRES_COMMAND_OK)
        return std::string("cannot drop the tables: ") + PQerrorMessage(c.get());
    return {};
}

boost::json::object delete_table_request(std::string const& table) {
    return {{"TableName", table}};
}

mcp::task<std::string> delete_tables(boost::asio::any_io_executor ex, storage::dynamodb_store_options o) {
    auto client = mcp::aws::dynamodb_client::create(ex, o.client);
    if (!client)
        co_return client.error().message();
    std::string problems;
    // g++ 12 rejects a braced list of strings in a coroutine ("array used as initializer"): pointers it is.
    for (auto const* table : {&o.sessions_table, &o.events_table, &o.tasks_table, &o.state_table})
        if (auto r = co_await client->call("DeleteTable", delete_table_request(*table)); !r)
            problems += r.error().message() + "; ";
    co_return problems;
}

} // namespace

storage::result<storage::store_config> make_target(target_options const& o) {
    storage::store_config c;
    auto tag = run_tag();
    if (o.backend == "memory") {
        c.backend = storage::backend::memory;
    } else if (o.backend == "sqlite") {
        c.backend = storage::backend::sqlite;
        c.sqlite.path =
            (o.sqlite_dir.empty() ? std::string("/tmp") : o.sqlite_dir) + "/bench-stores-" + tag + ".db";
    } else if (o.backend == "postgres") {
        auto url = server(o.postgres_url, "MCP_TEST_POSTGRES_URL", "the postgres backend");
        if (!url)
            return url.error();
        c.backend = storage::backend::postgres;
        c.postgres.connection = *url;
        c.postgres.table_prefix = "bench_" + tag + "_";
    } else if (o.backend == "dynamodb") {
        auto endpoint = server(o.dynamodb_endpoint, "MCP_TEST_DYNAMODB_ENDPOINT", "the dynamodb backend");
        if (!endpoint)
            return endpoint.error();
        c.backend = storage::backend::dynamodb;
        // A local emulator (dynalite) takes any credentials; the client still signs every request.
        c.dynamodb.client = {
            .region = "us-east-1",
            .credentials = mcp::aws::credentials{.access_key_id = "AKIDBENCH", .secret_access_key = "bench-secret"},
            .endpoint = *endpoint};
        c.dynamodb.sessions_table = "bench-" + tag + "-sessions";
        c.dynamodb.events_table = "bench-" + tag + "-events";
        c.dynamodb.tasks_table = "bench-" + tag + "-tasks";
        c.dynamodb.state_table = "bench-" + tag + "-state";
        c.dynamodb.create_tables = true;
    } else {
        return storage::error(storage::errc::invalid_configuration,
                              "unknown backend " + o.backend +
                                  ": expected memory, sqlite, postgres or dynamodb");
    }
    return c;
}

std::string remove_target(storage::store_config const& c, boost::asio::any_io_executor ex) {
    switch (c.backend) {
    case storage::backend::memory:
        return {};
    case storage::backend::sqlite:
        for (auto suffix : {"", "-wal", "-shm"})
            std::remove((c.sqlite.path + suffix).c_str());
        return {};
    case storage::backend::postgres:
        return drop_postgres_tables(c.postgres.connection, c.postgres.table_prefix);
    case storage::backend::dynamodb:
        return boost::asio::co_spawn(ex, delete_tables(ex, c.dynamodb), boost::asio::use_future).get();
    }
    return {};
}

} // namespace bench_stores
