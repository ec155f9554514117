// Golden HTTP tests: the streamable handler driven through in-process exchanges, no sockets.
#include <mcp/http/testing/exchange_harness.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>
#include <iostream>
#include <thread>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;

struct echo_args {
    std::string text;
};
BOOST_DESCRIBE_STRUCT(echo_args, (), (text))
struct steps_args {
    int steps;
};
BOOST_DESCRIBE_STRUCT(steps_args, (), (steps))
struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))

std::string echo(echo_args in) {
    return in.text;
}

// One progress notification every 20 ms, then the result.
mcp::task<std::string> stepped(steps_args in, mcp::call_context& ctx) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
    for (int i = 1; i <= in.steps; ++i) {
        ctx.progress(i, in.steps);
        t.expires_after(std::chrono::milliseconds(20));
        co_await t.async_wait(boost::asio::use_awaitable);
    }
    co_return "done " + std::to_string(in.steps);
}

mcp::task<std::string> ask(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("Name?");
    if (!answer || !answer->content)
        co_return "no answer";
    co_return "hi " + answer->content->name;
}

// Sends nothing and answers after 10 s, unless cancelled: a call answered with JSON that is still running.
mcp::task<std::string> slow() {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, std::chrono::seconds(10));
    co_await t.async_wait(boost::asio::use_awaitable);
    co_return "late";
}

// Blocks a thread of the blocking pool for 300 ms: cancellation cannot stop it.
std::string stubborn() {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return "finished anyway";
}

std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(mcp::server_options{.name = "http-test", .version = "1", .lists = mcp::list_mode::dynamic});
    srv->add_tool({.name = "echo", .description = "Echo"}, echo);
    srv->add_tool({.name = "stepped", .description = "Progress then result"}, stepped);
    srv->add_tool({.name = "ask", .description = "Elicits"}, ask);
    srv->add_tool({.name = "slow", .description = "Answers after 10 s"}, slow);
    srv->add_tool({.name = "stubborn", .description = "Blocks for 300 ms"}, mcp::blocking(stubborn));
    return srv;
}

std::string call(int id, std::string const& tool, std::string const& args = "{}", bool progress = false) {
    std::string meta = progress ? R"(,"_meta":{"progressToken":"p)" + std::to_string(id) + R"("})" : "";
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call","params":{"name":")" +
           tool + R"(","arguments":)" + args + meta + "}}";
}

class streamable_http : public ::testing::Test {
protected:
    std::unique_ptr<mcp::server> srv = make_server();
};

// --- sessions ----------------------------------------------------------------------------------------------

TEST_F(streamable_http, InitializeCreatesASessionNamedInTheResponse) {
    harness h(*srv);
    auto w =
        h.post(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
               R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})");
    EXPECT_EQ(w->status, 200);
    EXPECT_EQ(w->response_headers.get("content-type"), "application/json");
    auto id = w->response_headers.get("mcp-session-id");
    ASSERT_TRUE(id);
    EXPECT_GE(id->size(), 16u);
    for (char c : *id)
        EXPECT_TRUE(c >= 0x21 && c <= 0x7E) << "session ids are visible ASCII";
    EXPECT_EQ(w->json().at("result").at("protocolVersion"), "2025-11-25");
}

TEST_F(streamable_http, RequestWithoutSessionIdGets400) {
    harness h(*srv);
    h.open_session();
    EXPECT_EQ(h.post(call(1, "echo", R"({"text":"x"})"))->status, 400);
}

TEST_F(streamable_http, UnknownSessionGets404) {
    harness h(*srv);
    EXPECT_EQ(h.post(call(1, "echo", R"({"text":"x"})"), "no-such-session")->status, 404);
}

TEST_F(streamable_http, DeleteTerminatesTheSessionAndLaterUseGets404) {
    harness h(*srv);
    auto id = h.open_session();
    auto del = h.send({"DELETE", "/mcp", {{"mcp-session-id", id}}, "", ""});
    EXPECT_EQ(del->status, 200);
    EXPECT_EQ(h.post(call(1, "echo", R"({"text":"x"})"), id)->status, 404);
    EXPECT_EQ(h.send({"DELETE", "/mcp", {{"mcp-session-id", id}}, "", ""})->status, 404);
}

