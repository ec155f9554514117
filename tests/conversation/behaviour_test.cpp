// Conversation behaviours that need code around them: middleware, run-time registry changes, subscriptions.
#include "conversation.hpp"
#include "fixture_server.hpp"

#include <gtest/gtest.h>

namespace {

using mcp::testing::conversation;

constexpr char const* initialize_msg =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})";
constexpr char const* initialized_msg = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";

void open(conversation& c) {
    c.send(initialize_msg);
    ASSERT_TRUE(c.next());
    c.send(initialized_msg);
}

boost::json::object const& error_of(boost::json::object const& reply) { return reply.at("error").as_object(); }

std::unique_ptr<mcp::server> dynamic_fixture() {
    return mcp::testing::make_fixture_server({.name = "fixture", .version = "1", .page_size = 3,
                                              .lists = mcp::list_mode::dynamic});
}

TEST(middleware, BeforeHooksRunInOrderAndAfterHooksInReverse) {
    auto srv = mcp::testing::make_fixture_server();
    std::vector<std::string> trace;
    for (std::string name : {"a", "b"})
        srv->use({.before = [&trace, name](mcp::middleware_context& m) -> mcp::result<> {
                      trace.push_back("before " + name + " " + std::string(m.method));
                      return {};
                  },
                  .after = [&trace, name](mcp::middleware_context&, mcp::result<boost::json::value>&) {
                      trace.push_back("after " + name);
                  }});
    conversation c(*srv);
    c.send(initialize_msg);
    EXPECT_EQ(trace, (std::vector<std::string>{"before a initialize", "before b initialize", "after b", "after a"}));
}

TEST(middleware, RejectionReachesTheClientWithAStableCode) {
    auto srv = mcp::testing::make_fixture_server();
    srv->use({.before = [](mcp::middleware_context& m) -> mcp::result<> {
        if (m.method == "tools/call" && !m.metadata.get("authorization")) return mcp::error::unauthenticated();
        return {};
    }});
    conversation c(*srv);
    open(c);
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})");
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(error_of(*reply).at("code"), mcp::protocol::code::unauthenticated);
    mcp::request_metadata authorized;
    authorized.set("Authorization", "Bearer x");
    c.send(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})",
           authorized);
    reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->contains("result")) << boost::json::serialize(*reply);
}

TEST(middleware, RateLimitCarriesRetryAfter) {
    auto srv = mcp::testing::make_fixture_server();
    srv->use({.before = [](mcp::middleware_context& m) -> mcp::result<> {
        if (m.method == "ping") return mcp::error::rate_limited(std::chrono::seconds(30));
        return {};
    }});
    conversation c(*srv);
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(error_of(*reply).at("code"), mcp::protocol::code::rate_limited);
    EXPECT_EQ(error_of(*reply).at("data").at("retryAfter"), 30);
}

TEST(middleware, RejectingHookStopsTheChainAndLaterHooksDoNotRun) {
    auto srv = mcp::testing::make_fixture_server();
    int later_before = 0, later_after = 0, first_after = 0;
    srv->use({.before = [](mcp::middleware_context&) -> mcp::result<> { return {}; },
              .after = [&](mcp::middleware_context&, mcp::result<boost::json::value>& r) {
                  first_after += !r.has_value();
              }});
    srv->use({.before = [](mcp::middleware_context&) -> mcp::result<> { return mcp::error::forbidden(); }});
    srv->use({.before = [&](mcp::middleware_context&) -> mcp::result<> { return ++later_before, mcp::result<>{}; },
              .after = [&](mcp::middleware_context&, mcp::result<boost::json::value>&) { ++later_after; }});
    conversation c(*srv);
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    EXPECT_EQ(error_of(*c.next()).at("code"), mcp::protocol::code::forbidden);
    EXPECT_EQ(later_before, 0);
    EXPECT_EQ(later_after, 0);
    EXPECT_EQ(first_after, 1); // the earlier hook sees the rejection
}

