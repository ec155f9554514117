// Base64 in both alphabets, and UTF-8 validation (see bytes.hpp).
#include <mcp/json/bytes.hpp>

#include <array>
#include <cstdint>

namespace mcp::json {
namespace {

constexpr std::string_view standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// -1 for characters outside the alphabet ('=' included: padding is handled before lookup).
constexpr std::array<std::int8_t, 256> decode_table(std::string_view alphabet) {
    std::array<std::int8_t, 256> table{};
    table.fill(-1);
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return table;
}
constexpr auto standard_table = decode_table(standard);
constexpr auto url_safe_table = decode_table(url_safe);

// Six bits per character, the last one's unused bits zero; '=' up to a multiple of four when `pad`.
std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 0x3F];
        }
    }
    if (bits > 0)
        out += alphabet[(acc << (6 - bits)) & 0x3F];
    while (pad && out.size() % 4 != 0)
        out += '=';
    return out;
}

// The bytes of unpadded `data`, or nullopt for a character outside the table or a length of 4k+1 (6 bits cannot
// make a byte); `canonical` also refuses non-zero unused bits after the last byte.
std::optional<std::string> decode(std::string_view data, std::array<std::int8_t, 256> const& table, bool canonical) {
    if (data.size() % 4 == 1)
        return std::nullopt;
    std::string out;
    out.reserve(data.size() / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : data) {
        auto v = table[static_cast<unsigned char>(c)];
        if (v < 0)
            return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (canonical && (acc & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

// Length of the UTF-8 sequence starting with `lead` and the smallest code point it may encode (to reject
// overlong forms); {0, 0} for a byte that cannot start a sequence.
struct sequence_shape {
    int length;
    std::uint32_t minimum;
};
sequence_shape shape_of(unsigned char lead) {
    if (lead < 0x80)
        return {1, 0};
    if ((lead & 0xE0) == 0xC0)
        return {2, 0x80};
    if ((lead & 0xF0) == 0xE0)
        return {3, 0x800};
    if ((lead & 0xF8) == 0xF0)
        return {4, 0x10000};
    return {0, 0};
}

} // namespace

std::string base64_encode(std::string_view bytes) { return encode(bytes, standard, true); }

std::optional<std::string> base64_decode(std::string_view text) {
    std::size_t padding = 0;
    while (padding < text.size() && text[text.size() - 1 - padding] == '=')
        ++padding;
    if (padding > 2 || (padding > 0 && text.size() % 4 != 0))
        return std::nullopt;
    return decode(text.substr(0, text.size() - padding), standard_table, false);
}

std::string base64url_encode(std::string_view bytes) { return encode(bytes, url_safe, false); }

std::optional<std::string> base64url_decode(std::string_view text) { return decode(text, url_safe_table, true); }

bool is_valid_utf8(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        auto lead = static_cast<unsigned char>(bytes[i]);
        auto [length, minimum] = shape_of(lead);
        if (length == 0 || i + std::size_t(length) > bytes.size())
            return false;
        std::uint32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
        for (int k = 1; k < length; ++k) {
            auto b = static_cast<unsigned char>(bytes[i + std::size_t(k)]);
            if ((b & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += std::size_t(length);
    }
    return true;
}

} // namespace mcp::json
