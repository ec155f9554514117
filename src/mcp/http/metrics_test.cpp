// The /metrics endpoint (metrics.hpp) after known traffic through the streamable handler, read through a
// strict parser of the exposition format (testing/exposition_parser.hpp); and the registry's bounds on its
// own.
#include <mcp/http/environment.hpp>
#include <mcp/http/metrics.hpp>
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/http/testing/exposition_parser.hpp>
#include <mcp/storage/memory/memory_store.hpp>
#include <mcp/storage/testing/fault_store.hpp>

#include <gtest/gtest.h>

#include <map>

namespace {

using namespace mcp::http;
using mcp::http::testing::exposition;
using mcp::http::testing::harness;
using mcp::storage::testing::fault_kind;
using mcp::storage::testing::fault_stores;
using mcp::storage::testing::store_op;

std::string echo() {
    return "pong";
}

constexpr char const* call_echo =
    R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"secret-tool-name"}})";
constexpr char const* calls_total = R"(mcp_http_requests_total{method="tools/call",status="200"})";

request scrape_request(std::string path = "/metrics") {
    return {"GET", std::move(path), {{"host", "127.0.0.1:8080"}}, "", "127.0.0.1:9"};
}

class metrics_endpoint_test : public ::testing::Test {
protected:
    metrics_endpoint_test() { srv.add_tool({.name = "secret-tool-name", .description = "Echo"}, echo); }

    exposition scrape(harness& with) {
        auto w = with.send(scrape_request());
        EXPECT_EQ(w->status, 200) << w->body;
        EXPECT_EQ(w->response_headers.get("content-type").value_or(""), metrics_content_type);
        last_text = w->body;
        return exposition(w->body);
    }
    exposition scrape() { return scrape(h); }

    mcp::server srv{{.name = "ops", .version = "1"}};
    harness h{srv, {.metrics = {.enabled = true}}};
    std::string last_text;
};

TEST(metrics_off, TheEndpointIsOffByDefault) {
    mcp::server srv{{.name = "ops", .version = "1"}};
    harness h{srv};
    EXPECT_EQ(h.send(scrape_request())->status, 404);
}

TEST_F(metrics_endpoint_test, AnOtherPathCanBeChosen) {
    harness other{srv, {.metrics = {.enabled = true, .path = "/ops/metrics"}}};
    EXPECT_EQ(other.send(scrape_request())->status, 404);
    EXPECT_EQ(other.send(scrape_request("/ops/metrics"))->status, 200);
}

TEST_F(metrics_endpoint_test, AFreshExpositionParses) {
    auto e = scrape();
    EXPECT_EQ(e.type_of("mcp_http_requests_total"), "counter");
    EXPECT_EQ(e.type_of("mcp_http_request_duration_seconds"), "histogram");
    EXPECT_EQ(e.at("mcp_http_sessions"), 0);
    EXPECT_EQ(e.at("mcp_http_sse_streams"), 0);
    EXPECT_EQ(e.at("mcp_http_store_errors_total"), 0);
}

TEST_F(metrics_endpoint_test, CountsRequestsByMethodAndStatus) {
    auto id = h.open_session();
    for (int i = 0; i < 3; ++i)
        h.post(call_echo, id);
    h.post(call_echo, "not-a-session-of-ours");
    auto e = scrape();
    EXPECT_EQ(e.at(calls_total), 3);
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="tools/call",status="404"})"), 1);
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="initialize",status="200"})"), 1);
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="notifications/initialized",status="202"})"), 1);
    EXPECT_FALSE(e.has(R"(mcp_http_requests_total{method="GET",status="200"})")) << "scrapes are not counted";
}

TEST_F(metrics_endpoint_test, TheLatencyHistogramIsCumulativeAndCountsEveryRequest) {
    auto id = h.open_session();
    for (int i = 0; i < 5; ++i)
        h.post(call_echo, id);
    auto e = scrape(); // the parser checks buckets ascending, cumulative, +Inf == _count
    EXPECT_EQ(e.at(R"(mcp_http_request_duration_seconds_count{method="tools/call"})"), 5);
    EXPECT_EQ(e.at(R"(mcp_http_request_duration_seconds_bucket{le="+Inf",method="tools/call"})"), 5);
    EXPECT_EQ(e.at(R"(mcp_http_request_duration_seconds_bucket{le="10",method="tools/call"})"), 5)
        << "in-process calls take well under 10 s";
    EXPECT_GT(e.at(R"(mcp_http_request_duration_seconds_sum{method="tools/call"})"), 0.0);
}