TEST_F(streamable_http, NotificationsAndResponsesGet202WithoutBody) {
    harness h(*srv);
    auto id = h.open_session();
    auto n = h.post(R"({"jsonrpc":"2.0","method":"notifications/roots/list_changed"})", id);
    EXPECT_EQ(n->status, 202);
    EXPECT_TRUE(n->body.empty());
    auto r = h.post(R"({"jsonrpc":"2.0","id":99,"result":{}})", id);
    EXPECT_EQ(r->status, 202);
    EXPECT_TRUE(r->body.empty());
}

TEST_F(streamable_http, SessionLimitGets503) {
    harness h(*srv, {}, {.limits = {.max_sessions = 1}});
    h.open_session();
    auto w =
        h.post(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
               R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})");
    EXPECT_EQ(w->status, 503);
    EXPECT_NE(std::string(w->json().at("error").at("message").as_string()).find("Too many sessions"),
              std::string::npos);
}

TEST_F(streamable_http, FailedInitializeLeavesNoSession) {
    harness h(*srv, {}, {.limits = {.max_sessions = 1}});
    auto bad = h.post(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})");
    EXPECT_EQ(bad->json().at("error").at("code"), -32602);
    EXPECT_FALSE(h.open_session().empty()) << "the failed attempt must not hold the only session slot";
}

// --- header checks -----------------------------------------------------------------------------------------

TEST_F(streamable_http, UnsupportedProtocolVersionGets400AndAbsentOneIsAccepted) {
    harness h(*srv);
    auto id = h.open_session();
    request req{"POST",
                "/mcp",
                {{"accept", "application/json, text/event-stream"},
                 {"content-type", "application/json"},
                 {"mcp-session-id", id},
                 {"mcp-protocol-version", "1999-01-01"}},
                call(1, "echo", R"({"text":"x"})"),
                ""};
    EXPECT_EQ(h.send(req)->status, 400);
    req.headers.erase("mcp-protocol-version");
    EXPECT_EQ(h.send(req)->status, 200);
}

TEST_F(streamable_http, PostWithoutBothAcceptTypesGets406) {
    harness h(*srv);
    request req{
        "POST", "/mcp", {{"accept", "application/json"}, {"content-type", "application/json"}}, "{}", ""};
    EXPECT_EQ(h.send(req)->status, 406);
}

TEST_F(streamable_http, PostWithWrongContentTypeGets415) {
    harness h(*srv);
    request req{"POST",
                "/mcp",
                {{"accept", "application/json, text/event-stream"}, {"content-type", "text/plain"}},
                "{}",
                ""};
    EXPECT_EQ(h.send(req)->status, 415);
}

TEST_F(streamable_http, OversizedBodyGets413) {
    streamable_options o;
    o.max_body_bytes = 100;
    harness h(*srv, o);
    auto w = h.post(std::string(200, ' '));
    EXPECT_EQ(w->status, 413);
    EXPECT_EQ(w->json().at("error").at("code"), -32600);
}

TEST_F(streamable_http, MalformedJsonGets400WithParseError) {
    harness h(*srv);
    auto w = h.post(R"({"jsonrpc":"2.0","id":1,"method":)");
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(w->json().at("error").at("code"), -32700);
    EXPECT_TRUE(w->json().at("id").is_null());
}

TEST_F(streamable_http, InvalidUtf8Gets400WithParseError) {
    harness h(*srv);
    auto w = h.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\xff\xfeng\"}");
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(w->json().at("error").at("code"), -32700);
}

TEST_F(streamable_http, InvalidJsonRpcGets400WithItsId) {
    harness h(*srv);
    auto w = h.post(R"({"jsonrpc":"1.0","id":7,"method":"ping"})");
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(w->json().at("error").at("code"), -32600);
    EXPECT_EQ(w->json().at("id"), 7);
}

TEST_F(streamable_http, ForeignOriginGets403) {
    harness h(*srv);
    request req{"POST",
                "/mcp",
                {{"accept", "application/json, text/event-stream"},
                 {"content-type", "application/json"},
                 {"origin", "https://evil.example.com"}},
                "{}",
                ""};
    EXPECT_EQ(h.send(req)->status, 403);
}

