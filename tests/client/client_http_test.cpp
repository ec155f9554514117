// Our client against our server over real sockets: the fixture server (tests/conversation) behind the Streamable
// HTTP front door on 127.0.0.1, and mcp::client with its HTTP transport calling every method.
#include "../conversation/fixture_server.hpp"

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/http_server.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace {

namespace asio = boost::asio;
using mcp::testing::run;

using fixture::add_args;
using fixture::add_result;
using fixture::name_form;

class ClientHttp : public ::testing::Test {
protected:
    std::unique_ptr<mcp::client> make_client(mcp::transport::http_options o = {}) {
        if (o.url.empty()) o.url = served.url();
        return std::make_unique<mcp::client>(io.get_executor(), mcp::transport::http(std::move(o)).value());
    }

    std::unique_ptr<mcp::server> srv = mcp::testing::make_fixture_server();
    mcp::testing::http_server served{*srv};
    asio::io_context io;
};

TEST_F(ClientHttp, ConnectsAndNegotiatesTheLatestVersion) {
    auto c = make_client();
    auto init = run(io, c->connect());
    ASSERT_TRUE(init) << init.error().message();
    EXPECT_EQ(init->protocol_version, "2025-11-25");
    EXPECT_EQ(init->server_info.name, "fixture");
    EXPECT_EQ(init->instructions, "Use the tools.");
    EXPECT_TRUE(c->server_can("tools"));
    run(io, c->close());
}

TEST_F(ClientHttp, ListsEveryPageOfEveryList) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    auto tools = run(io, c->list_all_tools());
    ASSERT_TRUE(tools) << tools.error().message();
    std::set<std::string> names;
    for (auto const& t : *tools) names.insert(t.name);
    EXPECT_EQ(names.size(), tools->size()); // no page twice
    EXPECT_EQ(tools->size(), 13u);          // page size 3: five pages
    EXPECT_TRUE(names.count("add"));
    auto first = run(io, c->list_tools());
    ASSERT_TRUE(first);
    EXPECT_EQ(first->tools.size(), 3u);
    EXPECT_TRUE(first->next_cursor);
    auto resources = run(io, c->list_all_resources());
    ASSERT_TRUE(resources);
    EXPECT_EQ(resources->size(), 1u);
    auto templates = run(io, c->list_all_resource_templates());
    ASSERT_TRUE(templates);
    EXPECT_EQ(templates->at(0).uri_template, "test://items/{id}");
    auto prompts = run(io, c->list_all_prompts());
    ASSERT_TRUE(prompts);
    EXPECT_EQ(prompts->size(), 2u);
    run(io, c->close());
}

TEST_F(ClientHttp, CallsToolsTypedAndRaw) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    auto sum = run(io, c->call_tool<add_result>("add", add_args{2, 3}));
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 5);
    auto raw = run(io, c->call_tool("raw_sum", {{"values", {1, 2, 3.5}}}));
    ASSERT_TRUE(raw);
    EXPECT_EQ(mcp::text_of(*raw), "6"); // the fixture writes the whole part
    auto failed = run(io, c->call_tool<std::string>("fail", boost::json::object{}));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code(), mcp::client_code::tool_failed);
    EXPECT_NE(failed.error().message().find("the warehouse is closed"), std::string::npos);
    auto unknown = run(io, c->call_tool("no_such_tool"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code(), mcp::protocol::code::invalid_params);
    run(io, c->close());
}

TEST_F(ClientHttp, ReadsResourcesPromptsAndCompletions) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    auto readme = run(io, c->read_resource("test://readme"));
    ASSERT_TRUE(readme);
    EXPECT_EQ(readme->contents.at(0).text, "Fixture server readme.");
    auto item = run(io, c->read_resource("test://items/7"));
    ASSERT_TRUE(item);
    EXPECT_EQ(item->contents.at(0).text, "{\"id\":7}");
    auto missing = run(io, c->read_resource("test://nothing"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code(), mcp::protocol::code::resource_not_found);
    auto prompt = run(io, c->get_prompt("forecast", {{"city", "Oslo"}, {"days", "3"}}));
    ASSERT_TRUE(prompt) << prompt.error().message();
    auto const* text = std::get_if<mcp::protocol::text_content>(&prompt->messages.at(0).content);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->text, "Weather in Oslo for 3 day(s)");
    auto cities = run(io, c->complete({.ref = "forecast", .argument = "city", .value = "P"}));
    ASSERT_TRUE(cities) << cities.error().message();
    EXPECT_EQ(cities->values, (std::vector<std::string>{"Paris", "Perth", "Prague"}));
    EXPECT_TRUE(run(io, c->subscribe("test://readme")));
    EXPECT_TRUE(run(io, c->unsubscribe("test://readme")));
    EXPECT_TRUE(run(io, c->ping()));
    run(io, c->close());
}

