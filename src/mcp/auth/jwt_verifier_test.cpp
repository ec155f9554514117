// make_jwt_verifier against a local authorization server on a real socket: keys fetched from the JWKS URL or
// found through the issuer's metadata, rotation picked up by one refresh, refreshes limited per interval
// (counted at the server), the cached set kept when the server goes down, unavailable when there never was a
// set, the cache of verified tokens (its hits, its bound, the exp and the key set that end an entry), and the
// refusals: another issuer's metadata, plain http to a remote host, an oversized JWKS, a
// redirect, TLS to a server that does not speak it.
#include <mcp/auth/jwt_verifier.hpp>

#include <mcp/auth/auth_test_support.hpp>
#include <mcp/auth/fetch_test_support.hpp>

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
using namespace mcp::auth::testing;
namespace json = boost::json;
using std::chrono::seconds;

signing_key const& key(int n) {
    static signing_key const k1 = make_key(algorithm::es256, "k1");
    static signing_key const k2 = make_key(algorithm::es256, "k2");
    return n == 1 ? k1 : k2;
}

class JwtVerifier : public ::testing::Test {
protected:
    boost::asio::io_context io;
    routes answers;
    std::unique_ptr<mcp::aws::testing::local_http_server> server = serve(answers);
    test_clock clock;

    std::string issuer() const { return server->url(); }

    jwt_verifier_options options(std::string jwks_url) const {
        return {
            .validation = {.issuer = issuer(), .audience = "https://mcp.example/mcp", .clock = clock.fn()},
            .jwks_url = std::move(jwks_url)};
    }

    std::shared_ptr<token_verifier> verifier(jwt_verifier_options o) {
        auto v = make_jwt_verifier(io.get_executor(), std::move(o));
        EXPECT_TRUE(v) << v.error().message();
        return v ? *v : nullptr;
    }

    std::string token(signing_key const& k, std::string kid = {}) const {
        json::object const claims{{"iss", issuer()},
                                  {"aud", "https://mcp.example/mcp"},
                                  {"sub", "alice"},
                                  {"exp", clock.now() + 3600}};
        return kid.empty() ? sign_token(k, claims) : sign_token(k, claims, {{"kid", kid}});
    }

    // A token issued 50 s ahead of the clock: validate_token accepts it now (the skew is 60 s) and refuses it
    // (not_yet_valid) once the clock is set back 20 s, when only the cache of verified tokens admits it.
    std::string ahead_token(signing_key const& k, std::int64_t exp_in = 3600) const {
        json::object const claims{{"iss", issuer()},
                                  {"aud", "https://mcp.example/mcp"},
                                  {"sub", "alice"},
                                  {"iat", clock.now() + 50},
                                  {"exp", clock.now() + exp_in}};
        return sign_token(k, claims);
    }

    void publish(std::initializer_list<int> keys) {
        std::string text = "{\"keys\":[";
        for (int n : keys)
            text += (text.back() == '[' ? "" : ",") + json::serialize(public_jwk(key(n)));
        answers.set_json("/jwks", text + "]}");
    }

    std::size_t fetches() const { return server->count("/jwks"); }
};

errc code_of(result<principal> const& r) {
    EXPECT_FALSE(r) << "accepted";
    return r ? errc{} : static_cast<errc>(r.error().code().value());
}

TEST_F(JwtVerifier, AcceptsATokenSignedWithAKeyOfTheJwks) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    auto p = verify_one(io, *v, token(key(1)));
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->subject, "alice");
    EXPECT_EQ(fetches(), 1u);
}

TEST_F(JwtVerifier, ATokenOfANewKidAfterRotationIsAcceptedAfterOneRefresh) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    ASSERT_TRUE(verify_one(io, *v, token(key(1))));
    clock.advance(seconds(30)); // the first fetch counts: no refresh sooner than 30 s after it
    publish({1, 2});
    auto p = verify_one(io, *v, token(key(2)));
    EXPECT_TRUE(p) << p.error().message();
    EXPECT_EQ(fetches(), 2u);
    EXPECT_TRUE(verify_one(io, *v, token(key(1))));
    EXPECT_EQ(fetches(), 2u);
}