TEST_F(metrics_endpoint_test, UnknownMethodsShareOneLabel) {
    auto id = h.open_session();
    h.post(R"({"jsonrpc":"2.0","id":1,"method":"made/up-by-client-1","params":{}})", id);
    h.post(R"({"jsonrpc":"2.0","id":2,"method":"made/up-by-client-2","params":{}})", id);
    auto e = scrape();
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="other",status="200"})"), 2);
    EXPECT_EQ(last_text.find("made/up"), std::string::npos);
}

TEST_F(metrics_endpoint_test, NoSessionIdNorToolNameIsShown) {
    auto id = h.open_session();
    h.post(call_echo, id);
    scrape();
    EXPECT_EQ(last_text.find(id), std::string::npos);
    EXPECT_EQ(last_text.find(id.substr(0, 8)), std::string::npos);
    EXPECT_EQ(last_text.find("secret-tool-name"), std::string::npos);
}

TEST_F(metrics_endpoint_test, TheSessionsGaugeFollowsSessionsOpenedAndEnded) {
    auto a = h.open_session();
    auto b = h.open_session();
    EXPECT_EQ(scrape().at("mcp_http_sessions"), 2);
    EXPECT_EQ(h.send({"DELETE", "/mcp", {{"mcp-session-id", a}, {"host", "127.0.0.1"}}, "", ""})->status,
              200);
    auto e = scrape();
    EXPECT_EQ(e.at("mcp_http_sessions"), 1);
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="DELETE",status="200"})"), 1);
}

TEST_F(metrics_endpoint_test, TheStreamsGaugeFollowsGetStreams) {
    auto id = h.open_session();
    auto g = h.get(id);
    ASSERT_TRUE(g->streamed);
    EXPECT_EQ(scrape().at("mcp_http_sse_streams"), 1);
    h.send({"DELETE", "/mcp", {{"mcp-session-id", id}, {"host", "127.0.0.1"}}, "", ""});
    EXPECT_TRUE(g->finished);
    auto e = scrape();
    EXPECT_EQ(e.at("mcp_http_sse_streams"), 0);
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="GET",status="200"})"), 1);
}

TEST_F(metrics_endpoint_test, TheStreamsGaugeFollowsSseAnswers) {
    harness sse(srv, {.always_sse = true, .metrics = {.enabled = true}});
    auto id = sse.open_session();
    sse.post(call_echo, id);
    auto e = scrape(sse);
    EXPECT_EQ(e.at(calls_total), 1);
    EXPECT_EQ(e.at("mcp_http_sse_streams"), 0) << "each answer's stream ended";
}

TEST_F(metrics_endpoint_test, StoreFailuresAreCounted) {
    auto faults = fault_stores::wrap({std::make_shared<mcp::storage::memory_session_store>(),
                                      std::make_shared<mcp::storage::memory_event_store>()});
    harness failing(srv, {.metrics = {.enabled = true}}, faults->outer());
    faults->set(store_op::create, fault_kind::fail, 1);
    auto refused =
        failing.post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":)"
                     R"("2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})");
    ASSERT_EQ(refused->status, 503);
    auto e = scrape(failing);
    EXPECT_EQ(e.at("mcp_http_store_errors_total"), 1);
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="initialize",status="503"})"), 1);
    EXPECT_EQ(e.at("mcp_http_sessions"), 0);
}

TEST_F(metrics_endpoint_test, AForeignOriginIsRefusedAsOnTheEndpoint) {
    auto w =
        h.send({"GET", "/metrics", {{"host", "127.0.0.1:8080"}, {"origin", "https://evil.example"}}, "", ""});
    EXPECT_EQ(w->status, 403);
    EXPECT_EQ(h.send({"POST", "/metrics", {{"host", "127.0.0.1"}}, "", ""})->status, 405);
}

