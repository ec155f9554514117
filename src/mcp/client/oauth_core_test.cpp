#include <mcp/client/oauth_core.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mcp::transport::oauth {
namespace {

using strings = std::vector<std::string>;

TEST(WwwAuthenticate, ReadsTheSdkChallengeWithScopeAndMetadata) {
    auto c = parse_www_authenticate(
        R"(Bearer error="invalid_token", error_description="Missing Authorization header", )"
        R"(scope="mcp:basic mcp:read", resource_metadata="http://h:1/.well-known/x/mcp")");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->error, "invalid_token");
    EXPECT_EQ(c->scope, "mcp:basic mcp:read");
    EXPECT_EQ(c->resource_metadata, "http://h:1/.well-known/x/mcp");
}

TEST(WwwAuthenticate, TakesTheBearerChallengeAmongOthers) {
    auto c = parse_www_authenticate(R"(Basic realm="a, b", Bearer scope=files:read, Negotiate abc==)");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->scope, "files:read");
    EXPECT_EQ(c->error, "");
}

TEST(WwwAuthenticate, IgnoresCaseOfSchemeAndNamesAndUnescapesQuotes) {
    auto c = parse_www_authenticate(R"(bearer ERROR="insufficient_scope", Scope="a\"b")");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->error, "insufficient_scope");
    EXPECT_EQ(c->scope, "a\"b");
}

TEST(WwwAuthenticate, ParametersOfAnotherSchemeAreNotTaken) {
    auto c = parse_www_authenticate(R"(Bearer, Basic scope="x", resource_metadata="http://evil/")");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->scope, "");
    EXPECT_EQ(c->resource_metadata, "");
}

TEST(WwwAuthenticate, NoBearerChallengeIsNone) {
    EXPECT_FALSE(parse_www_authenticate(R"(Basic realm="x")"));
    EXPECT_FALSE(parse_www_authenticate(""));
}

TEST(Pkce, S256MatchesRfc7636AppendixB) {
    EXPECT_EQ(pkce_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, VerifierOf32RandomBytesIs43UrlSafeCharacters) {
    auto a = random_token(32);
    auto b = random_token(32);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->size(), 43u);
    EXPECT_NE(*a, *b);
    EXPECT_EQ(a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
}

TEST(MetadataUrls, ProtectedResourcePathSuffixedFirstThenRoot) {
    EXPECT_EQ(protected_resource_metadata_urls("https://Example.com/public/mcp").value(),
              (strings{"https://example.com/.well-known/oauth-protected-resource/public/mcp",
                       "https://example.com/.well-known/oauth-protected-resource"}));
    EXPECT_EQ(protected_resource_metadata_urls("http://localhost:8080/").value(),
              (strings{"http://localhost:8080/.well-known/oauth-protected-resource"}));
}

TEST(MetadataUrls, IssuerWithoutPathTriesOAuthThenOpenId) {
    EXPECT_EQ(authorization_server_metadata_urls("https://auth.example.com").value(),
              (strings{"https://auth.example.com/.well-known/oauth-authorization-server",
                       "https://auth.example.com/.well-known/openid-configuration"}));
    EXPECT_EQ(authorization_server_metadata_urls("https://auth.example.com/").value().size(), 2u);
}

TEST(MetadataUrls, IssuerWithPathInsertsThenAppends) {
    EXPECT_EQ(authorization_server_metadata_urls("https://auth.example.com/tenant1").value(),
              (strings{"https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
                       "https://auth.example.com/.well-known/openid-configuration/tenant1",
                       "https://auth.example.com/tenant1/.well-known/openid-configuration"}));
}

TEST(MetadataUrls, NotAnHttpUrlIsAnError) {
    EXPECT_FALSE(authorization_server_metadata_urls("ftp://x/y"));
    EXPECT_FALSE(protected_resource_metadata_urls("not a url"));
}

// Review finding: the client sent codes, verifiers, secrets and tokens to http:// endpoints of any host.
TEST(SecureEndpoint, HttpsOrPlainHttpOnlyToALoopbackHost) {
    EXPECT_TRUE(is_secure_endpoint("https://as.example.com/token"));
    EXPECT_TRUE(is_secure_endpoint("http://localhost:9000/token"));
    EXPECT_TRUE(is_secure_endpoint("http://127.0.0.1:9000/token"));
    EXPECT_TRUE(is_secure_endpoint("http://[::1]:9000/token"));
    EXPECT_FALSE(is_secure_endpoint("http://as.example.com/token"));
    EXPECT_FALSE(is_secure_endpoint("http://127.0.0.1.evil.example/token")); // Boost.URL: host 127.0.0.1
    EXPECT_FALSE(is_secure_endpoint("http://localhost.evil.example/token"));
    EXPECT_FALSE(is_secure_endpoint("ftp://localhost/token"));
    EXPECT_FALSE(is_secure_endpoint("/token"));
}

TEST(ResourceMatch, SameUrlOrAParentPathOnTheSameOrigin) {
    EXPECT_TRUE(resource_matches("http://localhost:1/mcp", "http://localhost:1/mcp"));
    EXPECT_TRUE(resource_matches("http://LOCALHOST:1", "http://localhost:1/mcp"));
    EXPECT_TRUE(resource_matches("http://localhost:1/", "http://localhost:1/mcp"));
    EXPECT_FALSE(resource_matches("http://localhost:1/mc", "http://localhost:1/mcp"));
    EXPECT_FALSE(resource_matches("http://localhost:2/mcp", "http://localhost:1/mcp"));
    EXPECT_FALSE(resource_matches("https://evil.example.com/mcp", "http://localhost:1/mcp"));
    EXPECT_FALSE(resource_matches("", "http://localhost:1/mcp"));
}

TEST(Scopes, UnionKeepsOrderAndDropsRepeats) {
    EXPECT_EQ(scope_union("mcp:basic", "mcp:basic mcp:write"), "mcp:basic mcp:write");
    EXPECT_EQ(scope_union("", "a  b a"), "a b");
    EXPECT_EQ(scope_union("a", ""), "a");
}

TEST(Scopes, ChallengeScopeFirstThenScopesSupportedElseNone) {
    boost::json::value supported = boost::json::array{"mcp:basic", "mcp:read"};
    EXPECT_EQ(select_scope("files:read", &supported), "files:read");
    EXPECT_EQ(select_scope("", &supported), "mcp:basic mcp:read");
    boost::json::value absent;
    EXPECT_EQ(select_scope("", &absent), "");
    EXPECT_EQ(select_scope("", nullptr), "");
}

TEST(Forms, PercentEncodesAllButUnreserved) {
    EXPECT_EQ(form_encode({{"a b", "x&y=z"}, {"resource", "http://h/mcp"}}),
              "a%20b=x%26y%3Dz&resource=http%3A%2F%2Fh%2Fmcp");
}

TEST(Forms, QueryIsAppendedToAnExistingOne) {
    EXPECT_EQ(with_query("https://as/authorize?tenant=1", {{"state", "a b"}}).value(),
              "https://as/authorize?tenant=1&state=a%20b");
}

TEST(Redirect, CodeWhenStateMatches) {
    EXPECT_EQ(code_from_redirect("http://localhost:3000/cb?code=abc&state=s1", "s1").value(), "abc");
}

TEST(Redirect, ForeignStateIsRefused) {
    auto r = code_from_redirect("http://localhost:3000/cb?code=abc&state=other", "s1");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("state"), std::string::npos);
}

TEST(Redirect, ServerErrorIsReportedWithItsDescription) {
    auto r = code_from_redirect(
        "http://localhost:3000/cb?error=access_denied&error_description=no+way&state=s1", "s1");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message().find("access_denied"), std::string::npos);
}

TEST(AuthMethod, RegisteredWinsElseBasicWhenAllowedElsePost) {
    boost::json::value post_only = boost::json::array{"client_secret_post"};
    boost::json::value both = boost::json::array{"client_secret_post", "client_secret_basic"};
    EXPECT_EQ(auth_method_for("client_secret_post", true, &both), "client_secret_post");
    EXPECT_EQ(auth_method_for("", true, &both), "client_secret_basic");
    EXPECT_EQ(auth_method_for("", true, &post_only), "client_secret_post");
    EXPECT_EQ(auth_method_for("", true, nullptr), "client_secret_basic");
    EXPECT_EQ(auth_method_for("", false, &both), "none");
}

TEST(Redirect, ARelativeLocationIsResolvedAgainstTheUrlThatAnswered) {
    EXPECT_EQ(resolve_location("http://127.0.0.1:9/auth?x=1", "/interaction/abc").value(),
              "http://127.0.0.1:9/interaction/abc");
    EXPECT_EQ(resolve_location("http://h/a/b", "c?d=1").value(), "http://h/a/c?d=1");
    EXPECT_EQ(resolve_location("http://h/a", "https://other/cb?code=1").value(), "https://other/cb?code=1");
}

TEST(Cookies, AreSentBackToTheSameHostUnderTheirPath) {
    cookie_jar jar;
    jar.take("http://127.0.0.1:9/auth", "_interaction=abc; path=/interaction/u1; httponly; samesite=lax");
    jar.take("http://127.0.0.1:9/auth", "_session=s; Path=/");
    EXPECT_EQ(jar.header_for("http://127.0.0.1:9/interaction/u1"), "_interaction=abc; _session=s");
    EXPECT_EQ(jar.header_for("http://127.0.0.1:9/interaction/u10"), "_session=s");
    EXPECT_EQ(jar.header_for("http://127.0.0.1:9/auth/u1"), "_session=s");
    EXPECT_EQ(jar.header_for("http://127.0.0.1:10/interaction/u1"), "");
    EXPECT_EQ(jar.header_for("http://other:9/"), "");
}

TEST(Cookies, WithoutAPathTheyBelongToTheRequestDirectory) {
    cookie_jar jar;
    jar.take("http://h/login/form", "a=1");
    EXPECT_EQ(jar.header_for("http://h/login/next"), "a=1");
    EXPECT_EQ(jar.header_for("http://h/other"), "");
}

// Removal is by an empty value or Max-Age=0 only: the jar lives for one authorization and reads no Expires date.
TEST(Cookies, ASecondSetCookieReplacesAndAnEmptyValueOrMaxAgeZeroRemoves) {
    cookie_jar jar;
    jar.take("http://h/", "a=1; path=/");
    jar.take("http://h/", "b=2; path=/");
    jar.take("http://h/", "a=3; path=/");
    EXPECT_EQ(jar.header_for("http://h/"), "b=2; a=3");
    jar.take("http://h/", "a=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    jar.take("http://h/", "b=2; path=/; Max-Age=0");
    EXPECT_EQ(jar.header_for("http://h/"), "");
    jar.take("http://h/", "not a cookie");
    EXPECT_EQ(jar.header_for("http://h/"), "");
}

} // namespace
} // namespace mcp::transport::oauth
