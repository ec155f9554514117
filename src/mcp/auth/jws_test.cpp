// JWS compact parsing: shape only (three strict base64url parts, JSON objects, alg and kid types, no crit),
// the size bound first.
#include <mcp/auth/jws.hpp>

#include <mcp/json/bytes.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;

std::string token_of(std::string_view header, std::string_view payload, std::string_view signature = "sig") {
    return mcp::json::base64url_encode(header) + "." + mcp::json::base64url_encode(payload) + "." + mcp::json::base64url_encode(signature);
}

std::string const good_header = R"({"alg":"RS256","kid":"k1"})";
std::string const good_claims = R"({"sub":"alice"})";

errc code_of(std::string_view token, std::size_t max = 16 * 1024) {
    auto r = parse_compact(token, max);
    EXPECT_FALSE(r) << "accepted";
    return r ? errc{} : static_cast<errc>(r.error().code().value());
}

TEST(ParseCompact, TakesAWellFormedTokenApart) {
    auto const token = token_of(good_header, good_claims, "\x01\x02");
    auto r = parse_compact(token, 16 * 1024);
    ASSERT_TRUE(r) << r.error().message();
    EXPECT_EQ(r->alg, "RS256");
    EXPECT_EQ(r->kid, "k1");
    EXPECT_EQ(r->claims.at("sub").as_string(), "alice");
    EXPECT_EQ(r->signature, std::string("\x01\x02"));
    EXPECT_EQ(r->signing_input, token.substr(0, token.rfind('.')));
}

TEST(ParseCompact, AKidIsOptional) {
    auto r = parse_compact(token_of(R"({"alg":"ES256"})", good_claims), 16 * 1024);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kid, "");
}

TEST(ParseCompact, AnEmptySignatureIsLeftForTheValidatorToRefuse) {
    auto r = parse_compact(mcp::json::base64url_encode(R"({"alg":"none"})") + "." + mcp::json::base64url_encode(good_claims) + ".",
                           16 * 1024);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->alg, "none");
    EXPECT_TRUE(r->signature.empty());
}

TEST(ParseCompact, RefusesATokenLongerThanTheBoundBeforeDecodingIt) {
    auto const token = token_of(good_header, good_claims);
    EXPECT_TRUE(parse_compact(token, token.size()));
    EXPECT_EQ(code_of(token, token.size() - 1), errc::too_large);
    EXPECT_EQ(code_of(std::string(20000, '!'), 16 * 1024), errc::too_large);
}

TEST(ParseCompact, RefusesAnyNumberOfPartsButThree) {
    auto const h = mcp::json::base64url_encode(good_header), c = mcp::json::base64url_encode(good_claims);
    EXPECT_EQ(code_of(""), errc::malformed);
    EXPECT_EQ(code_of(h), errc::malformed);
    EXPECT_EQ(code_of(h + "." + c), errc::malformed);
    EXPECT_EQ(code_of(h + "." + c + ".c2ln.c2ln"), errc::malformed);
    EXPECT_EQ(code_of(h + "." + c + ".c2ln.c2ln.c2ln"), errc::malformed); // JWE's five parts
}

TEST(ParseCompact, RefusesBadBase64urlInEachPart) {
    auto const h = mcp::json::base64url_encode(good_header), c = mcp::json::base64url_encode(good_claims);
    EXPECT_EQ(code_of(h + "=." + c + ".c2ln"), errc::malformed);
    EXPECT_EQ(code_of(h + "." + c + "*.c2ln"), errc::malformed);
    EXPECT_EQ(code_of(h + "." + c + ".c2ln+"), errc::malformed);
    EXPECT_EQ(code_of(" " + h + "." + c + ".c2ln"), errc::malformed);
}

TEST(ParseCompact, RefusesAHeaderOrPayloadThatIsNotAJsonObject) {
    EXPECT_EQ(code_of(token_of("[\"alg\"]", good_claims)), errc::malformed);
    EXPECT_EQ(code_of(token_of("{\"alg\":", good_claims)), errc::malformed);
    EXPECT_EQ(code_of(token_of(good_header, "\"alice\"")), errc::malformed);
    EXPECT_EQ(code_of(token_of(good_header, "not json")), errc::malformed);
    EXPECT_EQ(code_of(token_of(good_header, "")), errc::malformed);
}

TEST(ParseCompact, RefusesJsonThatIsNotUtf8) {
    EXPECT_EQ(code_of(token_of(good_header, "{\"sub\":\"\xff\"}")), errc::malformed);
}

TEST(ParseCompact, RefusesAHeaderWithoutAStringAlg) {
    EXPECT_EQ(code_of(token_of(R"({"kid":"k1"})", good_claims)), errc::malformed);
    EXPECT_EQ(code_of(token_of(R"({"alg":256})", good_claims)), errc::malformed);
    EXPECT_EQ(code_of(token_of(R"({"alg":null})", good_claims)), errc::malformed);
}

TEST(ParseCompact, RefusesAKidThatIsNotAString) {
    EXPECT_EQ(code_of(token_of(R"({"alg":"RS256","kid":7})", good_claims)), errc::malformed);
}

TEST(ParseCompact, RefusesCriticalExtensionsItCannotUnderstand) {
    EXPECT_EQ(code_of(token_of(R"({"alg":"RS256","crit":["b64"],"b64":false})", good_claims)),
              errc::malformed);
    EXPECT_EQ(code_of(token_of(R"({"alg":"RS256","crit":[]})", good_claims)), errc::malformed);
}

TEST(ParseCompact, KeepsTheLastOfDuplicateHeaderNames) {
    // RFC 7515 section 4: a parser either refuses duplicates or returns only the lexically last one.
    auto r = parse_compact(token_of(R"({"alg":"none","alg":"ES256"})", good_claims), 16 * 1024);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->alg, "ES256");
}

TEST(ParseCompact, TheMessageNeverQuotesTheToken) {
    auto const token = token_of(R"({"alg":"RS256","crit":["secret-extension"]})", R"({"sub":"s3cr3t"})");
    auto r = parse_compact(token, 16 * 1024);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message().find("secret"), std::string::npos);
    EXPECT_EQ(r.error().message().find(token.substr(0, 10)), std::string::npos);
}

} // namespace
