// The invocation loop against a scripted Runtime API on a real socket: what the loop answers to each kind of
// invocation (HTTP events of several sources, authorizer context, forged headers, completion notices, unknown
// payloads, GET in buffered mode) and the exact bytes of a streamed response (prelude, eight NULs, body).
// The Runtime API here is a test double of AWS's service (the emulator in tools/ is checked against AWS's own
// client); the server under test is the real lambda::run.
#include <mcp/lambda/runtime.hpp>

#include <mcp/lambda/prelude.hpp>
#include <mcp/lambda/testing/event_fixtures.hpp>
#include <mcp/net/listener.hpp>
#include <mcp/storage/memory/memory_store.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using mcp::lambda::testing::edited_event;
using mcp::lambda::testing::event_text;

// What the function posted for one invocation.
struct posted {
    std::string kind; // "response" or "error"
    mcp::http::headers headers;
    std::string body;
};

// The scripted Runtime API: hands out queued events on /next (waiting for one), records what comes back.
class runtime_api {
public:
    runtime_api()
        : listener_(io_.get_executor(), {.port = 0},
                    [this](mcp::http::request r, mcp::http::response_writer& w) {
                        return serve(this, std::move(r), w);
                    }) {
        listener_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~runtime_api() {
        listener_.stop([this] { io_.stop(); });
        thread_.join();
    }
    std::string endpoint() const { return "127.0.0.1:" + std::to_string(listener_.port()); }

    // Queues an event with `deadline` to run and waits for what the function posts for it.
    posted invoke(std::string payload, std::chrono::milliseconds deadline = 30s) {
        std::unique_lock lock(mutex_);
        auto id = "req-" + std::to_string(++count_);
        queue_.push_back({id, std::move(payload), deadline});
        changed_.wait_for(lock, 20s, [&] { return answers_.contains(id); });
        return answers_.contains(id) ? answers_[id] : posted{"timeout", {}, ""};
    }
    // The next /next gets a 500: the loop ends.
    void shut() {
        std::lock_guard lock(mutex_);
        queue_.push_back({"", "", 0ms});
    }

private:
    struct event {
        std::string id, payload;
        std::chrono::milliseconds deadline{0};
    };

    static mcp::task<> serve(runtime_api* self, mcp::http::request r, mcp::http::response_writer& w) {
        if (r.target.ends_with("/invocation/next"))
            co_return co_await self->next(w);
        auto kind = r.target.ends_with("/response") ? "response" : "error";
        auto id = r.target.substr(r.target.find("/invocation/") + 12);
        id = id.substr(0, id.find('/'));
        {
            std::lock_guard lock(self->mutex_);
            self->answers_[id] = {kind, r.headers, r.body};
        }
        self->changed_.notify_all();
        co_await w.respond(202, {}, R"({"status":"OK"})");
    }

    mcp::task<> next(mcp::http::response_writer& w) {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        for (;;) {
            std::optional<event> e;
            {
                std::lock_guard lock(mutex_);
                if (!queue_.empty()) {
                    e = std::move(queue_.front());
                    queue_.pop_front();
                }
            }
            if (e && e->id.empty())
                co_return co_await w.respond(500, {}, "shutting down");
            if (e) {
                auto deadline = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    (std::chrono::system_clock::now() + e->deadline).time_since_epoch())
                                    .count();
                mcp::http::headers h{
                    {"lambda-runtime-aws-request-id", e->id},
                    {"lambda-runtime-deadline-ms", std::to_string(deadline)},
                    {"lambda-runtime-invoked-function-arn", "arn:aws:lambda:eu-west-1:1:function:t"},
                    {"lambda-runtime-trace-id", "Root=1-abc"}};
                co_return co_await w.respond(200, std::move(h), std::move(e->payload));
            }
            timer.expires_after(5ms);
            co_await timer.async_wait(asio::use_awaitable);
        }
    }

    asio::io_context io_;
    mcp::net::listener listener_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<event> queue_;
    std::map<std::string, posted> answers_;
    int count_ = 0;
};

// A session store that can be made slow, as a throttled DynamoDB is: its loads take `delay`.
class slow_sessions : public mcp::storage::session_store {
public:
    std::atomic<int> delay_ms{0};
    mcp::task<mcp::storage::result<>> create(mcp::storage::session_record r) override {
        return inner_.create(std::move(r));
    }
    mcp::task<mcp::storage::result<std::optional<mcp::storage::session_record>>>
    load(std::string id) override {
        asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(delay_ms.load()));
        co_await t.async_wait(asio::use_awaitable);
        co_return co_await inner_.load(std::move(id));
    }
    mcp::task<mcp::storage::result<>> save(mcp::storage::session_record& r) override {
        return inner_.save(r);
    }
    mcp::task<mcp::storage::result<bool>> terminate(std::string id) override {
        return inner_.terminate(std::move(id));
    }

