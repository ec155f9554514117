// Fuzzes base64 and the UTF-8 check (json/bytes.hpp): one input is both the text to decode and the bytes to
// encode and check. Checked: decoding what was encoded gives the bytes back; a decoded text re-encodes to
// something that decodes the same; is_valid_utf8 agrees with Boost.JSON's own UTF-8 validation of strings.
#include "fuzz_input.hpp"

#include <mcp/json/bytes.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>

namespace {

using namespace mcp::json;

// Boost.JSON rejects invalid UTF-8 in a string (RFC 3629, as is_valid_utf8); only bytes that may appear
// unescaped in a JSON string are compared.
std::optional<bool> boost_json_says_utf8(std::string_view bytes) {
    bool const plain = std::none_of(bytes.begin(), bytes.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
    });
    if (!plain)
        return std::nullopt;
    boost::system::error_code ec;
    boost::json::parse("\"" + std::string(bytes) + "\"", ec);
    return !ec;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    auto const bytes = in.rest();

    auto const encoded = base64_encode(bytes);
    MCP_FUZZ_CHECK(encoded.size() % 4 == 0);
    MCP_FUZZ_CHECK(base64_decode(encoded) == std::string(bytes));
    MCP_FUZZ_CHECK(is_valid_utf8(encoded));

    if (auto const decoded = base64_decode(bytes)) {
        MCP_FUZZ_CHECK(decoded->size() <= bytes.size() / 4 * 3 + 2);
        MCP_FUZZ_CHECK(base64_decode(base64_encode(*decoded)) == *decoded);
    }

    bool const valid = is_valid_utf8(bytes);
    if (auto const reference = boost_json_says_utf8(bytes))
        MCP_FUZZ_CHECK(valid == *reference);
    return 0;
}
