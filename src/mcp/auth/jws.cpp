// JWS compact serialization, taken apart (RFC 7515 sections 5.2 and 7.1).
#include <mcp/auth/jws.hpp>

#include <mcp/json/bytes.hpp>

#include <boost/json/parse.hpp>

#include <optional>

namespace mcp::auth {
namespace {

namespace json = boost::json;

error malformed(std::string message) {
    return error(errc::malformed, std::move(message));
}

// A base64url part holding a JSON object (RFC 7515 section 5.2 steps 2 to 4), or nullopt.
std::optional<json::object> json_object_part(std::string_view part) {
    auto const text = mcp::json::base64url_decode(part);
    if (!text)
        return std::nullopt;
    boost::system::error_code ec;
    auto parsed = json::parse(*text, ec);
    if (ec || !parsed.is_object())
        return std::nullopt;
    return std::move(parsed.get_object());
}

// The header members this validator reads; RFC 7515 section 4.1.11: an extension listed in `crit` that the
// recipient does not understand makes the JWS invalid, and this one understands none.
result<void> check_header(json::object const& header) {
    auto const* alg = header.if_contains("alg");
    if (!alg || !alg->is_string())
        return malformed("JOSE header without a string alg");
    if (auto const* kid = header.if_contains("kid"); kid && !kid->is_string())
        return malformed("JOSE header kid is not a string");
    if (header.contains("crit"))
        return malformed("JOSE header has crit extensions, none of which are supported");
    return {};
}

} // namespace

result<compact_jws> parse_compact(std::string_view token, std::size_t max_bytes) {
    if (token.size() > max_bytes)
        return error(errc::too_large, "token longer than " + std::to_string(max_bytes) + " bytes");
    auto const first = token.find('.');
    auto const second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return malformed("not three dot-separated parts");
    auto header = json_object_part(token.substr(0, first));
    if (!header)
        return malformed("JOSE header is not a base64url JSON object");
    auto claims = json_object_part(token.substr(first + 1, second - first - 1));
    if (!claims)
        return malformed("payload is not a base64url JSON object");
    auto signature = mcp::json::base64url_decode(token.substr(second + 1));
    if (!signature)
        return malformed("signature is not base64url");
    if (auto checked = check_header(*header); !checked)
        return checked.error();
    compact_jws out;
    out.alg = std::string(header->at("alg").get_string());
    if (auto const* kid = header->if_contains("kid"))
        out.kid = std::string(kid->get_string());
    out.header = std::move(*header);
    out.claims = std::move(*claims);
    out.signing_input = std::string(token.substr(0, second));
    out.signature = std::move(*signature);
    return out;
}

} // namespace mcp::auth
