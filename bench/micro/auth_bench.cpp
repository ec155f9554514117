// What bearer-token validation costs on the tools/call path, with the issuer's keys already cached (the
// common case: a JWT verifier fetches its JWKS once an hour): validate_token alone per algorithm, and one
// whole POST tools/call through the Streamable HTTP handler with mcp::auth's resource_server as the access
// policy, next to transport_bench.cpp's streamable_post/echo_json without it. Not for: the key fetch
// (jwt_verifier.hpp), which a cached key never reaches; bench/auth_cost measures the same over sockets with
// the real verifier.
#include "fixture.hpp"

#include <mcp/auth/auth_test_support.hpp>
#include <mcp/auth/resource_server.hpp>
#include <mcp/auth/validator.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>

namespace {

namespace auth = mcp::auth;

constexpr char const* issuer = "https://auth.example.com";
constexpr char const* resource = "https://mcp.example.com/mcp";

// One issuer's keys, one of each algorithm, in one JWKS (as an issuer that rotates or offers several has),
// and a token signed by each. Made once: RSA key generation takes a while.
struct issuer_keys {
    auth::testing::signing_key rs256 = auth::testing::make_key(auth::algorithm::rs256, "rsa-1");
    auth::testing::signing_key es256 = auth::testing::make_key(auth::algorithm::es256, "ec-1");
    auth::testing::signing_key eddsa = auth::testing::make_key(auth::algorithm::eddsa, "ed-1");
    std::shared_ptr<auth::key_set const> keys = std::make_shared<auth::key_set const>(
        auth::parse_jwks(
            auth::testing::jwks_text({auth::testing::public_jwk(rs256), auth::testing::public_jwk(es256),
                                      auth::testing::public_jwk(eddsa)}))
            .value());

    auth::testing::signing_key const& key(auth::algorithm alg) const {
        return alg == auth::algorithm::rs256 ? rs256 : alg == auth::algorithm::es256 ? es256 : eddsa;
    }

    // A token an hour long, with the claims an MCP client's access token has.
    std::string token(auth::algorithm alg) const {
        auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        return auth::testing::sign_token(key(alg), {{"iss", issuer},
                                                    {"aud", resource},
                                                    {"sub", "user-1"},
                                                    {"scope", "mcp:tools"},
                                                    {"iat", now},
                                                    {"exp", now + 3600}});
    }
};

issuer_keys const& keys() {
    static issuer_keys const k;
    return k;
}

auth::validation_options validation() {
    return {.issuer = issuer, .audience = resource};
}

// The cached-key verifier: validate_token against a key set in memory, what make_jwt_verifier does once its
// key_cache holds the issuer's keys (minus the cache's look at the set's age).
class cached_key_verifier final : public auth::token_verifier {
public:
    explicit cached_key_verifier(std::shared_ptr<auth::key_set const> keys) : keys_(std::move(keys)) {}

    mcp::task<auth::result<auth::principal>> verify(std::string token) override {
        co_return auth::validate_token(token, *keys_, options_);
    }

private:
    std::shared_ptr<auth::key_set const> keys_;
    auth::validation_options options_ = validation();
};

void auth_validate_token(benchmark::State& state, auth::algorithm alg) {
    auto const token = keys().token(alg);
    auto const options = validation();
    if (!auth::validate_token(token, *keys().keys, options)) {
        state.SkipWithError("the token was refused");
        return;
    }
    for (auto _ : state) {
        auto p = auth::validate_token(token, *keys().keys, options);
        benchmark::DoNotOptimize(p);
    }
}
BENCHMARK_CAPTURE(auth_validate_token, rs256, auth::algorithm::rs256);
BENCHMARK_CAPTURE(auth_validate_token, es256, auth::algorithm::es256);
BENCHMARK_CAPTURE(auth_validate_token, eddsa, auth::algorithm::eddsa);

// transport_bench.cpp's streamable_post with the access policy on: every POST carries the bearer token and is
// admitted by the resource_server before the session is looked up.
void streamable_post(benchmark::State& state, auth::algorithm alg) {
    auto policy = std::make_shared<auth::resource_server>(std::make_shared<cached_key_verifier>(keys().keys),
                                                          auth::resource_options{
                                                              .resource = resource,
                                                              .authorization_servers = {issuer},
                                                          });
    bench::handler_fixture f(policy, "Bearer " + keys().token(alg));
    auto first = f.post(bench::echo_call);
    if (first.status != 200 || first.body.find("hello") == std::string::npos) {
        state.SkipWithError("the call did not answer");
        return;
    }
    for (auto _ : state) {
        auto w = f.post(bench::echo_call);
        benchmark::DoNotOptimize(w);
    }
}
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_rs256, auth::algorithm::rs256);
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_es256, auth::algorithm::es256);
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_eddsa, auth::algorithm::eddsa);

} // namespace
