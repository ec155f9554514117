// Fuzzes JSON Schema validation (json/schema_validator.hpp) through its public interface only: an input is
// two JSON texts one after the other, a schema and an instance. The schema is compiled; when it compiles, the
// instance (or, when there is none, the schema itself) is validated. Checked: neither step throws or crashes,
// and validating twice gives the same answer.
#include "fuzz_input.hpp"

#include <mcp/json/schema_validator.hpp>

#include <boost/json.hpp>

namespace {

namespace json = boost::json;

// The first JSON text of `text`, and what follows it.
std::optional<json::value> first_value(std::string_view& text) {
    json::parser p;
    boost::system::error_code ec;
    auto const used = p.write_some(text.data(), text.size(), ec); // stops after one complete value
    if (ec)
        return std::nullopt;
    text.remove_prefix(used);
    return p.release();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    auto text = in.rest();
    auto const schema = first_value(text);
    if (!schema)
        return 0;
    auto const instance = first_value(text);
    auto const validator = mcp::json::schema_validator::compile(*schema);
    if (!validator)
        return 0;
    auto const& checked = instance ? *instance : *schema;
    auto const verdict = validator->validate(checked);
    MCP_FUZZ_CHECK(verdict == validator->validate(checked));
    return 0;
}
