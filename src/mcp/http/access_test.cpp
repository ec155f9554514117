// The access policy seam of the streamable handler (access.hpp): a refusal is answered before any session or
// handler work, the admitted principal reaches handlers as trusted metadata, a session answers only the
// principal that made it, and the policy's documents are public. The policy here is a small fake: "Bearer
// <name>" admits <name>, with the scopes of `grants`; mcp::auth's resource_server is tested with real tokens in
// tests/auth.
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/storage/memory/memory_store.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <map>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;

class name_policy final : public access_policy {
public:
    std::map<std::string, std::string> grants{{"alice", "read admin"}, {"bob", "read"}};
    int admits = 0;

    mcp::task<std::optional<access_refusal>> admit(request& req) override {
        ++admits;
        auto header = std::string(req.headers.get("authorization").value_or(""));
        if (header == "Bearer down")
            co_return access_refusal{503, {{"retry-after", "5"}}, mcp::error::internal("keys unreachable")};
        auto name = header.starts_with("Bearer ") ? header.substr(7) : std::string();
        auto it = grants.find(name);
        if (it == grants.end())
            co_return access_refusal{401, {{"www-authenticate", "Bearer resource_metadata=\"m\""}},
                                     mcp::error::unauthenticated("who are you?")};
        req.trusted.set("x-mcp-auth-subject", name);
        req.trusted.set("x-mcp-auth-scopes", it->second);
        co_return std::nullopt;
    }
    std::optional<access_refusal> permit(request const& req, std::string_view method,
                                         boost::json::object const& params) const override {
        auto const* name = params.if_contains("name");
        bool admin_tool = method == "tools/call" && name && *name == "admin";
        auto scopes = std::string(req.trusted.get("x-mcp-auth-scopes").value_or(""));
        if (admin_tool && scopes.find("admin") == std::string::npos)
            return access_refusal{403, {{"www-authenticate", "Bearer error=\"insufficient_scope\", scope=\"admin\""}},
                                  mcp::error::forbidden("needs admin")};
        return std::nullopt;
    }
    std::optional<std::string> document(std::string_view path) const override {
        if (path == "/.well-known/oauth-protected-resource/mcp")
            return std::string(R"({"resource":"http://127.0.0.1:8080/mcp"})");
        return std::nullopt;
    }
};

std::atomic<int> handler_runs{0};

std::string whoami(mcp::call_context& ctx) {
    ++handler_runs;
    return std::string(ctx.metadata().get("x-mcp-auth-subject").value_or("(none)"));
}

std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(mcp::server_options{.name = "access", .version = "1"});
    srv->add_tool({.name = "whoami", .description = "The caller's subject"}, whoami);
    srv->add_tool({.name = "admin", .description = "Needs the admin scope"}, whoami);
    return srv;
}

request as(std::string const& who, std::string method, std::string body, std::string const& session = "") {
    request req{std::move(method), "/mcp",
                {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                 {"host", "127.0.0.1:8080"}, {"mcp-protocol-version", "2025-11-25"}},
                std::move(body), "127.0.0.1:5000"};
    if (!who.empty())
        req.headers.add("authorization", "Bearer " + who);
    if (!session.empty())
        req.headers.add("mcp-session-id", session);
    return req;
}

constexpr char const* initialize = R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{)"
                                   R"("protocolVersion":"2025-11-25","capabilities":{},)"
                                   R"("clientInfo":{"name":"t","version":"0"}}})";

std::string call(std::string const& tool) {
    return R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":")" + tool + R"("}})";
}

std::string open_as(harness& h, std::string const& who) {
    auto w = h.send(as(who, "POST", initialize));
    auto id = std::string(w->response_headers.get("mcp-session-id").value_or(""));
    h.send(as(who, "POST", R"({"jsonrpc":"2.0","method":"notifications/initialized"})", id));
    return id;
}

std::string text_of(mcp::http::testing::recording_writer const& w) {
    return std::string(w.json().at("result").at("content").at(0).at("text").as_string());
}

class access : public ::testing::Test {
protected:
    std::shared_ptr<name_policy> policy = std::make_shared<name_policy>();
    std::unique_ptr<mcp::server> srv = make_server();
    harness h{*srv, {.access = policy}};
};

TEST_F(access, ARequestWithoutCredentialsGetsThePolicysRefusalAndMakesNoSession) {
    auto w = h.send(as("", "POST", initialize));
    EXPECT_EQ(w->status, 401);
    EXPECT_EQ(w->response_headers.get("www-authenticate"), "Bearer resource_metadata=\"m\"");
    EXPECT_EQ(w->json().at("error").at("code"), mcp::protocol::code::unauthenticated);
    EXPECT_FALSE(w->response_headers.get("mcp-session-id"));
    EXPECT_EQ(h.handler().live_sessions(), 0u);
}

