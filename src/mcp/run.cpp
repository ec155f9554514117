#include <mcp/run.hpp>

#include <mcp/http/environment.hpp>
#include <mcp/http/origin.hpp>
#include <mcp/lambda/runtime.hpp>
#include <mcp/core/log.hpp>
#include <mcp/core/process_loop.hpp>
#include <mcp/stdio/stdio.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdlib>
#include <iostream>

namespace mcp {
namespace {

std::string env_or(char const* name, std::string fallback) {
    char const* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

std::optional<unsigned short> port_from(std::string const& text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > 65535)
        return std::nullopt;
    return static_cast<unsigned short>(value);
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

} // namespace

int serve_http(server& srv, http_options options) {
    auto const threads = io_threads(options.listen.threads);
    boost::asio::io_context io(static_cast<int>(threads));
    options.mcp.origins.loopback_host_only = http::is_loopback_address(options.listen.address);
    // Memory: none given, so the handler opens its own (open_memory with these limits), ends idle sessions in
    // them and forgets their events.
    auto stores = options.stores.backend == storage::backend::memory
                      ? storage::result<storage::stores>(storage::stores{.limits = options.stores.limits})
                      : open_stores(io, options.stores);
    if (!stores) {
        log::error("cannot open the {} stores: {}", storage::describe(options.stores),
                   stores.error().message());
        return 1;
    }
    log::info("sessions and events: {}", storage::describe(options.stores));
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
    std::string store; // empty: MCP_STORE, else memory
};

// Applies the command line over `c` and `http`. nullopt: go on; otherwise the exit code (after --help, or a
// wrong option, which CLI11 has explained on stderr).
std::optional<int> parse_command_line(std::string const& name, choices& c, http_options& http, int argc,
                                      char const* const* argv) {
    CLI::App app{name + " (MCP server)"};
    app.add_option("--transport", c.transport, "Front door: http or stdio")->check(CLI::IsMember({"http", "stdio"}));
    app.add_option("--host", http.listen.address, "HTTP: address to bind (default 127.0.0.1)");
    app.add_option("--port", http.listen.port, "HTTP: port (default 8080; 0 picks a free one)");
    app.add_option("--path", http.mcp.path, "HTTP: the MCP endpoint (default /mcp)");
    app.add_option("--store", c.store,
                   "HTTP: where sessions live: memory, sqlite, postgres or dynamodb (default "
                   "MCP_STORE, else memory; see docs/storage.md)")
        ->check(CLI::IsMember({"memory", "sqlite", "postgres", "dynamodb"}));
    if (argc <= 0 || !argv)
        return std::nullopt;
    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        return app.exit(e, std::cerr, std::cerr);
    }
    return std::nullopt;
}

} // namespace

int run(server& srv, int argc, char const* const* argv) {
    if (lambda::on_lambda())
        return lambda::run(srv, lambda::production());
    auto http = http_from_environment();
    if (!http) {
        log::error("{}", http.error().message());
        return 2;
    }
    choices c{.transport = env_or("MCP_TRANSPORT", "http")};
    if (auto code = parse_command_line(srv.options().name, c, *http, argc, argv))
        return *code;
    auto tasks = task_options_from_environment(srv.options().tasks);
    if (!tasks) {
        log::error("{}", tasks.error().message());
        return 2;
    }
    srv.configure_tasks(std::move(*tasks));
    auto list_checks = list_check_interval_from_environment(srv.options().list_check_interval);
    if (!list_checks) {
        log::error("{}", list_checks.error().message());
        return 2;
    }
    srv.configure_list_checks(*list_checks);
    if (c.transport == "stdio")
        return stdio::run(srv);
    auto stores = storage::store_config_from_environment([&c](std::string_view name) -> std::optional<std::string> {
        if (name == "MCP_STORE" && !c.store.empty())
            return c.store;
        return process_environment(name);
    });
    if (!stores) {
        log::error("{}", stores.error().message());
        return 2;
    }
    http->stores = std::move(*stores);
    return serve_http(srv, std::move(*http));
}

} // namespace mcp