TEST_F(streamable_http, ForeignHostOnLoopbackServerGets403) {
    harness h(*srv);
    request req{"GET", "/health", {{"host", "evil.example.com"}}, "", ""};
    EXPECT_EQ(h.send(req)->status, 403);
    req.headers.set("host", "localhost:8080");
    EXPECT_EQ(h.send(req)->status, 200);
}

// Found by fuzz/http: the refusal quoted the Host header as sent, and bytes that are not UTF-8 made the JSON
// body unreadable to every client.
TEST_F(streamable_http, RefusalQuotingABinaryHeaderIsValidJson) {
    harness h(*srv);
    request req{"GET", "/health", {{"host", "ev\xC8\xCDil\\.example"}}, "", ""};
    auto w = h.send(req);
    EXPECT_EQ(w->status, 403);
    boost::system::error_code ec;
    auto body = boost::json::parse(w->body, ec);
    ASSERT_FALSE(ec) << w->body;
    EXPECT_EQ(body.at("error").at("message"),
              "Forbidden: Host ev\\xC8\\xCDil\\x5C.example is not allowed on a loopback-bound server");
}

TEST_F(streamable_http, UnknownBinaryMethodGets405WithValidJson) {
    harness h(*srv);
    request req{std::string("P\xFF\nST"), "/mcp", {}, "", ""};
    auto w = h.send(req);
    EXPECT_EQ(w->status, 405);
    EXPECT_EQ(w->json().at("error").at("message"), "Method not allowed: P\\xFF\\x0AST");
}

// Found by fuzz/http, as the Host header above: a Last-Event-ID that is not ours was quoted as sent.
TEST_F(streamable_http, BinaryLastEventIdGets400WithValidJson) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.get(id, std::string("s_\xFF\x00x", 5));
    EXPECT_EQ(w->status, 400);
    EXPECT_EQ(w->json().at("error").at("message"),
              "Bad Request: Last-Event-ID s_\\xFF\\x00x is not an event id of this server");
}

TEST_F(streamable_http, LoopbackAndAllowListedOriginsAreAccepted) {
    streamable_options o;
    o.origins.allowed_origins = {"https://app.example.com"};
    harness h(*srv, o);
    for (std::string origin : {"http://localhost:3000", "http://127.0.0.1", "https://app.example.com"}) {
        request req{"GET", "/health", {{"origin", origin}}, "", ""};
        EXPECT_EQ(h.send(req)->status, 200) << origin;
    }
}

TEST_F(streamable_http, UnknownPathGets404AndUnknownMethodGets405) {
    harness h(*srv);
    EXPECT_EQ(h.send({"GET", "/other", {}, "", ""})->status, 404);
    auto put = h.send({"PUT", "/mcp", {}, "", ""});
    EXPECT_EQ(put->status, 405);
    EXPECT_TRUE(put->response_headers.get("allow"));
}

TEST_F(streamable_http, CorsIsOffByDefaultAndEchoesAnAllowedOriginWhenOn) {
    harness off(*srv);
    request req{"GET", "/health", {{"origin", "http://localhost:5173"}}, "", ""};
    EXPECT_FALSE(off.send(req)->response_headers.get("access-control-allow-origin"));
    streamable_options o;
    o.cors = {
        .enabled = true, .allowed_origins = {"http://localhost:5173"}, .max_age = std::chrono::seconds(600)};
    harness on(*srv, o);
    request preflight{"OPTIONS", "/mcp", {{"origin", "http://localhost:5173"}}, "", ""};
    auto w = on.send(preflight);
    EXPECT_EQ(w->status, 204);
    EXPECT_EQ(w->response_headers.get("access-control-allow-origin"), "http://localhost:5173");
    EXPECT_EQ(w->response_headers.get("access-control-max-age"), "600");
    EXPECT_NE(w->response_headers.get("access-control-expose-headers")->find("Mcp-Session-Id"),
              std::string::npos);
}

