// Input-required rounds of 2026-07-28 requests (server/input_round.hpp, session_rounds.cpp) over the streamable
// handler: the same ctx.elicit / ctx.sample / ctx.list_roots a 2025 tool uses, answered by the client's retry.
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/storage/memory/memory_state_store.hpp>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;
using namespace boost::asio::experimental::awaitable_operators;
namespace json = boost::json;

struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))
struct city_args {
    std::string city;
};
BOOST_DESCRIBE_STRUCT(city_args, (), (city))

std::string name_of(mcp::result<mcp::elicitation<name_form>> const& a) {
    return a && a->content ? a->content->name : "?";
}

json::object accepted(std::string name) {
    return {{"action", "accept"}, {"content", {{"name", std::move(name)}}}};
}

json::object envelope(json::object caps) {
    return {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
            {"io.modelcontextprotocol/clientCapabilities", std::move(caps)}};
}

class rounds : public ::testing::Test {
protected:
    explicit rounds(std::vector<std::string> keys = {}) : srv({.name = "rounds", .version = "1",
                                                               .request_state = {.keys = std::move(keys)}}) {
        srv.add_tool({.name = "greet", .description = "Asks a name"},
                     [this](mcp::call_context& ctx) -> mcp::task<std::string> {
                         ++runs;
                         co_return "Hello, " + name_of(co_await ctx.elicit<name_form>("Name?", "user_name")) + "!";
                     });
        srv.add_tool({.name = "pair", .description = "Asks two names together"},
                     [](mcp::call_context& ctx) -> mcp::task<std::string> {
                         auto [a, b] = co_await (ctx.elicit<name_form>("First?", "first") &&
                                                 ctx.elicit<name_form>("Second?", "second"));
                         co_return name_of(a) + "+" + name_of(b);
                     });
        srv.add_tool({.name = "steps", .description = "Asks two names, one after the other"},
                     [](city_args in, mcp::call_context& ctx) -> mcp::task<std::string> {
                         auto a = co_await ctx.elicit<name_form>("First?", "step1");
                         auto b = co_await ctx.elicit<name_form>("Second?", "step2");
                         co_return name_of(a) + "+" + name_of(b) + "@" + in.city;
                     });
    }

    json::object call(std::string tool, json::object extra = {}, json::object caps = {{"elicitation", json::object{}}},
                      int* status = nullptr, harness* via = nullptr) {
        json::object params{{"name", tool}, {"arguments", extra.contains("arguments") ? extra["arguments"] : json::object{}},
                            {"_meta", envelope(std::move(caps))}};
        for (auto& [k, v] : extra)
            if (k != "arguments") params[k] = v;
        json::object msg{{"jsonrpc", "2.0"}, {"id", ++id}, {"method", "tools/call"}, {"params", params}};
        request req{"POST", "/mcp",
                    {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                     {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tools/call"},
                     {"mcp-name", tool}},
                    json::serialize(msg), "127.0.0.1:5000"};
        auto w = (via ? *via : h).send(std::move(req));
        (via ? *via : h).run_for(50);
        if (status) *status = w->status;
        return w->json();
    }

    mcp::server srv;
    harness h{srv};
    int id = 0;
    int runs = 0;
};

TEST_F(rounds, AQuestionEndsTheRoundAndTheRetryCompletesTheCall) {
    auto first = call("greet").at("result").as_object();
    EXPECT_EQ(first.at("resultType"), "input_required");
    auto const& ask = first.at("inputRequests").at("user_name").as_object();
    EXPECT_EQ(ask.at("method"), "elicitation/create");
    EXPECT_EQ(ask.at("params").at("message"), "Name?");
    ASSERT_TRUE(first.at("requestState").is_string());
    auto done = call("greet", {{"inputResponses", {{"user_name", accepted("Alice")}}},
                               {"requestState", first.at("requestState")}});
    EXPECT_EQ(done.at("result").at("resultType"), "complete");
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "Hello, Alice!");
    EXPECT_EQ(runs, 2) << "the handler runs again from the start each round";
}

TEST_F(rounds, QuestionsAwaitedTogetherShareOneRound) {
    auto first = call("pair").at("result").as_object();
    auto const& asks = first.at("inputRequests").as_object();
    EXPECT_EQ(asks.size(), 2u);
    EXPECT_TRUE(asks.contains("first") && asks.contains("second"));
    auto done = call("pair", {{"inputResponses", {{"first", accepted("A")}, {"second", accepted("B")}}},
                              {"requestState", first.at("requestState")}});
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "A+B");
}

