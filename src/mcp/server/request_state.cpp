// request_state: seal and open the requestState token (request_state.hpp has the format and the invariants).
// Holds its own canonical JSON; base64url is json/bytes.hpp's (the server layer links neither mcp::auth nor
// OpenSSL: tests/run/link_footprint.sh).
#include <mcp/server/request_state.hpp>

#include <mcp/core/sha256.hpp>
#include <mcp/json/bytes.hpp>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace mcp::detail {
namespace {

constexpr std::string_view version_prefix = "v1.";
constexpr std::string_view mac_context = "mcp.requestState.v1."; // what the MAC covers, then the payload
constexpr std::string_view principal_context = "mcp.requestState.principal:"; // never a prefix of mac_context
constexpr std::size_t principal_tag_bytes = 16;
constexpr std::size_t mac_text_size = 43; // 32 bytes in unpadded base64url

// The canonical unpadded base64url spelling of some bytes.
bool is_base64url(std::string_view text) { return mcp::json::base64url_decode(text).has_value(); }

std::string_view bytes_of(core::sha256_digest const& digest) {
    return {reinterpret_cast<char const*>(digest.data()), digest.size()};
}

void append_canonical(boost::json::value const& v, std::string& out);

// Keys compare as std::string_view does: byte by byte as unsigned char, which is UTF-8 code point order.
void append_canonical(boost::json::object const& o, std::string& out) {
    std::vector<boost::json::key_value_pair const*> members;
    members.reserve(o.size());
    for (auto const& member : o)
        members.push_back(&member);
    std::sort(members.begin(), members.end(),
              [](auto const* a, auto const* b) { return a->key() < b->key(); });
    out += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0)
            out += ',';
        out += boost::json::serialize(boost::json::string_view(members[i]->key()));
        out += ':';
        append_canonical(members[i]->value(), out);
    }
    out += '}';
}

void append_canonical(boost::json::value const& v, std::string& out) {
    if (auto const* o = v.if_object())
        return append_canonical(*o, out);
    if (auto const* a = v.if_array()) {
        out += '[';
        for (std::size_t i = 0; i < a->size(); ++i) {
            if (i > 0)
                out += ',';
            append_canonical((*a)[i], out);
        }
        out += ']';
        return;
    }
    out += boost::json::serialize(v); // a scalar: one text per value
}

std::string mac_text(std::string_view key, std::string_view payload_text) {
    std::string message(mac_context);
    message += payload_text;
    return mcp::json::base64url_encode(bytes_of(core::hmac_sha256(key, message)));
}

std::string principal_tag(std::string_view key, std::string_view principal) {
    std::string message(principal_context);
    message += principal;
    return mcp::json::base64url_encode(bytes_of(core::hmac_sha256(key, message)).substr(0, principal_tag_bytes));
}

error refused(std::string_view check) {
    return error::invalid_params("requestState failed verification: " + std::string(check));
}

struct token_parts {
    std::string_view payload_text; // base64url of the payload JSON
    std::string_view mac_text;     // base64url of the MAC
};

std::optional<token_parts> split(std::string_view token) {
    if (!token.starts_with(version_prefix))
        return std::nullopt;
    auto rest = token.substr(version_prefix.size());
    auto dot = rest.find('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    token_parts parts{rest.substr(0, dot), rest.substr(dot + 1)};
    if (parts.payload_text.empty() || !is_base64url(parts.payload_text) ||
        parts.mac_text.size() != mac_text_size || !is_base64url(parts.mac_text))
        return std::nullopt;
    return parts;
}

// The key whose MAC matches, or nullptr. Every key is tried (no early exit), each compared in constant time.
std::string const* matching_key(token_parts parts, std::span<std::string const> keys) {
    std::string const* found = nullptr;
    for (auto const& key : keys)
        if (core::equal_in_constant_time(parts.mac_text, mac_text(key, parts.payload_text)) && !found)
            found = &key;
    return found;
}

struct sealed_payload {
    request_state state; // principal empty: the payload holds its tag
    std::string principal_tag;
};

std::optional<std::string> string_at(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (!v || !v->is_string())
        return std::nullopt;
    return std::string(v->get_string());
}

std::optional<sealed_payload> read_payload(std::string_view payload_text) {
    auto text = mcp::json::base64url_decode(payload_text);
    if (!text)
        return std::nullopt;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*text, ec);
    auto const* o = ec ? nullptr : parsed.if_object();
    if (!o)
        return std::nullopt;
    auto method = string_at(*o, "method");
    auto digest = string_at(*o, "paramsDigest");
    auto tag = string_at(*o, "principalTag");
    auto const* expires = o->if_contains("expiresAtMs");
    auto const* answers = o->if_contains("answers");
    auto const* remembered = o->if_contains("remembered");
    if (!method || !digest || !tag || !expires || !expires->is_int64() || !answers || !answers->is_object() ||
        !remembered || !remembered->is_object())
        return std::nullopt;
    return sealed_payload{.state = {.method = std::move(*method),
                                    .params_digest = std::move(*digest),
                                    .principal = {},
                                    .expires_at_ms = expires->get_int64(),
                                    .answers = answers->get_object(),
                                    .remembered = remembered->get_object()},
                          .principal_tag = std::move(*tag)};
}

} // namespace

std::string params_digest(boost::json::object const& params) {
    boost::json::object salient = params;
    for (std::string_view per_round : {"_meta", "inputResponses", "requestState"})
        salient.erase(per_round);
    std::string canonical;
    append_canonical(salient, canonical);
    return mcp::json::base64url_encode(bytes_of(core::sha256(canonical)));
}

std::string seal(request_state const& state, std::string_view signing_key) {
    boost::json::object payload{{"method", state.method},
                                {"paramsDigest", state.params_digest},
                                {"principalTag", principal_tag(signing_key, state.principal)},
                                {"expiresAtMs", state.expires_at_ms},
                                {"answers", state.answers},
                                {"remembered", state.remembered}};
    auto payload_text = mcp::json::base64url_encode(boost::json::serialize(payload));
    auto mac = mac_text(signing_key, payload_text);
    std::string token(version_prefix);
    token.append(payload_text).append(".").append(mac);
    return token;
}

result<request_state> open(std::string_view token, std::span<std::string const> keys, std::string_view method,
                           boost::json::object const& params, std::string_view principal, std::int64_t now_ms,
                           std::size_t max_bytes) {
    if (token.size() > max_bytes)
        return refused("too large");
    auto parts = split(token);
    if (!parts)
        return refused("malformed");
    auto const* key = matching_key(*parts, keys);
    if (!key)
        return refused("signature does not match");
    auto sealed = read_payload(parts->payload_text);
    if (!sealed)
        return refused("malformed payload");
    if (now_ms > sealed->state.expires_at_ms)
        return refused("expired");
    if (sealed->state.method != method)
        return refused("issued for another method");
    if (!core::equal_in_constant_time(sealed->state.params_digest, params_digest(params)))
        return refused("issued for other params");
    if (!core::equal_in_constant_time(sealed->principal_tag, principal_tag(*key, principal)))
        return refused("issued for another principal");
    sealed->state.principal = std::string(principal);
    return std::move(sealed->state);
}

} // namespace mcp::detail
