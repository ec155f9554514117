// make_introspection_verifier against a local introspection endpoint on a real socket: the request (HTTP
// Basic with form-encoded credentials, the form body), active and inactive answers, an endpoint that is down
// or failing, the cache of positive answers (bounded, never past exp), and the checks of the answer.
#include <mcp/auth/introspection.hpp>

#include <mcp/auth/fetch_test_support.hpp>
#include <mcp/json/bytes.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
using namespace mcp::auth::testing;
using std::chrono::seconds;

class Introspection : public ::testing::Test {
protected:
    boost::asio::io_context io;
    routes answers;
    std::unique_ptr<mcp::aws::testing::local_http_server> server = serve(answers);
    test_clock clock;

    introspection_options options() const {
        return {.endpoint = server->url() + "/introspect",
                .client_id = "mcp server",
                .client_secret = "s:e/cret",
                .issuer = "https://as.example",
                .audience = "https://mcp.example/mcp",
                .copied_claims = {"client_id"},
                .clock = clock.fn()};
    }

    std::shared_ptr<token_verifier> verifier(introspection_options o) {
        auto v = make_introspection_verifier(io.get_executor(), std::move(o));
        EXPECT_TRUE(v) << v.error().message();
        return v ? *v : nullptr;
    }

    void answer_active(std::int64_t exp) {
        answers.set_json("/introspect",
                         R"({"active":true,"sub":"alice","iss":"https://as.example",)"
                         R"("aud":["https://mcp.example/mcp"],"scope":"tools:call files:read",)"
                         R"("client_id":"app","exp":)" +
                             std::to_string(exp) + "}");
    }

    std::size_t asked() const { return server->count("/introspect"); }
};

errc code_of(result<principal> const& r) {
    EXPECT_FALSE(r) << "accepted";
    return r ? errc{} : static_cast<errc>(r.error().code().value());
}

TEST_F(Introspection, AnActiveTokenBecomesAPrincipal) {
    answer_active(clock.now() + 600);
    auto v = verifier(options());
    auto p = verify_one(io, *v, "opaque token+1");
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->subject, "alice");
    EXPECT_EQ(p->issuer, "https://as.example");
    EXPECT_EQ(p->scopes, (std::set<std::string, std::less<>>{"tools:call", "files:read"}));
    EXPECT_EQ(p->expires_at.time_since_epoch(), seconds(clock.now() + 600));
    EXPECT_EQ(p->claims.at("client_id"), "app");
}

