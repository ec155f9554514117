// mcp::client against HTTP servers that fail at the connection or session level: a server that accepts the
// connection and never answers, a port where nothing listens, a session the server forgets (404) once and
// then again right after the new one.
#include "bad_server_fixture.hpp"

#include <set>

namespace bad_servers {
namespace {

namespace code = mcp::transport::code;

mcp::task<mcp::result<>> ping(mcp::client& c) {
    return c.ping();
}

// --- silence ---------------------------------------------------------------------------------------------

fake_http_server::script first_ping_unanswered() {
    return [pings = 0](seen_request const& r) mutable {
        if (r.rpc_method() == "ping" && pings++ == 0)
            return reply::silence();
        return standard(r);
    };
}

TEST_F(BadServer, ASilentServerEndsTheCallAtTheRequestTimeout) {
    serve(first_ping_unanswered());
    auto& cl = connected();
    mcp::request_options o;
    o.timeout = 300ms;
    auto pinged = time(cl.ping(o));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), mcp::protocol::code::request_timeout);
    EXPECT_TRUE(contains(pinged.value.error().message(), "ping got no answer within 300 ms"));
    EXPECT_GE(pinged.took, 300ms);
    EXPECT_LT(pinged.took, 1s);
    // The next call goes on another connection.
    EXPECT_TRUE(time(ping(cl)).value);
    // The server is told that the call was given up (2025-11-25 basic/utilities/cancellation).
    for (int i = 0; i < 50 && fake->posts("notifications/cancelled").empty(); ++i)
        idle(10ms);
    auto cancelled = fake->posts("notifications/cancelled");
    ASSERT_EQ(cancelled.size(), 1u);
    EXPECT_EQ(cancelled[0].message.as_object().at("params").as_object().at("requestId"),
              fake->posts("ping").at(0).rpc_id());
}

TEST_F(BadServer, ASilentServerEndsTheCallAtTheHeadTimeout) {
    serve(first_ping_unanswered());
    auto o = http_options();
    o.link.head_timeout = 300ms; // the request timeout is 1.5 s
    auto& cl = connected(o);
    auto pinged = time(ping(cl));
    // The server has the request (it may be running it): a timeout is no reason to send it again.
    EXPECT_EQ(fake->posts("ping").size(), 1u) << "the request was sent again";
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::unreachable);
    EXPECT_TRUE(
        contains(pinged.value.error().message(), "no answer from 127.0.0.1:" + std::to_string(fake->port())));
    EXPECT_TRUE(contains(pinged.value.error().message(), "timeout"));
    EXPECT_GE(pinged.took, 300ms);
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(time(ping(cl)).value);
}

TEST_F(BadServer, ARequestGivenUpAtItsTimeoutIsNotSentAgainLater) {
    serve(first_ping_unanswered());
    auto o = http_options();
    o.link.head_timeout = 500ms;
    auto& cl = connected(o);
    mcp::request_options timeout;
    timeout.timeout = 200ms;
    auto pinged = time(cl.ping(timeout));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), mcp::protocol::code::request_timeout);
    idle(800ms); // past the head timeout of the POST still waiting
    auto pings = fake->posts("ping");
    EXPECT_EQ(pings.size(), 1u) << "ping " << pings.back().rpc_id()
                                << " was sent again after notifications/cancelled";
}

TEST_F(BadServer, ASilentServerEndsConnectAtTheRequestTimeout) {
    serve([](seen_request const& r) {
        return r.rpc_method() == "initialize" ? reply::silence() : standard(r);
    });
    auto co = client_options();
    co.request_timeout = 300ms;
    auto init = time(client(http_options(), co).connect());
    ASSERT_FALSE(init.value);
    EXPECT_EQ(init.value.error().code(), mcp::protocol::code::request_timeout);
    EXPECT_TRUE(contains(init.value.error().message(), "initialize got no answer within 300 ms"));
    EXPECT_LT(init.took, 1s);
}

// --- nothing listening -----------------------------------------------------------------------------------

TEST_F(BadServer, ARefusedConnectionIsUnreachableAtOnce) {
    serve([](seen_request const& r) { return standard(r); });
    fake->stop(); // the port is closed: connections are refused
    auto init = time(client().connect());
    ASSERT_FALSE(init.value);
    EXPECT_EQ(init.value.error().code(), code::unreachable);
    EXPECT_TRUE(contains(init.value.error().message(),
                         "cannot connect to 127.0.0.1:" + std::to_string(fake->port())));
    EXPECT_TRUE(contains(init.value.error().message(), "refused"));
    EXPECT_LT(init.took, 500ms);
}

// --- a forgotten session ---------------------------------------------------------------------------------

// initialize number n gives session "s<n>"; a ping on a session in `forgotten` gets 404, a request without a
// session 400 (2025-11-25 basic/transports, session management).
fake_http_server::script sessions(std::set<std::string> forgotten) {
    return [forgotten, initializes = 0](seen_request const& r) mutable {
        if (r.method != "POST")
            return standard(r);
        if (r.rpc_method() == "initialize")
            return standard(r, "s" + std::to_string(++initializes));
        auto session = r.header("Mcp-Session-Id");
        if (!session)
            return reply::http(400, "application/json",
                               boost::json::serialize(rpc_error(nullptr, -32600, "Bad Request: no session")));
        if (r.rpc_method() == "ping" && forgotten.count(*session))
            return reply::http(404, "text/plain", "no such session");
        return standard(r);
    };
}

TEST_F(BadServer, ASessionAnswered404IsRenewedOnceAndTheCallRetried) {
    serve(sessions({"s1"}));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    EXPECT_TRUE(pinged.value) << pinged.value.error().message();
    auto inits = fake->posts("initialize");
    ASSERT_EQ(inits.size(), 2u);
    EXPECT_FALSE(inits[1].header("Mcp-Session-Id")); // a new session is asked for without the old one
    auto pings = fake->posts("ping");
    ASSERT_EQ(pings.size(), 2u);
    EXPECT_EQ(pings[0].header("Mcp-Session-Id"), "s1");
    EXPECT_EQ(pings[1].header("Mcp-Session-Id"), "s2");
    EXPECT_EQ(cl.connection().session_id(), "s2");
    EXPECT_LT(pinged.took, 1s);
}

TEST_F(BadServer, A404RightAfterTheNewSessionIsAnErrorNotALoop) {
    serve(sessions({"s1", "s2"}));
    auto& cl = connected();
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::session_expired);
    EXPECT_TRUE(contains(pinged.value.error().message(), "HTTP 404"));
    EXPECT_EQ(fake->posts("initialize").size(), 2u);
    EXPECT_EQ(fake->posts("ping").size(), 2u);
    EXPECT_LT(pinged.took, 1s);
}

TEST_F(BadServer, AfterA404RightAfterTheNewSessionTheNextCallStartsAnotherSession) {
    serve(sessions({"s1", "s2"}));
    auto& cl = connected();
    ASSERT_FALSE(time(ping(cl)).value);
    // The server works again: the client, left without a session, must not send requests without one forever.
    auto next = time(ping(cl));
    EXPECT_TRUE(next.value) << next.value.error().message();
    EXPECT_EQ(fake->posts("initialize").size(), 3u);
    EXPECT_EQ(cl.connection().session_id(), "s3");
}

} // namespace
} // namespace bad_servers
