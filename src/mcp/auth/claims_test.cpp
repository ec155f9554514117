// Claims checks on a verified claims set: each row of claims.hpp's table, the skew at its edges, scopes from
// `scope` and `scp`, the claims copied out.
#include <mcp/auth/claims.hpp>

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
namespace json = boost::json;
using std::chrono::seconds;

constexpr std::int64_t now_s = 1767225600; // 2026-01-01T00:00:00Z
std::vector<std::string> const copied = {"email", "tenant"};

claims_check const check{.issuer = "https://as.example",
                         .audience = "https://mcp.example/mcp",
                         .skew = seconds(60),
                         .now = std::chrono::system_clock::time_point(seconds(now_s)),
                         .copied_claims = copied};

json::object good() {
    return {{"iss", "https://as.example"},
            {"aud", "https://mcp.example/mcp"},
            {"sub", "alice"},
            {"exp", now_s + 600},
            {"nbf", now_s - 10},
            {"iat", now_s - 10}};
}

json::object with(json::object const& members) {
    auto claims = good();
    for (auto const& [name, value] : members) {
        if (value.is_null())
            claims.erase(name);
        else
            claims[name] = value;
    }
    return claims;
}

errc refused(json::object const& claims) {
    auto r = validate_claims(claims, check);
    EXPECT_FALSE(r) << "accepted";
    return r ? errc{} : static_cast<errc>(r.error().code().value());
}

TEST(ValidateClaims, GoodClaimsGiveThePrincipal) {
    auto r = validate_claims(good(), check);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->subject, "alice");
    EXPECT_EQ(r->issuer, "https://as.example");
    EXPECT_EQ(r->expires_at.time_since_epoch(), seconds(now_s + 600));
    EXPECT_TRUE(r->scopes.empty());
    EXPECT_TRUE(r->claims.empty());
}

TEST(ValidateClaims, RefusesAnotherIssuer) {
    EXPECT_EQ(refused(with({{"iss", "https://evil.example"}})), errc::wrong_issuer);
    EXPECT_EQ(refused(with({{"iss", "https://as.example/"}})), errc::wrong_issuer);
}

TEST(ValidateClaims, AudienceMayBeAStringOrAnArrayThatHoldsIt) {
    EXPECT_TRUE(validate_claims(with({{"aud", json::array{"other", "https://mcp.example/mcp"}}}), check));
    EXPECT_EQ(refused(with({{"aud", "https://other.example/mcp"}})), errc::wrong_audience);
    EXPECT_EQ(refused(with({{"aud", json::array{"a", "b"}}})), errc::wrong_audience);
    EXPECT_EQ(refused(with({{"aud", json::array{}}})), errc::wrong_audience);
}

TEST(ValidateClaims, AudienceOfAnotherTypeIsMalformed) {
    EXPECT_EQ(refused(with({{"aud", 7}})), errc::malformed);
    EXPECT_EQ(refused(with({{"aud", json::array{"https://mcp.example/mcp", 7}}})), errc::malformed);
}

TEST(ValidateClaims, ExpiryHonoursTheSkewToTheSecond) {
    EXPECT_TRUE(validate_claims(with({{"exp", now_s - 59}}), check));
    EXPECT_EQ(refused(with({{"exp", now_s - 60}})), errc::expired);
    EXPECT_EQ(refused(with({{"exp", now_s - 3600}})), errc::expired);
}

TEST(ValidateClaims, NotBeforeHonoursTheSkewToTheSecond) {
    EXPECT_TRUE(validate_claims(with({{"nbf", now_s + 60}}), check));
    EXPECT_EQ(refused(with({{"nbf", now_s + 61}})), errc::not_yet_valid);
}

TEST(ValidateClaims, IssuedInTheFutureIsNotYetValid) {
    EXPECT_TRUE(validate_claims(with({{"iat", now_s + 60}}), check));
    EXPECT_EQ(refused(with({{"iat", now_s + 61}})), errc::not_yet_valid);
}

