// mcp::client against HTTP servers whose SSE streams misbehave: an answer stream that ends or breaks before
// the answer, with and without an event id to resume from; resumption that keeps failing; a listening GET
// that is refused (405, 400, 500) or closed at once. The call ends with a clear error or gets its answer from
// the resumed stream, and the client never reconnects in a tight loop.
#include "bad_server_fixture.hpp"

namespace bad_servers {
namespace {

namespace code = mcp::transport::code;

mcp::task<mcp::result<>> ping(mcp::client& c) {
    return c.ping();
}

boost::json::object log_message(std::string text) {
    return {{"jsonrpc", "2.0"},
            {"method", "notifications/message"},
            {"params", {{"level", "info"}, {"data", std::move(text)}}}};
}

// --- an answer stream that ends before the answer --------------------------------------------------------

// The first ping is answered with an SSE stream carrying a log message and no event id, then `end` (finish or
// cut) before the answer.
fake_http_server::script stream_without_answer(bool cut) {
    return [cut, pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() != "ping" || pings++ > 0)
            return standard(r);
        auto answer = reply::sse();
        answer.event(sse_message(log_message("working")));
        return std::move(cut ? answer.cut(20ms) : answer.finish(20ms));
    };
}

TEST_F(BadServer, AStreamBrokenBeforeTheAnswerWithoutAnEventIdIsUnreachable) {
    serve(stream_without_answer(true));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::unreachable);
    EXPECT_TRUE(contains(pinged.value.error().message(), "before the answer and gave no event id"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(fake->requests("GET").size() <= 1u); // the listening GET only: no resumption without an id
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, AStreamEndedBeforeTheAnswerWithoutAnEventIdIsUnreachable) {
    serve(stream_without_answer(false));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::unreachable);
    EXPECT_TRUE(contains(pinged.value.error().message(), "before the answer and gave no event id"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

// --- resumption ------------------------------------------------------------------------------------------

std::vector<seen_request> resuming_gets(fake_http_server const& fake) {
    std::vector<seen_request> out;
    for (auto& r : fake.requests("GET"))
        if (r.header("Last-Event-ID"))
            out.push_back(std::move(r));
    return out;
}

// The first ping's stream gives event id s1_1 and retry `retry_ms`, then breaks. A GET with Last-Event-ID
// gets `resumed(last event id, ping id)`; the listening GET (no Last-Event-ID) gets 405.
fake_http_server::script
broken_then(std::uint32_t retry_ms,
            std::function<reply(std::string const&, boost::json::value const&)> resumed) {
    return [retry_ms, resumed, pings = 0, ping_id = boost::json::value()](seen_request const& r) mutable {
        if (r.rpc_method() == "ping" && pings++ == 0) {
            ping_id = r.rpc_id();
            return std::move(reply::sse().event(sse_event("", "s1_1", retry_ms)).cut(20ms));
        }
        if (r.method == "GET" && r.header("Last-Event-ID"))
            return resumed(*r.header("Last-Event-ID"), ping_id);
        return standard(r);
    };
}

reply answer_on_resume(std::string const&, boost::json::value const& ping_id) {
    return std::move(
        reply::sse().event(sse_message(rpc_result(ping_id, boost::json::object{}), "s1_2")).finish());
}

TEST_F(BadServer, AStreamBrokenAfterAnEventIdIsResumedAfterRetryWithLastEventId) {
    serve(broken_then(200, answer_on_resume));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    EXPECT_TRUE(pinged.value) << pinged.value.error().message();
    auto gets = resuming_gets(*fake);
    ASSERT_EQ(gets.size(), 1u);
    EXPECT_EQ(gets[0].header("Last-Event-ID"), "s1_1");
    EXPECT_EQ(gets[0].header("Mcp-Session-Id"), "fake-session");
    auto const posted = fake->posts("ping").at(0).at;
    EXPECT_GE(since(posted, gets[0].at), 200ms); // the server's retry, not our own reconnect delay (50 ms)
    EXPECT_LT(since(posted, gets[0].at), 700ms);
    EXPECT_LT(pinged.took, 1s);
}

reply refuse_resume(std::string const&, boost::json::value const&) {
    return reply::http(503, "text/plain", "busy");
}

TEST_F(BadServer, ResumptionRefusedEveryTimeGivesUpAfterMaxResumeAttempts) {
    serve(broken_then(50, refuse_resume));
    auto& cl = connected(); // max_resume_attempts = 2
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::unreachable);
    EXPECT_TRUE(contains(pinged.value.error().message(), "could not be resumed after 2 attempts"));
    EXPECT_EQ(resuming_gets(*fake).size(), 2u);
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

// Each resumed stream gives the next event id and breaks again.
reply break_again(std::string const& last_id, boost::json::value const&) {
    auto next = "s1_" + std::to_string(std::stoi(last_id.substr(3)) + 1);
    return std::move(reply::sse().event(sse_event("", next, 50)).cut(20ms));
}

TEST_F(BadServer, ResumedStreamsThatKeepBreakingGiveUpAfterMaxResumeAttempts) {
    serve(broken_then(50, break_again));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::unreachable);
    EXPECT_TRUE(contains(pinged.value.error().message(), "could not be resumed after 2 attempts"));
    auto gets = resuming_gets(*fake);
    ASSERT_EQ(gets.size(), 2u);
    EXPECT_EQ(gets[0].header("Last-Event-ID"), "s1_1");
    EXPECT_EQ(gets[1].header("Last-Event-ID"), "s1_2");
    EXPECT_LT(pinged.took, 1s);
}

// --- the listening stream --------------------------------------------------------------------------------

fake_http_server::script gets_answered(reply get) {
    return [get](seen_request const& r) { return r.method == "GET" ? get : standard(r); };
}

// The official TypeScript server sends a request it makes while answering a call (elicitation/create from a
// tool) on the listening stream, and drops it when that stream is not open yet. connect() returns once the
// server has answered the listening GET, not when the GET is written: here its head comes after 300 ms, and
// the first call must reach the server after that. (The conformance suite's
// elicitation-sep1034-client-defaults hung when its server handled the GET after tools/call.)
TEST_F(BadServer, TheFirstCallAfterConnectReachesTheServerAfterTheListeningStreamIsOpen) {
    auto get = reply::sse();
    get.steps.front().delay = 300ms; // the server opens the stream late
    serve(gets_answered(std::move(get.hold())));
    auto& cl = connected();
    ASSERT_TRUE(time(ping(cl)).value);
    auto gets = fake->requests("GET");
    auto pings = fake->posts("ping");
    ASSERT_EQ(gets.size(), 1u);
    ASSERT_EQ(pings.size(), 1u);
    EXPECT_GE(since(gets[0].at, pings[0].at), 300ms);
}

TEST_F(BadServer, AListeningGetAnswered405IsNotRetried) {
    serve(gets_answered(reply::http(405, "text/plain", "", {{"Allow", "POST, DELETE"}})));
    connected();
    idle(1000ms);
    EXPECT_EQ(fake->requests("GET").size(), 1u);
}

// GETs in one second of the client idling, reconnecting after 50 ms doubling up to 400 ms: at 0, 100, 300,
// 700 ms. A client without backoff would send 20.
void expect_backoff(std::vector<seen_request> const& gets) {
    ASSERT_GE(gets.size(), 3u); // it does try again
    EXPECT_LE(gets.size(), 6u);
    EXPECT_GT(since(gets[1].at, gets[2].at), since(gets[0].at, gets[1].at)); // the delay grows
}

TEST_F(BadServer, AListeningGetAnswered400IsRetriedWithBackoff) {
    serve(gets_answered(reply::http(400, "application/json",
                                    boost::json::serialize(rpc_error(nullptr, -32600, "Bad Request")))));
    connected();
    idle(1000ms);
    expect_backoff(fake->requests("GET"));
}

TEST_F(BadServer, AListeningGetAnswered500IsRetriedWithBackoff) {
    serve(gets_answered(reply::http(500, "text/html", "<h1>Internal Server Error</h1>")));
    connected();
    idle(1000ms);
    expect_backoff(fake->requests("GET"));
}

TEST_F(BadServer, AListeningStreamEndedAtOnceIsReopenedWithBackoff) {
    serve(gets_answered(std::move(reply::sse().finish())));
    connected();
    idle(1000ms);
    expect_backoff(fake->requests("GET"));
}

TEST_F(BadServer, AListeningStreamEndedAtOnceWithRetryZeroIsNotReopenedInATightLoop) {
    serve(gets_answered(std::move(reply::sse().event("retry: 0\n\n").finish())));
    connected();
    idle(1000ms);
    EXPECT_LE(fake->requests("GET").size(), 20u) << "GETs in one second";
}

} // namespace
} // namespace bad_servers
