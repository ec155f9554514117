// The JSON-RPC envelope on the hot path: parsing one tools/call message, and writing one response.
#include "fixture.hpp"

#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/protocol/types.hpp>

#include <benchmark/benchmark.h>

namespace {

// Boost.JSON alone: the floor under parse_message.
void json_parse_only(benchmark::State& state) {
    for (auto _ : state) {
        auto v = boost::json::parse(bench::echo_call);
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(json_parse_only);

// Text to a classified JSON-RPC request (decode, envelope rules, id, method, params).
void jsonrpc_parse_request(benchmark::State& state) {
    for (auto _ : state) {
        auto msg = mcp::protocol::parse_message(std::string_view(bench::echo_call));
        benchmark::DoNotOptimize(msg);
    }
}
BENCHMARK(jsonrpc_parse_request);

// The echo result as the server answers it: result JSON, envelope, text.
void jsonrpc_serialize_response(benchmark::State& state) {
    mcp::protocol::call_tool_result out{{mcp::protocol::text("hello")}, {}, false};
    mcp::protocol::request_id id = std::int64_t{1};
    for (auto _ : state) {
        auto text = boost::json::serialize(mcp::protocol::make_response(id, mcp::protocol::to_json(out)));
        benchmark::DoNotOptimize(text);
    }
}
BENCHMARK(jsonrpc_serialize_response);

} // namespace
