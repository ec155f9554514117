// Middleware's `around` (server/middleware.hpp): it wraps the rest of the chain and the handler, may suspend
// before and after next(), may answer without next(), and its misuses (next() twice, an exception) become
// errors, never a second run of the handler. before/after alone are tested in behaviour_test.cpp.
#include "conversation.hpp"
#include "fixture_server.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using mcp::testing::conversation;
using outcome_t = mcp::result<boost::json::value>;
using trace_t = std::vector<std::string>;

constexpr char const* add_call =
    R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"counted"}})";

// The fixture's tools and "counted", which counts its runs, so a test can tell whether the handler ran.
struct counted_server {
    std::unique_ptr<mcp::server> srv = mcp::testing::make_fixture_server();
    std::shared_ptr<int> runs = std::make_shared<int>(0);
    counted_server() {
        srv->add_tool({.name = "counted", .description = "Counts its runs"},
                      [count = runs](mcp::call_context&) {
                          ++*count;
                          return std::string("3");
                      });
    }
};

void open(conversation& c) {
    c.send(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
           R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})");
    ASSERT_TRUE(c.next());
    c.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
}

// Records "<name> in" and "<name> out" around next(); optionally waits `ms` on a timer before and after it.
// A named function object, not a coroutine lambda with captures (ARCHITECTURE.md section 4, g++ 12).
struct tracing_around {
    std::string name;
    trace_t* trace;
    int ms = 0;

    mcp::task<outcome_t> operator()(mcp::middleware_context& ctx, mcp::next_handler const& next) const {
        if (ctx.method != "tools/call")
            co_return co_await next();
        co_await pause();
        trace->push_back(name + " in");
        auto outcome = co_await next();
        trace->push_back(name + " out");
        co_await pause();
        co_return outcome;
    }

    mcp::task<void> pause() const {
        if (ms == 0)
            co_return;
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                        std::chrono::milliseconds(ms));
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
};

// A middleware with all three parts, each recording itself for tools/call.
mcp::middleware traced(std::string name, trace_t& trace, int ms = 0) {
    return {.before = [&trace, name](mcp::middleware_context& ctx) -> mcp::result<> {
                if (ctx.method == "tools/call")
                    trace.push_back(name + " before");
                return {};
            },
            .after =
                [&trace, name](mcp::middleware_context& ctx, outcome_t&) {
                    if (ctx.method == "tools/call")
                        trace.push_back(name + " after");
                },
            .around = tracing_around{name, &trace, ms}};
}

TEST(middleware_around, WrapsTheRestOfTheChainInRegistrationOrder) {
    counted_server s;
    trace_t trace;
    s.srv->use(traced("a", trace));
    s.srv->use({.before = [&trace](mcp::middleware_context& ctx) -> mcp::result<> {
                    if (ctx.method == "tools/call")
                        trace.push_back("b before");
                    return {};
                },
                .after =
                    [&trace](mcp::middleware_context& ctx, outcome_t&) {
                        if (ctx.method == "tools/call")
                            trace.push_back("b after");
                    }});
    s.srv->use(traced("c", trace));
    conversation c(*s.srv);
    open(c);
    c.send(add_call);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->contains("result")) << boost::json::serialize(*reply);
    EXPECT_EQ(*s.runs, 1);
    EXPECT_EQ(trace, (trace_t{"a before", "a in", "b before", "c before", "c in", "c out", "c after",
                              "b after", "a out", "a after"}));
}

TEST(middleware_around, MaySuspendOnATimerBeforeAndAfterNext) {
    counted_server s;
    trace_t trace;
    s.srv->use(traced("slow", trace, 30));
    conversation c(*s.srv);
    open(c);
    c.send(add_call);
    EXPECT_FALSE(c.next()) << "no answer while the middleware waits on its timer";
    for (int waited = 0; waited < 2'000 && c.pending() == 0; waited += 10)
        c.wait(10);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->at("result").at("content").at(0).at("text"), "3");
    EXPECT_EQ(trace, (trace_t{"slow before", "slow in", "slow out", "slow after"}));
}

// A tool result with one text content.
boost::json::value text_result(std::string text) {
    boost::json::object content{{"type", "text"}, {"text", std::move(text)}};
    return boost::json::object{{"content", boost::json::array{std::move(content)}}};
}

