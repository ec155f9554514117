// request_state: the params digest and the sealed token of input-required rounds (2026-07-28
// basic/patterns/mrtr, server requirements (basic workflow) 4 and 5): what passes, and every way a token is
// refused.
#include <mcp/server/request_state.hpp>

#include <mcp/core/sha256.hpp>
#include <mcp/json/bytes.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace mcp::detail {
namespace {

std::string const current_key(32, '\x5c');
std::string const retired_key = "an older key of thirty-two bytes";
constexpr std::int64_t expiry_ms = 1'800'000'000'000;

boost::json::object object_of(std::string_view text) {
    return boost::json::parse(text).as_object();
}

boost::json::object call_params() {
    return object_of(R"({"name":"book","arguments":{"city":"Paris","nights":3,"rooms":[{"beds":2}]},
                         "_meta":{"progressToken":7}})");
}

request_state issued() {
    return {.method = "tools/call",
            .params_digest = params_digest(call_params()),
            .principal = "alice",
            .expires_at_ms = expiry_ms,
            .answers = object_of(R"({"dates":{"action":"accept","content":{"from":"2026-08-01"}}})"),
            .remembered = object_of(R"({"quote":412.5})")};
}

// What the retry presents; each test changes one thing.
struct retry {
    std::string_view method = "tools/call";
    boost::json::object params = call_params();
    std::string_view principal = "alice";
    std::int64_t now_ms = expiry_ms - 60'000;
    std::size_t max_bytes = 64 * 1024;
    std::vector<std::string> keys = {current_key};
};

result<request_state> open_on(std::string_view token, retry const& r = {}) {
    return open(token, r.keys, r.method, r.params, r.principal, r.now_ms, r.max_bytes);
}

std::string sealed() {
    return seal(issued(), current_key);
}

testing::AssertionResult refused(result<request_state> const& r, std::string_view check = {}) {
    if (r.has_value())
        return testing::AssertionFailure() << "accepted";
    auto e = r.error(); // by value: error() returns a copy
    std::string expected = "requestState failed verification: " + std::string(check);
    if (e.code() != protocol::code::invalid_params || !e.message().starts_with(expected))
        return testing::AssertionFailure() << e.code() << " " << e.message();
    return testing::AssertionSuccess();
}

std::string to_base64url(std::string_view bytes) {
    auto text = json::base64_encode(bytes);
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    text.erase(std::find(text.begin(), text.end(), '='), text.end());
    return text;
}

std::string from_base64url(std::string text) {
    std::replace(text.begin(), text.end(), '-', '+');
    std::replace(text.begin(), text.end(), '_', '/');
    return json::base64_decode(text).value();
}

std::string payload_of(std::string const& token) {
    auto from = token.find('.') + 1;
    return from_base64url(token.substr(from, token.rfind('.') - from));
}

TEST(params_digest, DoesNotDependOnKeyOrderAtAnyDepth) {
    EXPECT_EQ(
        params_digest(object_of(R"({"name":"t","arguments":{"a":1,"b":{"x":[1,{"p":1,"q":2}],"y":2}}})")),
        params_digest(object_of(R"({"arguments":{"b":{"y":2,"x":[1,{"q":2,"p":1}]},"a":1},"name":"t"})")));
}

TEST(params_digest, ChangesWithAnyValue) {
    auto base = params_digest(object_of(R"({"name":"t","arguments":{"a":1,"b":[1,2],"c":{"d":"x"}}})"));
    for (auto const* changed : {R"({"name":"u","arguments":{"a":1,"b":[1,2],"c":{"d":"x"}}})",
                                R"({"name":"t","arguments":{"a":2,"b":[1,2],"c":{"d":"x"}}})",
                                R"({"name":"t","arguments":{"a":"1","b":[1,2],"c":{"d":"x"}}})",
                                R"({"name":"t","arguments":{"a":1,"b":[2,1],"c":{"d":"x"}}})",
                                R"({"name":"t","arguments":{"a":1,"b":[1,2],"c":{"d":"y"}}})",
                                R"({"name":"t","arguments":{"a":1,"b":[1,2],"c":{"e":"x"}}})",
                                R"({"name":"t","arguments":{"a":1,"b":[1,2],"c":{"d":"x"},"z":null}})",
                                R"({"name":"t","arguments":{"a":1,"b":[1,2],"c":{"d":"x"}},"task":{}})"})
        EXPECT_NE(params_digest(object_of(changed)), base) << changed;
}

