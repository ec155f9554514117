// mcp::testing::in_process drives every method of the fixture server (tests/conversation) and answers its
// requests from scripts, without sockets.
#include "../conversation/fixture_server.hpp"

#include <mcp/testing/in_process.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <set>

namespace {

using fixture::add_args;
using fixture::add_result;
using fixture::name_form;

class InProcess : public ::testing::Test {
protected:
    std::unique_ptr<mcp::server> srv = mcp::testing::make_fixture_server();
};

TEST_F(InProcess, ConnectsWhenConstructed) {
    mcp::testing::in_process c(*srv);
    EXPECT_EQ(c.client().server().server_info.name, "fixture");
    EXPECT_EQ(c.client().protocol_version(), "2025-11-25");
    EXPECT_TRUE(c.client().connection().session_id());
    EXPECT_EQ(c.handler().live_sessions(), 1u);
    EXPECT_TRUE(c.ping());
}

TEST_F(InProcess, ConnectsLaterWhenAskedTo) {
    mcp::testing::in_process c(*srv, {.connect = false});
    auto before = c.ping();
    ASSERT_FALSE(before);
    EXPECT_EQ(before.error().code(), mcp::client_code::not_connected);
    auto init = c.connect();
    ASSERT_TRUE(init) << init.error().message();
    EXPECT_EQ(init->instructions, "Use the tools.");
}

TEST_F(InProcess, AFailedConnectFailsTheConstructorWithTheReason) {
    mcp::testing::in_process_options from_elsewhere;
    from_elsewhere.connection.headers = {{"Origin", "https://evil.example"}}; // DNS rebinding: 403
    try {
        mcp::testing::in_process c(*srv, from_elsewhere);
        FAIL() << "connected";
    } catch (std::runtime_error const& e) {
        EXPECT_NE(std::string(e.what()).find("HTTP 403"), std::string::npos) << e.what();
    }
}

TEST_F(InProcess, ListsToolsAPageAtATimeAndEveryPage) {
    mcp::testing::in_process c(*srv);
    auto first = c.list_tools();
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->tools.size(), 3u);
    ASSERT_TRUE(first->next_cursor);
    auto second = c.list_tools(first->next_cursor);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->tools.size(), 3u);
    EXPECT_NE(second->tools[0].name, first->tools[0].name);
    auto all = c.list_all_tools();
    ASSERT_TRUE(all);
    std::set<std::string> names;
    for (auto const& t : *all) names.insert(t.name);
    EXPECT_EQ(all->size(), 13u);
    EXPECT_EQ(names.size(), 13u);
    EXPECT_TRUE(names.count("add"));
}

TEST_F(InProcess, CallsToolsTypedRawAndFailing) {
    mcp::testing::in_process c(*srv);
    auto sum = c.call_tool<add_result>("add", add_args{2, 3});
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 5);
    auto raw = c.call_tool("raw_sum", {{"values", {1, 2, 3.5}}});
    ASSERT_TRUE(raw);
    EXPECT_FALSE(raw->is_error);
    EXPECT_EQ(mcp::text_of(*raw), "6");
    auto failed = c.call_tool("fail");
    ASSERT_TRUE(failed);
    EXPECT_TRUE(failed->is_error);
    EXPECT_EQ(mcp::text_of(*failed), "the warehouse is closed");
    auto typed_failure = c.call_tool<std::string>("fail", boost::json::object{});
    ASSERT_FALSE(typed_failure);
    EXPECT_EQ(typed_failure.error().code(), mcp::client_code::tool_failed);
    auto bad_args = c.call_tool("add", {{"a", "two"}, {"b", 3}});
    ASSERT_TRUE(bad_args);
    EXPECT_TRUE(bad_args->is_error);
    EXPECT_NE(mcp::text_of(*bad_args).find("arguments.a"), std::string::npos) << mcp::text_of(*bad_args);
    auto unknown = c.call_tool("no_such_tool");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code(), mcp::protocol::code::invalid_params);
}

