// The 2026-07-28 era on the streamable handler (era.hpp, streamable_modern.cpp): stateless requests beside
// 2025 sessions on one endpoint, driven through in-process exchanges.
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/storage/memory/memory_store.hpp>
#include <mcp/storage/testing/fault_store.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;
using writer = mcp::http::testing::recording_writer;
using mcp::storage::testing::fault_stores;
using mcp::storage::testing::store_op;
namespace json = boost::json;

struct echo_args {
    std::string text;
};
BOOST_DESCRIBE_STRUCT(echo_args, (), (text))
struct steps_args {
    int steps;
};
BOOST_DESCRIBE_STRUCT(steps_args, (), (steps))

mcp::task<std::string> stepped(steps_args in, mcp::call_context& ctx) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
    for (int i = 1; i <= in.steps; ++i) {
        ctx.progress(i, in.steps);
        ctx.log(mcp::log_level::info, json::string("step " + std::to_string(i)));
        t.expires_after(std::chrono::milliseconds(10));
        co_await t.async_wait(boost::asio::use_awaitable);
    }
    co_return "done";
}

json::object envelope(json::object caps = {}, std::optional<std::string> level = {}) {
    json::object meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                      {"io.modelcontextprotocol/clientCapabilities", std::move(caps)},
                      {"io.modelcontextprotocol/clientInfo", {{"name", "t"}, {"version", "0"}}}};
    if (level) meta["io.modelcontextprotocol/logLevel"] = *level;
    return meta;
}

class modern : public ::testing::Test {
protected:
    modern() {
        srv.add_tool({.name = "echo", .description = "Echo"}, [](echo_args in) { return in.text; });
        srv.add_tool({.name = "stepped", .description = "Steps"}, stepped);
        srv.add_tool({.name = "only_task",
                      .description = "Runs only as a task",
                      .execution = mcp::protocol::tool_execution{mcp::protocol::task_support::required}},
                     [] { return std::string("never"); });
    }

