// Compiling schema documents into a compiled_schema: a worklist of schema locations (so neither deep schemas
// nor reference chains recurse), reference resolution, and the value checks that keyword builders share.
// Internal to schema_validator.
#pragma once

#include <mcp/json/schema/index.hpp>
#include <mcp/json/schema/model.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mcp::json::schema {

class compiler {
public:
    explicit compiler(schema_documents const& documents) : index_(documents) {}

    // Compiles `root` and whatever it references. The first error found wins; it says where it is.
    boost::system::result<std::shared_ptr<compiled_schema const>, std::string>
    run(boost::json::value const& root);

    // --- for the keyword builders, while one schema object is compiled ---

    site const& here() const { return here_; }
    // The member `keyword` of the schema object being compiled, or nullptr.
    boost::json::value const* get(std::string_view keyword) const { return schema_->if_contains(keyword); }
    // The node of `v`, a subschema of the one being compiled, `path` below it ("properties/a" for errors).
    node_id subschema(boost::json::value const& v, std::string const& path);
    // The node of the schema that the reference `ref` names.
    node_id reference(std::string_view keyword, std::string_view ref);
    // For $dynamicRef: the node `ref` names statically, and the interned anchor name when that node bears a
    // matching $dynamicAnchor (only then does the dynamic scope apply: 2020-12 core section 8.2.3.2).
    std::pair<node_id, std::optional<std::uint32_t>> dynamic_reference(std::string_view ref);

    // Typed reads of a keyword's value; a wrong type is recorded as an error (check `failed()`).
    boost::json::value const* number(std::string_view keyword);
    std::optional<std::size_t> count(std::string_view keyword);
    std::optional<std::vector<std::string>> strings(std::string_view keyword, boost::json::value const& v);
    std::optional<node_id> schema_at(std::string_view keyword);
    std::vector<node_id> schema_list(std::string_view keyword, bool may_be_empty = false);
    std::vector<std::pair<std::string, node_id>> schema_map(std::string_view keyword);

    // Records an error about `keyword` (the first one wins) and returns nullptr, for a builder to return.
    std::nullptr_t fail(std::string_view keyword, std::string const& reason);
    bool failed() const { return error_.has_value(); }

private:
    node_id node_for(boost::json::value const& v, site const& s);
    void use_resource(std::uint32_t r);
    void compile_next();
    void compile_object(node_id id, boost::json::object const& obj);
    boost::system::result<target, std::string> resolve(std::string_view ref);

    document_index index_;
    compiled_schema out_;
    std::vector<std::pair<boost::json::value const*, site>> sources_; // by node_id
    std::unordered_map<boost::json::value const*, node_id> nodes_;
    std::vector<bool> resources_used_;
    std::map<std::string, std::uint32_t, std::less<>> anchor_names_;
    std::size_t next_ = 0;
    site here_;
    boost::json::object const* schema_ = nullptr;
    std::optional<std::string> error_;
};

} // namespace mcp::json::schema
