// Where each schema of the documents in use sits (base URI, schema resource, dialect, vocabularies) and the
// tables that $ref, $anchor and $dynamicAnchor resolve through: 2020-12 core sections 8.2 and 9.1.2, draft-07
// core section 8. Internal to schema_validator: built while compiling, dropped after.
//
// Only schema positions are walked (an "$id" inside "enum" or "const" is data, not an identifier), and only
// documents given to compile are known: a registered one is indexed when first named, nothing is fetched.
#pragma once

#include <mcp/json/schema/uri.hpp>
#include <mcp/json/schema_validator.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mcp::json::schema {

enum class draft : std::uint8_t { v2020_12, v7 };

// The 2020-12 vocabularies that carry assertions or applicators (core is always on; the rest are
// annotations).
enum vocabulary : std::uint8_t { applicator = 1, validation = 2, unevaluated = 4 };
constexpr std::uint8_t all_vocabularies = applicator | validation | unevaluated;

// The base URI a relative reference resolves against when the root schema has no $id; also the base of
// registered documents given by a relative URI. Reserved (RFC 2606), never dereferenced.
constexpr std::string_view default_base = "https://schema.invalid/root.json";

struct site {
    std::string base;           // absolute, normalized, no fragment
    std::uint32_t resource = 0; // index into document_index's resources
    draft dialect = draft::v2020_12;
    std::uint8_t vocabularies = all_vocabularies;
    std::string where; // for compile errors: "<document>#<JSON pointer>"
};

struct resource {
    std::string uri;
    boost::json::value const* root = nullptr;
    std::vector<std::pair<std::string, boost::json::value const*>> dynamic_anchors;
};

struct target {
    boost::json::value const* schema = nullptr;
    site at;
};

class document_index {
public:
    // Keeps pointers into `documents` and into the schemas added: both must outlive the index.
    explicit document_index(schema_documents const& documents);

    // Indexes the schema being compiled; an error names a malformed identifier or an unsupported $schema.
    std::optional<std::string> add_root(boost::json::value const& schema);
    // The schema that `uri` names (empty fragment, JSON Pointer or anchor). `referrer` is the dialect of a
    // registered document that does not declare its own.
    boost::system::result<target, std::string> find(uri_parts const& uri, draft referrer);
    // Where `schema` sits, or nullptr when the walk did not reach it (a value inside an unknown keyword).
    site const* site_of(boost::json::value const* schema) const;

    resource const& resource_at(std::uint32_t i) const { return resources_[i]; }
    std::size_t resource_count() const { return resources_.size(); }

private:
    std::optional<std::string> add(boost::json::value const& document, std::string const& uri,
                                   std::string label, draft fallback);
    std::optional<std::string> walk(boost::json::value const& v, site s, int depth);
    std::optional<std::string> walk_children(boost::json::object const& schema, site const& s, int depth);
    std::optional<std::string> apply_schema_keyword(boost::json::object const& schema, site& s) const;
    std::optional<std::string> apply_id(boost::json::value const& v, site& s);
    void apply_anchors(boost::json::value const& v, site const& s);
    std::uint32_t resource_for(std::string const& uri, boost::json::value const* root);
    boost::system::result<target, std::string> find_fragment(std::uint32_t r, uri_parts const& uri) const;

    std::unordered_map<std::string, boost::json::value const*> registered_;
    std::vector<resource> resources_;
    std::unordered_map<std::string, std::uint32_t> by_uri_;
    std::unordered_map<std::string, boost::json::value const*> anchors_; // "uri#name"
    std::unordered_map<boost::json::value const*, site> sites_;
};

} // namespace mcp::json::schema