TEST(middleware, HookCanAddSessionStateThatHandlersRead) {
    auto srv = mcp::testing::make_fixture_server();
    srv->use({.before = [](mcp::middleware_context& m) -> mcp::result<> {
        if (auto user = m.metadata.get("x-user")) m.state.set("user", boost::json::string(*user));
        return {};
    }});
    srv->add_tool({.name = "whoami", .description = "The user middleware found"},
                  [](mcp::call_context& ctx) -> std::string {
                      auto user = ctx.state().get("user");
                      return user ? std::string(user->as_string()) : "nobody";
                  });
    conversation c(*srv);
    mcp::request_metadata meta;
    meta.set("X-User", "ada");
    c.send(initialize_msg, meta);
    c.next();
    c.send(initialized_msg);
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami"}})");
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->at("result").at("content").at(0).at("text"), "ada");
}

TEST(registry, AddingAToolAtRunTimeSendsListChangedToInitializedSessions) {
    auto srv = dynamic_fixture();
    conversation ready(*srv);
    open(ready);
    conversation fresh(*srv); // not initialized: hears nothing
    srv->add_tool({.name = "late", .description = "Added later"}, [] { return std::string("late"); });
    ready.wait(0); // each session is told on its own strand
    fresh.wait(0);
    auto note = ready.next();
    ASSERT_TRUE(note);
    EXPECT_EQ(note->at("method"), "notifications/tools/list_changed");
    EXPECT_EQ(fresh.pending(), 0u);
    ready.send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"late"}})");
    EXPECT_EQ(ready.next()->at("result").at("content").at(0).at("text"), "late");
}

TEST(registry, RemovedToolBecomesUnknown) {
    auto srv = dynamic_fixture();
    conversation c(*srv);
    open(c);
    EXPECT_TRUE(srv->remove_tool("add"));
    c.wait(0);
    EXPECT_EQ(c.next()->at("method"), "notifications/tools/list_changed");
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})");
    EXPECT_EQ(error_of(*c.next()).at("code"), -32602);
    EXPECT_FALSE(srv->remove_tool("add"));
}

TEST(registry, PromptAndResourceChangesSendTheirOwnListChanged) {
    auto srv = dynamic_fixture();
    conversation c(*srv);
    open(c);
    srv->add_prompt({.name = "late"}, [] { return std::string("x"); });
    c.wait(0);
    EXPECT_EQ(c.next()->at("method"), "notifications/prompts/list_changed");
    srv->remove_resource("test://readme");
    c.wait(0);
    EXPECT_EQ(c.next()->at("method"), "notifications/resources/list_changed");
}

TEST(registry, BadDefinitionsThrowAtRegistration) {
    auto srv = mcp::testing::make_fixture_server();
    EXPECT_THROW(srv->add_tool({.name = "has space"}, [] { return std::string(); }), std::invalid_argument);
    EXPECT_THROW(srv->add_tool({.name = "raw", .input_schema = {{"type", "string"}}},
                               [](boost::json::object) { return std::string(); }),
                 std::invalid_argument);
    EXPECT_THROW(srv->add_resource_template({.uri_template = "x://{a", .name = "bad"}, [] { return std::string(); }),
                 std::invalid_argument);
}

TEST(registry, RawSchemaWithLookaroundThrowsAtRegistration) {
    auto srv = mcp::testing::make_fixture_server();
    boost::json::object schema{{"type", "object"},
                               {"properties", {{"user", {{"type", "string"}, {"pattern", "^(?!admin$)"}}}}}};
    EXPECT_THROW(srv->add_tool({.name = "lookaround", .input_schema = schema},
                               [](boost::json::object) { return std::string(); }),
                 std::invalid_argument);
}