TEST_F(JwtVerifier, ABurstOfUnknownKidsCausesOneFetchPerInterval) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    ASSERT_TRUE(verify_one(io, *v, token(key(1))));
    clock.advance(seconds(30));
    std::vector<std::string> burst;
    for (int i = 0; i < 20; ++i)
        burst.push_back(token(key(1), "unknown-" + std::to_string(i)));
    for (auto const& r : verify_all(io, *v, burst))
        EXPECT_EQ(code_of(r), errc::unknown_kid);
    EXPECT_EQ(fetches(), 2u); // the first use, then one refresh for all twenty
    EXPECT_EQ(code_of(verify_one(io, *v, burst.front())), errc::unknown_kid);
    clock.advance(seconds(29));
    EXPECT_EQ(code_of(verify_one(io, *v, burst.front())), errc::unknown_kid);
    EXPECT_EQ(fetches(), 2u);
    clock.advance(seconds(1));
    EXPECT_EQ(code_of(verify_one(io, *v, burst.front())), errc::unknown_kid);
    EXPECT_EQ(fetches(), 3u);
}

TEST_F(JwtVerifier, AnUnknownKidRightAfterAFetchWaitsForTheInterval) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    ASSERT_TRUE(verify_one(io, *v, token(key(1))));
    publish({1, 2});
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(2)))), errc::unknown_kid);
    EXPECT_EQ(fetches(), 1u);
}

TEST_F(JwtVerifier, ConcurrentFirstUsesShareOneFetch) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    for (auto const& r : verify_all(io, *v, std::vector<std::string>(10, token(key(1)))))
        EXPECT_TRUE(r);
    EXPECT_EQ(fetches(), 1u);
}

TEST_F(JwtVerifier, WithTheServerDownAndNoKeysVerificationIsUnavailable) {
    auto o = options(closed_url() + "/jwks");
    auto v = verifier(o);
    auto r = verify_one(io, *v, token(key(1)));
    EXPECT_EQ(code_of(r), errc::unavailable);
    EXPECT_NE(r.error().message().find("cannot connect"), std::string::npos) << r.error().message();
}

TEST_F(JwtVerifier, AFailedFetchIsNotRetriedWithinTheInterval) {
    answers.set("/jwks", {.status = 503});
    auto o = options(issuer() + "/jwks");
    o.retry_without_keys = seconds(30);
    auto v = verifier(o);
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(1)))), errc::unavailable);
    publish({1});
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(1)))), errc::unavailable);
    EXPECT_EQ(fetches(), 1u);
    clock.advance(seconds(30));
    EXPECT_TRUE(verify_one(io, *v, token(key(1))));
    EXPECT_EQ(fetches(), 2u);
}

// While no key set is held every request is a 503: the next fetch may start sooner (retry_without_keys, the
// Retry-After the server sends) than the interval that limits refreshes of a set in use. (The end-to-end test
// saw 503 for 30 s after the authorization server came back, with Retry-After: 5.)
TEST_F(JwtVerifier, WithoutKeysAFailedFetchIsRetriedAfterTheShorterWait) {
    answers.set("/jwks", {.status = 503});
    auto v = verifier(options(issuer() + "/jwks"));
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(1)))), errc::unavailable);
    publish({1});
    clock.advance(seconds(4));
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(1)))), errc::unavailable);
    EXPECT_EQ(fetches(), 1u);
    clock.advance(seconds(1));
    auto p = verify_one(io, *v, token(key(1)));
    EXPECT_TRUE(p) << p.error().message();
    EXPECT_EQ(fetches(), 2u);
}

TEST_F(JwtVerifier, WithTheServerDownAfterAFetchTheCachedKeysStillVerify) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    ASSERT_TRUE(verify_one(io, *v, token(key(1))));
    answers.set("/jwks", {.status = 503});
    clock.advance(seconds(3601)); // past max_age: fetched again, and that fails
    auto p = verify_one(io, *v, token(key(1)));
    EXPECT_TRUE(p) << p.error().message();
    EXPECT_EQ(fetches(), 2u);
    clock.advance(seconds(31));
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(2)))), errc::unknown_kid); // refused, not unavailable
    EXPECT_EQ(fetches(), 3u);
}

TEST_F(JwtVerifier, AnOldKeySetIsReplacedInTheBackground) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    ASSERT_TRUE(verify_one(io, *v, token(key(1))));
    publish({2});
    clock.advance(seconds(3601));
    EXPECT_TRUE(verify_one(io, *v, token(key(1)))); // the old set answers; the new one is fetched meanwhile
    EXPECT_EQ(fetches(), 2u);
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(1)))), errc::unknown_kid);
    EXPECT_TRUE(verify_one(io, *v, token(key(2))));
}