// A POST's JSON lives in the request's arena (json/arena.hpp), which is neither synchronised nor freed until the
// last value in it goes: a raw tool may keep its arguments or hand them to another thread, so it gets its own
// copy in the default storage. A typed tool's arguments are read from the arena.
TEST_F(streamable_http, ARawToolGetsItsArgumentsInTheDefaultStorage) {
    boost::json::object schema{{"type", "object"}};
    srv->add_tool({.name = "storage", .input_schema = schema}, [](boost::json::object args) {
        bool own = args.storage().get() == boost::json::storage_ptr().get();
        return std::string(own ? "default storage" : "another storage");
    });
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(1, "storage", R"({"kept":"a value longer than a small string"})"), id);
    EXPECT_EQ(w->json().at("result").at("content").at(0).at("text"), "default storage");
}

// --- JSON or SSE
// ---------------------------------------------------------------------------------------------

TEST_F(streamable_http, PlainCallIsAnsweredWithJson) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(1, "echo", R"({"text":"hello"})"), id);
    EXPECT_EQ(w->status, 200);
    EXPECT_FALSE(w->streamed);
    EXPECT_EQ(w->json().at("result").at("content").at(0).at("text"), "hello");
}

TEST_F(streamable_http, CallWithProgressIsAnsweredWithAnSseStream) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(1, "stepped", R"({"steps":2})", true), id);
    h.run_for(100);
    EXPECT_TRUE(w->streamed);
    EXPECT_TRUE(w->finished);
    EXPECT_EQ(w->response_headers.get("content-type"), "text/event-stream");
    auto events = w->events();
    ASSERT_EQ(events.size(), 4u); // priming, two progress notifications, the response
    EXPECT_TRUE(events[0].id);
    EXPECT_EQ(events[0].data, "");
    EXPECT_TRUE(events[0].retry_ms);
    auto messages = w->messages();
    EXPECT_EQ(messages[0].at("method"), "notifications/progress");
    EXPECT_EQ(messages[1].at("params").at("progress").to_number<double>(), 2.0);
    EXPECT_EQ(messages[2].at("result").at("content").at(0).at("text"), "done 2");
}

TEST_F(streamable_http, AlwaysSseAnswersEveryRequestWithAStream) {
    streamable_options o;
    o.always_sse = true;
    harness h(*srv, o);
    auto id = h.open_session();
    auto w = h.post(call(1, "echo", R"({"text":"x"})"), id);
    EXPECT_EQ(w->response_headers.get("content-type"), "text/event-stream");
    auto events = w->events();
    ASSERT_EQ(events.size(), 2u); // priming, the response
    EXPECT_EQ(events[0].data, "");
    EXPECT_TRUE(events[0].retry_ms);
    ASSERT_EQ(w->messages().size(), 1u);
    EXPECT_EQ(w->messages()[0].at("id"), 1);
}

// A result that is all there is goes out as one SSE body (bench/run: four writes per answer had halved the
// rate); it is stored like a streamed one, so a client that lost it resumes from the priming event's id.
TEST_F(streamable_http, AlwaysSseSendsAResultWholeAndKeepsItResumable) {
    harness h(*srv, {.always_sse = true});
    auto id = h.open_session();
    auto w = h.post(call(1, "echo", R"({"text":"x"})"), id);
    EXPECT_FALSE(w->streamed) << "one response, not a chunked stream";
    auto events = w->events();
    ASSERT_EQ(events.size(), 2u);
    ASSERT_TRUE(events[0].id);
    auto resumed = h.get(id, *events[0].id);
    h.run_for(50);
    auto replay = resumed->messages();
    ASSERT_EQ(replay.size(), 1u);
    EXPECT_EQ(replay[0].at("result").at("content").at(0).at("text"), "x");
}

TEST_F(streamable_http, AlwaysSseStillStreamsWhatTheHandlerSendsBeforeItsResult) {
    harness h(*srv, {.always_sse = true});
    auto id = h.open_session();
    auto w = h.post(call(1, "stepped", R"({"steps":2})", true), id);
    h.run_for(100);
    EXPECT_TRUE(w->streamed);
    EXPECT_TRUE(w->finished);
    auto messages = w->messages();
    ASSERT_EQ(messages.size(), 3u); // two progress notifications, the response
    EXPECT_EQ(messages[2].at("result").at("content").at(0).at("text"), "done 2");
}