// Security finding 3: a raw tool's "pattern" ran std::regex (valijson) on the client's string, whose recursion
// overflowed the stack on a long one and killed the process. RE2 answers in linear time.
TEST(tools, RawToolPatternOnAMebibyteArgumentAnswers) {
    auto srv = mcp::testing::make_fixture_server();
    boost::json::object schema{{"type", "object"},
                               {"properties", {{"s", {{"type", "string"}, {"pattern", "^(a|b)*$"}}}}}};
    srv->add_tool({.name = "length", .input_schema = schema},
                  [](boost::json::object args) { return std::to_string(args.at("s").as_string().size()); });
    conversation c(*srv);
    open(c);
    boost::json::object call{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"}};
    call["params"] = {{"name", "length"}, {"arguments", {{"s", std::string(1 << 20, 'a')}}}};
    c.send(boost::json::serialize(call));
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->at("result").at("content").at(0).at("text"), "1048576") << boost::json::serialize(*reply);
    call["id"] = 2;
    call["params"].as_object()["arguments"] = {{"s", std::string(1 << 20, 'a') + "c"}};
    c.send(boost::json::serialize(call));
    reply = c.next();
    ASSERT_TRUE(reply);
    auto const& result = reply->at("result").as_object();
    EXPECT_EQ(result.at("isError"), true);
    EXPECT_EQ(result.at("content").at(0).at("text").as_string().find("Invalid arguments: s: must match the pattern"),
              0u)
        << boost::json::serialize(result).substr(0, 200);
}

TEST(subscriptions, ResourceUpdatedGoesOnlyToSubscribedSessions) {
    auto srv = mcp::testing::make_fixture_server();
    conversation subscriber(*srv), other(*srv);
    open(subscriber);
    open(other);
    subscriber.send(R"({"jsonrpc":"2.0","id":1,"method":"resources/subscribe","params":{"uri":"test://items/7"}})");
    ASSERT_TRUE(subscriber.next());
    srv->notify_resource_updated("test://items/7");
    srv->notify_resource_updated("test://items/8");
    auto note = subscriber.next();
    ASSERT_TRUE(note);
    EXPECT_EQ(note->at("method"), "notifications/resources/updated");
    EXPECT_EQ(note->at("params").at("uri"), "test://items/7");
    EXPECT_EQ(subscriber.pending(), 0u);
    EXPECT_EQ(other.pending(), 0u);
    subscriber.send(R"({"jsonrpc":"2.0","id":2,"method":"resources/unsubscribe","params":{"uri":"test://items/7"}})");
    subscriber.next();
    srv->notify_resource_updated("test://items/7");
    EXPECT_EQ(subscriber.pending(), 0u);
}

// Finding: initialize kept capabilities and clientInfo of any size (up to the 4 MiB body) for the session's life.
TEST(session_bounds, InitializeWithOversizedClientMetadataIsRefusedAndKeepsNothing) {
    auto srv = mcp::testing::make_fixture_server();
    conversation c(*srv);
    std::string padding(20 * 1024, 'x');
    c.send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
           R"("capabilities":{"experimental":{"pad":")" + padding + R"("}},"clientInfo":{"name":"t","version":"0"}}})");
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(error_of(*reply).at("code"), -32602);
    EXPECT_NE(std::string(error_of(*reply).at("message").as_string()).find("at most 16384"), std::string::npos);
    EXPECT_FALSE(c.current().initialized());
    c.send(initialize_msg);
    reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->contains("result")) << "a normal initialize still works";
}

std::string subscribe_to(int id, std::string const& uri) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
           R"(,"method":"resources/subscribe","params":{"uri":")" + uri + R"("}})";
}

// Finding: a resource template matches endless URIs, and each subscription was kept for the session's life.
TEST(session_bounds, SubscriptionsPastTheLimitAreRefused) {
    auto srv = mcp::testing::make_fixture_server({.name = "fixture", .version = "1", .max_subscriptions = 2});
    conversation c(*srv);
    open(c);
    for (int i = 1; i <= 2; ++i) {
        c.send(subscribe_to(i, "test://items/" + std::to_string(i)));
        auto ok = c.next();
        ASSERT_TRUE(ok && ok->contains("result"));
    }
    c.send(subscribe_to(3, "test://items/3"));
    auto refused = c.next();
    ASSERT_TRUE(refused);
    EXPECT_EQ(error_of(*refused).at("code"), -32602);
    c.send(subscribe_to(4, "test://items/1"));
    auto again = c.next();
    ASSERT_TRUE(again && again->contains("result")) << "subscribing again to a kept URI is fine";
    c.send(subscribe_to(5, "test://items/" + std::string(5000, '9')));
    auto long_uri = c.next();
    ASSERT_TRUE(long_uri);
    EXPECT_EQ(error_of(*long_uri).at("code"), -32602);
}

} // namespace