TEST_F(InProcess, ReadsResourcesAndTemplates) {
    mcp::testing::in_process c(*srv);
    auto resources = c.list_all_resources();
    ASSERT_TRUE(resources);
    ASSERT_EQ(resources->size(), 1u);
    EXPECT_EQ(resources->at(0).uri, "test://readme");
    auto page = c.list_resources();
    ASSERT_TRUE(page);
    EXPECT_FALSE(page->next_cursor);
    auto templates = c.list_all_resource_templates();
    ASSERT_TRUE(templates);
    EXPECT_EQ(templates->at(0).uri_template, "test://items/{id}");
    auto template_page = c.list_resource_templates();
    ASSERT_TRUE(template_page);
    EXPECT_EQ(template_page->resource_templates.size(), 1u);
    auto readme = c.read_resource("test://readme");
    ASSERT_TRUE(readme);
    EXPECT_EQ(readme->contents.at(0).text, "Fixture server readme.");
    auto item = c.read_resource("test://items/7");
    ASSERT_TRUE(item);
    EXPECT_EQ(item->contents.at(0).text, "{\"id\":7}");
    auto missing = c.read_resource("test://nothing");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code(), mcp::protocol::code::resource_not_found);
}

TEST_F(InProcess, RecordsResourceUpdatesWhileSubscribed) {
    mcp::testing::in_process c(*srv);
    ASSERT_TRUE(c.subscribe("test://readme"));
    srv->notify_resource_updated("test://readme");
    auto updated = c.wait_for_notification("notifications/resources/updated");
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->params.at("uri"), "test://readme");
    ASSERT_TRUE(c.unsubscribe("test://readme"));
    srv->notify_resource_updated("test://readme");
    EXPECT_FALSE(c.wait_for_notification("notifications/resources/updated", std::chrono::milliseconds(300)));
    EXPECT_EQ(c.notifications("notifications/resources/updated").size(), 1u);
}

TEST_F(InProcess, GetsPromptsAndCompletions) {
    mcp::testing::in_process c(*srv);
    auto prompts = c.list_all_prompts();
    ASSERT_TRUE(prompts);
    EXPECT_EQ(prompts->size(), 2u);
    auto page = c.list_prompts();
    ASSERT_TRUE(page);
    EXPECT_EQ(page->prompts.size(), 2u);
    auto prompt = c.get_prompt("forecast", {{"city", "Oslo"}, {"days", "3"}});
    ASSERT_TRUE(prompt) << prompt.error().message();
    auto const* text = std::get_if<mcp::protocol::text_content>(&prompt->messages.at(0).content);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->text, "Weather in Oslo for 3 day(s)");
    auto cities = c.complete({.ref = "forecast", .argument = "city", .value = "P"});
    ASSERT_TRUE(cities) << cities.error().message();
    EXPECT_EQ(cities->values, (std::vector<std::string>{"Paris", "Perth", "Prague"}));
}

TEST_F(InProcess, RecordsLogMessagesAtTheLevelSet) {
    mcp::testing::in_process c(*srv);
    ASSERT_TRUE(c.set_log_level(mcp::log_level::info));
    ASSERT_TRUE(c.call_tool("with_logs"));
    auto logs = c.notifications("notifications/message");
    ASSERT_EQ(logs.size(), 2u); // debug is below the level
    EXPECT_EQ(logs[0].params.at("level"), "info");
    EXPECT_EQ(logs[0].params.at("data"), "info message");
    EXPECT_EQ(logs[0].params.at("logger"), "fixture");
    EXPECT_EQ(logs[1].params.at("level"), "warning");
    auto first = c.wait_for_notification("notifications/message");
    auto second = c.wait_for_notification("notifications/message");
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->params.at("level"), "info");
    EXPECT_EQ(second->params.at("level"), "warning");
    EXPECT_FALSE(c.wait_for_notification("notifications/message", std::chrono::milliseconds(50)));
}

TEST_F(InProcess, ReportsAndRecordsProgress) {
    mcp::testing::in_process c(*srv);
    std::vector<double> seen;
    mcp::request_options o;
    o.on_progress = [&](mcp::progress_update const& p) { seen.push_back(p.progress); };
    auto done = c.call_tool("with_progress", {}, o);
    ASSERT_TRUE(done);
    EXPECT_EQ(seen, (std::vector<double>{0, 50, 100}));
    auto recorded = c.notifications("notifications/progress");
    ASSERT_EQ(recorded.size(), 3u);
    EXPECT_EQ(recorded[1].params.at("message"), "half way");
}

