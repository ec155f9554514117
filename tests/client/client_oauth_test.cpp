// The client's authorization flow (src/mcp/client/oauth.hpp) against one fake HTTP server that is at once the
// MCP server, its protected-resource metadata, the authorization server and its token endpoint: what the
// conformance suite does not cover (refresh, a stored token, refusals and what their errors say).
#include "../bad_servers/bad_server_fixture.hpp"

#include <mcp/client/oauth_core.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

namespace bad_servers {
namespace {

namespace oauth = mcp::transport::oauth;

std::string base_of(seen_request const& r) {
    return "http://" + r.header("host").value_or("");
}

std::string form_value(std::string const& body, std::string_view key) {
    auto parsed = boost::urls::parse_query(body);
    if (!parsed)
        return "";
    for (auto p : *parsed)
        if (p.key == key)
            return p.value.decode();
    return "";
}

std::string query_value(std::string const& target, std::string_view key) {
    auto q = target.find('?');
    return q == std::string::npos ? "" : form_value(target.substr(q + 1), key);
}

// The fake's behaviour; the test changes what it needs.
struct fake_authorization {
    std::string accepted_token = "at-1";  // what the MCP endpoint lets in
    std::string issued_token = "at-1";    // what the token endpoint gives for a code
    std::string refreshed_token = "at-2"; // what it gives for a refresh token
    std::string resource_override;        // non-empty: the PRM names this resource
    bool s256 = true;
    bool refuse_tokens = false;
    std::string challenge; // of the last authorization request

    reply answer(seen_request const& r) {
        auto const base = base_of(r);
        if (r.target == "/.well-known/oauth-protected-resource/mcp") {
            auto resource = resource_override.empty() ? base + "/mcp" : resource_override;
            return reply::json(
                boost::json::object{{"resource", resource}, {"authorization_servers", {base}}});
        }
        if (r.target == "/.well-known/oauth-authorization-server")
            return reply::json(metadata(base));
        if (r.target.starts_with("/authorize")) {
            challenge = query_value(r.target, "code_challenge");
            auto back =
                query_value(r.target, "redirect_uri") + "?code=c1&state=" + query_value(r.target, "state");
            return reply::http(302, "text/plain", "", {{"Location", back}});
        }
        if (r.target == "/register")
            return reply::http(201, "application/json",
                               R"({"client_id":"dyn-1","token_endpoint_auth_method":"none"})");
        if (r.target == "/token")
            return token(r);
        if (r.method == "POST" && r.header("authorization") != "Bearer " + accepted_token)
            return reply::http(
                401, "application/json", "{}",
                {{"WWW-Authenticate", "Bearer error=\"invalid_token\", resource_metadata=\"" + base +
                                          "/.well-known/oauth-protected-resource/mcp\""}});
        return standard(r);
    }

    boost::json::object metadata(std::string const& base) const {
        boost::json::object m{{"issuer", base},
                              {"authorization_endpoint", base + "/authorize"},
                              {"token_endpoint", base + "/token"},
                              {"registration_endpoint", base + "/register"},
                              {"token_endpoint_auth_methods_supported", {"none", "client_secret_post"}}};
        if (s256)
            m["code_challenge_methods_supported"] = boost::json::array{"S256"};
        return m;
    }

    reply token(seen_request const& r) const {
        if (refuse_tokens)
            return reply::http(400, "application/json",
                               R"({"error":"invalid_client","error_description":"bad"})");
        bool const refresh = form_value(r.body, "grant_type") == "refresh_token";
        boost::json::object t{{"access_token", refresh ? refreshed_token : issued_token},
                              {"token_type", "Bearer"},
                              {"expires_in", 3600},
                              {"refresh_token", "rt-1"}};
        return reply::json(t);
    }
};

class ClientOAuth : public BadServer {
protected:
    void serve_authorization() {
        serve([this](seen_request const& r) { return as.answer(r); });
    }
    mcp::transport::http_options options(std::optional<mcp::transport::pre_registered_client> pre = {}) {
        auto o = http_options();
        std::string const redirect = "http://127.0.0.1:1/callback";
        o.authorization =
            mcp::transport::authorization_options{.redirect_uri = redirect,
                                                  .open = mcp::transport::headless_user_agent(redirect),
                                                  .registration = {.pre_registered = std::move(pre)},
                                                  .store = store};
        return o;
    }
    std::size_t requests_to(std::string_view prefix) const {
        std::size_t n = 0;
        for (auto const& r : fake->requests())
            n += r.target.starts_with(prefix);
        return n;
    }
    mcp::transport::token_set stored(std::string access, std::string refresh,
                                     std::chrono::system_clock::time_point expires) const {
        return {.access_token = std::move(access),
                .refresh_token = std::move(refresh),
                .expires_at = expires,
                .token_endpoint = fake->url().substr(0, fake->url().size() - 4) + "/token",
                .resource = fake->url(),
                .client_id = "dyn-1",
                .token_endpoint_auth_method = "none"};
    }

