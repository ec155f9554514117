#include <mcp/run.hpp>

#include <mcp/front_door.hpp>
#include <mcp/run_usage.hpp>
#include <mcp/version.hpp>

#include <mcp/http/environment.hpp>
#include <mcp/http/origin.hpp>
#include <mcp/core/env.hpp>
#include <mcp/core/log.hpp>
#include <mcp/core/log_level.hpp>
#include <mcp/core/process_loop.hpp>
#include <mcp/stdio/stdio.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace mcp {
namespace {

std::string env_or(char const* name, std::string fallback) {
    char const* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

std::optional<unsigned short> port_from(std::string const& text) {
    auto value = whole_number<unsigned>(text);
    if (!value || *value > 65535)
        return std::nullopt;
    return static_cast<unsigned short>(*value);
}

// Opens the configured stores, running `io` until they are (DynamoDB talks to its endpoint to check its
// tables).
storage::result<storage::stores> open_stores(boost::asio::io_context& io, storage::store_config config) {
    std::optional<storage::result<storage::stores>> opened;
    boost::asio::co_spawn(io, storage::open(std::move(config), io.get_executor()),
                          [&](std::exception_ptr e, storage::result<storage::stores> r) {
                              opened = e ? storage::result<storage::stores>(storage::error(
                                               storage::errc::unavailable, "opening the stores threw"))
                                         : std::move(r);
                          });
    io.run();
    io.restart();
    return std::move(*opened);
}

// Memory: none given, so the handler opens its own (open_memory with these limits), ends idle sessions in them
// and forgets their events. Failures are logged.
std::optional<storage::stores> stores_to_serve(boost::asio::io_context& io, storage::store_config const& config) {
    auto stores = config.backend == storage::backend::memory
                      ? storage::result<storage::stores>(storage::stores{.limits = config.limits})
                      : open_stores(io, config);
    if (!stores) {
        log::error("cannot open the {} stores: {}", storage::describe(config), stores.error().message());
        return std::nullopt;
    }
    log::info("sessions and events: {}", storage::describe(config));
    return std::move(*stores);
}

} // namespace

int serve_http(server& srv, http_options options) {
    auto const threads = io_threads(options.listen.threads);
    boost::asio::io_context io(static_cast<int>(threads));
    // The access policy may hold sockets and timers of `io` once a request has used it (mcp::auth keeps its key
    // fetch's connection open), and `options` dies after this returns, when `io` is gone: let go of it before.
    struct release_access {
        http::streamable_options& o;
        ~release_access() { o.access.reset(); }
    } const release{options.mcp};
    options.mcp.origins.loopback_host_only = http::is_loopback_address(options.listen.address);
    auto stores = stores_to_serve(io, options.stores);
    if (!stores)
        return 1;
    http::streamable handler(srv, io.get_executor(), options.mcp, std::move(*stores));
    net::listener listener(io.get_executor(), options.listen,
                           [&handler](http::request req, http::response_writer& out) {
                               return handler.handle(std::move(req), out);
                           });
    try {
        listener.start();
    } catch (std::exception const& e) {
        log::error("{}", e.what());
        return 1;
    }
    log::info("{} {} listening on http://{}:{}{}", srv.options().name, srv.options().version,
              options.listen.address, listener.port(), options.mcp.path);
    if (options.mcp.metrics.enabled)
        log::info("metrics on http://{}:{}{}", options.listen.address, listener.port(), options.mcp.metrics.path);
    run_process(io, threads, {.graceful = [&](std::function<void()> done) {
                    log::info("shutting down: no new connections; open streams end, requests in flight finish");
                    handler.shutdown();
                    listener.stop(std::move(done));
                }});
    return 0;
}

namespace {

// What the environment says before the command line overrides it; the error names the variable.
result<http_options> http_from_environment() {
    http_options http;
    http.listen.address = env_or("MCP_HOST", "127.0.0.1");
    auto port = port_from(env_or("MCP_PORT", "8080"));
    if (!port)
        return error::invalid_params("MCP_PORT=" + env_or("MCP_PORT", "") + ": expected a port number from 0 to 65535");
    http.listen.port = *port;
    auto handler_options = http::streamable_options_from_environment();
    if (!handler_options)
        return handler_options.error();
    http.mcp = std::move(*handler_options);
    return http;
}

struct choices {
    std::string transport;
    std::string store;     // empty: MCP_STORE, else memory
    std::string log_level; // empty: LOG_LEVEL, else info
};

// A usage error, said on stderr whatever the log level: nothing is served.
int usage_error(server const& srv, std::string const& message) {
    std::cerr << srv.options().name << ": " << message << " (see --help)\n";
    return detail::usage_exit;
}

std::string log_level_check(std::string const& name) {
    return log::level_named(name) ? std::string() : "expected trace, debug, info, warn, error, critical or off";
}

void add_options(CLI::App& app, choices& c, http_options& http) {
    app.add_option("--transport", c.transport, "Front door: http or stdio (default MCP_TRANSPORT, else http)")
        ->check(CLI::IsMember({"http", "stdio"}));
    app.add_option("--host", http.listen.address, "HTTP: address to bind (default MCP_HOST, else 127.0.0.1)");
    app.add_option("--port", http.listen.port, "HTTP: port, 0 picks a free one (default MCP_PORT, else 8080)");
    app.add_option("--path", http.mcp.path, "HTTP: the MCP endpoint (default MCP_PATH, else /mcp)");
    app.add_option("--store", c.store,
                   "HTTP: where sessions live: memory, sqlite, postgres or dynamodb (default "
                   "MCP_STORE, else memory; see docs/storage.md)")
        ->check(CLI::IsMember({"memory", "sqlite", "postgres", "dynamodb"}));
    app.add_option("--log-level", c.log_level,
                   "The framework's log on stderr: trace, debug, info, warn, error, critical or off (default "
                   "LOG_LEVEL, else info)")
        ->check(log_level_check);
}

// Applies the command line over `c` and `http`. nullopt: go on; otherwise the exit code: 0 after --help or
// --version (on stdout), usage_exit after a wrong option (CLI11 has explained it on stderr).
std::optional<int> parse_command_line(server const& srv, choices& c, http_options& http, int argc,
                                      char const* const* argv) {
    CLI::App app{srv.options().name + " " + srv.options().version + ": an MCP server"};
    app.set_version_flag("--version", srv.options().name + " " + srv.options().version + " (mcp C++ framework " +
                                          std::string(mcp::version) + ")");
    app.footer(detail::environment_help());
    add_options(app, c, http);
    if (argc <= 0 || !argv)
        return std::nullopt;
    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        return app.exit(e, std::cout, std::cerr) == 0 ? 0 : detail::usage_exit;
    }
    return std::nullopt;
}

// The choices no option checked (they came from the environment): a wrong one is a usage error.
std::optional<std::string> apply_choices(choices const& c) {
    if (c.transport != "http" && c.transport != "stdio")
        return "MCP_TRANSPORT=" + c.transport + ": expected http or stdio";
    auto const from_env = c.log_level.empty();
    auto const name = from_env ? env_or("LOG_LEVEL", "") : c.log_level;
    if (name.empty())
        return std::nullopt;
    auto level = log::level_named(name);
    if (!level)
        return "LOG_LEVEL=" + name + ": " + log_level_check(name);
    log::set_level(*level);
    return std::nullopt;
}

// The server-wide options from the environment (tasks, list checks, request state); an error names the variable.
std::optional<std::string> configure_from_environment(server& srv) {
    auto tasks = task_options_from_environment(srv.options().tasks);
    if (!tasks)
        return tasks.error().message();
    srv.configure_tasks(std::move(*tasks));
    auto list_checks = list_check_interval_from_environment(srv.options().list_check_interval);
    if (!list_checks)
        return list_checks.error().message();
    srv.configure_list_checks(*list_checks);
    auto sealing = request_state_options_from_environment(srv.options().request_state);
    if (!sealing)
        return sealing.error().message();
    srv.configure_request_state(std::move(*sealing));
    return std::nullopt;
}

} // namespace

