// One conversation of `mcp` (run.hpp).
#include "run.hpp"

#include "arguments.hpp"
#include "commands.hpp"
#include "output.hpp"

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/client/stdio_connection.hpp>

#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <iostream>

namespace mcp::cli {

namespace {

result<std::unique_ptr<transport::connection>> open_transport(invocation const& inv) {
    if (inv.stdio()) {
        transport::stdio_options o;
        o.program = inv.server_command.front();
        o.args.assign(inv.server_command.begin() + 1, inv.server_command.end());
        return transport::stdio(std::move(o));
    }
    transport::http_options o;
    o.url = inv.url;
    o.headers = inv.headers;
    // One request and its answer: what the server sends unasked (the GET stream) is of no use here. Progress
    // and log messages of a request come on that request's own stream.
    o.listen = false;
    // The timeout bounds each step too, so that a server that accepts and says nothing cannot hold us longer.
    o.link.connect_timeout = std::min(o.link.connect_timeout, inv.timeout);
    o.link.head_timeout = inv.timeout;
    return transport::http(std::move(o));
}

client_options options_for(invocation const& inv) {
    client_options o;
    o.info = protocol::implementation{.name = "mcp-cli", .version = MCP_CLI_VERSION};
    o.request_timeout = inv.timeout;
    return o;
}

// Roots, the server's log messages, and what the transport could not use.
void listen(client& c, invocation const& inv) {
    if (!inv.roots.empty())
        c.set_roots(inv.roots);
    bool const quiet = inv.quiet;
    c.on_log([quiet](log_level level, boost::json::value const& data, std::optional<std::string> logger) {
        if (!quiet)
            std::cerr << log_line(level, data, logger) << '\n';
    });
    c.on_problem([](std::string const& what) { report("warning: " + what); });
}

// --log-level is a wish: a server without logging, or one that refuses the level, does not stop the command.
task<> ask_log_level(client& c, log_level level) {
    if (!c.server_can("logging")) {
        report("warning: the server does not declare the logging capability; --log-level is ignored");
        co_return;
    }
    auto set = co_await c.set_log_level(level);
    if (!set)
        report("warning: logging/setLevel: " + error_line(set.error()));
}

task<int> converse(client& c, invocation inv) {
    auto init = co_await c.connect();
    // Whatever ended initialize (no connection, an HTTP or JSON-RPC refusal), the command was not sent.
    if (!init) {
        report("cannot connect to " + c.connection().describe() + ": " + error_line(init.error()));
        co_return exit_code::no_answer;
    }
    if (inv.level)
        co_await ask_log_level(c, *inv.level);
    auto const command = find_command(inv.command);
    if (!command) {
        report("unknown command " + inv.command);
        co_return exit_code::usage;
    }
    co_return co_await command(c, std::move(inv));
}

} // namespace

task<int> run(invocation inv) {
    auto conn = open_transport(inv);
    if (!conn) {
        report(conn.error().message());
        co_return exit_code::usage;
    }
    auto ex = co_await boost::asio::this_coro::executor;
    client c(ex, std::move(*conn), options_for(inv));
    listen(c, inv);
    int const code = co_await converse(c, inv);
    co_await c.close();
    co_return code;
}

} // namespace mcp::cli
