// validation_options::required_type (RFC 9068 section 4): the `typ` header compared as a media type
// (RFC 7515 section 4.1.9: case-insensitive, "application/" optional), and not looked at when not required.
#include <mcp/auth/validator.hpp>

#include <mcp/auth/auth_test_support.hpp>

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
namespace json = boost::json;
namespace support = mcp::auth::testing;

constexpr std::int64_t now_s = 1767225600; // 2026-01-01T00:00:00Z

support::signing_key const& key() {
    static support::signing_key const k = support::make_key(algorithm::es256, "ec-typ");
    return k;
}

key_set const& keys() {
    static key_set const set = parse_jwks(support::jwks_text({support::public_jwk(key())})).value();
    return set;
}

validation_options options(std::string required) {
    return {.issuer = "https://as.example",
            .audience = "https://mcp.example/mcp",
            .required_type = std::move(required),
            .clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(now_s)); }};
}

// A good token whose header has `typ` (a null value: no typ member).
std::string token_typed(json::value typ) {
    json::object const claims{{"iss", "https://as.example"},
                              {"aud", "https://mcp.example/mcp"},
                              {"sub", "alice"},
                              {"exp", now_s + 600}};
    return support::sign_token(key(), claims, {{"typ", typ}});
}

TEST(RequiredType, AcceptsAtJwtInAnyCaseWithOrWithoutTheApplicationPrefix) {
    for (char const* typ : {"at+jwt", "AT+JWT", "application/at+jwt", "Application/At+JWT"}) {
        EXPECT_TRUE(validate_token(token_typed(typ), keys(), options("at+jwt"))) << typ;
        EXPECT_TRUE(validate_token(token_typed(typ), keys(), options("application/at+jwt"))) << typ;
    }
}

TEST(RequiredType, RefusesAnotherTypeOrNone) {
    for (json::value typ :
         {json::value("JWT"), json::value(nullptr), json::value(7), json::value("application/jwt"),
          json::value("at+jwt/x"), json::value("text/at+jwt")}) {
        auto r = validate_token(token_typed(typ), keys(), options("at+jwt"));
        ASSERT_FALSE(r) << json::serialize(typ);
        EXPECT_EQ(r.error().code(), errc::wrong_type);
    }
}

TEST(RequiredType, IsNotLookedAtByDefault) {
    EXPECT_TRUE(validate_token(token_typed("JWT"), keys(), options("")));
    EXPECT_TRUE(validate_token(token_typed(nullptr), keys(), options("")));
}

TEST(RequiredType, IsCheckedBeforeTheSignature) {
    auto token = token_typed("JWT");
    // The signature's first character, whose six bits are all signature: the last one may carry padding bits,
    // and a change there made the token malformed instead (the test failed about every other run).
    auto& c = token[token.rfind('.') + 1];
    c = c == 'A' ? 'B' : 'A';
    auto r = validate_token(token, keys(), options("at+jwt"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::wrong_type);
}

} // namespace
