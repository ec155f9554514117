// JSON Schema validation of raw input (valijson), for tools and prompts registered with a hand-written schema.
// Not for typed definitions: from_json<T> already checks those.
#pragma once

#include <boost/json.hpp>
#include <boost/system/result.hpp>

#include <memory>
#include <optional>
#include <string>

namespace mcp::json {

// A compiled schema (drafts 4 and 7 keywords). Cheap to copy (shares the compiled form); thread-safe to use.
class schema_validator {
public:
    // Compiles `schema`; an error names what is wrong with the schema itself.
    static boost::system::result<schema_validator, std::string> compile(boost::json::value const& schema);

    // nullopt when `instance` is valid; otherwise the first failure as "path: reason" (path like "items[2].qty",
    // empty for the root).
    std::optional<std::string> validate(boost::json::value const& instance) const;

private:
    struct compiled;
    explicit schema_validator(std::shared_ptr<compiled const> c) : compiled_(std::move(c)) {}
    std::shared_ptr<compiled const> compiled_;
};

} // namespace mcp::json
