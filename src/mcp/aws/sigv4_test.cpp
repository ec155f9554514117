// The SigV4 steps one by one, and the worked example of the AWS documentation. The comparison with the reference
// signer on many requests is tests/aws/sigv4_reference_test.cpp.
#include <mcp/aws/sigv4.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::aws;
using namespace std::chrono;

sys_seconds at(int y, unsigned mo, unsigned d, int h, int mi, int s) {
    return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s);
}

credentials docs_credentials() {
    return {.access_key_id = "AKIDEXAMPLE", .secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
}

// AWS General Reference, "Signature Version 4 signing process" example: IAM ListUsers, 2015-08-30 12:36:00.
sigv4::request docs_request() {
    return {.method = "GET",
            .path = "/",
            .query = {{"Version", "2010-05-08"}, {"Action", "ListUsers"}},
            .headers = {{"Host", "iam.amazonaws.com"},
                        {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
            .body = ""};
}

TEST(Sigv4, EncodesEverythingButUnreservedCharacters) {
    EXPECT_EQ(sigv4::uri_encode("AZaz09-_.~"), "AZaz09-_.~");
    EXPECT_EQ(sigv4::uri_encode("a b+c=d&e/f*!'()"), "a%20b%2Bc%3Dd%26e%2Ff%2A%21%27%28%29");
    EXPECT_EQ(sigv4::uri_encode("\xc3\xa9"), "%C3%A9");
    EXPECT_EQ(sigv4::uri_encode("a/b", true), "a/b");
}

TEST(Sigv4, CanonicalUriIsNormalizedAndEncodedAgain) {
    EXPECT_EQ(sigv4::canonical_uri(""), "/");
    EXPECT_EQ(sigv4::canonical_uri("/"), "/");
    EXPECT_EQ(sigv4::canonical_uri("/a//b/./c/../d/"), "/a/b/d/");
    EXPECT_EQ(sigv4::canonical_uri("/a%20b/c d"), "/a%2520b/c%20d");
    EXPECT_EQ(sigv4::canonical_uri("/.."), "/");
}

TEST(Sigv4, CanonicalQueryIsEncodedAndSortedByNameThenValue) {
    EXPECT_EQ(sigv4::canonical_query({}), "");
    EXPECT_EQ(sigv4::canonical_query({{"b", "2"}, {"a", "z"}, {"a", "y"}, {"c", ""}}), "a=y&a=z&b=2&c=");
    EXPECT_EQ(sigv4::canonical_query({{"k y", "v=1&2"}}), "k%20y=v%3D1%262");
}

TEST(Sigv4, HeaderValuesAreTrimmedAndSpacesCollapsed) {
    EXPECT_EQ(sigv4::canonical_header_value("  a   b\t\tc  "), "a b c");
    EXPECT_EQ(sigv4::canonical_header_value("a\r\n b"), "a b");
    EXPECT_EQ(sigv4::canonical_header_value(""), "");
}

TEST(Sigv4, AmzDateIsUtcBasicFormat) {
    EXPECT_EQ(sigv4::amz_date(at(2015, 8, 30, 12, 36, 0)), "20150830T123600Z");
}

TEST(Sigv4, HashesTheEmptyPayload) {
    EXPECT_EQ(sigv4::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sigv4, CanonicalRequestOfTheDocumentationExample) {
    auto r = docs_request();
    auto headers = r.headers;
    headers.push_back({"X-Amz-Date", "20150830T123600Z"});
    auto const canonical = sigv4::canonical_request(r, headers, sigv4::sha256_hex(""));
    EXPECT_EQ(canonical, "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                         "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
                         "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                         "content-type;host;x-amz-date\n"
                         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sigv4::sha256_hex(canonical), "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
}

TEST(Sigv4, SignsTheDocumentationExample) {
    auto const sig = sigv4::sign(docs_request(), docs_credentials(), {.region = "us-east-1", .service = "iam"},
                                 at(2015, 8, 30, 12, 36, 0));
    EXPECT_EQ(sig.authorization,
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
              "SignedHeaders=content-type;host;x-amz-date, "
              "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    EXPECT_EQ(sig.amz_date, "20150830T123600Z");
    EXPECT_TRUE(sig.security_token.empty());
    EXPECT_TRUE(sig.content_sha256.empty());
    EXPECT_EQ(sig.headers().size(), 2u);
}

TEST(Sigv4, SessionTokenIsSignedAndReturned) {
    auto c = docs_credentials();
    c.session_token = "token/with+chars=";
    auto const sig = sigv4::sign(docs_request(), c, {.region = "us-east-1", .service = "iam"},
                                 at(2015, 8, 30, 12, 36, 0));
    EXPECT_NE(sig.authorization.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"),
              std::string::npos);
    EXPECT_EQ(sig.security_token, "token/with+chars=");
    EXPECT_EQ(sig.headers().size(), 3u);
}

TEST(Sigv4, ContentSha256HeaderOnRequest) {
    auto r = docs_request();
    r.method = "POST";
    r.body = "{}";
    auto const sig = sigv4::sign(r, docs_credentials(), {.region = "us-east-1", .service = "iam"},
                                 at(2015, 8, 30, 12, 36, 0), {.content_sha256_header = true});
    EXPECT_EQ(sig.content_sha256, sigv4::sha256_hex("{}"));
    EXPECT_NE(sig.authorization.find(";x-amz-content-sha256;x-amz-date,"), std::string::npos);
}

TEST(Sigv4, RepeatedHeaderNamesAreJoinedWithCommas) {
    sigv4::request r{.method = "GET", .headers = {{"X-A", "1"}, {"x-a", " 2 "}, {"host", "h"}}};
    auto const canonical = sigv4::canonical_request(r, r.headers, "hash");
    EXPECT_EQ(canonical, "GET\n/\n\nhost:h\nx-a:1,2\n\nhost;x-a\nhash");
}

TEST(Sigv4, AnotherSecondGivesAnotherSignature) {
    auto const one = sigv4::sign(docs_request(), docs_credentials(), {.region = "us-east-1", .service = "iam"},
                                 at(2015, 8, 30, 12, 36, 0));
    auto const two = sigv4::sign(docs_request(), docs_credentials(), {.region = "us-east-1", .service = "iam"},
                                 at(2015, 8, 30, 12, 36, 1));
    EXPECT_NE(one.authorization, two.authorization);
}

} // namespace
