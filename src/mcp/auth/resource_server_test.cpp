// resource_server (the OAuth access policy) against a verifier whose answers the test picks, and its
// configuration from MCP_AUTH_*. The verifiers themselves are tested in jwt_verifier_test and
// introspection_test; the whole chain with a real authorization server in tests/auth.
#include <mcp/auth/environment.hpp>
#include <mcp/auth/resource_server.hpp>
#include <mcp/http/environment.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <gtest/gtest.h>

#include <map>

namespace {

using namespace mcp::auth;

// "good-<subject>" verifies with the scopes of `scopes`; "down" is unavailable; anything else is expired.
class picked_verifier final : public token_verifier {
public:
    std::string scopes = "mcp:read";
    int calls = 0;

    mcp::task<result<principal>> verify(std::string token) override {
        ++calls;
        if (token == "down")
            co_return error(errc::unavailable, "cannot fetch the key set");
        if (!token.starts_with("good-"))
            co_return error(errc::expired, "the token has expired");
        principal p{.subject = token.substr(5), .issuer = "https://as.example"};
        for (auto const& s : {std::string("mcp:read"), std::string("mcp:write")})
            if (scopes.find(s) != std::string::npos)
                p.scopes.insert(s);
        p.claims["client_id"] = "c1";
        co_return p;
    }
};

template <class T>
T run(mcp::task<T> t) {
    boost::asio::io_context io;
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.run();
    return f.get();
}

mcp::http::request with_authorization(std::optional<std::string> value) {
    mcp::http::request req{"POST", "/mcp", {}, "{}", "127.0.0.1:1"};
    if (value)
        req.headers.add("authorization", *value);
    return req;
}

resource_options options() {
    return {.resource = "https://mcp.example.com/api/mcp", .authorization_servers = {"https://as.example"},
            .scopes_supported = {"mcp:read", "mcp:write"}, .tool_scopes = {{"deploy", {"mcp:write"}}}};
}

class resource : public ::testing::Test {
protected:
    std::shared_ptr<picked_verifier> verifier = std::make_shared<picked_verifier>();
    resource_server rs{verifier, options()};

    std::optional<mcp::http::access_refusal> admit(mcp::http::request& req) { return run(rs.admit(req)); }
};

TEST_F(resource, NoTokenIsAChallengeNamingTheMetadataWithoutAnErrorCode) {
    auto req = with_authorization(std::nullopt);
    auto r = admit(req);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->headers.get("www-authenticate"),
              "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp\"");
    EXPECT_EQ(r->reason.code(), mcp::protocol::code::unauthenticated);
    EXPECT_EQ(verifier->calls, 0);
}

TEST_F(resource, OtherSchemesAndMalformedTokensAreNotVerified) {
    for (auto value : {"Basic dXNlcjpwdw==", "Bearer", "Bearer ", "Bearer a b", "Bearer good-a, Bearer good-b",
                       "Bearer \"quoted\"", "Bearer ===="}) {
        auto req = with_authorization(value);
        auto r = admit(req);
        ASSERT_TRUE(r) << value;
        EXPECT_EQ(r->status, 401) << value;
    }
    EXPECT_EQ(verifier->calls, 0);
}

TEST_F(resource, TwoAuthorizationHeadersAreRefused) {
    auto req = with_authorization("Bearer good-a");
    req.headers.add("authorization", "Bearer good-b");
    auto r = admit(req);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_FALSE(req.trusted.get("x-mcp-auth-subject"));
}

TEST_F(resource, ARefusedTokenIsInvalidTokenWithTheReasonButNotTheToken) {
    auto req = with_authorization("Bearer stale-token-text");
    auto r = admit(req);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    auto challenge = std::string(*r->headers.get("www-authenticate"));
    EXPECT_NE(challenge.find("error=\"invalid_token\""), std::string::npos) << challenge;
    EXPECT_NE(challenge.find("error_description=\"the token has expired\""), std::string::npos) << challenge;
    EXPECT_EQ(challenge.find("stale-token-text"), std::string::npos);
    EXPECT_EQ(r->reason.message().find("stale-token-text"), std::string::npos);
}

TEST_F(resource, KeysThatCannotBeHadAre503NeverAccess) {
    auto req = with_authorization("Bearer down");
    auto r = admit(req);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->headers.get("retry-after"), "5");
    EXPECT_EQ(r->reason.code(), mcp::protocol::code::access_unavailable);
    EXPECT_FALSE(req.trusted.get("x-mcp-auth-subject"));
}

