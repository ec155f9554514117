// The auth error category: its name and one phrase per errc.
#include <mcp/auth/error.hpp>

#include <cstddef>
#include <iterator>
#include <string>

namespace mcp::auth {
namespace {

// One phrase per errc, in the enum's order (errc starts at 1).
constexpr char const* phrases[] = {
    "malformed token",                        // malformed
    "token too large",                        // too_large
    "token algorithm not allowed",            // unsupported_alg
    "token algorithm does not match its key", // key_mismatch
    "no key for the token",                   // unknown_kid
    "several keys fit the token",             // ambiguous_key
    "bad token signature",                    // bad_signature
    "token expired",                          // expired
    "token not yet valid",                    // not_yet_valid
    "token from another issuer",              // wrong_issuer
    "token for another audience",             // wrong_audience
    "token lacks a required claim",           // missing_claim
    "malformed key set",                      // malformed_key_set
    "unusable key",                           // unsupported_key
    "invalid token validation configuration", // invalid_configuration
    "token verification unavailable",         // unavailable
    "token not active",                       // inactive
    "token of another type",                  // wrong_type
};

static_assert(std::size(phrases) == static_cast<std::size_t>(errc::wrong_type), "a phrase for every errc");

std::string phrase(errc e) {
    auto const i = static_cast<std::size_t>(e) - 1;
    return i < std::size(phrases) ? phrases[i] : std::string();
}

// boost::system::error_category's destructor is protected and not virtual by design (categories are never
// deleted through a base pointer); -Wnon-virtual-dtor does not know that.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class auth_category final : public boost::system::error_category {
public:
    char const* name() const noexcept override { return "mcp.auth"; }

    std::string message(int value) const override {
        auto text = phrase(static_cast<errc>(value));
        return text.empty() ? "unknown auth error " + std::to_string(value) : text;
    }
};
#pragma GCC diagnostic pop

} // namespace

boost::system::error_category const& error_category() noexcept {
    static auth_category const instance;
    return instance;
}

} // namespace mcp::auth