TEST_F(metrics_endpoint_test, TheEndpointMayNotShadowTheMcpPath) {
    EXPECT_THROW(harness same(srv, {.metrics = {.enabled = true, .path = "/mcp"}}), std::invalid_argument);
    EXPECT_THROW(harness relative(srv, {.metrics = {.enabled = true, .path = "metrics"}}),
                 std::invalid_argument);
}

mcp::environment env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

TEST(metrics_environment, OffUnlessMcpMetricsIsTrue) {
    auto unset = streamable_options_from_environment({}, env_of({}));
    ASSERT_TRUE(unset);
    EXPECT_FALSE(unset->metrics.enabled);
    auto on = streamable_options_from_environment(
        {}, env_of({{"MCP_METRICS", "true"}, {"MCP_METRICS_PATH", "/internal/metrics"}}));
    ASSERT_TRUE(on) << on.error().message();
    EXPECT_TRUE(on->metrics.enabled);
    EXPECT_EQ(on->metrics.path, "/internal/metrics");
    EXPECT_FALSE(
        streamable_options_from_environment({}, env_of({{"MCP_METRICS", "false"}}))->metrics.enabled);
}

TEST(metrics_environment, AWrongValueIsAnErrorNamingTheVariable) {
    auto yes = streamable_options_from_environment({}, env_of({{"MCP_METRICS", "yes"}}));
    ASSERT_FALSE(yes);
    EXPECT_NE(yes.error().message().find("MCP_METRICS=yes"), std::string::npos) << yes.error().message();
    auto relative = streamable_options_from_environment({}, env_of({{"MCP_METRICS_PATH", "metrics"}}));
    ASSERT_FALSE(relative);
    EXPECT_NE(relative.error().message().find("MCP_METRICS_PATH"), std::string::npos);
}

TEST(metrics_registry, LabelsComeOnlyFromTheTables) {
    EXPECT_EQ(metric_methods[metric_method("tools/call")], "tools/call");
    EXPECT_EQ(metric_methods[metric_method("tools/call2")], "other");
    EXPECT_EQ(metric_methods[metric_method("")], "other");
    metrics m;
    m.record(metric_method("ping"), 418, std::chrono::seconds(30),
             false); // a status of no row, past every bucket
    exposition e(m.exposition(0));
    EXPECT_EQ(e.at(R"(mcp_http_requests_total{method="ping",status="other"})"), 1);
    EXPECT_EQ(e.at(R"(mcp_http_request_duration_seconds_bucket{le="10",method="ping"})"), 0);
    EXPECT_EQ(e.at(R"(mcp_http_request_duration_seconds_bucket{le="+Inf",method="ping"})"), 1);
    EXPECT_DOUBLE_EQ(e.at(R"(mcp_http_request_duration_seconds_sum{method="ping"})"), 30.0);
}

TEST(metrics_registry, BoundsAreInclusive) {
    metrics m;
    m.record(metric_method("ping"), 200, std::chrono::milliseconds(1), false);
    exposition e(m.exposition(0));
    EXPECT_EQ(e.at(R"(mcp_http_request_duration_seconds_bucket{le="0.0005",method="ping"})"), 0);
    EXPECT_EQ(e.at(R"(mcp_http_request_duration_seconds_bucket{le="0.001",method="ping"})"), 1)
        << "le means <=";
}

TEST(exposition_parser, RefusesWhatAScraperWould) {
    EXPECT_THROW(exposition("a 1"), std::runtime_error);                               // no final line feed
    EXPECT_THROW(exposition("a 1\n"), std::runtime_error);                             // no TYPE
    EXPECT_THROW(exposition("# TYPE a counter\na{b=\"1\"} x\n"), std::runtime_error);  // bad value
    EXPECT_THROW(exposition("# TYPE a counter\na{1b=\"1\"} 1\n"), std::runtime_error); // bad label
    EXPECT_THROW(exposition("# TYPE a counter\na 1\na 2\n"), std::runtime_error);      // duplicate
    EXPECT_THROW(exposition("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n"
                            "h_sum 1\nh_count 1\n"),
                 std::runtime_error); // not cumulative
    EXPECT_THROW(exposition("# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"1\"} 1\n"), std::runtime_error);
    EXPECT_NO_THROW(exposition("# HELP a A.\n# TYPE a gauge\na{x=\"q\\\"\"} 1.5e3\n"));
}

} // namespace