    // A POST as a 2026-07-28 client sends it: the version header, Mcp-Method and Mcp-Name from the body.
    std::shared_ptr<writer> call(std::string method, json::object params, int id = 1,
                                                    std::string version = "2026-07-28") {
        json::object msg{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
        if (!params.contains("_meta")) params["_meta"] = envelope();
        msg["params"] = params;
        request req{"POST", "/mcp",
                    {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                     {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", version}, {"mcp-method", method}},
                    json::serialize(msg), "127.0.0.1:5000"};
        if (auto const* name = params.if_contains("name")) req.headers.add("mcp-name", name->as_string());
        for (auto& [k, v] : extra) req.headers.set(k, v);
        return h.send(std::move(req));
    }

    json::object error_of(writer const& w) { return w.json().at("error").as_object(); }

    mcp::server srv{{.name = "modern", .version = "1.2.3"}};
    std::shared_ptr<fault_stores> stores = fault_stores::wrap(
        {std::make_shared<mcp::storage::memory_session_store>(), std::make_shared<mcp::storage::memory_event_store>()});
    harness h{srv, {}, stores->outer()};
    std::vector<std::pair<std::string, std::string>> extra;
};

TEST_F(modern, DiscoverNamesVersionsCapabilitiesAndTheServer) {
    auto w = call("server/discover", {});
    ASSERT_EQ(w->status, 200) << w->body;
    auto r = w->json().at("result").as_object();
    EXPECT_EQ(r.at("resultType"), "complete");
    EXPECT_EQ(r.at("supportedVersions").as_array().front(), "2026-07-28");
    EXPECT_TRUE(r.at("capabilities").as_object().contains("tools"));
    EXPECT_FALSE(r.at("capabilities").as_object().contains("tasks")) << "2026-07-28 has tasks as an extension";
    EXPECT_EQ(r.at("ttlMs"), 0);
    EXPECT_EQ(r.at("cacheScope"), "private");
    EXPECT_EQ(r.at("_meta").at("io.modelcontextprotocol/serverInfo").at("version"), "1.2.3");
    EXPECT_FALSE(w->response_headers.get("mcp-session-id")) << "no session in 2026-07-28";
}

TEST_F(modern, RequestsTouchNoSessionOrEventStore) {
    call("server/discover", {});
    auto w = call("tools/call", {{"name", "echo"}, {"arguments", {{"text", "hi"}}}});
    ASSERT_EQ(w->status, 200) << w->body;
    EXPECT_EQ(w->json().at("result").at("content").at(0).at("text"), "hi");
    call("tools/call", {{"name", "stepped"}, {"arguments", {{"steps", 2}}}, {"_meta", envelope()}});
    h.run_for(100);
    for (auto op : {store_op::create, store_op::load, store_op::save, store_op::terminate, store_op::append,
                    store_op::after, store_op::forget})
        EXPECT_EQ(stores->calls(op), 0u) << "store operation " << static_cast<int>(op);
    EXPECT_EQ(h.handler().live_sessions(), 0u);
    EXPECT_EQ(srv.live_session_count(), 0u);
}

TEST_F(modern, ListResultsCarryCachingHintsAndNoTaskExecution) {
    auto w = call("tools/list", {});
    auto r = w->json().at("result").as_object();
    EXPECT_EQ(r.at("cacheScope"), "private");
    EXPECT_TRUE(r.at("ttlMs").is_int64());
    for (auto const& tool : r.at("tools").as_array())
        EXPECT_FALSE(tool.as_object().contains("execution")) << tool;
}

TEST_F(modern, ConfiguredCachingHintsAreSent) {
    mcp::server shared_srv({.name = "cached", .version = "1", .caching = {.tools = {std::chrono::minutes(1), true}}});
    shared_srv.add_tool({.name = "echo", .description = "Echo"}, [] { return std::string("x"); });
    harness hc(shared_srv);
    request req{"POST", "/mcp",
                {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                 {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tools/list"}},
                json::serialize(json::object{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/list"},
                                             {"params", {{"_meta", envelope()}}}}),
                "127.0.0.1:5000"};
    auto r = hc.send(std::move(req))->json().at("result").as_object();
    EXPECT_EQ(r.at("ttlMs"), 60000);
    EXPECT_EQ(r.at("cacheScope"), "public");
}

TEST_F(modern, AMalformedEnvelopeIs400InvalidParamsWithTheId) {
    auto w = call("tools/list", {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}}}}, 41);
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(error_of(*w).at("code"), -32602);
    EXPECT_EQ(w->json().at("id"), 41);
    EXPECT_NE(json::value_to<std::string>(error_of(*w).at("message")).find("clientCapabilities is missing"),
              std::string::npos);
}

TEST_F(modern, AHeaderThatDisagreesWithTheEnvelopeIs400HeaderMismatch) {
    auto meta = envelope();
    meta["io.modelcontextprotocol/protocolVersion"] = "v999.0.0";
    auto w = call("server/discover", {{"_meta", meta}});
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(error_of(*w).at("code"), -32020);
}

TEST_F(modern, AnEnvelopeWithoutTheVersionHeaderIs400HeaderMismatch) {
    json::object msg{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "tools/list"}, {"params", {{"_meta", envelope()}}}};
    auto w = h.post(json::serialize(msg));
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(error_of(*w).at("code"), -32020);
}

TEST_F(modern, AnUnsupportedVersionIs400WithTheSupportedOnes) {
    auto meta = envelope();
    meta["io.modelcontextprotocol/protocolVersion"] = "v999.0.0";
    auto w = call("server/discover", {{"_meta", meta}}, 5, "v999.0.0");
    EXPECT_EQ(w->status, 400);
    auto e = error_of(*w);
    EXPECT_EQ(e.at("code"), -32022);
    EXPECT_EQ(e.at("data").at("requested"), "v999.0.0");
    EXPECT_EQ(e.at("data").at("supported").as_array().front(), "2026-07-28");
}

TEST_F(modern, MethodsOfSessionsAreNotFound) {
    for (auto method : {"initialize", "ping", "logging/setLevel", "resources/subscribe", "tasks/list"}) {
        auto w = call(method, {});
        EXPECT_EQ(w->status, 404) << method;
        EXPECT_EQ(error_of(*w).at("code"), -32601) << method;
    }
}

TEST_F(modern, AnMcpMethodHeaderThatDisagreesIs400) {
    extra = {{"mcp-method", "tools/list"}};
    auto w = call("tools/call", {{"name", "echo"}});
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(error_of(*w).at("code"), -32020);
}

TEST_F(modern, ASessionIdIsIgnored) {
    extra = {{"mcp-session-id", "0123456789abcdef0123456789abcdef"}};
    auto w = call("tools/call", {{"name", "echo"}, {"arguments", {{"text", "c"}}}});
    EXPECT_EQ(w->status, 200) << w->body;
    EXPECT_EQ(stores->calls(store_op::load), 0u);
}

TEST_F(modern, GetAndDeleteAre405) {
    for (auto method : {"GET", "DELETE"}) {
        request req{method, "/mcp", {{"accept", "text/event-stream"}, {"host", "127.0.0.1:8080"},
                                     {"mcp-protocol-version", "2026-07-28"}}, "", "127.0.0.1:5000"};
        auto w = h.send(std::move(req));
        EXPECT_EQ(w->status, 405) << method;
        EXPECT_EQ(w->response_headers.get("allow"), "POST, OPTIONS");
    }
}

TEST_F(modern, ProgressStreamsWithoutEventIdsAndLogsOnlyWithALevel) {
    json::object params{{"name", "stepped"}, {"arguments", {{"steps", 2}}},
                        {"_meta", envelope({}, std::string("info"))}};
    params["_meta"].as_object()["progressToken"] = "p1";
    auto w = call("tools/call", params);
    h.run_for(200);
    ASSERT_TRUE(w->streamed) << w->body;
    EXPECT_EQ(w->response_headers.get("content-type"), "text/event-stream");
    int progress = 0, logs = 0;
    for (auto const& e : w->events()) EXPECT_FALSE(e.id) << "no resumption in 2026-07-28";
    for (auto const& m : w->messages()) {
        if (m.contains("method") && m.at("method") == "notifications/progress") ++progress;
        if (m.contains("method") && m.at("method") == "notifications/message") ++logs;
    }
    EXPECT_EQ(progress, 2);
    EXPECT_EQ(logs, 2);
    EXPECT_EQ(w->messages().back().at("result").at("resultType"), "complete");

    params["_meta"] = envelope();
    params["_meta"].as_object()["progressToken"] = "p2";
    auto quiet = call("tools/call", params, 2);
    h.run_for(200);
    for (auto const& m : quiet->messages())
        EXPECT_FALSE(m.contains("method") && m.at("method") == "notifications/message") << "no logLevel, no logs";
}

TEST_F(modern, AToolThatOnlyRunsAsATaskNeedsTheTasksExtension) {
    auto w = call("tools/call", {{"name", "only_task"}});
    EXPECT_EQ(w->status, 400);
    auto e = error_of(*w);
    EXPECT_EQ(e.at("code"), -32021);
    EXPECT_TRUE(e.at("data").at("requiredCapabilities").at("extensions").as_object().contains(
        "io.modelcontextprotocol/tasks"));
}

// Review finding: the Mcp-Param-* check ran for a tool this instance does not serve (inactive), answering
// "header mismatch" where tools/call says the tool is unknown.
TEST_F(modern, ParamHeadersAreCheckedForActiveToolsOnly) {
    auto schema = json::parse(R"({"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"}}})");
    auto region = [](json::object args) { return json::serialize(args.at("region")); };
    srv.add_tool({.name = "regional", .description = "R", .input_schema = schema.as_object()}, region);
    srv.add_tool({.name = "dormant", .description = "D", .input_schema = schema.as_object()}, region);
    srv.start_inactive(mcp::list_kind::tools, "dormant");
    extra = {{"mcp-param-region", "eu"}};
    auto mismatch = call("tools/call", {{"name", "regional"}, {"arguments", {{"region", "us"}}}});
    EXPECT_EQ(mismatch->status, 400);
    EXPECT_EQ(error_of(*mismatch).at("code"), -32020);
    auto agreeing = call("tools/call", {{"name", "regional"}, {"arguments", {{"region", "eu"}}}});
    EXPECT_EQ(agreeing->json().at("result").at("resultType"), "complete") << agreeing->body;
    auto inactive = call("tools/call", {{"name", "dormant"}, {"arguments", {{"region", "us"}}}});
    EXPECT_EQ(inactive->status, 200) << inactive->body;
    EXPECT_EQ(error_of(*inactive).at("code"), -32602) << "an unknown tool, as tools/call says";
}

TEST_F(modern, AnUnknownResourceIsInvalidParamsNamingTheUri) {
    extra = {{"mcp-name", "test://none"}};
    auto w = call("resources/read", {{"uri", "test://none"}});
    EXPECT_EQ(w->status, 200);
    auto e = error_of(*w);
    EXPECT_EQ(e.at("code"), -32602);
    EXPECT_EQ(e.at("data").at("uri"), "test://none");
}

TEST_F(modern, NotificationsAreAcceptedAndResponsesRefused) {
    json::object n{{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"},
                   {"params", {{"requestId", 1}, {"_meta", envelope()}}}};
    request req{"POST", "/mcp",
                {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                 {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"}},
                json::serialize(n), "127.0.0.1:5000"};
    EXPECT_EQ(h.send(req)->status, 202);
    req.body = R"({"jsonrpc":"2.0","id":1,"result":{}})";
    EXPECT_EQ(h.send(req)->status, 400);
}

TEST_F(modern, ALegacySessionIsServedBesideModernRequests) {
    auto session = h.open_session();
    ASSERT_FALSE(session.empty());
    auto legacy = h.post(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"echo","arguments":{"text":"a"}}})", session);
    EXPECT_EQ(legacy->status, 200) << legacy->body;
    EXPECT_FALSE(legacy->json().at("result").as_object().contains("resultType"));
    auto now = call("tools/call", {{"name", "echo"}, {"arguments", {{"text", "b"}}}});
    EXPECT_EQ(now->json().at("result").at("resultType"), "complete");
    EXPECT_EQ(h.handler().live_sessions(), 1u);
}

TEST_F(modern, AClientThatLeavesCancelsTheRequest) {
    bool cancelled = false;
    srv.add_tool({.name = "wait", .description = "Waits"}, [&cancelled]() -> mcp::task<std::string> {
        boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, std::chrono::seconds(30));
        auto [ec] = co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        cancelled = ec == boost::asio::error::operation_aborted;
        co_return "woke";
    });
    auto w = call("tools/call", {{"name", "wait"}});
    w->gone = true;
    h.run_for(1200);
    EXPECT_TRUE(cancelled);
    EXPECT_EQ(w->status, 0) << "nothing is written to a client that left";
}

} // namespace