TEST_F(streamable_http, SseStreamUsesOnlyKnownFieldsAndOneMessagePerEvent) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(1, "stepped", R"({"steps":3})", true), id);
    h.run_for(150);
    std::string_view rest = w->body;
    while (!rest.empty()) {
        auto nl = rest.find('\n');
        auto line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        bool known = line.empty() || line[0] == ':' || line.rfind("id: ", 0) == 0 ||
                     line.rfind("event: ", 0) == 0 || line.rfind("data: ", 0) == 0 ||
                     line.rfind("retry: ", 0) == 0;
        EXPECT_TRUE(known) << "unexpected SSE line: " << line;
    }
    for (auto const& e : w->events()) {
        if (e.data.empty())
            continue;
        EXPECT_EQ(e.data.find('\n'), std::string::npos) << "one JSON-RPC message per event, on one data line";
        EXPECT_NO_THROW(boost::json::parse(e.data).as_object());
    }
}

// --- resumability ------------------------------------------------------------------------------------------

TEST_F(streamable_http, ResumeReplaysExactlyTheEventsOfTheBrokenStream) {
    harness h(*srv);
    auto id = h.open_session();
    auto a = h.post(call(1, "stepped", R"({"steps":4})", true), id);
    auto b = h.post(call(2, "stepped", R"({"steps":4})", true), id);
    h.run_for(30); // a few events on each stream
    auto seen = a->events();
    ASSERT_GE(seen.size(), 2u);
    std::string last_id = *seen.back().id;
    a->gone = true; // stream a breaks
    h.run_for(150);
    auto resumed = h.get(id, last_id);
    h.run_for(50);
    EXPECT_TRUE(resumed->finished);
    auto replay = resumed->messages();
    ASSERT_FALSE(replay.empty());
    for (auto const& m : replay)
        if (m.contains("params")) {
            EXPECT_EQ(m.at("params").at("progressToken"), "p1") << "only stream a's events";
        }
    EXPECT_EQ(replay.back().at("id"), 1);
    // Nothing is lost or repeated: the events seen before the break plus the replay are the whole stream.
    auto before = static_cast<int>(seen.size()) - 1;        // minus the priming event
    EXPECT_EQ(before + static_cast<int>(replay.size()), 5); // 4 progress + the response
    EXPECT_EQ(b->messages().back().at("id"), 2);
}

TEST_F(streamable_http, ResumeOfALiveStreamContinuesWithItsLiveEvents) {
    harness h(*srv);
    auto id = h.open_session();
    auto a = h.post(call(1, "stepped", R"({"steps":5})", true), id);
    h.run_for(10);
    std::string last_id = *a->events().back().id;
    a->gone = true;
    auto resumed = h.get(id, last_id);
    h.run_for(200);
    EXPECT_TRUE(resumed->finished);
    EXPECT_EQ(resumed->messages().back().at("result").at("content").at(0).at("text"), "done 5");
}

TEST_F(streamable_http, MalformedLastEventIdGets400) {
    harness h(*srv);
    auto id = h.open_session();
    EXPECT_EQ(h.get(id, "not an id")->status, 400);
}

// --- the standalone GET stream -----------------------------------------------------------------------------

TEST_F(streamable_http, StandaloneGetStreamCarriesMessagesOfNoRequest) {
    harness h(*srv);
    auto id = h.open_session();
    auto g = h.get(id);
    EXPECT_EQ(g->status, 200);
    EXPECT_EQ(g->response_headers.get("content-type"), "text/event-stream");
    srv->add_tool({.name = "late", .description = "Added at run time"}, [] { return std::string("late"); });
    h.settle();
    auto messages = g->messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].at("method"), "notifications/tools/list_changed");
    EXPECT_EQ(h.get(id)->status, 409) << "one connected GET stream per session";
}

TEST_F(streamable_http, BrokenGetStreamIsResumedWithTheMessagesItMissed) {
    harness h(*srv);
    auto id = h.open_session();
    auto g = h.get(id);
    std::string last_id = *g->events().back().id;
    g->gone = true;
    srv->add_tool({.name = "late", .description = "Added at run time"}, [] { return std::string("late"); });
    h.settle(); // the pump notices the broken connection and lets go of the stream
    auto resumed = h.get(id, last_id);
    auto messages = resumed->messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].at("method"), "notifications/tools/list_changed");
}