// Answers tools/call itself, from the params and metadata it sees, without calling next().
struct answer_itself {
    mcp::task<outcome_t> operator()(mcp::middleware_context& ctx, mcp::next_handler const& next) const {
        if (ctx.method != "tools/call")
            co_return co_await next();
        auto user = ctx.metadata.get("x-user");
        auto answer = text_result(std::string(ctx.params.at("name").as_string()) + " for " +
                                  std::string(user.value_or("?")));
        co_return answer;
    }
};

TEST(middleware_around, AnswersWithoutNextAndTheHandlerNeverRuns) {
    counted_server s;
    trace_t trace;
    s.srv->use(traced("outer", trace));
    s.srv->use({.around = answer_itself{}});
    s.srv->use(traced("inner", trace));
    conversation c(*s.srv);
    open(c);
    mcp::request_metadata meta;
    meta.set("X-User", "ada");
    c.send(add_call, meta);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->at("result").at("content").at(0).at("text"), "counted for ada")
        << "params and metadata visible";
    EXPECT_EQ(*s.runs, 0);
    EXPECT_EQ(trace, (trace_t{"outer before", "outer in", "outer out", "outer after"}))
        << "middlewares after the one that answered do not run";
}

// Calls next() twice; records what the second call gave.
struct next_twice {
    outcome_t* second;
    mcp::task<outcome_t> operator()(mcp::middleware_context&, mcp::next_handler const& next) const {
        auto first = co_await next();
        *second = co_await next();
        co_return first;
    }
};

TEST(middleware_around, CallingNextTwiceIsRefusedAndTheHandlerRunsOnce) {
    counted_server s;
    outcome_t second = boost::json::value();
    s.srv->use({.around = next_twice{&second}});
    conversation c(*s.srv);
    open(c);
    c.send(add_call);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    EXPECT_TRUE(reply->contains("result")) << "the first call's outcome is the answer";
    EXPECT_EQ(*s.runs, 1);
    ASSERT_FALSE(second) << "the second next() is an error";
    EXPECT_EQ(second.error().code(), mcp::protocol::code::internal_error);
    EXPECT_NE(second.error().message().find("next() called twice"), std::string::npos)
        << second.error().message();
}

struct throws_around {
    mcp::task<outcome_t> operator()(mcp::middleware_context& ctx, mcp::next_handler const& next) const {
        if (ctx.method == "tools/call")
            throw std::runtime_error("introspection endpoint said something unexpected");
        co_return co_await next();
    }
};

TEST(middleware_around, AnExceptionBecomesAnInternalErrorWithoutItsText) {
    counted_server s;
    s.srv->use({.around = throws_around{}});
    conversation c(*s.srv);
    open(c);
    c.send(add_call);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    auto const& error = reply->at("error").as_object();
    EXPECT_EQ(error.at("code"), mcp::protocol::code::internal_error);
    EXPECT_EQ(boost::json::serialize(error).find("introspection"), std::string::npos)
        << "details go to the log";
    EXPECT_EQ(*s.runs, 0);
    c.send(R"({"jsonrpc":"2.0","id":2,"method":"ping"})");
    EXPECT_TRUE(c.next()) << "the session goes on";
}

// Replaces the outcome next() gave: an around sees the handler's result as an after hook does.
struct replaces_outcome {
    mcp::task<outcome_t> operator()(mcp::middleware_context& ctx, mcp::next_handler const& next) const {
        auto outcome = co_await next();
        if (ctx.method == "tools/call" && outcome)
            co_return mcp::error::forbidden("seen: " + boost::json::serialize(*outcome));
        co_return outcome;
    }
};

TEST(middleware_around, SeesAndMayReplaceTheOutcomeOfNext) {
    counted_server s;
    s.srv->use({.around = replaces_outcome{}});
    conversation c(*s.srv);
    open(c);
    c.send(add_call);
    auto reply = c.next();
    ASSERT_TRUE(reply);
    auto const& error = reply->at("error").as_object();
    EXPECT_EQ(error.at("code"), mcp::protocol::code::forbidden);
    EXPECT_NE(std::string(error.at("message").as_string()).find("\"3\""), std::string::npos)
        << boost::json::serialize(error);
    EXPECT_EQ(*s.runs, 1);
}

} // namespace