TEST(ValidateClaims, NbfAndIatAreOptional) {
    EXPECT_TRUE(validate_claims(with({{"nbf", nullptr}, {"iat", nullptr}}), check));
}

TEST(ValidateClaims, ASkewOfZeroIsExact) {
    auto strict = check;
    strict.skew = seconds(0);
    EXPECT_FALSE(validate_claims(with({{"exp", now_s}}), strict));
    EXPECT_TRUE(validate_claims(with({{"exp", now_s + 1}}), strict));
    EXPECT_FALSE(validate_claims(with({{"nbf", now_s + 1}}), strict));
}

TEST(ValidateClaims, NumericDatesMayHaveFractions) {
    EXPECT_TRUE(validate_claims(with({{"exp", static_cast<double>(now_s) + 600.5}}), check));
    EXPECT_EQ(refused(with({{"exp", static_cast<double>(now_s) - 60.5}})), errc::expired);
}

TEST(ValidateClaims, RefusesDatesThatAreNotNumbersOrOutOfRange) {
    EXPECT_EQ(refused(with({{"exp", "1767226200"}})), errc::malformed);
    EXPECT_EQ(refused(with({{"nbf", true}})), errc::malformed);
    EXPECT_EQ(refused(with({{"exp", 1e300}})), errc::malformed);
    EXPECT_EQ(refused(with({{"exp", std::uint64_t(18446744073709551615u)}})), errc::malformed);
    EXPECT_EQ(refused(with({{"iat", -1e15}})), errc::malformed);
}

TEST(ValidateClaims, RequiresIssAudExpAndSub) {
    for (auto const* name : {"iss", "aud", "exp", "sub"})
        EXPECT_EQ(refused(with({{name, nullptr}})), errc::missing_claim) << name;
}

// Review finding: "sub": "" was accepted, and "" is the principal of sessions made by no one (schema v3 rows).
TEST(ValidateClaims, AnEmptySubIsNoSubject) {
    EXPECT_EQ(refused(with({{"sub", ""}})), errc::missing_claim);
}

TEST(ValidateClaims, IssAndSubMustBeStrings) {
    EXPECT_EQ(refused(with({{"iss", json::array{"https://as.example"}}})), errc::malformed);
    EXPECT_EQ(refused(with({{"sub", 42}})), errc::malformed);
}

TEST(ValidateClaims, ScopesComeFromScopeAndScp) {
    auto r = validate_claims(
        with({{"scope", "  tools:read  tools:call "}, {"scp", json::array{"admin", "tools:read"}}}), check);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->scopes, (std::set<std::string, std::less<>>{"admin", "tools:call", "tools:read"}));
    auto spaced = validate_claims(with({{"scp", "a b"}}), check);
    ASSERT_TRUE(spaced);
    EXPECT_EQ(spaced->scopes, (std::set<std::string, std::less<>>{"a", "b"}));
}

TEST(ValidateClaims, ScopesOfAnotherTypeAreMalformed) {
    EXPECT_EQ(refused(with({{"scope", json::array{"a"}}})), errc::malformed);
    EXPECT_EQ(refused(with({{"scp", 1}})), errc::malformed);
    EXPECT_EQ(refused(with({{"scp", json::array{"a", 1}}})), errc::malformed);
}

TEST(ValidateClaims, CopiesTheChosenClaimsThatArePresent) {
    auto r = validate_claims(
        with({{"email", "alice@example.com"}, {"tenant", json::object{{"id", 7}}}, {"other", 1}}), check);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->claims, json::parse(R"({"email":"alice@example.com","tenant":{"id":7}})").as_object());
}

TEST(ValidateClaims, MessagesDoNotRepeatClaimValues) {
    auto r = validate_claims(with({{"iss", "https://attacker.example/<script>"}}), check);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message().find("attacker"), std::string::npos) << r.error().message();
}

} // namespace
