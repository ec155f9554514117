// mcp::client against HTTP servers whose answers are wrong: initialize answered with garbage, with JSON that
// is not JSON-RPC, with a result that lacks what the spec requires or names a version we do not speak; a
// request answered with a wrong content type, an empty body, an error status, 202, an answer to another id,
// an answer larger than the limit, an answer cut off. Each call ends with a clear error value, quickly, and
// the client goes on working.
#include "bad_server_fixture.hpp"

namespace bad_servers {
namespace {

namespace code = mcp::transport::code;

mcp::task<mcp::result<>> ping(mcp::client& c) {
    return c.ping();
}

// --- initialize ------------------------------------------------------------------------------------------

TEST_F(BadServer, InitializeAnsweredWithGarbageIsABadAnswer) {
    int initializes = 0;
    serve([initializes](seen_request const& r) mutable {
        if (r.rpc_method() == "initialize" && initializes++ == 0)
            return reply::http(200, "application/json", "<<not json at all>>");
        return standard(r);
    });
    auto init = time(client().connect());
    ASSERT_FALSE(init.value);
    EXPECT_EQ(init.value.error().code(), code::bad_answer);
    EXPECT_TRUE(contains(init.value.error().message(), "not a JSON object: <<not json at all>>"));
    EXPECT_LT(init.took, 1s);
    // The server recovers: connect() again works.
    auto again = time(c->connect());
    EXPECT_TRUE(again.value) << again.value.error().message();
}

TEST_F(BadServer, InitializeAnsweredWithJsonThatIsNotJsonRpcIsABadAnswer) {
    serve([](seen_request const& r) {
        if (r.rpc_method() == "initialize")
            return reply::json(boost::json::object{{"hello", "world"}});
        return standard(r);
    });
    auto init = time(client().connect());
    ASSERT_FALSE(init.value);
    // The POST's JSON body is the one answer the request gets: waiting on for request_timeout (1.5 s here,
    // 60 s by default) cannot bring another.
    EXPECT_EQ(init.value.error().code(), code::bad_answer) << init.value.error().message();
    EXPECT_TRUE(contains(init.value.error().message(), R"({"hello":"world"})"));
    EXPECT_LT(init.took, 1s);
}

TEST_F(BadServer, InitializeResultWithoutProtocolVersionIsABadResult) {
    serve([](seen_request const& r) {
        if (r.rpc_method() != "initialize")
            return standard(r);
        auto result = initialize_result();
        result.erase("protocolVersion");
        return reply::json(rpc_result(r.rpc_id(), result));
    });
    auto init = time(client().connect());
    ASSERT_FALSE(init.value);
    EXPECT_EQ(init.value.error().code(), mcp::client_code::bad_result);
    EXPECT_TRUE(contains(init.value.error().message(), "protocolVersion: missing required field"));
    EXPECT_LT(init.took, 1s);
    EXPECT_TRUE(fake->posts("notifications/initialized").empty());
}

TEST_F(BadServer, InitializeResultWithoutServerInfoIsABadResult) {
    serve([](seen_request const& r) {
        if (r.rpc_method() != "initialize")
            return standard(r);
        auto result = initialize_result();
        result.erase("serverInfo");
        return reply::json(rpc_result(r.rpc_id(), result));
    });
    auto init = time(client().connect());
    ASSERT_FALSE(init.value);
    EXPECT_EQ(init.value.error().code(), mcp::client_code::bad_result);
    EXPECT_TRUE(contains(init.value.error().message(), "serverInfo: missing required field"));
    EXPECT_LT(init.took, 1s);
}

TEST_F(BadServer, AProtocolVersionWeDoNotSpeakIsRefused) {
    serve([](seen_request const& r) {
        if (r.rpc_method() != "initialize")
            return standard(r);
        return reply::json(rpc_result(r.rpc_id(), initialize_result("1999-01-01")));
    });
    auto init = time(client().connect());
    ASSERT_FALSE(init.value);
    EXPECT_EQ(init.value.error().code(), mcp::client_code::version_refused);
    EXPECT_TRUE(contains(init.value.error().message(), "1999-01-01"));
    EXPECT_TRUE(contains(init.value.error().message(), "2025-11-25"));
    EXPECT_LT(init.took, 1s);
    EXPECT_TRUE(fake->posts("notifications/initialized").empty());
}

// --- a request's answer ----------------------------------------------------------------------------------

// Serves standard() except that the first ping gets `bad`.
fake_http_server::script first_ping_gets(reply bad) {
    return [bad, pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() == "ping" && pings++ == 0)
            return bad;
        return standard(r);
    };
}

TEST_F(BadServer, AnAnswerAsHtmlIsABadAnswer) {
    serve(first_ping_gets(reply::http(200, "text/html", "<html><body>Welcome</body></html>")));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer);
    EXPECT_TRUE(contains(pinged.value.error().message(), "content type \"text/html\""));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, AnEmptyJsonBodyIsABadAnswer) {
    serve(first_ping_gets(reply::http(200, "application/json", "")));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer);
    EXPECT_TRUE(contains(pinged.value.error().message(), "not a JSON object"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, Http500WithHtmlIsAnHttpStatusError) {
    serve(first_ping_gets(reply::http(500, "text/html", "<h1>Internal Server Error</h1>")));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    auto const& e = pinged.value.error();
    EXPECT_EQ(e.code(), code::http_status);
    EXPECT_TRUE(contains(e.message(), "HTTP 500: <h1>Internal Server Error</h1>"));
    ASSERT_TRUE(e.data());
    EXPECT_EQ(boost::json::serialize(*e.data()), R"({"status":500})");
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, Http400WithAJsonRpcErrorPassesTheServersError) {
    serve([pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() == "ping" && pings++ == 0)
            return reply::http(400, "application/json",
                               boost::json::serialize(rpc_error(r.rpc_id(), -32602, "the cursor is stale")));
        return standard(r);
    });
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), -32602);
    EXPECT_TRUE(contains(pinged.value.error().message(), "the cursor is stale"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, Accepted202ForARequestIsABadAnswer) {
    serve(first_ping_gets(reply::accepted()));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer);
    EXPECT_TRUE(contains(pinged.value.error().message(), "HTTP 202"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, AnAnswerCutOffMidBodyIsUnreachable) {
    serve(first_ping_gets(reply::cut_body(200, "application/json", R"({"jsonrpc":"2.0",)", 200)));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::unreachable);
    EXPECT_TRUE(contains(pinged.value.error().message(), "broke off"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, AnAnswerThatIsNotHttpIsAClearError) {
    serve(first_ping_gets(reply::raw("SSH-2.0-OpenSSH_9.2\r\n\r\n")));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    // The server read the request and answered garbage: sending it again (the kept-alive connection's retry)
    // may run it twice.
    EXPECT_EQ(fake->posts("ping").size(), 1u) << "the request was sent again";
    ASSERT_FALSE(pinged.value);
    // Something answered, but not HTTP: a bad answer (not "unreachable"), naming where it came from.
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer) << pinged.value.error().message();
    EXPECT_TRUE(contains(pinged.value.error().message(), "127.0.0.1:" + std::to_string(fake->port())));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

// --- answers to other ids --------------------------------------------------------------------------------

TEST_F(BadServer, AnAnswerToAnUnknownIdInAJsonBodyEndsTheCallSayingSo) {
    serve(first_ping_gets(reply::json(rpc_result(999, boost::json::object{}))));
    auto& cl = connected();
    mcp::request_options o;
    o.timeout = 300ms;
    auto pinged = time(cl.ping(o));
    ASSERT_FALSE(pinged.value);
    // The POST's body was its only answer: the call ends at once, and the error (or a problem reported
    // through on_problem) names the id the server answered.
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer) << pinged.value.error().message();
    EXPECT_TRUE(contains(pinged.value.error().message(), "999") || any_contains(problems, "999"));
    EXPECT_LT(pinged.took, 300ms);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, AnAnswerToAnUnknownIdOnAStreamIsReportedAndOurAnswerStillComes) {
    serve([pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() != "ping" || pings++ > 0)
            return standard(r);
        return std::move(reply::sse()
                             .event(sse_message(rpc_result(999, boost::json::object{})))
                             .event(sse_message(rpc_result(r.rpc_id(), boost::json::object{})), 50ms)
                             .finish());
    });
    auto& cl = connected();
    auto pinged = time(ping(cl));
    EXPECT_TRUE(pinged.value) << pinged.value.error().message();
    EXPECT_TRUE(any_contains(problems, "an answer to request 999, which is not waiting"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

// --- sizes -----------------------------------------------------------------------------------------------

TEST_F(BadServer, AJsonAnswerLargerThanTheLimitIsABadAnswer) {
    serve([pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() != "ping" || pings++ > 0)
            return standard(r);
        return reply::json(rpc_result(r.rpc_id(), {{"padding", std::string(10000, 'x')}}));
    });
    auto o = http_options();
    o.max_message_bytes = 1024;
    auto& cl = connected(o);
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer);
    EXPECT_TRUE(contains(pinged.value.error().message(), "larger than 1024 bytes"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

// An SSE answer stream whose event carrying the answer is 10 kB, written in `pieces` chunks.
fake_http_server::script big_event_answer(int pieces) {
    return [pieces, pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() != "ping" || pings++ > 0)
            return standard(r);
        auto text = sse_message(rpc_result(r.rpc_id(), {{"padding", std::string(10000, 'x')}}), "s1_1");
        auto answer = reply::sse();
        auto const size = text.size() / static_cast<std::size_t>(pieces) + 1;
        auto const delay = pieces == 1 ? 0ms : 20ms; // one piece: written right behind the head
        for (std::size_t at = 0; at < text.size(); at += size)
            answer.event(text.substr(at, size), delay);
        return std::move(answer.finish());
    };
}

TEST_F(BadServer, AnSseEventLargerThanTheLimitWrittenWholeIsABadAnswer) {
    serve(big_event_answer(1));
    auto o = http_options();
    o.max_message_bytes = 1024;
    auto& cl = connected(o);
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value) << "an answer of 10 kB passed a limit of 1024 bytes";
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer);
    EXPECT_TRUE(contains(pinged.value.error().message(), "larger than the limit"));
    EXPECT_TRUE(any_contains(problems, "an SSE event larger than 1024 bytes"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, AnSseEventLargerThanTheLimitArrivingInPiecesIsABadAnswer) {
    serve(big_event_answer(20));
    auto o = http_options();
    o.max_message_bytes = 1024;
    auto& cl = connected(o);
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value) << "an answer of 10 kB passed a limit of 1024 bytes";
    EXPECT_EQ(pinged.value.error().code(), code::bad_answer);
    EXPECT_TRUE(contains(pinged.value.error().message(), "larger than the limit"));
    EXPECT_TRUE(any_contains(problems, "an SSE event larger than 1024 bytes"));
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, AnSseEventThatIsNotJsonIsSkippedAndTheAnswerAfterItArrives) {
    serve([pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() != "ping" || pings++ > 0)
            return standard(r);
        return std::move(reply::sse()
                             .event(sse_event("this is {not json", "s1_1"))
                             .event(sse_message(rpc_result(r.rpc_id(), boost::json::object{}), "s1_2"), 20ms)
                             .finish());
    });
    auto& cl = connected();
    auto pinged = time(ping(cl));
    EXPECT_TRUE(pinged.value) << pinged.value.error().message();
    EXPECT_TRUE(any_contains(problems, "an SSE event that is not a JSON object: this is {not json"));
    EXPECT_LT(pinged.took, 1s);
}

} // namespace
} // namespace bad_servers
