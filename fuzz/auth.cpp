// Fuzzes the bearer-token validator's parsers (auth/): an input is a JWKS document on its first line, then a
// token (the rest). Checked: every key parse_jwks keeps holds an OpenSSL key; a token part that decodes as
// base64url is the one spelling of its bytes; validate_token's message never quotes the token; a token it
// accepts names a principal that has not expired at the harness's fixed clock.
#include "fuzz_input.hpp"

#include <mcp/auth/validator.hpp>
#include <mcp/json/bytes.hpp>

#include <chrono>

namespace {

using namespace mcp::auth;

constexpr std::chrono::seconds now{1767225600}; // 2026-01-01T00:00:00Z: deterministic

std::chrono::system_clock::time_point fixed_clock() {
    return std::chrono::system_clock::time_point(now);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    auto const jwks = in.line();
    auto const token = in.rest();

    key_set keys;
    if (auto parsed = parse_jwks(jwks)) {
        for (auto const& k : parsed->keys)
            MCP_FUZZ_CHECK(k.key != nullptr);
        keys = std::move(*parsed);
    }

    auto const first = token.substr(0, token.find('.'));
    if (auto const decoded = mcp::json::base64url_decode(first))
        MCP_FUZZ_CHECK(mcp::json::base64url_encode(*decoded) == first);

    validation_options const options{.issuer = "https://as.example",
                                     .audience = "https://mcp.example/mcp",
                                     .copied_claims = {"email"},
                                     .clock = fixed_clock};
    auto const r = validate_token(token, keys, options);
    if (r)
        MCP_FUZZ_CHECK(r->expires_at + options.skew > std::chrono::sys_seconds(now));
    else
        MCP_FUZZ_CHECK(token.size() < 8 || r.error().message().find(token) == std::string::npos);
    return 0;
}
