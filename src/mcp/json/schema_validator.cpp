// schema_validator on valijson. The only translation unit that includes valijson, so its configuration
// (exceptions on, instead of printing and aborting on a bad schema) cannot disagree with another one.
#include <mcp/json/schema_validator.hpp>

#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <charconv>
#include <exception>
#include <string_view>

namespace mcp::json {

struct schema_validator::compiled {
    valijson::Schema schema;
};

namespace {

// Strips valijson's brackets from one context segment: "[qty]" -> "qty".
std::string_view unbracket(std::string_view segment) {
    if (segment.size() >= 2 && segment.front() == '[' && segment.back() == ']')
        return segment.substr(1, segment.size() - 2);
    return segment;
}

std::optional<std::size_t> index_of(std::string_view text) {
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || ptr != text.data() + text.size())
        return std::nullopt;
    return n;
}

// valijson's context ["<root>", "[items]", "[2]", "[qty]"] as "items[2].qty". The context writes an array
// index and a property name alike ("[2]"), so the instance is walked alongside to tell them apart.
std::string path_of(std::vector<std::string> const& context, boost::json::value const& instance) {
    std::string path;
    boost::json::value const* node = &instance;
    for (std::size_t i = 1; i < context.size(); ++i) {
        std::string_view const segment = unbracket(context[i]);
        auto const index = node && node->is_array() ? index_of(segment) : std::nullopt;
        if (index) {
            path += "[" + std::to_string(*index) + "]";
            node = *index < node->get_array().size() ? &node->get_array()[*index] : nullptr;
        } else {
            if (!path.empty())
                path += '.';
            path += segment;
            node = node && node->is_object() ? node->get_object().if_contains(segment) : nullptr;
        }
    }
    return path;
}

} // namespace

boost::system::result<schema_validator, std::string>
schema_validator::compile(boost::json::value const& schema) {
    auto c = std::make_shared<compiled>();
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        parser.populateSchema(valijson::adapters::BoostJsonAdapter(schema), c->schema);
    } catch (std::exception const& e) {
        return boost::system::result<schema_validator, std::string>(boost::system::in_place_error, e.what());
    }
    return schema_validator(std::move(c));
}

std::optional<std::string> schema_validator::validate(boost::json::value const& instance) const {
    // A Validator caches compiled regexes and is not thread-safe; one per call keeps this method const-safe.
    valijson::Validator validator;
    valijson::ValidationResults results;
    try {
        if (validator.validate(compiled_->schema, valijson::adapters::BoostJsonAdapter(instance), &results))
            return std::nullopt;
    } catch (std::exception const& e) {
        // valijson compiles a "pattern" only when a string meets it, so a bad regex surfaces here.
        return std::string("the schema cannot be applied: ") + e.what();
    }
    // Errors come deepest first: the first one names the offending value, the later ones its parents.
    valijson::ValidationResults::Error first;
    if (!results.popError(first))
        return "invalid";
    std::string const path = path_of(first.context, instance);
    return path.empty() ? first.description : path + ": " + first.description;
}

} // namespace mcp::json