TEST_F(resource, AnAdmittedPrincipalBecomesTrustedMetadata) {
    verifier->scopes = "mcp:read mcp:write";
    auto req = with_authorization("bearer good-alice"); // the scheme is case-insensitive
    EXPECT_FALSE(admit(req));
    EXPECT_EQ(req.trusted.get("x-mcp-auth-subject"), "alice");
    EXPECT_EQ(req.trusted.get("x-mcp-auth-issuer"), "https://as.example");
    EXPECT_EQ(req.trusted.get("x-mcp-auth-scopes"), "mcp:read mcp:write");
    EXPECT_EQ(req.trusted.get("x-mcp-auth-claims"), R"({"client_id":"c1"})");
}

TEST_F(resource, AToolsScopeIsCheckedByPermitAndTheChallengeNamesIt) {
    auto req = with_authorization("Bearer good-bob");
    ASSERT_FALSE(admit(req));
    boost::json::object deploy{{"name", "deploy"}}, other{{"name", "status"}};
    EXPECT_FALSE(rs.permit(req, "tools/call", other));
    EXPECT_FALSE(rs.permit(req, "prompts/get", deploy)) << "tool scopes are for tools/call only";
    auto r = rs.permit(req, "tools/call", deploy);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403);
    auto challenge = std::string(*r->headers.get("www-authenticate"));
    EXPECT_NE(challenge.find("error=\"insufficient_scope\""), std::string::npos) << challenge;
    EXPECT_NE(challenge.find("scope=\"mcp:write\""), std::string::npos) << challenge;
    EXPECT_EQ(r->reason.code(), mcp::protocol::code::forbidden);
}

TEST(resource_scopes, RequiredScopesAreCheckedAtAdmissionAndJoinEveryChallenge) {
    auto verifier = std::make_shared<picked_verifier>();
    auto o = options();
    o.required_scopes = {"mcp:read"};
    o.method_scopes = {{"resources/read", {"files:read"}}};
    resource_server rs(verifier, o);
    verifier->scopes = "";
    auto none = with_authorization("Bearer good-eve");
    auto refused = run(rs.admit(none));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    verifier->scopes = "mcp:read";
    auto reader = with_authorization("Bearer good-ann");
    EXPECT_FALSE(run(rs.admit(reader)));
    auto r = rs.permit(reader, "resources/read", {});
    ASSERT_TRUE(r);
    EXPECT_NE(r->headers.get("www-authenticate")->find("scope=\"mcp:read files:read\""), std::string::npos);
}

TEST_F(resource, TheMetadataIsPublishedAtBothWellKnownPaths) {
    auto doc = rs.document("/.well-known/oauth-protected-resource/api/mcp");
    ASSERT_TRUE(doc);
    EXPECT_EQ(*doc, rs.document("/.well-known/oauth-protected-resource"));
    auto json = boost::json::parse(*doc).as_object();
    EXPECT_EQ(json.at("resource"), "https://mcp.example.com/api/mcp");
    EXPECT_EQ(json.at("authorization_servers"), boost::json::array{"https://as.example"});
    EXPECT_EQ(json.at("scopes_supported"), (boost::json::array{"mcp:read", "mcp:write"}));
    EXPECT_EQ(json.at("bearer_methods_supported"), boost::json::array{"header"});
    EXPECT_FALSE(rs.document("/.well-known/oauth-protected-resource/other"));
    EXPECT_FALSE(rs.document("/api/mcp"));
}

TEST(resource_options_check, ResourcesThatCannotWorkAreRefused) {
    auto with = [](std::string resource) {
        auto o = options();
        o.resource = std::move(resource);
        return resource_options_problem(o);
    };
    EXPECT_FALSE(with("https://mcp.example.com/mcp"));
    EXPECT_FALSE(with("http://127.0.0.1:8080/mcp"));
    EXPECT_FALSE(with("http://localhost:8080/mcp"));
    EXPECT_FALSE(with("http://[::1]:8080/mcp"));
    EXPECT_TRUE(with("http://mcp.example.com/mcp")) << "plain http only on loopback";
    EXPECT_TRUE(with("http://127.0.0.1.evil.example/mcp")) << "Boost.URL reads its host as 127.0.0.1";
    EXPECT_TRUE(with(""));
    EXPECT_TRUE(with("/mcp"));
    EXPECT_TRUE(with("https://mcp.example.com/mcp#frag"));
    auto none = options();
    none.authorization_servers.clear();
    EXPECT_TRUE(resource_options_problem(none));
    EXPECT_THROW(resource_server(nullptr, options()), std::invalid_argument);
}