TEST_F(rounds, TheStateCarriesEarlierAnswersIntoLaterRounds) {
    json::object args{{"city", "Oslo"}};
    auto r1 = call("steps", {{"arguments", args}}).at("result").as_object();
    ASSERT_TRUE(r1.at("inputRequests").as_object().contains("step1"));
    auto r2 = call("steps", {{"arguments", args}, {"inputResponses", {{"step1", accepted("A")}}},
                             {"requestState", r1.at("requestState")}})
                  .at("result")
                  .as_object();
    ASSERT_EQ(r2.at("resultType"), "input_required");
    EXPECT_TRUE(r2.at("inputRequests").as_object().contains("step2"));
    EXPECT_NE(r2.at("requestState"), r1.at("requestState"));
    auto done = call("steps", {{"arguments", args}, {"inputResponses", {{"step2", accepted("B")}}},
                               {"requestState", r2.at("requestState")}});
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "A+B@Oslo") << "step1's answer came in the state";
}

TEST_F(rounds, AMissingAnswerIsAskedAgain) {
    auto again = call("greet", {{"inputResponses", {{"wrong_key", accepted("X")}}}}).at("result").as_object();
    EXPECT_EQ(again.at("resultType"), "input_required");
    EXPECT_TRUE(again.at("inputRequests").as_object().contains("user_name"));
}

TEST_F(rounds, ATamperedStateIsRefused) {
    auto first = call("greet").at("result").as_object();
    auto tampered = std::string(first.at("requestState").as_string()) + "-TAMPERED";
    auto refused = call("greet", {{"inputResponses", {{"user_name", accepted("Eve")}}}, {"requestState", tampered}});
    ASSERT_TRUE(refused.contains("error")) << refused;
    EXPECT_EQ(refused.at("error").at("code"), -32602);
    EXPECT_EQ(runs, 1) << "a refused state runs no handler";
}

TEST_F(rounds, AStateIsBoundToTheArgumentsItWasIssuedFor) {
    auto r1 = call("steps", {{"arguments", {{"city", "Oslo"}}}}).at("result").as_object();
    auto moved = call("steps", {{"arguments", {{"city", "Rome"}}}, {"inputResponses", {{"step1", accepted("A")}}},
                                {"requestState", r1.at("requestState")}});
    ASSERT_TRUE(moved.contains("error")) << moved;
    EXPECT_EQ(moved.at("error").at("code"), -32602);
}

TEST_F(rounds, AMalformedAnswerIsInvalidParams) {
    auto refused = call("greet", {{"inputResponses", {{"user_name", 12345}}}});
    ASSERT_TRUE(refused.contains("error")) << refused;
    EXPECT_EQ(refused.at("error").at("code"), -32602);
}

TEST_F(rounds, AnUndeclaredCapabilityIs400MissingCapability) {
    int status = 0;
    auto refused = call("greet", {}, json::object{}, &status);
    EXPECT_EQ(status, 400);
    EXPECT_EQ(refused.at("error").at("code"), -32021);
    EXPECT_TRUE(refused.at("error").at("data").at("requiredCapabilities").as_object().contains("elicitation"));
}

class fleet_rounds : public rounds {
protected:
    fleet_rounds() : rounds({std::string(32, 'k')}) {}
};

TEST_F(fleet_rounds, AnotherInstanceWithTheSameKeyFinishesTheCall) {
    mcp::server other({.name = "rounds", .version = "1", .request_state = {.keys = {std::string(32, 'k')}}});
    other.add_tool({.name = "greet", .description = "Asks a name"}, [](mcp::call_context& ctx) -> mcp::task<std::string> {
        co_return "Hello, " + name_of(co_await ctx.elicit<name_form>("Name?", "user_name")) + "!";
    });
    harness there(other);
    auto first = call("greet").at("result").as_object();
    auto done = call("greet", {{"inputResponses", {{"user_name", accepted("Bo")}}}, {"requestState", first.at("requestState")}},
                     {{"elicitation", json::object{}}}, nullptr, &there);
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "Hello, Bo!");

    mcp::server stranger({.name = "rounds", .version = "1"}); // its own store, so its own key
    stranger.add_tool({.name = "greet", .description = "Asks a name"}, [](mcp::call_context&) { return std::string("x"); });
    harness far(stranger);
    auto refused = call("greet", {{"inputResponses", {{"user_name", accepted("Bo")}}}, {"requestState", first.at("requestState")}},
                        {{"elicitation", json::object{}}}, nullptr, &far);
    EXPECT_EQ(refused.at("error").at("code"), -32602);
}

