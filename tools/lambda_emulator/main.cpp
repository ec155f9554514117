// lambda_emulator: runs a Lambda function binary locally behind an emulated API Gateway (payload 2.0 or 1.0)
// or Function URL, with the AWS Lambda Runtime API, so that HTTP clients (the official MCP clients among
// them) can talk to it on a laptop and in CI. Usage and behaviour: docs/lambda-emulator.md.
//
// One I/O thread runs everything: the HTTP front (mcp::net::listener), each copy's Runtime API, the timers
// and the reaping of children. SIGINT or SIGTERM stop the front and the copies, then the emulator exits 0.
#include <lambda_emulator/front.hpp>
#include <lambda_emulator/log.hpp>
#include <lambda_emulator/options.hpp>
#include <lambda_emulator/pool.hpp>
#include <lambda_emulator/text.hpp>

#include <mcp/net/listener.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

extern char** environ;

namespace {

using namespace lambda_emulator;

std::vector<std::string> inherited_environment() {
    std::vector<std::string> out;
    for (char** e = environ; e && *e; ++e)
        out.emplace_back(*e);
    return out;
}

gateway_identity identity_for(options const& opts, function_spec const& spec) {
    gateway_identity id;
    id.format = opts.format;
    id.api_id = random_id(opts.format == event_format::url ? 32 : 10);
    for (auto const& [k, v] : spec.env)
        if (k == "AWS_REGION")
            id.region = v;
    return id;
}

mcp::net::listener_options listen_options(options const& opts) {
    mcp::net::listener_options l;
    l.address = opts.host;
    l.port = opts.port;
    l.max_body_bytes = 6 * 1024 * 1024; // Lambda's synchronous invocation payload limit
    l.body_timeout = std::chrono::seconds(std::max<long>(30, opts.timeout.count()));
    l.shutdown_grace = std::chrono::seconds(2);
    return l;
}

// Stops the front and the copies; `io` stops when both are done. A second signal stops at once.
void on_signals(boost::asio::signal_set& signals, boost::asio::io_context& io, mcp::net::listener& listener,
                pool& functions) {
    signals.async_wait([&](boost::system::error_code ec, int sig) {
        if (ec)
            return;
        log::info("signal {}: stopping the front and the copies", sig);
        auto pending = std::make_shared<int>(2);
        auto one_done = [&io, pending] {
            if (--*pending == 0)
                io.stop();
        };
        listener.stop(one_done);
        functions.stop(std::chrono::seconds(2), one_done);
        signals.async_wait([&io](boost::system::error_code e, int) {
            if (!e)
                io.stop();
        });
    });
}

int run(options const& opts) {
    auto spec = make_function_spec(opts, inherited_environment(), std::filesystem::current_path().string());
    auto id = identity_for(opts, spec);
    boost::asio::io_context io(1);
    pool functions(io.get_executor(), spec, opts.copies, opts.eager);
    front gateway(io.get_executor(), functions, id);
    mcp::net::listener listener(io.get_executor(), listen_options(opts),
                                [&gateway](mcp::http::request req, mcp::http::response_writer& out) {
                                    return gateway.handle(std::move(req), out);
                                });
    try {
        listener.start();
    } catch (std::exception const& e) {
        log::error("{}", e.what());
        return 1;
    }
    gateway.set_port(listener.port());
    functions.start();
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    on_signals(signals, io, listener, functions);
    std::fprintf(stderr,
                 "lambda_emulator: listening on http://%s:%u (%s events, %zu %s cop%s, timeout %ld s%s)\n",
                 opts.host.c_str(), static_cast<unsigned>(listener.port()),
                 std::string(format_name(opts.format)).c_str(), opts.copies, opts.eager ? "eager" : "lazy",
                 opts.copies == 1 ? "y" : "ies", static_cast<long>(opts.timeout.count()),
                 opts.freeze ? ", frozen while idle" : "");
    io.run();
    log::info("stopped");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    auto parsed = parse_command_line(argc, argv);
    if (auto* done = std::get_if<parse_exit>(&parsed)) {
        (done->code == 0 ? std::cout : std::cerr) << done->text;
        return done->code;
    }
    auto const& opts = std::get<options>(parsed);
    if (!log::set_level(opts.log_level)) {
        std::cerr << "--log-level " << opts.log_level
                  << ": expected trace, debug, info, warn, error or off\n";
        return 2;
    }
    mcp::log::framework().set_level(log::get().level());
    std::signal(SIGPIPE, SIG_IGN); // a closed stdout or stderr pipe must not kill the emulator
    return run(opts);
}
