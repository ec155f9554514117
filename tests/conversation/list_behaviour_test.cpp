// Lists as sessions see them (docs/dynamic-tools.md): the change modes, activation, the visibility filter, and
// two servers sharing one state store as two instances of a fleet.
#include "conversation.hpp"
#include "fixture_server.hpp"

#include <mcp/storage/memory/memory_state_store.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace {

using mcp::list_kind;
using mcp::testing::conversation;

constexpr char const* initialize_msg =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})";

boost::json::object open(conversation& c) {
    c.send(initialize_msg);
    auto init = c.next();
    c.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    return init ? init->at("result").at("capabilities").as_object() : boost::json::object{};
}

// Every tool name tools/list gives, following cursors.
std::vector<std::string> tool_names(conversation& c) {
    std::vector<std::string> names;
    std::string cursor;
    for (int id = 100;; ++id) {
        auto params = cursor.empty() ? std::string("{}") : R"({"cursor":")" + cursor + R"("})";
        c.send(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/list","params":)" + params + "}");
        auto result = c.next()->at("result").as_object();
        for (auto const& t : result.at("tools").as_array()) names.emplace_back(t.at("name").as_string());
        if (!result.contains("nextCursor")) return names;
        cursor = std::string(result.at("nextCursor").as_string());
    }
}

bool lists(conversation& c, std::string const& name) {
    auto names = tool_names(c);
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Runs a server call to its end (activation suspends on the state store).
mcp::result<> run(mcp::task<mcp::result<>> t) {
    boost::asio::io_context io;
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.run();
    return f.get();
}

mcp::server_options options(mcp::list_mode mode) {
    return {.name = "fixture", .version = "1", .page_size = 3, .lists = mode};
}

TEST(list_modes, FixedIsTheDefaultAndSaysListChangedFalse) {
    auto srv = mcp::testing::make_fixture_server();
    conversation c(*srv);
    auto caps = open(c);
    EXPECT_EQ(caps.at("tools").at("listChanged"), false);
    EXPECT_EQ(caps.at("prompts").at("listChanged"), false);
    EXPECT_EQ(caps.at("resources").at("listChanged"), false);
}

TEST(list_modes, FixedRefusesChangesWhileServingWithAClearError) {
    auto srv = mcp::testing::make_fixture_server();
    srv->add_tool({.name = "before", .description = "Registered before serving"}, [] { return std::string("ok"); });
    conversation c(*srv);
    open(c);
    try {
        srv->add_tool({.name = "late", .description = "x"}, [] { return std::string(); });
        FAIL() << "add_tool while serving in fixed mode must throw";
    } catch (std::logic_error const& e) {
        EXPECT_NE(std::string(e.what()).find("list_mode::dynamic"), std::string::npos) << e.what();
    }
    EXPECT_THROW(srv->remove_tool("add"), std::logic_error);
    auto refused = run(srv->deactivate_tool("add"));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message().find("fixed"), std::string::npos) << refused.error().message();
    EXPECT_TRUE(lists(c, "add"));
    EXPECT_EQ(c.pending(), 0u) << "no list_changed in fixed mode";
}

TEST(list_modes, DynamicSaysListChangedTrue) {
    auto srv = mcp::testing::make_fixture_server(options(mcp::list_mode::dynamic));
    conversation c(*srv);
    EXPECT_EQ(open(c).at("tools").at("listChanged"), true);
}