TEST(params_digest, IgnoresTheTopLevelKeysThatChangeEachRound) {
    EXPECT_EQ(params_digest(object_of(R"({"name":"t","arguments":{"a":1}})")),
              params_digest(object_of(R"({"name":"t","arguments":{"a":1},"_meta":{"k":1},
                                          "inputResponses":{"q":{"action":"accept"}},"requestState":"v1.x.y"})")));
}

TEST(params_digest, CountsAMetaKeyInsideTheArguments) {
    EXPECT_NE(params_digest(object_of(R"({"name":"t","arguments":{"a":1}})")),
              params_digest(object_of(R"({"name":"t","arguments":{"a":1,"_meta":{"k":1}}})")));
}

TEST(params_digest, IsTheSha256OfThePinnedCanonicalText) {
    // base64url(SHA-256 of
    // {"arguments":{"Z":{"x":-2,"y":1},"a":true,"b":[1,2.5E0,"x"],"é":null},"name":"book"}), computed apart
    // (Python hashlib): keys in UTF-8 byte order, no whitespace, numbers as boost::json writes.
    auto params =
        object_of(R"({"name":"book","arguments":{"é":null,"b":[1,2.5,"x"],"a":true,"Z":{"y":1,"x":-2}}})");
    EXPECT_EQ(params_digest(params), "V1npGnCr3d-yAtQf2P7r7dOzioMb56ssWTt-FJ3eIz4");
}

TEST(request_state, RoundTripsEveryField) {
    auto opened = open_on(sealed());
    ASSERT_TRUE(opened.has_value()) << opened.error().message();
    auto expected = issued();
    EXPECT_EQ(opened->method, expected.method);
    EXPECT_EQ(opened->params_digest, expected.params_digest);
    EXPECT_EQ(opened->principal, expected.principal);
    EXPECT_EQ(opened->expires_at_ms, expected.expires_at_ms);
    EXPECT_EQ(opened->answers, expected.answers);
    EXPECT_EQ(opened->remembered, expected.remembered);
}

TEST(request_state, AnswersAndRememberedValuesSurviveExactly) {
    auto state = issued();
    state.answers =
        object_of(R"({"b":{"action":"accept","content":{"n":-0.1,"s":"é\"\\\n\u0000","l":[[],{}]}},
                                  "a":{"action":"decline"},"":{}})");
    state.remembered =
        object_of(R"({"big":18446744073709551615,"neg":-9223372036854775808,"d":1e300,"t":true})");
    auto opened = open_on(seal(state, current_key));
    ASSERT_TRUE(opened.has_value()) << opened.error().message();
    EXPECT_EQ(boost::json::serialize(opened->answers), boost::json::serialize(state.answers));
    EXPECT_EQ(boost::json::serialize(opened->remembered), boost::json::serialize(state.remembered));
    EXPECT_TRUE(opened->remembered.at("big").is_uint64());
}

TEST(request_state, AcceptsUpToItsExpiry) {
    EXPECT_TRUE(open_on(sealed(), {.now_ms = expiry_ms}).has_value());
}

TEST(request_state, RefusesOnceExpired) {
    EXPECT_TRUE(refused(open_on(sealed(), {.now_ms = expiry_ms + 1}), "expired"));
}

TEST(request_state, RefusesAnyFlippedByte) {
    auto const token = sealed();
    for (std::size_t i = 0; i < token.size(); ++i)
        for (unsigned char flip : {0x01, 0x02, 0x20, 0x80}) {
            auto tampered = token;
            tampered[i] = static_cast<char>(static_cast<unsigned char>(tampered[i]) ^ flip);
            EXPECT_TRUE(refused(open_on(tampered))) << "byte " << i << " flipped with " << int(flip);
        }
}

TEST(request_state, RefusesAnAppendedSuffix) {
    EXPECT_TRUE(refused(open_on(sealed() + "-TAMPERED")));
}

TEST(request_state, RefusesAnotherPrincipal) {
    EXPECT_TRUE(refused(open_on(sealed(), {.principal = "mallory"}), "issued for another principal"));
    EXPECT_TRUE(refused(open_on(sealed(), {.principal = ""}), "issued for another principal"));
}

TEST(request_state, RefusesAnotherMethod) {
    EXPECT_TRUE(refused(open_on(sealed(), {.method = "prompts/get"}), "issued for another method"));
}

