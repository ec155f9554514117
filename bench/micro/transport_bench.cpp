// The Streamable HTTP side of a call, without sockets: encoding one SSE event, and one whole POST tools/call
// through the handler (header checks, session lookup, dispatch, JSON or SSE answer) on an open session.
#include "fixture.hpp"

#include <mcp/http/sse.hpp>
#include <mcp/http/streamable.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <benchmark/benchmark.h>

#include <stdexcept>

namespace {

mcp::task<> run(mcp::http::streamable& h, mcp::http::request req, bench::keeping_writer& w) {
    co_await h.handle(std::move(req), w);
}

} // namespace

namespace bench {

handler_fixture::handler_fixture(bool sse, bool metrics)
    : handler_fixture(mcp::http::streamable_options{.always_sse = sse, .metrics = {.enabled = metrics}}, "") {
}

handler_fixture::handler_fixture(std::shared_ptr<mcp::http::access_policy> access, std::string auth_header)
    : handler_fixture(mcp::http::streamable_options{.access = std::move(access)}, std::move(auth_header)) {}

handler_fixture::handler_fixture(mcp::http::streamable_options options, std::string auth_header)
    : handler(srv, io.get_executor(), std::move(options)), authorization(std::move(auth_header)) {
    add_tools(srv);
    auto init = post(initialize_call);
    session = std::string(init.fields.get("mcp-session-id").value_or(""));
    if (post(initialized_note).status != 202)
        throw std::runtime_error("initialized not accepted");
}

mcp::http::request handler_fixture::request(char const* body) const {
    mcp::http::request req{"POST",
                           "/mcp",
                           {{"host", "127.0.0.1:8080"},
                            {"accept", "application/json, text/event-stream"},
                            {"content-type", "application/json"}},
                           body,
                           "127.0.0.1:40000"};
    if (!authorization.empty())
        req.headers.add("authorization", authorization);
    if (!session.empty()) {
        req.headers.add("mcp-session-id", session);
        req.headers.add("mcp-protocol-version", "2025-11-25");
    }
    return req;
}

keeping_writer handler_fixture::post(char const* body) {
    keeping_writer w;
    boost::asio::co_spawn(io, run(handler, request(body), w), boost::asio::detached);
    io.restart();
    while (!w.done)
        io.run_one();
    io.poll(); // what the handler does after the answer (saving the session, ending the stream)
    return w;
}

} // namespace bench

namespace {

void sse_encode_event(benchmark::State& state) {
    mcp::http::sse::event e{
        mcp::http::sse::event_id{"k3j5x9q2ab", 1}.to_string(), std::nullopt,
        R"({"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"hello"}]}})", std::nullopt};
    for (auto _ : state) {
        auto text = mcp::http::sse::encode(e);
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(sse_encode_event);

// Run with LOG_LEVEL=warn and LOG_LEVEL=info (stderr to a file) for the request line's cost; echo_json_metrics
// adds the counters of docs/operations.md.
void streamable_post(benchmark::State& state, bool sse, bool metrics) {
    bench::handler_fixture f(sse, metrics);
    auto first = f.post(bench::echo_call);
    if (first.status != 200 || first.body.find("hello") == std::string::npos) {
        state.SkipWithError("the call did not answer");
        return;
    }
    for (auto _ : state) {
        auto w = f.post(bench::echo_call);
        benchmark::DoNotOptimize(w);
    }
}
BENCHMARK_CAPTURE(streamable_post, echo_json, false, false);
BENCHMARK_CAPTURE(streamable_post, echo_sse, true, false);
BENCHMARK_CAPTURE(streamable_post, echo_json_metrics, false, true);

} // namespace
