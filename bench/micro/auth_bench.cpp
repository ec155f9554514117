// What bearer-token validation costs on the tools/call path, with the issuer's keys already cached (the
// common case: a JWT verifier fetches its JWKS once an hour): validate_token alone per algorithm, and one
// whole POST tools/call through the Streamable HTTP handler with mcp::auth's resource_server as the access
// policy, next to transport_bench.cpp's streamable_post/echo_json without it. The *_jwt_<alg> variants verify
// with a bench-local verifier (validate_token on every request); the *_jwt_cached_<alg> ones with
// make_jwt_verifier itself against a local JWKS (mcp_aws_testing's local_http_server, fetched once before the
// loop), so that a token sent again is answered by its cache of verified tokens (principal_cache.hpp), and
// auth_principal_cache_hit is that lookup alone. Not for: the key fetch, which a cached key never reaches;
// bench/auth_cost measures the same over sockets with the real verifier.
#include "fixture.hpp"

#include <mcp/auth/auth_test_support.hpp>
#include <mcp/auth/jwt_verifier.hpp>
#include <mcp/auth/principal_cache.hpp>
#include <mcp/auth/resource_server.hpp>
#include <mcp/auth/validator.hpp>
#ifdef MCP_BENCH_LOCAL_JWKS
#include <mcp/aws/testing/local_http_server.hpp>
#endif

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

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

// What make_jwt_verifier does on a token it verified before: the digest, and the lookup under the mutex.
void auth_principal_cache_hit(benchmark::State& state) {
    auto const token = keys().token(auth::algorithm::rs256);
    auto const who = auth::validate_token(token, *keys().keys, validation());
    auth::principal_cache cache(std::chrono::seconds(300), 10000);
    auto const now = std::chrono::system_clock::now();
    cache.keep(auth::token_digest(token), *who, now, keys().keys);
    for (auto _ : state) {
        auto hit = cache.find(auth::token_digest(token), now, keys().keys);
        benchmark::DoNotOptimize(hit);
    }
    if (!cache.find(auth::token_digest(token), now, keys().keys))
        state.SkipWithError("no hit");
}
BENCHMARK(auth_principal_cache_hit);

std::shared_ptr<auth::resource_server> policy_over(std::shared_ptr<auth::token_verifier> verifier) {
    return std::make_shared<auth::resource_server>(std::move(verifier), auth::resource_options{
                                                                            .resource = resource,
                                                                            .authorization_servers = {issuer},
                                                                        });
}

// transport_bench.cpp's streamable_post with the access policy on: every POST carries the bearer token and is
// admitted by the resource_server before the session is looked up.
void post_with(benchmark::State& state, std::shared_ptr<auth::token_verifier> verifier, std::string token) {
    bench::handler_fixture f(policy_over(std::move(verifier)), "Bearer " + token);
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
void streamable_post(benchmark::State& state, auth::algorithm alg) {
    post_with(state, std::make_shared<cached_key_verifier>(keys().keys), keys().token(alg));
}
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_rs256, auth::algorithm::rs256);
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_es256, auth::algorithm::es256);
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_eddsa, auth::algorithm::eddsa);

#ifdef MCP_BENCH_LOCAL_JWKS
// The same POST with make_jwt_verifier (its default cache_ttl) against the JWKS of a local server: the key
// set is fetched by one verify before the loop (on keys_io, which then has nothing more to do), so the loop
// sees what a server sees once a client's token has been verified.
struct through_make_jwt_verifier {};

void streamable_post(benchmark::State& state, through_make_jwt_verifier, auth::algorithm alg) {
    auto const& k = keys();
    auto const jwks =
        auth::testing::jwks_text({auth::testing::public_jwk(k.rs256), auth::testing::public_jwk(k.es256),
                                  auth::testing::public_jwk(k.eddsa)});
    mcp::aws::testing::local_http_server as([&jwks](auto const&) {
        return mcp::aws::testing::canned_answer{
            .status = 200, .body = jwks, .headers = {{"Content-Type", "application/json"}}};
    });
    boost::asio::io_context keys_io;
    auto verifier = auth::make_jwt_verifier(keys_io.get_executor(),
                                            {.validation = validation(), .jwks_url = as.url() + "/jwks"})
                        .value();
    auto const token = k.token(alg);
    auto first = boost::asio::co_spawn(keys_io, verifier->verify(token), boost::asio::use_future);
    keys_io.run();
    if (!first.get()) {
        state.SkipWithError("the token was refused");
        return;
    }
    post_with(state, verifier, token);
}
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_cached_rs256, through_make_jwt_verifier{},
                  auth::algorithm::rs256);
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_cached_es256, through_make_jwt_verifier{},
                  auth::algorithm::es256);
BENCHMARK_CAPTURE(streamable_post, echo_json_jwt_cached_eddsa, through_make_jwt_verifier{},
                  auth::algorithm::eddsa);
#endif

} // namespace