private:
    mcp::storage::memory_session_store inner_;
};

mcp::task<mcp::storage::result<mcp::storage::stores>> open_slow(std::shared_ptr<slow_sessions> s,
                                                                asio::any_io_executor) {
    co_return mcp::storage::stores{s, std::make_shared<mcp::storage::memory_event_store>()};
}

// A tool that tells what the loop let it see of the caller.
std::string whoami(mcp::call_context& ctx) {
    auto user = ctx.metadata().get("x-authorizer-user_id").value_or("(none)");
    auto tenant = ctx.metadata().get("x-authorizer-tenant_name").value_or("(none)");
    auto info = mcp::lambda::invocation_of(ctx.metadata());
    return std::string(user) + "|" + std::string(tenant) + "|" +
           (info ? info->request_id + "|" + info->trace_id : "-");
}

// Two progress notifications, then the result: an SSE answer with several events to resume from.
std::string two_steps(mcp::call_context& ctx) {
    ctx.progress(1, 2);
    ctx.progress(2, 2);
    return "stepped";
}

class lambda_loop : public ::testing::Test {
protected:
    void start(mcp::lambda::response_mode mode) {
        ::setenv("AWS_LAMBDA_RUNTIME_API", api.endpoint().c_str(), 1);
        srv.add_tool({.name = "whoami", .description = "Who called"}, whoami);
        srv.add_tool({.name = "two_steps", .description = "Progress twice"}, two_steps);
        auto options = mcp::lambda::development([](std::string_view) { return std::nullopt; });
        options.mode = mode;
        options.open_stores = [s = sessions](asio::any_io_executor ex) { return open_slow(s, ex); };
        loop = std::thread([this, options] { exit_code = mcp::lambda::run(srv, options); });
    }
    void TearDown() override {
        api.shut();
        if (loop.joinable())
            loop.join();
        EXPECT_EQ(exit_code, 1) << "the loop ends when the Runtime API fails";
    }

    // A REST (v1) event carrying `body` to /mcp, from the fixture with a Lambda authorizer.
    static std::string rest_post(std::string const& body, std::string const& session = "") {
        return edited_event("rest_lambda_authorizer.json", [&](boost::json::object& e) {
            e["body"] = body;
            e["isBase64Encoded"] = false;
            auto& mvh = e["multiValueHeaders"].as_object();
            if (session.empty())
                mvh.erase("Mcp-Session-Id");
            else
                mvh["Mcp-Session-Id"] = boost::json::array{boost::json::string(session)};
        });
    }
    static boost::json::object response_of(posted const& p) { return boost::json::parse(p.body).as_object(); }

    runtime_api api;
    std::shared_ptr<slow_sessions> sessions = std::make_shared<slow_sessions>();
    mcp::server srv{{.name = "lambda-loop-test", .version = "1"}};
    std::thread loop;
    int exit_code = -1;
};

constexpr char const* initialize = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{)"
                                   R"("protocolVersion":"2025-11-25","capabilities":{},)"
                                   R"("clientInfo":{"name":"t","version":"0"}}})";
constexpr char const* call_whoami =
    R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami"}})";

// Payload 1.0 answers carry a header with one value in `headers`.
std::string session_of(boost::json::object const& buffered) {
    return std::string(buffered.at("headers").at("mcp-session-id").as_string());
}

TEST_F(lambda_loop, AuthorizerContextReachesHandlersAndForgedHeadersDoNot) {
    start(mcp::lambda::response_mode::buffered);
    auto init = response_of(api.invoke(rest_post(initialize)));
    ASSERT_EQ(init.at("statusCode"), 200) << init;
    auto called = response_of(api.invoke(rest_post(call_whoami, session_of(init))));
    auto rpc = boost::json::parse(called.at("body").as_string()).as_object();
    auto text = rpc.at("result").at("content").at(0).at("text").as_string();
    EXPECT_EQ(text, "u-1234|acme|req-2|Root=1-abc")
        << "the fixture's client header says 'admin'; the authorizer u-1234";
}

// Finding: the loop set _X_AMZN_TRACE_ID with setenv() while its I/O threads ran (a data race on the
// environment); the trace id reaches handlers through the request's metadata instead.
TEST_F(lambda_loop, TheTraceIdReachesHandlersWithoutTouchingTheEnvironment) {
    ::unsetenv("_X_AMZN_TRACE_ID");
    start(mcp::lambda::response_mode::buffered);
    auto init = response_of(api.invoke(rest_post(initialize)));
    auto called = response_of(api.invoke(rest_post(call_whoami, session_of(init))));
    auto rpc = boost::json::parse(called.at("body").as_string()).as_object();
    auto text = rpc.at("result").at("content").at(0).at("text").as_string();
    EXPECT_TRUE(text.ends_with("|Root=1-abc")) << text;
    EXPECT_EQ(::getenv("_X_AMZN_TRACE_ID"), nullptr);
}

