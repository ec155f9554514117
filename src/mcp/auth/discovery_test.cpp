// Metadata discovery's pure parts: the URLs tried for an issuer (RFC 8414 section 3.1's path insertion, then
// OpenID Connect's appended path), and the checks of a metadata document (RFC 8414 section 3.3).
#include <mcp/auth/discovery.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
using urls = std::vector<std::string>;

TEST(MetadataUrls, AnIssuerWithoutPathTriesBothWellKnownDocuments) {
    EXPECT_EQ(metadata_urls("https://as.example"),
              (urls{"https://as.example/.well-known/oauth-authorization-server",
                    "https://as.example/.well-known/openid-configuration"}));
    EXPECT_EQ(metadata_urls("https://as.example/"), metadata_urls("https://as.example"));
}

TEST(MetadataUrls, AnIssuerWithAPathHasTheWellKnownPartInsertedThenAppended) {
    EXPECT_EQ(metadata_urls("https://as.example:8443/tenant/1"),
              (urls{"https://as.example:8443/.well-known/oauth-authorization-server/tenant/1",
                    "https://as.example:8443/.well-known/openid-configuration/tenant/1",
                    "https://as.example:8443/tenant/1/.well-known/openid-configuration"}));
}

TEST(MetadataUrls, NoneForWhatIsNotAnHttpIssuer) {
    EXPECT_TRUE(metadata_urls("as.example").empty());
    EXPECT_TRUE(metadata_urls("ftp://as.example").empty());
    EXPECT_TRUE(metadata_urls("https://").empty());
    EXPECT_TRUE(metadata_urls("https://as.example/?tenant=1").empty());
    EXPECT_TRUE(metadata_urls("https://as.example#x").empty());
}

TEST(JwksUriOf, ReadsJwksUriWhenTheIssuerMatches) {
    auto r = jwks_uri_of(R"({"issuer":"https://as.example","jwks_uri":"https://as.example/keys"})",
                         "https://as.example");
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(*r, "https://as.example/keys");
}

TEST(JwksUriOf, RefusesADocumentOfAnotherIssuer) {
    for (char const* doc : {R"({"issuer":"https://evil.example","jwks_uri":"https://evil.example/keys"})",
                            R"({"issuer":"https://as.example/","jwks_uri":"https://as.example/keys"})",
                            R"({"jwks_uri":"https://as.example/keys"})"}) {
        auto r = jwks_uri_of(doc, "https://as.example");
        ASSERT_FALSE(r) << doc;
        EXPECT_EQ(r.error().code(), errc::invalid_configuration);
        EXPECT_NE(r.error().message().find("not the configured issuer"), std::string::npos);
    }
}

TEST(JwksUriOf, RefusesADocumentWithoutJwksUriOrNotAnObject) {
    for (char const* doc : {R"({"issuer":"https://as.example"})",
                            R"({"issuer":"https://as.example","jwks_uri":7})", "[]", "not json"}) {
        auto r = jwks_uri_of(doc, "https://as.example");
        ASSERT_FALSE(r) << doc;
        EXPECT_EQ(r.error().code(), errc::invalid_configuration);
    }
}

} // namespace