    fake_authorization as;
    std::shared_ptr<mcp::transport::memory_token_store> store =
        std::make_shared<mcp::transport::memory_token_store>();
};

TEST_F(ClientOAuth, AuthorizesOnA401AndSendsTheTokenWithPkceThatMatches) {
    serve_authorization();
    auto init = time(client(options()).connect());
    ASSERT_TRUE(init.value) << init.value.error().message();
    auto tokens = fake->requests("POST");
    auto token_request =
        std::find_if(tokens.begin(), tokens.end(), [](auto const& r) { return r.target == "/token"; });
    ASSERT_NE(token_request, tokens.end());
    EXPECT_EQ(oauth::pkce_challenge_s256(form_value(token_request->body, "code_verifier")), as.challenge);
    EXPECT_EQ(form_value(token_request->body, "resource"), fake->url());
    EXPECT_EQ(fake->posts("initialize").back().header("authorization"), "Bearer at-1");
    EXPECT_EQ(requests_to("/register"), 1u);
}

TEST_F(ClientOAuth, A401WithAStoredRefreshTokenRefreshesInsteadOfAuthorizing) {
    serve_authorization();
    as.accepted_token = "at-2";
    auto save = store->save(fake->url(), stored("at-old", "rt-1", std::chrono::system_clock::now() + 1h));
    mcp::testing::run(io, std::move(save), 1s);
    auto init = time(client(options()).connect());
    ASSERT_TRUE(init.value) << init.value.error().message();
    EXPECT_EQ(requests_to("/authorize"), 0u);
    EXPECT_EQ(fake->posts("initialize").back().header("authorization"), "Bearer at-2");
    auto kept = mcp::testing::run(io, store->load(fake->url()), 1s);
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->access_token, "at-2");
}

TEST_F(ClientOAuth, AnExpiredTokenIsRefreshedBeforeTheRequest) {
    serve_authorization();
    as.accepted_token = "at-2";
    auto save = store->save(fake->url(), stored("at-old", "rt-1", std::chrono::system_clock::now() - 1h));
    mcp::testing::run(io, std::move(save), 1s);
    auto init = time(client(options()).connect());
    ASSERT_TRUE(init.value) << init.value.error().message();
    EXPECT_EQ(fake->posts("initialize").size(), 1u); // no 401 first
    EXPECT_EQ(fake->posts("initialize").front().header("authorization"), "Bearer at-2");
}

TEST_F(ClientOAuth, MetadataForAnotherResourceStopsBeforeAuthorizing) {
    serve_authorization();
    as.resource_override = "https://evil.example.com/mcp";
    auto init = time(client(options()).connect());
    ASSERT_FALSE(init.value);
    EXPECT_TRUE(contains(init.value.error().message(),
                         "protected-resource metadata is for \"https://evil.example.com/mcp\""));
    EXPECT_EQ(requests_to("/authorize"), 0u);
}

TEST_F(ClientOAuth, AServerWithoutS256IsRefused) {
    serve_authorization();
    as.s256 = false;
    auto init = time(client(options()).connect());
    ASSERT_FALSE(init.value);
    EXPECT_TRUE(contains(init.value.error().message(), "does not support PKCE with S256"));
    EXPECT_EQ(requests_to("/authorize"), 0u);
}

TEST_F(ClientOAuth, ARefusedTokenRequestSaysWhyWithoutTheSecret) {
    serve_authorization();
    as.refuse_tokens = true;
    auto init =
        time(client(options(mcp::transport::pre_registered_client{"pre-1", "s3cret-value", ""})).connect());
    ASSERT_FALSE(init.value);
    auto const message = init.value.error().message(); // a copy: result::error() returns by value
    EXPECT_TRUE(contains(message, "invalid_client"));
    EXPECT_EQ(message.find("s3cret-value"), std::string::npos);
    auto tokens = fake->requests("POST");
    auto token_request =
        std::find_if(tokens.begin(), tokens.end(), [](auto const& r) { return r.target == "/token"; });
    ASSERT_NE(token_request, tokens.end());
    EXPECT_EQ(form_value(token_request->body, "client_secret"), "s3cret-value"); // client_secret_post
}

} // namespace
} // namespace bad_servers
