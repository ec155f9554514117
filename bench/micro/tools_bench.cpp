// The typed tool path: arguments JSON to the C++ struct, the handler's value to a tool result, and one whole
// tools/call through a session's method table (lifecycle gate, middleware chain, lookup, adapter, response).
#include "fixture.hpp"

#include <mcp/server/typed.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <benchmark/benchmark.h>

#include <stdexcept>

namespace {

void typed_arguments_echo(benchmark::State& state) {
    boost::json::value args = boost::json::parse(R"({"text":"hello"})");
    for (auto _ : state) {
        auto in = mcp::json::from_json<bench::echo_args>(args);
        benchmark::DoNotOptimize(in);
    }
}
BENCHMARK(typed_arguments_echo);

void typed_arguments_add(benchmark::State& state) {
    boost::json::value args = boost::json::parse(R"({"a":2,"b":3})");
    for (auto _ : state) {
        auto in = mcp::json::from_json<bench::add_args>(args);
        benchmark::DoNotOptimize(in);
    }
}
BENCHMARK(typed_arguments_add);

// A string result: text content.
void tool_result_text(benchmark::State& state) {
    for (auto _ : state) {
        auto v = mcp::protocol::to_json(mcp::detail::to_tool_result(std::string("hello")));
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(tool_result_text);

// A described struct result: structuredContent plus its text fallback.
void tool_result_structured(benchmark::State& state) {
    for (auto _ : state) {
        auto v = mcp::protocol::to_json(mcp::detail::to_tool_result(bench::add_result{5}));
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(tool_result_structured);

struct no_client : mcp::outbound {
    void send(boost::json::object, std::optional<mcp::protocol::request_id> const&) override {}
};

// The middleware a session_dispatch run registers: none (the common case), two before/after pairs, or one
// around that only calls next() (what wrapping costs: a coroutine frame and a std::function call).
enum class chain { none, hooks, around };

struct pass_through {
    mcp::task<mcp::result<boost::json::value>> operator()(mcp::middleware_context&,
                                                          mcp::next_handler const& next) const {
        co_return co_await next();
    }
};

void add_chain(mcp::server& srv, chain kind) {
    for (int i = 0; kind == chain::hooks && i < 2; ++i)
        srv.use({.before = [](mcp::middleware_context&) -> mcp::result<> { return {}; },
                 .after = [](mcp::middleware_context&, mcp::result<boost::json::value>&) {}});
    if (kind == chain::around)
        srv.use({.around = pass_through{}});
}

struct session_fixture {
    boost::asio::io_context io;
    mcp::server srv{{.name = "bench", .version = "1.0.0"}};
    std::shared_ptr<mcp::session> session;

    explicit session_fixture(chain kind = chain::none) {
        bench::add_tools(srv);
        add_chain(srv, kind);
        session = srv.open_session(io.get_executor(), std::make_shared<no_client>(), "bench-session");
        handle(bench::initialize_call);
        handle(bench::initialized_note);
    }
    // Runs one message through the session to its reply (nullopt for a notification).
    std::optional<boost::json::object> handle(char const* text) {
        auto msg = mcp::protocol::parse_message(std::string_view(text));
        if (!msg)
            throw std::runtime_error("bad message: " + msg.error().message());
        std::optional<boost::json::object> reply;
        boost::asio::co_spawn(io, session->handle(std::move(*msg)),
                              [&](std::exception_ptr e, std::optional<boost::json::object> r) {
                                  if (e)
                                      std::rethrow_exception(e);
                                  reply = std::move(r);
                              });
        io.restart();
        io.run();
        return reply;
    }
};

// Parsed message in, response object out: what the session layer adds on top of the pieces above.
void session_dispatch(benchmark::State& state, char const* call, chain kind = chain::none) {
    session_fixture f(kind);
    auto msg = mcp::protocol::parse_message(std::string_view(call));
    if (!msg || !f.handle(call)) {
        state.SkipWithError("the call did not answer");
        return;
    }
    for (auto _ : state) {
        auto copy = *msg;
        boost::asio::co_spawn(f.io, f.session->handle(std::move(copy)),
                              [](std::exception_ptr e, std::optional<boost::json::object> r) {
                                  if (e)
                                      std::rethrow_exception(e);
                                  benchmark::DoNotOptimize(r);
                              });
        f.io.restart();
        f.io.run();
    }
}
BENCHMARK_CAPTURE(session_dispatch, echo, bench::echo_call);
BENCHMARK_CAPTURE(session_dispatch, add, bench::add_call);
BENCHMARK_CAPTURE(session_dispatch, echo_hooks, bench::echo_call, chain::hooks);
BENCHMARK_CAPTURE(session_dispatch, echo_around, bench::echo_call, chain::around);

} // namespace
