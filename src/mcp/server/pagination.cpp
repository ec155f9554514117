#include <mcp/server/pagination.hpp>

#include <mcp/json/bytes.hpp>

namespace mcp::pagination {
namespace {

constexpr std::string_view tag = "k1:"; // a version tag, so a future cursor format can tell old ones apart

} // namespace

std::string encode_cursor(std::string_view last_key) {
    return json::base64url_encode(std::string(tag) + std::string(last_key));
}

std::optional<std::string> decode_cursor(std::string_view cursor) {
    auto out = json::base64url_decode(cursor);
    if (!out || !out->starts_with(tag))
        return std::nullopt;
    return out->substr(tag.size());
}

} // namespace mcp::pagination