// The cache of verified tokens. A hit is told from a validation by a clock set back: validate_token then
// refuses ahead_token (not_yet_valid), the cache does not look at iat.
TEST_F(JwtVerifier, ASecondVerifyOfTheSameTokenIsAnsweredFromTheCache) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    auto const t = ahead_token(key(1));
    ASSERT_TRUE(verify_one(io, *v, t));
    clock.advance(seconds(-20));
    auto p = verify_one(io, *v, t);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->subject, "alice");
    clock.advance(seconds(20));
    auto const other = ahead_token(key(1));
    clock.advance(seconds(-20));
    EXPECT_EQ(code_of(verify_one(io, *v, other)), errc::not_yet_valid); // what a validation says now
    EXPECT_EQ(fetches(), 1u);
}

TEST_F(JwtVerifier, WithCacheTtlZeroEveryVerifyValidates) {
    publish({1});
    auto o = options(issuer() + "/jwks");
    o.cache_ttl = seconds(0);
    auto v = verifier(o);
    auto const t = ahead_token(key(1));
    ASSERT_TRUE(verify_one(io, *v, t));
    clock.advance(seconds(-20));
    EXPECT_EQ(code_of(verify_one(io, *v, t)), errc::not_yet_valid);
}

TEST_F(JwtVerifier, ACachedTokenIsRefusedOnceExpired) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    auto const t = ahead_token(key(1), 100); // cache_ttl (300 s) would outlive it
    ASSERT_TRUE(verify_one(io, *v, t));
    clock.advance(seconds(160)); // exp plus the skew
    EXPECT_EQ(code_of(verify_one(io, *v, t)), errc::expired);
}

TEST_F(JwtVerifier, ACachedTokenWhoseKeyLeftTheJwksIsRefusedAfterTheRefresh) {
    publish({1});
    auto v = verifier(options(issuer() + "/jwks"));
    auto const t = token(key(1));
    ASSERT_TRUE(verify_one(io, *v, t));
    ASSERT_TRUE(verify_one(io, *v, t));
    clock.advance(seconds(30));
    publish({2}); // key 1 withdrawn; a token of key 2 makes the verifier refresh
    ASSERT_TRUE(verify_one(io, *v, token(key(2))));
    EXPECT_EQ(fetches(), 2u);
    EXPECT_EQ(code_of(verify_one(io, *v, t)), errc::unknown_kid);
}

TEST_F(JwtVerifier, ACachedTokenIsValidatedAgainstTheSetOfTheMaxAgeRefetch) {
    publish({1});
    auto o = options(issuer() + "/jwks");
    o.cache_ttl = seconds(7200); // longer than max_age: only the new set ends the entry
    auto v = verifier(o);
    auto const t = ahead_token(key(1), 7200);
    ASSERT_TRUE(verify_one(io, *v, t));
    publish({2});
    clock.advance(seconds(3601));
    EXPECT_TRUE(verify_one(io, *v, t)); // the old set still answers while the new one is fetched
    EXPECT_EQ(fetches(), 2u);
    EXPECT_EQ(code_of(verify_one(io, *v, t)), errc::unknown_kid);
}

TEST_F(JwtVerifier, AFullCacheDropsTheEntryThatExpiresFirst) {
    publish({1});
    auto o = options(issuer() + "/jwks");
    o.max_cache_entries = 2;
    auto v = verifier(o);
    std::vector<std::string> const tokens{ahead_token(key(1)), ahead_token(key(1)), ahead_token(key(1))};
    for (auto const& t : tokens) {
        ASSERT_TRUE(verify_one(io, *v, t));
        clock.advance(seconds(1)); // each entry a second later than the one before
    }
    clock.advance(seconds(-25));
    EXPECT_EQ(code_of(verify_one(io, *v, tokens[0])), errc::not_yet_valid);
    EXPECT_TRUE(verify_one(io, *v, tokens[1]));
    EXPECT_TRUE(verify_one(io, *v, tokens[2]));
}