TEST_F(InProcess, AnswersElicitationFromTheQueueThenTheFunction) {
    mcp::testing::in_process c(*srv);
    c.answer_elicitation(mcp::elicitation_answer::accept(name_form{"Ada"}));
    c.answer_elicitation(mcp::elicitation_answer::decline());
    c.answer_elicitation_with([](mcp::elicitation_request const& r) {
        return mcp::elicitation_answer::accept(name_form{r.message == "Who are you?" ? "Grace" : "?"});
    });
    EXPECT_EQ(c.call_tool<std::string>("ask_name", boost::json::object{}).value(), "Hello, Ada");
    EXPECT_EQ(c.call_tool<std::string>("ask_name", boost::json::object{}).value(), "no name given");
    EXPECT_EQ(c.call_tool<std::string>("ask_name", boost::json::object{}).value(), "Hello, Grace");
    ASSERT_EQ(c.elicitations().size(), 3u);
    EXPECT_EQ(c.elicitations()[0].message, "Who are you?");
    EXPECT_EQ(c.elicitations()[0].mode, "form");
    EXPECT_TRUE(c.elicitations()[0].requested_schema.contains("properties"));
}

TEST_F(InProcess, AnUnscriptedElicitationIsAnErrorTheToolSees) {
    mcp::testing::in_process c(*srv);
    auto hello = c.call_tool<std::string>("ask_name", boost::json::object{});
    ASSERT_TRUE(hello);
    EXPECT_NE(hello->find("no answer scripted for elicitation/create"), std::string::npos) << *hello;
}

TEST_F(InProcess, WithoutTheCapabilityTheServerDoesNotAsk) {
    mcp::testing::in_process c(*srv, {.elicitation = false, .sampling = false});
    auto hello = c.call_tool<std::string>("ask_name", boost::json::object{});
    ASSERT_TRUE(hello);
    EXPECT_NE(hello->find("elicitation failed"), std::string::npos) << *hello;
    EXPECT_TRUE(c.elicitations().empty());
    auto sampled = c.call_tool<std::string>("sample", boost::json::object{});
    ASSERT_TRUE(sampled);
    EXPECT_NE(sampled->find("sampling failed"), std::string::npos) << *sampled;
}

TEST_F(InProcess, AnswersSamplingFromTheScript) {
    mcp::testing::in_process c(*srv);
    c.answer_sampling_text("forty-two");
    c.answer_sampling({{"role", "assistant"}, {"content", {{"type", "text"}, {"text", "whole"}}}, {"model", "m"}});
    c.answer_sampling_with([](boost::json::object const& params) {
        auto const& said = params.at("messages").as_array().at(0).at("content").at("text").as_string();
        return boost::json::object{{"role", "assistant"},
                                   {"content", {{"type", "text"}, {"text", "echo " + std::string(said)}}},
                                   {"model", "echo"}};
    });
    EXPECT_EQ(c.call_tool<std::string>("sample", boost::json::object{}).value(), "LLM said: forty-two");
    EXPECT_EQ(c.call_tool<std::string>("sample", boost::json::object{}).value(), "LLM said: whole");
    EXPECT_EQ(c.call_tool<std::string>("sample", boost::json::object{}).value(), "LLM said: echo Hi");
    ASSERT_EQ(c.sampling_requests().size(), 3u);
    EXPECT_EQ(c.sampling_requests()[0].at("maxTokens"), 100);
}

TEST_F(InProcess, AnswersRootsAndTellsTheServerWhenTheyChange) {
    mcp::testing::in_process c(*srv, {.roots = std::vector<mcp::protocol::root>{{"file:///a", "a"}, {"file:///b", {}}}});
    EXPECT_EQ(c.call_tool<std::string>("count_roots", boost::json::object{}).value(), "2 roots");
    c.set_roots({{"file:///c", std::nullopt}});
    EXPECT_EQ(c.call_tool<std::string>("count_roots", boost::json::object{}).value(), "1 roots");
}

TEST_F(InProcess, WorksWhenEveryAnswerIsAnSseStream) {
    mcp::testing::in_process c(*srv, {.http = {.always_sse = true}});
    auto sum = c.call_tool<add_result>("add", add_args{20, 22});
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 42);
    auto tools = c.list_all_tools();
    ASSERT_TRUE(tools);
    EXPECT_EQ(tools->size(), 13u);
}

TEST_F(InProcess, ARequestWithoutAnAnswerInTimeTimesOutAndTheSessionGoesOn) {
    mcp::testing::in_process c(*srv);
    mcp::request_options o;
    o.timeout = std::chrono::milliseconds(100);
    auto slow = c.call_tool("slow", {{"ms", 5000}}, o);
    ASSERT_FALSE(slow);
    EXPECT_EQ(slow.error().code(), mcp::protocol::code::request_timeout);
    EXPECT_TRUE(c.ping());
}