TEST_F(Introspection, SendsTheTokenAsAFormWithFormEncodedBasicCredentials) {
    answer_active(clock.now() + 600);
    auto v = verifier(options());
    ASSERT_TRUE(verify_one(io, *v, "opaque token+1"));
    auto const r = server->requests().at(0);
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.body, "token=opaque+token%2B1&token_type_hint=access_token");
    EXPECT_EQ(r.header("Content-Type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(r.header("Authorization"), "Basic " + mcp::json::base64_encode("mcp+server:s%3Ae%2Fcret"));
}

TEST_F(Introspection, AnInactiveTokenIsRefused) {
    answers.set_json("/introspect", R"({"active":false})");
    auto v = verifier(options());
    EXPECT_EQ(code_of(verify_one(io, *v, "revoked")), errc::inactive);
}

TEST_F(Introspection, RefusalsAreNotCached) {
    answers.set_json("/introspect", R"({"active":false})");
    auto v = verifier(options());
    EXPECT_EQ(code_of(verify_one(io, *v, "revoked")), errc::inactive);
    EXPECT_EQ(code_of(verify_one(io, *v, "revoked")), errc::inactive);
    EXPECT_EQ(asked(), 2u);
}

TEST_F(Introspection, AnEndpointThatIsDownOrFailingIsUnavailable) {
    auto o = options();
    o.endpoint = closed_url() + "/introspect";
    EXPECT_EQ(code_of(verify_one(io, *verifier(o), "t")), errc::unavailable);
    answers.set("/introspect", {.status = 500});
    EXPECT_EQ(code_of(verify_one(io, *verifier(options()), "t")), errc::unavailable);
    answers.set("/introspect", {.status = 401});
    EXPECT_EQ(code_of(verify_one(io, *verifier(options()), "t")), errc::unavailable);
    answers.set_json("/introspect", R"({"sub":"alice"})");
    EXPECT_EQ(code_of(verify_one(io, *verifier(options()), "t")), errc::unavailable);
}

TEST_F(Introspection, APositiveAnswerIsCachedButNeverPastExp) {
    answer_active(clock.now() + 30);
    auto v = verifier(options());
    ASSERT_TRUE(verify_one(io, *v, "t"));
    clock.advance(seconds(29));
    ASSERT_TRUE(verify_one(io, *v, "t"));
    EXPECT_EQ(asked(), 1u);
    clock.advance(seconds(1)); // at exp: asked again (and, within the skew, still accepted)
    EXPECT_TRUE(verify_one(io, *v, "t"));
    EXPECT_EQ(asked(), 2u);
}

TEST_F(Introspection, APositiveAnswerIsCachedForTheTtlAtMost) {
    answer_active(clock.now() + 3600);
    auto v = verifier(options());
    ASSERT_TRUE(verify_one(io, *v, "t"));
    clock.advance(seconds(60));
    ASSERT_TRUE(verify_one(io, *v, "t"));
    EXPECT_EQ(asked(), 2u);
}

TEST_F(Introspection, TheCacheIsBounded) {
    auto o = options();
    o.max_cache_entries = 2;
    auto v = verifier(o);
    answer_active(clock.now() + 20); // "a" expires first: it is the one dropped for "c"
    ASSERT_TRUE(verify_one(io, *v, "a"));
    answer_active(clock.now() + 40);
    ASSERT_TRUE(verify_one(io, *v, "b"));
    ASSERT_TRUE(verify_one(io, *v, "c"));
    EXPECT_EQ(asked(), 3u);
    ASSERT_TRUE(verify_one(io, *v, "b"));
    ASSERT_TRUE(verify_one(io, *v, "c"));
    EXPECT_EQ(asked(), 3u);
    ASSERT_TRUE(verify_one(io, *v, "a"));
    EXPECT_EQ(asked(), 4u);
}

TEST_F(Introspection, ChecksIssuerAudienceAndSubject) {
    auto v = verifier(options());
    auto const exp = std::to_string(clock.now() + 600);
    answers.set_json(
        "/introspect",
        R"({"active":true,"sub":"a","iss":"https://evil.example","aud":"https://mcp.example/mcp","exp":)" +
            exp + "}");
    EXPECT_EQ(code_of(verify_one(io, *v, "t1")), errc::wrong_issuer);
    answers.set_json(
        "/introspect",
        R"({"active":true,"sub":"a","iss":"https://as.example","aud":"https://other.example","exp":)" + exp +
            "}");
    EXPECT_EQ(code_of(verify_one(io, *v, "t2")), errc::wrong_audience);
    answers.set_json("/introspect",
                     R"({"active":true,"iss":"https://as.example","aud":"https://mcp.example/mcp","exp":)" +
                         exp + "}");
    EXPECT_EQ(code_of(verify_one(io, *v, "t3")), errc::missing_claim);
    answers.set_json("/introspect",
                     R"({"active":true,"sub":"","iss":"https://as.example","aud":"https://mcp.example/mcp","exp":)" +
                         exp + "}");
    EXPECT_EQ(code_of(verify_one(io, *v, "t5")), errc::missing_claim) << "an empty sub is no subject";
    answers.set_json(
        "/introspect",
        R"({"active":true,"sub":"a","iss":"https://as.example","aud":"https://mcp.example/mcp","exp":)" +
            std::to_string(clock.now() - 120) + "}");
    EXPECT_EQ(code_of(verify_one(io, *v, "t4")), errc::expired);
}

TEST_F(Introspection, AnOversizedTokenIsNeverSent) {
    auto v = verifier(options());
    EXPECT_EQ(code_of(verify_one(io, *v, std::string(16 * 1024 + 1, 'x'))), errc::too_large);
    EXPECT_EQ(asked(), 0u);
}

TEST_F(Introspection, PlainHttpToAHostThatIsNotLoopbackIsAConfigurationError) {
    auto o = options();
    o.endpoint = "http://as.example/introspect";
    auto r = make_introspection_verifier(io.get_executor(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::invalid_configuration);
}

} // namespace