TEST_F(JwtVerifier, DiscoversTheJwksThroughOAuthServerMetadata) {
    publish({1});
    answers.set_json("/.well-known/oauth-authorization-server",
                     R"({"issuer":")" + issuer() + R"(","jwks_uri":")" + issuer() + R"(/jwks"})");
    auto v = verifier(options(""));
    auto p = verify_one(io, *v, token(key(1)));
    EXPECT_TRUE(p) << p.error().message();
    EXPECT_EQ(server->count("/.well-known/openid-configuration"), 0u);
    EXPECT_EQ(fetches(), 1u);
}

TEST_F(JwtVerifier, DiscoversTheJwksThroughOpenIdConfigurationOfAnIssuerWithAPath) {
    publish({1});
    answers.set_json("/tenant/.well-known/openid-configuration",
                     R"({"issuer":")" + issuer() + R"(/tenant","jwks_uri":")" + issuer() + R"(/jwks"})");
    auto o = options("");
    o.validation.issuer = issuer() + "/tenant";
    auto v = verifier(o);
    json::object const claims{{"iss", issuer() + "/tenant"},
                              {"aud", "https://mcp.example/mcp"},
                              {"sub", "alice"},
                              {"exp", clock.now() + 3600}};
    auto p = verify_one(io, *v, sign_token(key(1), claims));
    EXPECT_TRUE(p) << p.error().message();
    EXPECT_EQ(server->count("/.well-known/oauth-authorization-server/tenant"), 1u);
    EXPECT_EQ(server->count("/.well-known/openid-configuration/tenant"), 1u);
}

TEST_F(JwtVerifier, MetadataOfAnotherIssuerIsRefused) {
    publish({1});
    answers.set_json("/.well-known/oauth-authorization-server",
                     R"({"issuer":"https://evil.example","jwks_uri":")" + issuer() + R"(/jwks"})");
    auto v = verifier(options(""));
    auto r = verify_one(io, *v, token(key(1)));
    EXPECT_EQ(code_of(r), errc::unavailable);
    EXPECT_NE(r.error().message().find("not the configured issuer"), std::string::npos)
        << r.error().message();
    EXPECT_EQ(fetches(), 0u);
}

TEST_F(JwtVerifier, PlainHttpToAHostThatIsNotLoopbackIsAConfigurationError) {
    auto o = options("http://as.example/jwks");
    auto r = make_jwt_verifier(io.get_executor(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::invalid_configuration);
    EXPECT_NE(r.error().message().find("plain HTTP"), std::string::npos) << r.error().message();
    o.jwks_url.clear();
    o.validation.issuer = "http://as.example";
    EXPECT_FALSE(make_jwt_verifier(io.get_executor(), o));
    o.validation.issuer = "https://as.example";
    EXPECT_TRUE(make_jwt_verifier(io.get_executor(), o));
    o.jwks_url = "http://[::1]:8080/jwks";
    EXPECT_TRUE(make_jwt_verifier(io.get_executor(), o));
}

TEST_F(JwtVerifier, AnOversizedJwksIsRefused) {
    answers.set_json("/jwks", R"({"keys":[],"padding":")" + std::string(max_jwks_bytes, 'x') + "\"}");
    auto v = verifier(options(issuer() + "/jwks"));
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(1)))), errc::unavailable);
}

TEST_F(JwtVerifier, ARedirectIsNotFollowed) {
    publish({1});
    answers.set("/moved", {.status = 302, .body = {}, .headers = {{"Location", "/jwks"}}});
    auto v = verifier(options(issuer() + "/moved"));
    auto r = verify_one(io, *v, token(key(1)));
    EXPECT_EQ(code_of(r), errc::unavailable);
    EXPECT_NE(r.error().message().find("redirects are not followed"), std::string::npos);
    EXPECT_EQ(fetches(), 0u);
}

TEST_F(JwtVerifier, HttpsToAServerThatDoesNotSpeakTlsFails) {
    publish({1});
    auto v = verifier(options("https://127.0.0.1:" + std::to_string(server->port()) + "/jwks"));
    EXPECT_EQ(code_of(verify_one(io, *v, token(key(1)))), errc::unavailable);
}

TEST_F(JwtVerifier, AnUnreadableCaFileIsAConfigurationError) {
    auto o = options("https://as.example/jwks");
    o.ca_file = "/nonexistent/ca.pem";
    auto r = make_jwt_verifier(io.get_executor(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::invalid_configuration);
}

} // namespace