TEST_F(access, TheAdmittedPrincipalReachesTheHandler) {
    auto id = open_as(h, "alice");
    auto w = h.send(as("alice", "POST", call("whoami"), id));
    ASSERT_EQ(w->status, 200);
    EXPECT_EQ(text_of(*w), "alice");
}

TEST_F(access, AForgedPrincipalHeaderDoesNotReachTheHandler) {
    auto id = open_as(h, "bob");
    auto req = as("bob", "POST", call("whoami"), id);
    req.headers.add("x-mcp-auth-subject", "alice");
    EXPECT_EQ(text_of(*h.send(std::move(req))), "bob");
}

TEST_F(access, AnotherPrincipalsSessionIsAnUnknownSession) {
    auto id = open_as(h, "alice");
    handler_runs = 0;
    auto post = h.send(as("bob", "POST", call("whoami"), id));
    EXPECT_EQ(post->status, 404);
    EXPECT_EQ(h.send(as("bob", "GET", "", id))->status, 404);
    EXPECT_EQ(h.send(as("bob", "DELETE", "", id))->status, 404);
    EXPECT_EQ(handler_runs, 0);
    EXPECT_EQ(h.send(as("alice", "POST", call("whoami"), id))->status, 200) << "bob's DELETE ended nothing";
}

TEST_F(access, AMissingScopeIsRefusedBeforeTheHandlerRuns) {
    auto id = open_as(h, "bob");
    handler_runs = 0;
    auto w = h.send(as("bob", "POST", call("admin"), id));
    EXPECT_EQ(w->status, 403);
    EXPECT_EQ(w->response_headers.get("www-authenticate"), "Bearer error=\"insufficient_scope\", scope=\"admin\"");
    EXPECT_EQ(handler_runs, 0);
    auto alice = open_as(h, "alice");
    EXPECT_EQ(text_of(*h.send(as("alice", "POST", call("admin"), alice))), "alice");
}

TEST_F(access, APolicyThatCannotDecideAnswers503) {
    auto w = h.send(as("down", "POST", initialize));
    EXPECT_EQ(w->status, 503);
    EXPECT_EQ(w->response_headers.get("retry-after"), "5");
    EXPECT_EQ(h.handler().live_sessions(), 0u);
}

TEST_F(access, EveryMethodOfTheEndpointIsAsked) {
    for (auto method : {"GET", "DELETE", "PUT"})
        EXPECT_EQ(h.send(as("", method, ""))->status, 401) << method;
}

TEST_F(access, DocumentsAreServedWithoutCredentialsButPreflightAndHealthAreNotAsked) {
    auto doc = as("", "GET", "");
    doc.target = "/.well-known/oauth-protected-resource/mcp";
    auto w = h.send(std::move(doc));
    EXPECT_EQ(w->status, 200);
    EXPECT_EQ(w->json().at("resource"), "http://127.0.0.1:8080/mcp");
    EXPECT_EQ(w->response_headers.get("content-type"), "application/json");
    auto post = as("", "POST", "{}");
    post.target = "/.well-known/oauth-protected-resource/mcp";
    EXPECT_EQ(h.send(std::move(post))->status, 405);
    auto health = as("", "GET", "");
    health.target = "/health";
    EXPECT_EQ(h.send(std::move(health))->status, 200);
    policy->admits = 0;
    auto preflight = as("", "OPTIONS", "");
    EXPECT_EQ(h.send(std::move(preflight))->status, 204);
    EXPECT_EQ(policy->admits, 0);
}

TEST(access_shared, ASessionRebuiltFromTheStoreKeepsItsPrincipal) {
    auto sessions = std::make_shared<mcp::storage::memory_session_store>();
    auto events = std::make_shared<mcp::storage::memory_event_store>();
    auto policy = std::make_shared<name_policy>();
    auto srv_a = make_server(), srv_b = make_server();
    harness a{*srv_a, {.access = policy}, {.sessions = sessions, .events = events}};
    harness b{*srv_b, {.access = policy}, {.sessions = sessions, .events = events}};
    auto id = open_as(a, "alice");
    EXPECT_EQ(b.send(as("bob", "POST", call("whoami"), id))->status, 404) << "b rebuilt it from the record";
    EXPECT_EQ(text_of(*b.send(as("alice", "POST", call("whoami"), id))), "alice");
}

} // namespace
