// The auth error category: its name and one phrase per errc.
#include <mcp/auth/error.hpp>

#include <string>

namespace mcp::auth {
namespace {

std::string phrase(errc e) {
    switch (e) {
    case errc::malformed:
        return "malformed token";
    case errc::too_large:
        return "token too large";
    case errc::unsupported_alg:
        return "token algorithm not allowed";
    case errc::key_mismatch:
        return "token algorithm does not match its key";
    case errc::unknown_kid:
        return "no key for the token";
    case errc::ambiguous_key:
        return "several keys fit the token";
    case errc::bad_signature:
        return "bad token signature";
    case errc::expired:
        return "token expired";
    case errc::not_yet_valid:
        return "token not yet valid";
    case errc::wrong_issuer:
        return "token from another issuer";
    case errc::wrong_audience:
        return "token for another audience";
    case errc::missing_claim:
        return "token lacks a required claim";
    case errc::malformed_key_set:
        return "malformed key set";
    case errc::unsupported_key:
        return "unusable key";
    case errc::invalid_configuration:
        return "invalid token validation configuration";
    }
    return {};
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