TEST_F(streamable_http, GetWithoutSseAcceptGets406) {
    harness h(*srv);
    auto id = h.open_session();
    EXPECT_EQ(
        h.send({"GET", "/mcp", {{"accept", "application/json"}, {"mcp-session-id", id}}, "", ""})->status,
        406);
}

// --- server-to-client requests over HTTP ------------------------------------------------------------------

TEST_F(streamable_http, ElicitationTravelsOnThePostStreamAndTheAnswerComesInAnotherPost) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(1, "ask"), id);
    ASSERT_TRUE(w->streamed);
    auto messages = w->messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].at("method"), "elicitation/create");
    auto request_id = boost::json::serialize(messages[0].at("id"));
    auto answer = h.post(R"({"jsonrpc":"2.0","id":)" + request_id +
                             R"(,"result":{"action":"accept","content":{"name":"Ada"}}})",
                         id);
    EXPECT_EQ(answer->status, 202);
    h.settle();
    EXPECT_TRUE(w->finished);
    EXPECT_EQ(w->messages().back().at("result").at("content").at(0).at("text"), "hi Ada");
}

TEST_F(streamable_http, DeleteCancelsRequestsInFlightAndEndsTheirStreams) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(1, "ask"), id);
    h.send({"DELETE", "/mcp", {{"mcp-session-id", id}}, "", ""});
    h.settle();
    EXPECT_TRUE(w->finished);
}

// --- the direct path: a call that sends nothing before its result has no stream while it runs ----------------

TEST_F(streamable_http, ACancelledCallWithoutAStreamGets202) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(5, "slow"), id);
    EXPECT_FALSE(w->finished);
    auto note = h.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":5}})", id);
    EXPECT_EQ(note->status, 202);
    h.settle();
    EXPECT_TRUE(w->finished);
    EXPECT_EQ(w->status, 202);
    EXPECT_FALSE(w->streamed);
    EXPECT_EQ(w->body, "");
}

TEST_F(streamable_http, DeleteAnswersAtOnceACallThatCannotBeCancelled) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(9, "stubborn"), id);
    EXPECT_FALSE(w->finished);
    EXPECT_EQ(h.send({"DELETE", "/mcp", {{"mcp-session-id", id}}, "", ""})->status, 200);
    EXPECT_TRUE(w->finished) << "answered when the session ended, not when the handler returned";
    EXPECT_EQ(w->status, 202);
    EXPECT_FALSE(w->streamed);
    h.run_for(400); // the handler returns into an ended session: nothing more is written
    EXPECT_EQ(w->status, 202);
    EXPECT_EQ(w->body, "");
}

TEST_F(streamable_http, ACancelledBlockingCallGets202AndTheSessionGoesOn) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.post(call(10, "stubborn"), id);
    auto note = h.post(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":10}})", id);
    EXPECT_EQ(note->status, 202);
    h.run_for(400); // the blocking function cannot be interrupted: its result is dropped when it returns
    EXPECT_TRUE(w->finished);
    EXPECT_EQ(w->status, 202);
    EXPECT_EQ(w->body, "");
    auto after = h.post(call(11, "echo", R"({"text":"still here"})"), id);
    EXPECT_EQ(after->json().at("result").at("content").at(0).at("text"), "still here");
}

TEST_F(streamable_http, AnIdInUseByACallWithoutAStreamIsRefused) {
    harness h(*srv);
    auto id = h.open_session();
    auto first = h.post(call(7, "slow"), id);
    auto second = h.post(call(7, "echo", R"({"text":"x"})"), id);
    EXPECT_EQ(second->status, 200);
    EXPECT_EQ(second->json().at("error").at("code"), -32600);
    EXPECT_FALSE(first->finished) << "the first request goes on";
    auto third = h.post(call(8, "echo", R"({"text":"y"})"), id);
    EXPECT_EQ(third->json().at("result").at("content").at(0).at("text"), "y");
}