mcp::task<mcp::result<mcp::call_tool_result>> cancel_soon(mcp::client& c) {
    boost::asio::cancellation_signal stop;
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(50));
    timer.async_wait([&](boost::system::error_code) { stop.emit(boost::asio::cancellation_type::terminal); });
    boost::json::object args{{"ms", 5000}};
    co_return co_await boost::asio::co_spawn(co_await boost::asio::this_coro::executor,
                                             c.call_tool("slow", std::move(args)),
                                             boost::asio::bind_cancellation_slot(stop.slot(), boost::asio::use_awaitable));
}

TEST_F(InProcess, TheAsyncClientIsThereForWhatTheCallsDoNotCover) {
    auto start = std::chrono::steady_clock::now();
    {
        mcp::testing::in_process c(*srv);
        auto cancelled = c.run(cancel_soon(c.client()));
        ASSERT_FALSE(cancelled);
        EXPECT_EQ(cancelled.error().code(), mcp::client_code::cancelled);
    }
    // notifications/cancelled stopped the tool: closing did not wait for its five seconds.
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(InProcess, CloseEndsTheSession) {
    mcp::testing::in_process c(*srv);
    c.close();
    EXPECT_TRUE(c.client().closed());
    c.run_for(std::chrono::milliseconds(10));
    EXPECT_EQ(c.handler().live_sessions(), 0u);
    auto after = c.ping();
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code(), mcp::client_code::closed);
}

TEST_F(InProcess, HeadersReachMiddlewareAndTrustedMetadataCannotBeForged) {
    mcp::server guarded({.name = "guarded", .version = "1"});
    guarded.add_tool({.name = "whoami", .description = "Who is calling"}, [] { return std::string("you"); });
    guarded.use({.before = [](mcp::middleware_context& m) -> mcp::result<> {
        if (m.method != "tools/call") return {};
        if (m.metadata.get("authorization") != "Bearer t0ken") return mcp::error::unauthenticated();
        if (m.metadata.get("x-authorizer-principal") != "ada") return mcp::error::forbidden();
        return {};
    }});
    mcp::testing::in_process_options good;
    good.connection.headers = {{"Authorization", "Bearer t0ken"}};
    good.connection.trusted.add("x-authorizer-principal", "ada");
    mcp::testing::in_process allowed(guarded, good);
    EXPECT_TRUE(allowed.call_tool("whoami"));
    mcp::testing::in_process_options forged;
    forged.connection.headers = {{"Authorization", "Bearer t0ken"}, {"X-Authorizer-Principal", "ada"}};
    mcp::testing::in_process refused(guarded, forged);
    auto outcome = refused.call_tool("whoami");
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code(), mcp::protocol::code::forbidden);
}

// A server in dynamic list mode: activation is told to every session.
TEST(InProcessLists, RecordsListChangedForEverySession) {
    mcp::server srv({.name = "vault", .version = "1", .lists = mcp::list_mode::dynamic});
    srv.add_tool({.name = "open_vault", .description = "Take what is in the vault"}, [] { return std::string("gold"); });
    srv.start_inactive(mcp::list_kind::tools, "open_vault");
    mcp::testing::in_process c(srv);
    auto other = c.make_client();
    std::vector<std::string> heard;
    other->on_notification("notifications/tools/list_changed",
                           [&](boost::json::object const&) { heard.push_back("list_changed"); });
    ASSERT_TRUE(c.run(other->connect()));
    ASSERT_TRUE(c.list_all_tools().value().empty());
    ASSERT_TRUE(c.run(srv.activate_tool("open_vault")));
    ASSERT_TRUE(c.wait_for_notification("notifications/tools/list_changed"));
    auto tools = c.list_all_tools();
    ASSERT_TRUE(tools);
    ASSERT_EQ(tools->size(), 1u);
    EXPECT_EQ(tools->at(0).name, "open_vault");
    for (int i = 0; i < 100 && heard.empty(); ++i) c.run_for(std::chrono::milliseconds(10));
    EXPECT_EQ(heard.size(), 1u);
    ASSERT_TRUE(c.run(srv.deactivate_tool("open_vault")));
    ASSERT_TRUE(c.wait_for_notification("notifications/tools/list_changed"));
    EXPECT_TRUE(c.list_all_tools().value().empty());
    c.run(other->close());
}

} // namespace
