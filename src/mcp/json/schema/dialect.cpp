// $schema and $vocabulary: picking the dialect and the vocabularies in use.
#include <mcp/json/schema/dialect.hpp>

#include <algorithm>
#include <array>

namespace mcp::json::schema {

namespace {

using choice = boost::system::result<dialect_choice, std::string>;

constexpr std::string_view uri_2020_12 = "https://json-schema.org/draft/2020-12/schema";
constexpr std::string_view uri_draft7 = "http://json-schema.org/draft-07/schema";
constexpr std::string_view vocab_prefix = "https://json-schema.org/draft/2020-12/vocab/";

// The 2020-12 vocabularies by name; those without a bit hold only annotations, which we do not assert.
constexpr std::array<std::pair<std::string_view, std::uint8_t>, 8> known_vocabularies{{
    {"core", 0},
    {"applicator", applicator},
    {"unevaluated", unevaluated},
    {"validation", validation},
    {"meta-data", 0},
    {"format-annotation", 0},
    {"content", 0},
    {"format-assertion", 0xFF}, // known, but formats are never asserted: refused when required
}};

choice failure(std::string text) {
    return choice(boost::system::in_place_error, std::move(text));
}

// 2020-12 core section 8.1.2: `true` means the vocabulary is required, `false` that it may be ignored.
choice from_vocabularies(boost::json::object const& listed, draft dialect) {
    dialect_choice out{dialect, 0};
    for (auto const& [uri, required] : listed) {
        std::string_view const name = uri.starts_with(vocab_prefix) ? uri.substr(vocab_prefix.size()) : "";
        auto const known = std::find_if(known_vocabularies.begin(), known_vocabularies.end(),
                                        [&](auto const& k) { return k.first == name; });
        bool const usable = known != known_vocabularies.end() && known->second != 0xFF;
        if (usable)
            out.vocabularies |= known->second;
        else if (required.is_bool() && required.get_bool())
            return failure("the meta-schema requires the vocabulary \"" + std::string(uri) +
                           "\", not supported");
    }
    return out;
}

choice lookup(std::string_view schema_uri,
              std::unordered_map<std::string, boost::json::value const*> const& registered, int depth) {
    std::string const uri = normalized_base(schema_uri);
    if (uri == uri_2020_12)
        return dialect_choice{draft::v2020_12, all_vocabularies};
    if (uri == uri_draft7 || uri == "https://json-schema.org/draft-07/schema")
        return dialect_choice{draft::v7, all_vocabularies};
    auto const it = registered.find(uri);
    if (it == registered.end() || !it->second->is_object() || depth > 8)
        return failure("$schema \"" + std::string(schema_uri) +
                       "\" is not supported (2020-12 and draft-07 are, or register the meta-schema)");
    auto const& meta = it->second->get_object();
    auto const* parent = meta.if_contains("$schema");
    auto const base = parent && parent->is_string() ? lookup(parent->get_string(), registered, depth + 1)
                                                    : choice(dialect_choice{});
    if (!base)
        return base;
    auto const* vocabularies = meta.if_contains("$vocabulary");
    if (!vocabularies || !vocabularies->is_object() || base->dialect == draft::v7)
        return base;
    return from_vocabularies(vocabularies->get_object(), base->dialect);
}

} // namespace

choice dialect_of(std::string_view schema_uri,
                  std::unordered_map<std::string, boost::json::value const*> const& registered) {
    return lookup(schema_uri, registered, 0);
}

} // namespace mcp::json::schema
