#include <mcp/server/pagination.hpp>

#include <array>
#include <cstdint>

namespace mcp::pagination {
namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view tag = "k1:"; // a version tag, so a future cursor format can tell old ones apart

int decode_char(char c) {
    auto pos = alphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

} // namespace

std::string encode_cursor(std::string_view last_key) {
    std::string in = std::string(tag) + std::string(last_key);
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : in) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(buffer >> bits) & 0x3F];
        }
    }
    if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 0x3F];
    return out;
}

std::optional<std::string> decode_cursor(std::string_view cursor) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : cursor) {
        int v = decode_char(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    if (out.substr(0, tag.size()) != tag) return std::nullopt;
    return out.substr(tag.size());
}

} // namespace mcp::pagination
