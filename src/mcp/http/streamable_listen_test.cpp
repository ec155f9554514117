// subscriptions/listen of 2026-07-28 (server/methods_subscriptions.cpp, session_listen.cpp) over the
// streamable handler: one long POST stream, acknowledged first, carrying only what the client opted into.
#include <mcp/http/testing/exchange_harness.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;
using writer = mcp::http::testing::recording_writer;
namespace json = boost::json;

json::object envelope(json::object caps = {}) {
    return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", std::move(caps)}};
}

class listen : public ::testing::Test {
protected:
    listen() {
        srv.add_tool({.name = "echo", .description = "Echo"}, [] { return std::string("x"); });
        srv.add_tool({.name = "extra", .description = "Switched"}, [] { return std::string("y"); });
        srv.add_prompt({.name = "hello", .description = "Hello"}, [] { return std::string("hi"); });
        srv.add_resource({.uri = "test://watched", .name = "watched"}, [] { return std::string("v"); });
        srv.add_resource({.uri = "test://other", .name = "other"}, [] { return std::string("w"); });
    }

    std::shared_ptr<writer> post(std::string method, json::object params, int id) {
        params["_meta"] = envelope(caps);
        json::object msg{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
        request req{"POST", "/mcp",
                    {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                     {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", method}},
                    json::serialize(msg), "127.0.0.1:5000"};
        return h.send(std::move(req));
    }

    std::shared_ptr<writer> open(json::object notifications, int id = 7) {
        auto w = post("subscriptions/listen", {{"notifications", std::move(notifications)}}, id);
        h.run_for(20);
        return w;
    }

    static std::vector<std::string> methods_of(writer const& w) {
        std::vector<std::string> out;
        for (auto const& m : w.messages())
            if (m.contains("method")) out.push_back(std::string(m.at("method").as_string()));
        return out;
    }

    mcp::server srv{{.name = "listen", .version = "1", .lists = mcp::list_mode::dynamic}};
    harness h{srv};
    json::object caps;
};

TEST_F(listen, TheStreamOpensWithTheAcknowledgedSubset) {
    auto w = open({{"toolsListChanged", true}, {"resourceSubscriptions", {"test://watched", "test://unknown"}}});
    ASSERT_TRUE(w->streamed) << w->body;
    auto messages = w->messages();
    ASSERT_FALSE(messages.empty());
    auto const& ack = messages.front();
    EXPECT_EQ(ack.at("method"), "notifications/subscriptions/acknowledged");
    EXPECT_EQ(ack.at("params").at("_meta").at("io.modelcontextprotocol/subscriptionId"), 7);
    auto const& honoured = ack.at("params").at("notifications").as_object();
    EXPECT_TRUE(honoured.at("toolsListChanged").as_bool());
    EXPECT_EQ(honoured.at("resourceSubscriptions").as_array().size(), 1u) << "an unknown URI is not followed";
    EXPECT_FALSE(honoured.contains("promptsListChanged")) << "not asked for";
}

TEST_F(listen, AToolListChangeReachesAStreamThatAskedAndOnlyThat) {
    auto tools = open({{"toolsListChanged", true}}, 1);
    auto prompts = open({{"promptsListChanged", true}}, 2);
    mcp::task<mcp::result<>> off = srv.deactivate_tool("extra");
    boost::asio::co_spawn(h.io(), std::move(off), boost::asio::detached);
    h.run_for(100);
    auto seen = methods_of(*tools);
    ASSERT_EQ(seen.size(), 2u) << tools->body;
    EXPECT_EQ(seen[1], "notifications/tools/list_changed");
    EXPECT_EQ(tools->messages()[1].at("params").at("_meta").at("io.modelcontextprotocol/subscriptionId"), 1);
    EXPECT_EQ(methods_of(*prompts).size(), 1u) << "only the acknowledgement: " << prompts->body;
}

TEST_F(listen, AResourceUpdateReachesItsSubscriberOnly) {
    auto w = open({{"resourceSubscriptions", {"test://watched"}}});
    srv.notify_resource_updated("test://other");
    srv.notify_resource_updated("test://watched");
    h.run_for(50);
    auto messages = w->messages();
    ASSERT_EQ(messages.size(), 2u) << w->body;
    EXPECT_EQ(messages[1].at("method"), "notifications/resources/updated");
    EXPECT_EQ(messages[1].at("params").at("uri"), "test://watched");
}

TEST_F(listen, ShuttingDownAnswersTheGracefulResult) {
    auto w = open({{"toolsListChanged", true}});
    h.handler().shutdown();
    h.run_for(50);
    auto last = w->messages().back();
    EXPECT_EQ(last.at("id"), 7);
    EXPECT_EQ(last.at("result").at("resultType"), "complete");
    EXPECT_EQ(last.at("result").at("_meta").at("io.modelcontextprotocol/subscriptionId"), 7);
    EXPECT_TRUE(w->finished);
}

TEST_F(listen, AClientThatLeavesEndsItsListen) {
    auto w = open({{"toolsListChanged", true}});
    EXPECT_EQ(srv.live_session_count(), 1u);
    w->gone = true;
    h.run_for(1200);
    EXPECT_EQ(srv.live_session_count(), 0u) << "the listen scope is gone with its request";
}

// Review finding: a listen is one POST for an unauthenticated client, kept open for an hour; nothing bounded
// how many one client could hold.
TEST_F(listen, AClientHoldsAtMostItsShareOfListenStreams) {
    harness bounded(srv, {.listens = {.per_client = 2, .total = 10}});
    auto send = [&bounded](int id) {
        json::object msg{{"jsonrpc", "2.0"}, {"id", id}, {"method", "subscriptions/listen"},
                         {"params", {{"notifications", {{"toolsListChanged", true}}}, {"_meta", envelope()}}}};
        request req{"POST", "/mcp",
                    {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                     {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"},
                     {"mcp-method", "subscriptions/listen"}},
                    json::serialize(msg), "10.0.0.7:5000"};
        auto w = bounded.send(std::move(req));
        bounded.run_for(20);
        return w;
    };
    auto first = send(1), second = send(2);
    EXPECT_TRUE(first->streamed && second->streamed);
    auto third = send(3);
    EXPECT_EQ(third->status, 429);
    EXPECT_EQ(third->json().at("error").at("code"), -32029);
    EXPECT_TRUE(third->response_headers.get("retry-after"));
    first->gone = true;
    bounded.run_for(1200);
    EXPECT_TRUE(send(4)->streamed) << "a slot comes back when its listen ends";
}

TEST_F(listen, TaskIdsNeedTheTasksExtension) {
    auto w = post("subscriptions/listen", {{"notifications", {{"taskIds", json::array{"t1"}}}}}, 9);
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(w->json().at("error").at("code"), -32021);
}

TEST_F(listen, AMalformedFilterIsInvalidParams) {
    auto w = post("subscriptions/listen", {{"notifications", {{"toolsListChanged", "yes"}}}}, 9);
    EXPECT_EQ(w->json().at("error").at("code"), -32602);
    auto missing = post("subscriptions/listen", {}, 10);
    EXPECT_EQ(missing->json().at("error").at("code"), -32602);
}

TEST_F(listen, ListenIsNotAMethodOfSessions) {
    auto session = h.open_session();
    auto w = h.post(R"({"jsonrpc":"2.0","id":4,"method":"subscriptions/listen","params":{"notifications":{}}})",
                    session);
    EXPECT_EQ(w->json().at("error").at("code"), -32601);
}

} // namespace
