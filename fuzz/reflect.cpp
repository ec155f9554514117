// Fuzzes from_json<T> (json/reflect.hpp) on a nested described struct with optionals, vectors, maps, enums,
// every kind of number and raw JSON: one input is one JSON text, converted plainly and with coerce_strings.
// Checked: a converted value converts back to JSON that converts to the same value. (Not checked: that this
// JSON is valid against schema_of<T>(); schema_validator's valijson rejects uint64 values as integers.)
#include "fuzz_input.hpp"

#include <mcp/json/reflect.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fuzzed {

enum class color { red, green, blue };
BOOST_DESCRIBE_ENUM(color, red, green, blue)

struct point {
    std::int8_t x;
    std::uint16_t y;
    std::optional<std::int64_t> z;
};
BOOST_DESCRIBE_STRUCT(point, (), (x, y, z))

struct style {
    color stroke;
    std::optional<color> fill;
    float width;
};
BOOST_DESCRIBE_STRUCT(style, (), (stroke, fill, width))

struct shape {
    std::string name;
    std::vector<point> points;
    std::optional<style> look;
    std::map<std::string, std::uint64_t> counts;
    std::optional<std::vector<std::vector<double>>> matrix;
    bool closed;
    std::optional<std::int32_t> layer;
    std::optional<boost::json::object> extra;
};
BOOST_DESCRIBE_STRUCT(shape, (), (name, points, look, counts, matrix, closed, layer, extra))

} // namespace fuzzed

namespace {

namespace json = boost::json;

void check(json::value const& v, mcp::json::from_json_options options) {
    auto const converted = mcp::json::from_json<fuzzed::shape>(v, options);
    if (!converted) {
        (void)converted.error().to_string("arguments");
        return;
    }
    auto const written = mcp::json::to_json(*converted);
    auto const again = mcp::json::from_json<fuzzed::shape>(written);
    MCP_FUZZ_CHECK(again && mcp::json::to_json(*again) == written);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    boost::system::error_code ec;
    auto const v = json::parse(in.rest(), ec);
    if (ec)
        return 0;
    check(v, {});
    check(v, {.coerce_strings = true});
    return 0;
}