// Without configured keys, instances that share a state store share the key kept there (request_state_key.hpp);
// the emulated Lambda fleet failed its rounds before this (each container drew its own key).
TEST(RequestStateKeys, InstancesSharingAStateStoreShareTheKeyWithoutConfiguration) {
    auto store = std::make_shared<mcp::storage::memory_state_store>();
    auto make = [&store] {
        auto srv = std::make_unique<mcp::server>(mcp::server_options{.name = "fleet", .version = "1", .state_store = store});
        srv->add_tool({.name = "greet", .description = "Asks a name"}, [](mcp::call_context& ctx) -> mcp::task<std::string> {
            co_return "Hello, " + name_of(co_await ctx.elicit<name_form>("Name?", "user_name")) + "!";
        });
        return srv;
    };
    auto a = make(), b = make();
    harness ha(*a), hb(*b);
    auto post = [](harness& h, json::object params) {
        params["name"] = "greet";
        params["_meta"] = envelope({{"elicitation", json::object{}}});
        json::object msg{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"}, {"params", params}};
        request req{"POST", "/mcp",
                    {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                     {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tools/call"},
                     {"mcp-name", "greet"}},
                    json::serialize(msg), "127.0.0.1:5000"};
        auto w = h.send(std::move(req));
        h.run_for(50);
        return w->json();
    };
    auto first = post(ha, {}).at("result").as_object();
    auto done = post(hb, {{"inputResponses", {{"user_name", accepted("Cy")}}}, {"requestState", first.at("requestState")}});
    ASSERT_TRUE(done.contains("result")) << done;
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "Hello, Cy!");
}

class down_state_store : public mcp::storage::state_store {
public:
    mcp::task<mcp::storage::result<std::optional<mcp::storage::state_record>>> load(std::string) override {
        co_return mcp::storage::error(mcp::storage::errc::unavailable, "down for the test");
    }
    mcp::task<mcp::storage::result<>> save(mcp::storage::state_record&) override {
        co_return mcp::storage::error(mcp::storage::errc::unavailable, "down for the test");
    }
};

// Review finding: every tools/call read the key from the state store first, so a store outage failed calls that
// ask nothing. The key is read only when a round ends or a state comes back.
TEST(RequestStateKeys, ACallThatAsksNothingDoesNotNeedTheStateStore) {
    mcp::server srv({.name = "down", .version = "1", .state_store = std::make_shared<down_state_store>()});
    srv.add_tool({.name = "plain", .description = "Asks nothing"}, [] { return std::string("plain"); });
    srv.add_tool({.name = "greet", .description = "Asks a name"}, [](mcp::call_context& ctx) -> mcp::task<std::string> {
        co_return "Hello, " + name_of(co_await ctx.elicit<name_form>("Name?", "user_name")) + "!";
    });
    harness h(srv);
    auto post = [&h](std::string tool) {
        json::object msg{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
                         {"params", {{"name", tool}, {"_meta", envelope({{"elicitation", json::object{}}})}}}};
        request req{"POST", "/mcp",
                    {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                     {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2026-07-28"}, {"mcp-method", "tools/call"},
                     {"mcp-name", tool}},
                    json::serialize(msg), "127.0.0.1:5000"};
        auto w = h.send(std::move(req));
        h.run_for(50);
        return w->json();
    };
    auto plain = post("plain");
    ASSERT_TRUE(plain.contains("result")) << plain;
    EXPECT_EQ(plain.at("result").at("content").at(0).at("text"), "plain");
    auto asking = post("greet");
    ASSERT_TRUE(asking.contains("error")) << asking;
    EXPECT_EQ(asking.at("error").at("code"), -32603);
    EXPECT_NE(json::serialize(asking.at("error").at("message")).find("down for the test"), std::string::npos) << asking;
}

TEST(RequestStateKeys, AShortKeyIsRefusedAtConstruction) {
    EXPECT_THROW(mcp::server({.name = "s", .version = "1", .request_state = {.keys = {"short"}}}), std::invalid_argument);
}

} // namespace
