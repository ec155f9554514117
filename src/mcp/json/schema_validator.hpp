// JSON Schema validation of raw input, for tools and prompts registered with a hand-written schema: draft
// 2020-12 (the default, as MCP 2025-11-25 specifies) and draft-07 (when the schema's "$schema" names it). Not
// for typed definitions: from_json<T> already checks those.
//
// Safe on client input: `pattern` and `patternProperties` run on RE2 (linear time, no recursion over the
// string); recursion over the instance and through $ref is bounded; nothing is ever fetched over the network.
// The design of the compiled form is in schema/model.hpp.
#pragma once

#include <boost/json.hpp>
#include <boost/system/result.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mcp::json {

namespace schema {
struct compiled_schema;
}

// Documents that a schema may name by absolute URI in "$ref" or "$schema", besides the resources inside it,
// keyed by that URI (a relative key resolves against the base of a schema without "$id"). They are never
// fetched: a reference to a URI found neither here nor in the schema is a compile error.
using schema_documents = std::map<std::string, boost::json::value, std::less<>>;

// A compiled schema. Cheap to copy (copies share the compiled form, which is immutable); thread-safe to use.
class schema_validator {
public:
    // Compiles `schema` once: keywords checked and resolved, $refs linked, regexes compiled. The error says
    // where (a JSON Pointer into the schema) and what is wrong: a keyword of the wrong type, a "$ref" that
    // names nothing known, an unsupported "$schema", an invalid regex or one RE2 cannot run in linear time
    // (ECMA-262 lookaround and backreferences). Only a "$ref" that is used is resolved. The arguments are
    // only read during the call.
    static boost::system::result<schema_validator, std::string> compile(boost::json::value const& schema);
    static boost::system::result<schema_validator, std::string> compile(boost::json::value const& schema,
                                                                        schema_documents const& documents);

    // nullopt when `instance` is valid; otherwise the first failure as "path: reason" (path like
    // "items[2].qty"; the root has no path, only the reason). Nesting beyond the limits (an instance hundreds
    // of levels deep, a $ref cycle that consumes no input) is a failure too, never a crash. "format" is an
    // annotation: not checked.
    std::optional<std::string> validate(boost::json::value const& instance) const;

private:
    explicit schema_validator(std::shared_ptr<schema::compiled_schema const> c) : compiled_(std::move(c)) {}
    std::shared_ptr<schema::compiled_schema const> compiled_;
};

} // namespace mcp::json