TEST(activation, ADeactivatedToolIsUnknownAndEachSessionIsToldOnce) {
    auto srv = mcp::testing::make_fixture_server(options(mcp::list_mode::dynamic));
    conversation a(*srv), b(*srv);
    open(a);
    open(b);
    ASSERT_TRUE(run(srv->deactivate_tool("add")));
    for (auto* c : {&a, &b}) {
        c->wait(0);
        EXPECT_EQ(c->next()->at("method"), "notifications/tools/list_changed");
        EXPECT_EQ(c->pending(), 0u) << "told once";
        EXPECT_FALSE(lists(*c, "add"));
        c->send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})");
        EXPECT_EQ(c->next()->at("error").at("code"), -32602);
    }
    ASSERT_TRUE(run(srv->deactivate_tool("add"))); // already inactive: nothing changes, nobody is told
    a.wait(0);
    EXPECT_EQ(a.pending(), 0u);
    ASSERT_TRUE(run(srv->activate_tool("add")));
    a.wait(0);
    EXPECT_EQ(a.next()->at("method"), "notifications/tools/list_changed");
    EXPECT_TRUE(lists(a, "add"));
}

TEST(activation, OnlyRegisteredNamesCanBeActivated) {
    auto srv = mcp::testing::make_fixture_server(options(mcp::list_mode::dynamic));
    auto refused = run(srv->activate_tool("nope"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code(), -32602);
    EXPECT_NE(refused.error().message().find("nope"), std::string::npos);
}

TEST(activation, StartInactiveHidesUntilActivatedAndPromptsHaveTheirOwnChannel) {
    auto srv = mcp::testing::make_fixture_server(options(mcp::list_mode::dynamic));
    srv->add_prompt({.name = "hidden_prompt"}, [] { return std::string("x"); });
    srv->start_inactive(list_kind::prompts, "hidden_prompt");
    conversation c(*srv);
    open(c);
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"hidden_prompt"}})");
    EXPECT_EQ(c.next()->at("error").at("code"), -32602);
    ASSERT_TRUE(run(srv->activate(list_kind::prompts, "hidden_prompt")));
    c.wait(0);
    EXPECT_EQ(c.next()->at("method"), "notifications/prompts/list_changed");
    EXPECT_EQ(c.pending(), 0u) << "the tools list did not change";
    c.send(R"({"jsonrpc":"2.0","id":2,"method":"prompts/get","params":{"name":"hidden_prompt"}})");
    EXPECT_TRUE(c.next()->contains("result"));
}

TEST(activation, ADeactivatedResourceIsNotFound) {
    auto srv = mcp::testing::make_fixture_server(options(mcp::list_mode::dynamic));
    conversation c(*srv);
    open(c);
    ASSERT_TRUE(run(srv->deactivate(list_kind::resources, "test://readme")));
    c.wait(0);
    EXPECT_EQ(c.next()->at("method"), "notifications/resources/list_changed");
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"test://readme"}})");
    EXPECT_EQ(c.next()->at("error").at("code"), -32002);
}

TEST(activation, CompletionAndSubscriptionSeeOnlyWhatIsActive) {
    auto srv = mcp::testing::make_fixture_server(options(mcp::list_mode::dynamic));
    conversation c(*srv);
    open(c);
    ASSERT_TRUE(run(srv->deactivate(list_kind::prompts, "forecast")));
    ASSERT_TRUE(run(srv->deactivate(list_kind::resource_templates, "test://items/{id}")));
    c.wait(0);
    while (c.next()) {} // the two list_changed
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"completion/complete","params":{"ref":{"type":"ref/prompt",)"
           R"("name":"forecast"},"argument":{"name":"city","value":"Par"}}})");
    EXPECT_EQ(c.next()->at("error").at("code"), -32602);
    c.send(R"({"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"test://items/7"}})");
    EXPECT_EQ(c.next()->at("error").at("code"), -32002);
    c.send(R"({"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"test://items/7"}})");
    EXPECT_EQ(c.next()->at("error").at("code"), -32002);
}

// A state store that is down, counting the reads asked of it.
class down_state_store : public mcp::storage::state_store {
public:
    mcp::task<mcp::storage::result<std::optional<mcp::storage::state_record>>> load(std::string) override {
        ++loads;
        co_return mcp::storage::error(mcp::storage::errc::unavailable, "down for the test");
    }
    mcp::task<mcp::storage::result<>> save(mcp::storage::state_record&) override {
        co_return mcp::storage::error(mcp::storage::errc::unavailable, "down for the test");
    }
    int loads = 0;
};