TEST_F(lambda_loop, BufferedResponsesUseTheEventsFormat) {
    start(mcp::lambda::response_mode::buffered);
    auto v1 = response_of(api.invoke(rest_post(initialize)));
    EXPECT_TRUE(v1.contains("multiValueHeaders")) << "REST answers in payload 1.0 form";
    EXPECT_EQ(v1.at("isBase64Encoded"), false);
    auto v2 =
        response_of(api.invoke(edited_event("http_api_lambda_authorizer.json", [](boost::json::object& e) {
            e["body"] = initialize;
            e["isBase64Encoded"] = false;
            e["headers"].as_object().erase("mcp-session-id");
        })));
    EXPECT_EQ(v2.at("statusCode"), 200) << v2;
    EXPECT_TRUE(v2.contains("cookies")) << "HTTP API answers in payload 2.0 form";
}

TEST_F(lambda_loop, GetInBufferedModeIs405) {
    start(mcp::lambda::response_mode::buffered);
    auto get = response_of(api.invoke(edited_event("rest_no_authorizer.json", [](boost::json::object& e) {
        e["httpMethod"] = "GET";
        e["body"] = nullptr;
    })));
    EXPECT_EQ(get.at("statusCode"), 405);
    auto body = boost::json::parse(get.at("body").as_string());
    EXPECT_EQ(body.at("error").at("code"), -32600);
}

// Finding (tests/browser/browser_cors.mjs): the loop's own answers had no CORS headers, so a browser page saw
// the 405 as a network error (fetch's TypeError) and could not tell that the server offers no GET stream.
TEST_F(lambda_loop, TheLoopsOwnAnswersCarryTheCorsHeaders) {
    start(mcp::lambda::response_mode::buffered); // development(): CORS for any origin
    auto get = response_of(api.invoke(edited_event("rest_no_authorizer.json", [](boost::json::object& e) {
        e["httpMethod"] = "GET";
        e["body"] = nullptr;
        e["headers"].as_object()["Origin"] = "https://app.example.com";
        e["multiValueHeaders"].as_object()["Origin"] = boost::json::array{"https://app.example.com"};
    })));
    ASSERT_EQ(get.at("statusCode"), 405);
    auto const& headers = get.at("headers").as_object();
    ASSERT_TRUE(headers.contains("access-control-allow-origin")) << get;
    EXPECT_EQ(headers.at("access-control-allow-origin"), "*");
    EXPECT_TRUE(headers.contains("access-control-expose-headers")) << get;
    EXPECT_EQ(headers.at("content-type"), "application/json");
}

TEST_F(lambda_loop, GetWithLastEventIdInBufferedModeReplaysWhatTheStreamStored) {
    start(mcp::lambda::response_mode::buffered);
    auto init = response_of(api.invoke(rest_post(initialize)));
    auto session = session_of(init);
    auto call = R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"two_steps",)"
                R"("_meta":{"progressToken":"t"}}})";
    auto streamed = response_of(api.invoke(rest_post(call, session)));
    auto sse = std::string(streamed.at("body").as_string());
    auto first_id = sse.substr(sse.find("id: ") + 4);
    first_id = first_id.substr(0, first_id.find('\n')); // the priming event's id: sequence 0
    auto replay = response_of(api.invoke(edited_event("rest_no_authorizer.json", [&](boost::json::object& e) {
        e["httpMethod"] = "GET";
        e["body"] = nullptr;
        auto& mvh = e["multiValueHeaders"].as_object();
        mvh["Mcp-Session-Id"] = boost::json::array{boost::json::string(session)};
        mvh["Last-Event-ID"] = boost::json::array{boost::json::string(first_id)};
        mvh["Accept"] = boost::json::array{"text/event-stream"};
    })));
    EXPECT_EQ(replay.at("statusCode"), 200) << replay;
    auto body = std::string(replay.at("body").as_string());
    EXPECT_NE(body.find("notifications/progress"), std::string::npos) << body;
    EXPECT_NE(body.find("stepped"), std::string::npos) << "the stored answer, whole" << body;
}

// A store slower than the invocation's deadline (throttling): the invocation answers 504 in time instead of
// being killed by Lambda, and the next one is served.
TEST_F(lambda_loop, AHandlerStuckPastTheDeadlineGets504AndTheLoopGoesOn) {
    start(mcp::lambda::response_mode::buffered);
    auto session = session_of(response_of(api.invoke(rest_post(initialize))));
    sessions->delay_ms = 3000;
    auto stuck = response_of(api.invoke(rest_post(call_whoami, session), 1500ms)); // until = deadline - 1 s
    EXPECT_EQ(stuck.at("statusCode"), 504) << "the store answers after 3 s; the deadline came first: " << stuck;
    sessions->delay_ms = 0;
    auto next = response_of(api.invoke(rest_post(call_whoami, session)));
    EXPECT_EQ(next.at("statusCode"), 200) << next;
}