TEST_F(streamable_http, ASessionWithACallStillRunningIsFreedWithItsHandler) {
    {
        harness h(*srv);
        auto id = h.open_session();
        auto w = h.post(call(7, "slow"), id);
        EXPECT_FALSE(w->finished);
        EXPECT_EQ(srv->live_session_count(), 1u);
    } // the handler and its io_context go with the slow call still running
    EXPECT_EQ(srv->live_session_count(), 0u) << "nothing holds the session once its handler is gone";
}

TEST_F(streamable_http, IdleSessionsAreDroppedButListeningOnesStay) {
    harness h(*srv, {}, {.limits = {.ttl = std::chrono::milliseconds(100)}});
    auto idle = h.open_session();
    auto listening = h.open_session();
    auto g = h.get(listening);
    EXPECT_EQ(h.handler().live_sessions(), 2u);
    h.run_for(300);
    EXPECT_EQ(h.handler().live_sessions(), 1u) << "the idle session no longer takes memory";
    EXPECT_EQ(h.post(call(1, "echo", R"({"text":"x"})"), idle)->status, 404);
    EXPECT_EQ(h.post(call(2, "echo", R"({"text":"x"})"), listening)->status, 200);
}

TEST_F(streamable_http, HealthRouteAnswers) {
    harness h(*srv);
    auto w = h.send({"GET", "/health", {}, "", ""});
    EXPECT_EQ(w->status, 200);
    EXPECT_EQ(w->json().at("status"), "ok");
}

} // namespace

// --- an exchange with a deadline (Lambda) ------------------------------------------------------------------

namespace {
mcp::http::request with_deadline(std::string const& session, std::string body, int ms) {
    mcp::http::request req{"POST",
                           "/mcp",
                           {{"accept", "application/json, text/event-stream"},
                            {"content-type", "application/json"},
                            {"host", "127.0.0.1:8080"},
                            {"mcp-session-id", session},
                            {"mcp-protocol-version", "2025-11-25"}},
                           std::move(body),
                           "127.0.0.1:5000"};
    req.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    return req;
}
} // namespace

TEST_F(streamable_http, AStreamEndsAtTheDeadlineAndTheRequestGoesOnForAResume) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.send(with_deadline(id, call(1, "stepped", R"({"steps":10})", true), 50));
    h.run_for(100);
    ASSERT_TRUE(w->finished) << "the exchange ended at its deadline";
    auto cut = w->messages();
    ASSERT_FALSE(cut.empty());
    EXPECT_FALSE(cut.back().contains("result")) << "the call was still running";
    auto last_id = *w->events().back().id;
    auto resumed = h.get(id, last_id);
    h.run_for(300);
    ASSERT_TRUE(resumed->finished);
    EXPECT_EQ(resumed->messages().back().at("result").at("content").at(0).at("text"), "done 10");
}

TEST_F(streamable_http, ASlowJsonAnswerBecomesAResumableStreamAtTheDeadline) {
    harness h(*srv);
    auto id = h.open_session();
    auto w = h.send(with_deadline(id, call(1, "stepped", R"({"steps":5})"), 30)); // no progress token: JSON
    h.run_for(60);
    ASSERT_TRUE(w->finished);
    EXPECT_EQ(w->response_headers.get("content-type"), "text/event-stream");
    ASSERT_FALSE(w->events().empty()) << "at least the priming event, to resume from";
    auto resumed = h.get(id, *w->events().back().id);
    h.run_for(300);
    EXPECT_EQ(resumed->messages().back().at("result").at("content").at(0).at("text"), "done 5");
}

TEST_F(streamable_http, AGetStreamEndsAtTheDeadline) {
    harness h(*srv);
    auto id = h.open_session();
    mcp::http::request req{"GET",
                           "/mcp",
                           {{"accept", "text/event-stream"},
                            {"mcp-session-id", id},
                            {"mcp-protocol-version", "2025-11-25"},
                            {"host", "localhost:8080"}},
                           "",
                           ""};
    req.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
    auto w = h.send(std::move(req));
    EXPECT_FALSE(w->finished);
    h.run_for(100);
    EXPECT_TRUE(w->finished);
}