mcp::task<mcp::result<>> refreshed(mcp::server& srv) {
    co_await srv.refresh_lists_if_due();
    co_return mcp::result<>{};
}

TEST(activation, AStoreThatIsDownIsNotAskedOnEveryRequest) {
    auto store = std::make_shared<down_state_store>();
    auto o = options(mcp::list_mode::dynamic);
    o.state_store = store;
    auto srv = mcp::testing::make_fixture_server(o);
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(run(refreshed(*srv)));
    EXPECT_EQ(store->loads, 1) << "one read, then at most one a second while it fails";
    EXPECT_TRUE(srv->active(list_kind::tools, "add")) << "the lists as they were stay served";
}

// Two servers on one state store: instances of a fleet. A change made through one reaches the other's sessions.
TEST(activation, AChangeThroughOneInstanceReachesTheSessionsOfAnother) {
    auto store = std::make_shared<mcp::storage::memory_state_store>();
    auto with_store = options(mcp::list_mode::dynamic);
    with_store.state_store = store;
    auto one = mcp::testing::make_fixture_server(with_store);
    auto two = mcp::testing::make_fixture_server(with_store);
    conversation on_two(*two);
    open(on_two);
    ASSERT_TRUE(run(one->deactivate_tool("add")));
    // The push reaches `two` on its server's worker pool, which then tells the session on the session's executor.
    for (int i = 0; i < 200 && on_two.pending() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        on_two.wait(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    on_two.wait(0);
    ASSERT_EQ(on_two.pending(), 1u);
    EXPECT_EQ(on_two.next()->at("method"), "notifications/tools/list_changed");
    EXPECT_FALSE(lists(on_two, "add"));
    EXPECT_FALSE(two->active(list_kind::tools, "add"));
}

// The filter: what a session sees follows its state; a change of that state tells that session alone.
mcp::server_options filtered() {
    auto o = options(mcp::list_mode::dynamic);
    o.visibility = [](mcp::listed_item const& item, mcp::session_view const& s) {
        if (item.kind != list_kind::tools || item.name != "place_order") return true;
        auto const* tier = s.state.if_contains("tier");
        return tier && *tier == "pro";
    };
    return o;
}

TEST(visibility, AHiddenToolIsAnUnknownTool) {
    auto srv = mcp::testing::make_fixture_server(filtered());
    conversation c(*srv);
    open(c);
    EXPECT_FALSE(lists(c, "place_order"));
    c.send(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"place_order","arguments":{}}})");
    auto reply = c.next();
    EXPECT_EQ(reply->at("error").at("code"), -32602);
    EXPECT_NE(boost::json::serialize(reply->at("error")).find("Unknown tool"), std::string::npos);
}

TEST(visibility, WhenTheFilterInputChangesOnlyThatSessionIsTold) {
    auto srv = mcp::testing::make_fixture_server(filtered());
    srv->use({.before = [](mcp::middleware_context& ctx) -> mcp::result<> {
        if (auto tier = ctx.metadata.get("x-tier")) ctx.state.set("tier", boost::json::string(*tier));
        return {};
    }});
    conversation pro(*srv), free(*srv);
    open(pro);
    open(free);
    mcp::request_metadata upgrade;
    upgrade.set("x-tier", "pro");
    pro.send(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", upgrade);
    ASSERT_EQ(pro.pending(), 2u); // told right after the request that changed its state, then the pong
    EXPECT_EQ(pro.next()->at("method"), "notifications/tools/list_changed");
    EXPECT_TRUE(pro.next()->contains("result"));
    EXPECT_TRUE(lists(pro, "place_order"));
    free.wait(0);
    EXPECT_EQ(free.pending(), 0u);
    EXPECT_FALSE(lists(free, "place_order"));
}

} // namespace