TEST_F(lambda_loop, AStreamedHandlerStuckPastTheDeadlineGets504) {
    start(mcp::lambda::response_mode::streaming);
    auto init = api.invoke(edited_event("function_url.json", [](boost::json::object& e) {
        e["body"] = initialize;
        e["isBase64Encoded"] = false;
        e["headers"].as_object()["content-type"] = "application/json";
    }));
    auto prelude = boost::json::parse(init.body.substr(0, init.body.find(mcp::lambda::prelude_delimiter)));
    auto session = std::string(prelude.at("headers").at("mcp-session-id").as_string());
    sessions->delay_ms = 3000;
    auto stuck = api.invoke(edited_event("function_url.json",
                                         [&](boost::json::object& e) {
                                             e["body"] = call_whoami;
                                             e["isBase64Encoded"] = false;
                                             e["headers"].as_object()["content-type"] = "application/json";
                                             e["headers"].as_object()["mcp-session-id"] = session;
                                         }),
                            1500ms);
    auto cut = stuck.body.find(mcp::lambda::prelude_delimiter);
    ASSERT_NE(cut, std::string::npos) << stuck.body;
    EXPECT_EQ(boost::json::parse(stuck.body.substr(0, cut)).at("statusCode"), 504);
}

TEST_F(lambda_loop, CompletionNoticesAreAcknowledgedQuietly) {
    start(mcp::lambda::response_mode::buffered);
    auto ack = api.invoke(event_text("completion_notice.json"));
    EXPECT_EQ(ack.kind, "response") << "not an invocation error";
}

TEST_F(lambda_loop, UnknownPayloadsAreInvocationErrorsThatSayWhy) {
    start(mcp::lambda::response_mode::buffered);
    auto failed = api.invoke(R"({"Records":[{"eventSource":"aws:sqs"}]})");
    ASSERT_EQ(failed.kind, "error");
    EXPECT_EQ(failed.headers.get("lambda-runtime-function-error-type"), "Runtime.UnknownEvent");
    auto body = boost::json::parse(failed.body).as_object();
    EXPECT_EQ(body.at("errorType"), "Runtime.UnknownEvent");
    EXPECT_NE(std::string(body.at("errorMessage").as_string()).find("not an HTTP event"), std::string::npos);
    EXPECT_EQ(api.invoke(rest_post(initialize)).kind, "response") << "the loop goes on";
}

TEST_F(lambda_loop, StreamedResponsesArePreludeNulsThenBody) {
    start(mcp::lambda::response_mode::streaming);
    auto streamed = api.invoke(edited_event("function_url.json", [](boost::json::object& e) {
        e["body"] = initialize;
        e["isBase64Encoded"] = false;
        e["headers"].as_object()["content-type"] = "application/json";
    }));
    ASSERT_EQ(streamed.kind, "response");
    EXPECT_EQ(streamed.headers.get("content-type"), mcp::lambda::http_integration_content_type);
    auto cut = streamed.body.find(mcp::lambda::prelude_delimiter);
    ASSERT_NE(cut, std::string::npos) << streamed.body;
    auto prelude = boost::json::parse(streamed.body.substr(0, cut)).as_object();
    EXPECT_EQ(prelude.at("statusCode"), 200);
    EXPECT_TRUE(prelude.at("headers").as_object().contains("mcp-session-id"));
    auto rpc = boost::json::parse(streamed.body.substr(cut + 8));
    EXPECT_EQ(rpc.at("result").at("protocolVersion"), "2025-11-25");
}

TEST_F(lambda_loop, StreamedPreflightHasABody) {
    start(mcp::lambda::response_mode::streaming);
    auto preflight = api.invoke(edited_event("function_url.json", [](boost::json::object& e) {
        e["requestContext"].as_object()["http"].as_object()["method"] = "OPTIONS";
        e["headers"].as_object()["origin"] = "https://app.example.com";
        e["headers"].as_object()["access-control-request-method"] = "POST";
        e.erase("body");
    }));
    auto cut = preflight.body.find(mcp::lambda::prelude_delimiter);
    ASSERT_NE(cut, std::string::npos);
    auto prelude = boost::json::parse(preflight.body.substr(0, cut)).as_object();
    EXPECT_EQ(prelude.at("statusCode"), 200);
    EXPECT_GT(preflight.body.size(), cut + 8) << "a non-empty body, so the gateway never waits for one";
}

} // namespace