TEST_F(ClientHttp, ReportsProgressAndLogs) {
    auto c = make_client();
    std::vector<std::string> logs;
    c->on_log([&](mcp::log_level level, boost::json::value const& data, std::optional<std::string>) {
        logs.push_back(std::string(mcp::protocol::to_string(level)) + ":" + boost::json::serialize(data));
    });
    ASSERT_TRUE(run(io, c->connect()));
    std::vector<double> seen;
    mcp::request_options o;
    o.on_progress = [&](mcp::progress_update const& p) { seen.push_back(p.progress); };
    auto done = run(io, c->call_tool("with_progress", {}, o));
    ASSERT_TRUE(done);
    EXPECT_EQ(seen, (std::vector<double>{0, 50, 100}));
    ASSERT_TRUE(run(io, c->set_log_level(mcp::log_level::info)));
    ASSERT_TRUE(run(io, c->call_tool("with_logs")));
    EXPECT_EQ(logs, (std::vector<std::string>{"info:\"info message\"", "warning:{\"disk\":\"low\"}"}));
    run(io, c->close());
}

mcp::task<mcp::result<mcp::elicitation_answer>> answer_name(mcp::elicitation_request req) {
    if (req.message != "Who are you?") co_return mcp::elicitation_answer::decline();
    co_return mcp::elicitation_answer::accept(name_form{"Ada"});
}

mcp::task<mcp::result<boost::json::object>> answer_sampling(boost::json::object params) {
    auto const& first = params.at("messages").as_array().at(0).at("content").at("text");
    co_return boost::json::object{{"role", "assistant"},
                                  {"content", {{"type", "text"}, {"text", "echo " + std::string(first.as_string())}}},
                                  {"model", "test-model"}};
}

TEST_F(ClientHttp, AnswersTheServersRequests) {
    auto c = make_client();
    c->on_elicitation(answer_name);
    c->on_sampling(answer_sampling);
    c->set_roots({{"file:///a", "a"}, {"file:///b", std::nullopt}});
    ASSERT_TRUE(run(io, c->connect()));
    auto hello = run(io, c->call_tool<std::string>("ask_name", boost::json::object{}));
    ASSERT_TRUE(hello) << hello.error().message();
    EXPECT_EQ(*hello, "Hello, Ada");
    auto sampled = run(io, c->call_tool<std::string>("sample", boost::json::object{}));
    ASSERT_TRUE(sampled);
    EXPECT_EQ(*sampled, "LLM said: echo Hi");
    auto roots = run(io, c->call_tool<std::string>("count_roots", boost::json::object{}));
    ASSERT_TRUE(roots);
    EXPECT_EQ(*roots, "2 roots");
    run(io, c->close());
}

TEST_F(ClientHttp, WithoutHandlersTheCapabilitiesAreNotDeclared) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    auto hello = run(io, c->call_tool<std::string>("ask_name", boost::json::object{}));
    ASSERT_TRUE(hello);
    EXPECT_NE(hello->find("elicitation failed"), std::string::npos) << *hello;
    run(io, c->close());
}

mcp::task<mcp::result<mcp::call_tool_result>> cancel_after(mcp::client& c, std::chrono::milliseconds after) {
    asio::cancellation_signal stop;
    asio::steady_timer timer(co_await asio::this_coro::executor, after);
    timer.async_wait([&](boost::system::error_code) { stop.emit(asio::cancellation_type::terminal); });
    boost::json::object args{{"ms", 5000}};
    co_return co_await asio::co_spawn(co_await asio::this_coro::executor, c.call_tool("slow", std::move(args)),
                                      asio::bind_cancellation_slot(stop.slot(), asio::use_awaitable));
}

TEST_F(ClientHttp, CancellingACallSendsNotificationsCancelled) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    auto start = std::chrono::steady_clock::now();
    auto outcome = run(io, cancel_after(*c, std::chrono::milliseconds(100)));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code(), mcp::client_code::cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
    // The session goes on.
    EXPECT_TRUE(run(io, c->ping()));
    run(io, c->close());
}

