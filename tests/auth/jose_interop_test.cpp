// Our validator against tokens and a JWKS made by jose (an independent JOSE implementation, npm, pinned in
// package.json) and node:crypto: jose_tokens.mjs signs every case in one node run, and each case here checks
// the outcome, so that a token a real issuer signs is accepted and each bad one gets its own code.
#include <mcp/auth/validator.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#ifndef MCP_NODE_EXECUTABLE
#error "MCP_NODE_EXECUTABLE must name the node binary"
#endif

namespace {

namespace json = boost::json;
using namespace mcp::auth;

// Each case jose_tokens.mjs signs, and what validate_token must say (nullopt: accepted).
std::map<std::string, std::optional<errc>> const expected = {
    {"valid_rs256", std::nullopt},
    {"valid_es256", std::nullopt},
    {"valid_eddsa", std::nullopt},
    {"expired", errc::expired},
    {"nbf_in_future", errc::not_yet_valid},
    {"wrong_aud", errc::wrong_audience},
    {"wrong_iss", errc::wrong_issuer},
    {"bad_signature_rs256", errc::bad_signature},
    {"bad_signature_es256", errc::bad_signature},
    {"bad_signature_eddsa", errc::bad_signature},
    {"alg_none", errc::unsupported_alg},
    {"hs256_with_rsa_public_key", errc::unsupported_alg},
    {"hs256_with_published_secret", errc::unsupported_alg},
    {"unknown_kid", errc::unknown_kid},
    {"es256_naming_rsa_kid", errc::key_mismatch},
    {"es256_der_signature", errc::bad_signature},
    {"oversized", errc::too_large},
    {"garbage_base64", errc::malformed},
};

struct jose_run {
    json::object output;
    std::string failure;
};

jose_run run_jose() {
    std::string const command = std::string(MCP_NODE_EXECUTABLE) + " " + MCP_JOSE_TOKENS + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return {.failure = "cannot run " + command};
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe))
        out.append(buf, n);
    if (::pclose(pipe) != 0)
        return {.failure = command + " failed (is node_modules installed? run scripts/setup):\n" + out};
    boost::system::error_code ec;
    auto parsed = json::parse(out, ec);
    if (ec || !parsed.is_object())
        return {.failure = "jose_tokens.mjs printed no JSON object:\n" + out};
    return {.output = std::move(parsed.as_object())};
}

class JoseTokens : public ::testing::TestWithParam<std::string> {
protected:
    static void SetUpTestSuite() { run_ = new jose_run(run_jose()); }
    static void TearDownTestSuite() {
        delete run_;
        run_ = nullptr;
    }

    static validation_options options() {
        auto const& out = run_->output;
        auto const now = std::chrono::seconds(out.at("now").to_number<std::int64_t>());
        return {.issuer = std::string(out.at("issuer").as_string()),
                .audience = std::string(out.at("audience").as_string()),
                .copied_claims = {"scope"},
                .clock = [now] { return std::chrono::system_clock::time_point(now); }};
    }

    static key_set keys() { return parse_jwks(json::serialize(run_->output.at("jwks"))).value(); }

    static jose_run* run_;
};

jose_run* JoseTokens::run_ = nullptr;

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (auto const& [name, code] : expected)
        names.push_back(name);
    return names;
}

INSTANTIATE_TEST_SUITE_P(Auth, JoseTokens, ::testing::ValuesIn(case_names()),
                         [](auto const& p) { return p.param; });

TEST_P(JoseTokens, HasTheExpectedOutcome) {
    ASSERT_TRUE(run_->failure.empty()) << run_->failure;
    auto const* token = run_->output.at("tokens").as_object().if_contains(GetParam());
    ASSERT_TRUE(token) << "jose_tokens.mjs did not sign " << GetParam();
    auto const r = validate_token(token->as_string(), keys(), options());
    auto const want = expected.at(GetParam());
    if (!want) {
        ASSERT_TRUE(r) << r.error().message();
        EXPECT_EQ(r->subject, "alice");
        EXPECT_EQ(r->issuer, "https://as.example");
        EXPECT_EQ(r->scopes, (std::set<std::string, std::less<>>{"tools:call", "tools:list"}));
        EXPECT_EQ(r->claims.at("scope").as_string(), "tools:call tools:list");
        return;
    }
    ASSERT_FALSE(r) << "accepted";
    EXPECT_EQ(r.error().code(), *want) << r.error().message();
    EXPECT_EQ(r.error().message().find(std::string(token->as_string()).substr(0, 20)), std::string::npos);
}

TEST(JoseJwks, ItsSignatureKeysParseAndItsSymmetricKeyIsSkipped) {
    auto const run = run_jose();
    ASSERT_TRUE(run.failure.empty()) << run.failure;
    auto const set = parse_jwks(json::serialize(run.output.at("jwks")));
    ASSERT_TRUE(set) << set.error().message();
    ASSERT_EQ(set->keys.size(), 3u);
    EXPECT_EQ(set->keys[0].type, key_type::rsa);
    EXPECT_EQ(set->keys[1].type, key_type::ec_p256);
    EXPECT_EQ(set->keys[2].type, key_type::ed25519);
    ASSERT_EQ(set->skipped.size(), 1u);
    EXPECT_EQ(set->skipped[0].kid, "hmac-1");
}

TEST(JoseJwks, SignsExactlyTheCasesThisTestExpects) {
    auto const run = run_jose();
    ASSERT_TRUE(run.failure.empty()) << run.failure;
    std::vector<std::string> signed_names;
    for (auto const& [name, token] : run.output.at("tokens").as_object())
        signed_names.emplace_back(name);
    std::sort(signed_names.begin(), signed_names.end());
    EXPECT_EQ(signed_names, case_names());
}

} // namespace