int run(server& srv, int argc, char const* const* argv) {
    if (!env_or("AWS_LAMBDA_RUNTIME_API", "").empty()) {
        if (auto door = detail::registered_lambda_front_door())
            return door(srv);
        return usage_error(srv, "AWS_LAMBDA_RUNTIME_API is set (this is AWS Lambda), but this program was built "
                                "without the Lambda front door: link the CMake target mcp::lambda "
                                "(find_package(mcp COMPONENTS lambda))");
    }
    auto http = http_from_environment();
    if (!http)
        return usage_error(srv, http.error().message());
    choices c{.transport = env_or("MCP_TRANSPORT", "http")};
    if (auto code = parse_command_line(srv, c, *http, argc, argv))
        return *code;
    if (auto problem = apply_choices(c))
        return usage_error(srv, *problem);
    if (auto problem = configure_from_environment(srv))
        return usage_error(srv, *problem);
    if (c.transport == "stdio")
        return stdio::run(srv);
    auto stores = storage::store_config_from_environment([&c](std::string_view name) -> std::optional<std::string> {
        if (name == "MCP_STORE" && !c.store.empty())
            return c.store;
        return process_environment(name);
    });
    if (!stores)
        return usage_error(srv, stores.error().message());
    http->stores = std::move(*stores);
    return serve_http(srv, std::move(*http));
}

} // namespace mcp
