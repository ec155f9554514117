// load: the one load generator of bench/run, the same for every peer (ours, the TypeScript SDK, the raw
// ceiling). One thread, one coroutine per keep-alive connection; prints one JSON line per run.
//
//   load calls   --port P --concurrency N --duration S [--pid SERVER]   tools/call echo on open sessions
//   load raw     --port P --concurrency N --duration S [--pid SERVER]   POST / with the same body, no MCP
//   load churn   --port P --concurrency N --duration S [--pid SERVER]   initialize+initialized+call+DELETE
//                (calls, raw, churn: --requests N instead of --duration; --tool add instead of echo;
//                 calls --shared-session: every connection posts on one session, unique ids;
//                 calls --era modern: 2026-07-28 requests, no initialize and no session (docs/eras.md))
//   load idle    --port P --sessions 10000 [--concurrency 16]         open sessions and leave them idle
//                (--pad N: every initialize carries N bytes of capabilities: a flood of large ones)
//   load streams --port P --sessions 1000 [--hold S]                   1 session + 1 GET SSE stream each
//   load startup -- server-command args... {port}                     fork to first initialize answer
//   every mode: --header 'Name: value' (repeatable) adds it to every request (Authorization: Bearer ...)
//
// Its own CPU time is in every timed report (load_cpu_pct, of one core, and load_cpu_us_per_request) next to
// the server's (server_cpu_pct, with --pid), so the report can show whether the generator, which shares the
// machine's cores with the server, was what limited a figure.
#include "modes.hpp"

#include <boost/json/serialize.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

namespace {

void print(boost::json::object const& report) {
    std::cout << boost::json::serialize(report) << std::endl;
}

} // namespace

int main(int argc, char** argv) {
    load::options o;
    std::string mode;
    CLI::App app{"load: the load generator of bench/run"};
    app.add_option("mode", mode, "calls, raw, churn, idle, streams or startup")
        ->required()
        ->check(CLI::IsMember({"calls", "raw", "churn", "idle", "streams", "startup"}));
    app.add_option("command", o.command, "startup: the server command; {port} is replaced by the port");
    app.add_option("--port", o.port, "the server's port on 127.0.0.1");
    app.add_option("--concurrency,-c", o.concurrency, "connections at once");
    app.add_option("--duration,-d", o.duration_s, "seconds of measured load");
    app.add_option("--requests,-n", o.requests, "a fixed number of requests instead of a duration");
    std::string tool = "echo";
    app.add_option("--tool", tool, "calls, churn: the tool to call")->check(CLI::IsMember({"echo", "add"}));
    app.add_flag("--shared-session", o.shared_session, "calls: every connection posts on one session");
    std::string era = "legacy";
    app.add_option("--era", era, "calls: legacy (2025-11-25 sessions) or modern (2026-07-28, no session)")
        ->check(CLI::IsMember({"legacy", "modern"}));
    app.add_option("--sessions", o.sessions, "idle, streams: how many sessions");
    std::size_t pad = 0;
    app.add_option("--pad", pad, "bytes of padding in every initialize's capabilities");
    app.add_option("--hold", o.hold_s, "streams: seconds to keep the streams open after reporting");
    app.add_option("--pid", o.server_pid, "the server's pid, to report its CPU time too");
    std::vector<std::string> headers;
    app.add_option("--header", headers, "'Name: value' added to every request (repeatable)");
    CLI11_PARSE(app, argc, argv);
    load::set_initialize_padding(pad);
    if (!load::set_extra_headers(headers)) {
        std::cerr << "load: --header expects 'Name: value'\n";
        return 2;
    }
    o.tool = tool == "add" ? load::tool::add : load::tool::echo;
    o.era = era == "modern" ? load::era::modern : load::era::legacy;
    if (o.era == load::era::modern && (mode != "calls" || o.shared_session)) {
        std::cerr << "load: --era modern is for calls without --shared-session (2026-07-28 has no session)\n";
        return 2;
    }

    boost::json::object report;
    if (mode == "calls")
        report = load::run_calls(o);
    else if (mode == "raw")
        report = load::run_raw(o);
    else if (mode == "churn")
        report = load::run_churn(o);
    else if (mode == "idle")
        report = load::run_idle(o);
    else if (mode == "startup")
        report = load::run_startup(o);
    else
        return load::run_streams(o, print).contains("error") ? 1 : 0;
    print(report);
    return report.contains("error") ? 1 : 0;
}