TEST(resource_environment, ToolScopesParse) {
    auto m = parse_tool_scopes("deploy=ops:write ops:read; logs = ops:read ;");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->at("deploy"), (std::vector<std::string>{"ops:write", "ops:read"}));
    EXPECT_EQ(m->at("logs"), (std::vector<std::string>{"ops:read"}));
    EXPECT_FALSE(parse_tool_scopes("deploy"));
    EXPECT_FALSE(parse_tool_scopes("=x"));
    EXPECT_FALSE(parse_tool_scopes("a b=x"));
    EXPECT_TRUE(parse_tool_scopes("")->empty());
}

mcp::environment env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

TEST(resource_environment, EachMistakeNamesItsVariable) {
    auto message = [](std::map<std::string, std::string> vars) {
        auto made = resource_server_from_environment(env_of(std::move(vars)));
        return made ? std::string("(made)") : made.error().message();
    };
    std::string const resource = "http://127.0.0.1:9/mcp", issuer = "http://127.0.0.1:9";
    EXPECT_NE(message({{"MCP_AUTH_ISSUER", issuer}}).find("MCP_AUTH_RESOURCE"), std::string::npos);
    EXPECT_NE(message({{"MCP_AUTH_RESOURCE", resource}}).find("MCP_AUTH_ISSUER"), std::string::npos);
    EXPECT_NE(message({{"MCP_AUTH_RESOURCE", "http://example.com/mcp"}, {"MCP_AUTH_ISSUER", issuer}})
                  .find("MCP_AUTH_RESOURCE"), std::string::npos);
    EXPECT_NE(message({{"MCP_AUTH_RESOURCE", resource}, {"MCP_AUTH_ISSUER", issuer},
                       {"MCP_AUTH_JWKS_URL", "http://keys.example.com/jwks"}})
                  .find("MCP_AUTH_JWKS_URL"), std::string::npos);
    EXPECT_NE(message({{"MCP_AUTH_RESOURCE", resource}, {"MCP_AUTH_ISSUER", issuer},
                       {"MCP_AUTH_TOOL_SCOPES", "oops"}})
                  .find("MCP_AUTH_TOOL_SCOPES"), std::string::npos);
    EXPECT_NE(message({{"MCP_AUTH_RESOURCE", resource}, {"MCP_AUTH_ISSUER", issuer},
                       {"MCP_AUTH_INTROSPECTION_URL", issuer + "/introspect"}})
                  .find("MCP_AUTH_CLIENT_ID"), std::string::npos);
    EXPECT_EQ(message({{"MCP_AUTH_RESOURCE", resource}, {"MCP_AUTH_ISSUER", issuer}}), "(made)");
}

TEST(resource_environment, TheMetadataListsTheConfiguredScopes) {
    auto made = resource_server_from_environment(env_of({{"MCP_AUTH_RESOURCE", "http://127.0.0.1:9/mcp"},
                                                         {"MCP_AUTH_ISSUER", "http://127.0.0.1:9"},
                                                         {"MCP_AUTH_SCOPES", "mcp:read"},
                                                         {"MCP_AUTH_TOOL_SCOPES", "deploy=mcp:write mcp:read"}}));
    ASSERT_TRUE(made);
    auto doc = boost::json::parse(*(*made)->document("/.well-known/oauth-protected-resource/mcp"));
    EXPECT_EQ(doc.at("scopes_supported"), (boost::json::array{"mcp:read", "mcp:write"}));
}

// The path production takes (http::streamable_options_from_environment): a resource without an issuer is an
// error naming the issuer, not a server without authorization.
TEST(resource_environment, TheHttpSettingsRefuseAnIncompleteConfiguration) {
    auto made = mcp::http::streamable_options_from_environment(
        {}, env_of({{"MCP_AUTH_RESOURCE", "http://127.0.0.1:9/mcp"}, {"MCP_AUTH_SCOPES", "mcp:read"}}));
    ASSERT_FALSE(made);
    EXPECT_NE(made.error().message().find("MCP_AUTH_ISSUER"), std::string::npos) << made.error().message();
    auto complete = mcp::http::streamable_options_from_environment(
        {}, env_of({{"MCP_AUTH_RESOURCE", "http://127.0.0.1:9/mcp"}, {"MCP_AUTH_ISSUER", "http://127.0.0.1:9"}}));
    ASSERT_TRUE(complete) << complete.error().message();
    EXPECT_TRUE(complete->access);
}

} // namespace