TEST(request_state, RefusesChangedArguments) {
    auto params = call_params();
    params["arguments"].as_object()["nights"] = 30;
    EXPECT_TRUE(refused(open_on(sealed(), {.params = params}), "issued for other params"));
}

TEST(request_state, AcceptsTheSameParamsWithKeysInAnotherOrder) {
    auto reordered =
        object_of(R"({"arguments":{"rooms":[{"beds":2}],"nights":3,"city":"Paris"},"name":"book"})");
    EXPECT_TRUE(open_on(sealed(), {.params = reordered}).has_value());
}

TEST(request_state, AcceptsTheRetrysOwnMetaInputResponsesAndRequestState) {
    auto params = call_params();
    params["_meta"] = object_of(R"({"progressToken":8})");
    params["inputResponses"] = object_of(R"({"dates":{"action":"accept"}})");
    params["requestState"] = sealed();
    EXPECT_TRUE(open_on(sealed(), {.params = params}).has_value());
}

TEST(request_state, VerifiesAStateSealedWithARetiredKey) {
    auto token = seal(issued(), retired_key);
    EXPECT_TRUE(open_on(token, {.keys = {current_key, retired_key}}).has_value());
}

TEST(request_state, BindsThePrincipalUnderTheRetiredKeyToo) {
    auto token = seal(issued(), retired_key);
    EXPECT_TRUE(refused(open_on(token, {.principal = "mallory", .keys = {current_key, retired_key}}),
                        "issued for another principal"));
}

TEST(request_state, RefusesAStateSealedWithAnUnknownKey) {
    EXPECT_TRUE(refused(open_on(seal(issued(), retired_key)), "signature does not match"));
}

TEST(request_state, RefusesEveryStateWhenNoKeyIsGiven) {
    EXPECT_TRUE(refused(open_on(sealed(), {.keys = {}}), "signature does not match"));
}

TEST(request_state, RefusesAnOversizedTokenBeforeDecodingIt) {
    auto token = sealed();
    EXPECT_TRUE(refused(open_on(token, {.max_bytes = token.size() - 1}), "too large"));
    EXPECT_TRUE(refused(open_on(std::string(100, '%'), {.max_bytes = 99}), "too large")); // not "malformed"
    EXPECT_TRUE(open_on(token, {.max_bytes = token.size()}).has_value());
}

TEST(request_state, RefusesMalformedTokens) {
    auto token = sealed();
    auto mac = token.substr(token.rfind('.') + 1);
    auto payload = token.substr(3, token.rfind('.') - 3);
    for (std::string garbage :
         {std::string(), std::string("v1."), std::string("v2.x.y"), "v2" + token.substr(2), "v1." + payload,
          "v1.." + mac, "v1." + payload + "." + mac + "." + mac, "v1." + payload + "+." + mac,
          "v1." + payload + "." + mac.substr(1) + "=", "v1." + payload + " ." + mac,
          "V1." + payload + "." + mac, std::string(" ") + token})
        EXPECT_TRUE(refused(open_on(garbage), "malformed")) << garbage;
}

TEST(request_state, RefusesASignedPayloadThatIsNotAState) {
    for (std::string_view json : {"not json", "[]", R"({"method":"tools/call"})"}) {
        auto payload = to_base64url(json);
        auto mac = core::hmac_sha256(current_key, "mcp.requestState.v1." + payload);
        auto token =
            "v1." + payload + "." + to_base64url({reinterpret_cast<char const*>(mac.data()), mac.size()});
        EXPECT_TRUE(refused(open_on(token), "malformed payload")) << json;
    }
}

TEST(request_state, NeverEchoesTheTokenInARefusal) {
    auto tampered = sealed() + "AAAA";
    auto opened = open_on(tampered);
    ASSERT_TRUE(opened.has_error());
    auto message = opened.error().message();
    EXPECT_EQ(message.find(tampered.substr(3, 16)), std::string::npos) << message;
}

TEST(request_state, CarriesAKeyedTagOfThePrincipalNotThePrincipal) {
    auto payload = boost::json::parse(payload_of(sealed())).as_object();
    EXPECT_EQ(payload.at("answers"), issued().answers); // signed, not encrypted: the client can read it
    EXPECT_EQ(payload_of(sealed()).find("alice"), std::string::npos);
    auto other_key_tag = boost::json::parse(payload_of(seal(issued(), retired_key))).at("principalTag");
    EXPECT_NE(payload.at("principalTag"), other_key_tag);
}

} // namespace
} // namespace mcp::detail