TEST_F(ClientHttp, ARequestWithoutAnAnswerInTimeEndsWithRequestTimeout) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    mcp::request_options o;
    o.timeout = std::chrono::milliseconds(200);
    boost::json::object args{{"ms", 3000}};
    auto outcome = run(io, c->call_tool("slow", args, o));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code(), mcp::protocol::code::request_timeout);
    run(io, c->close());
}

// DELETE of a session behind the client's back (another client of the same user, an operator).
void delete_session(unsigned short port, std::string const& session) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    namespace bhttp = boost::beast::http;
    bhttp::request<bhttp::empty_body> req(bhttp::verb::delete_, "/mcp", 11);
    req.set(bhttp::field::host, "127.0.0.1");
    req.set("mcp-session-id", session);
    bhttp::write(socket, req);
    boost::beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    ASSERT_EQ(res.result_int(), 200u);
}

TEST_F(ClientHttp, ASessionTheServerForgotIsRenewed) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    auto first = c->connection().session_id();
    ASSERT_TRUE(first);
    delete_session(served.port(), *first);
    auto sum = run(io, c->call_tool<add_result>("add", add_args{1, 1}));
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 2);
    auto second = c->connection().session_id();
    ASSERT_TRUE(second);
    EXPECT_NE(*first, *second);
    run(io, c->close());
}

TEST_F(ClientHttp, AnUnreachableServerIsAClearError) {
    auto port = served.port();
    served.stop();
    auto c = make_client({.url = "http://127.0.0.1:" + std::to_string(port) + "/mcp"});
    auto init = run(io, c->connect());
    ASSERT_FALSE(init);
    EXPECT_EQ(init.error().code(), mcp::transport::code::unreachable);
    EXPECT_NE(init.error().message().find("cannot connect"), std::string::npos) << init.error().message();
}

TEST_F(ClientHttp, CloseDeletesTheSession) {
    auto c = make_client();
    ASSERT_TRUE(run(io, c->connect()));
    run(io, c->close());
    EXPECT_TRUE(c->closed());
    auto after = run(io, c->ping());
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code(), mcp::client_code::closed);
}

} // namespace

namespace {

std::atomic<int> stopped_waits{0};

mcp::task<std::string> wait_long() {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::seconds(5));
    auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) ++stopped_waits;
    co_return "waited";
}

TEST(ClientHttpCancel, TheServerStopsTheCallTheClientCancelled) {
    mcp::server srv({.name = "waiter", .version = "1"});
    srv.add_tool({.name = "slow", .description = "Waits five seconds"}, wait_long);
    mcp::testing::http_server served{srv};
    asio::io_context io;
    mcp::client c(io.get_executor(), mcp::transport::http({.url = served.url()}).value());
    ASSERT_TRUE(run(io, c.connect()));
    auto outcome = run(io, cancel_after(c, std::chrono::milliseconds(100)));
    ASSERT_FALSE(outcome);
    for (int i = 0; i < 200 && stopped_waits == 0; ++i) mcp::testing::run_for(io, std::chrono::milliseconds(10));
    EXPECT_EQ(stopped_waits, 1); // notifications/cancelled reached the server, which stopped the handler
    run(io, c.close());
}

} // namespace

namespace {

class ClientVersions : public ::testing::TestWithParam<std::string> {};

// Version negotiation (2025-11-25 basic/lifecycle): a client that asks for an older version gets it from a server
// that speaks it, and the session then works (the version header carries it).
TEST_P(ClientVersions, AnOlderVersionIsNegotiatedAndUsed) {
    auto srv = mcp::testing::make_fixture_server();
    mcp::testing::http_server served{*srv};
    asio::io_context io;
    mcp::client c(io.get_executor(), mcp::transport::http({.url = served.url()}).value(),
                  {.protocol_version = GetParam()});
    auto init = run(io, c.connect());
    ASSERT_TRUE(init) << init.error().message();
    EXPECT_EQ(c.protocol_version(), GetParam());
    auto sum = run(io, c.call_tool<add_result>("add", add_args{20, 22}));
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 42);
    run(io, c.close());
}

INSTANTIATE_TEST_SUITE_P(EveryVersion, ClientVersions,
                         ::testing::Values("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"));

} // namespace
