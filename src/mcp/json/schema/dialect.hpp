// Which rules a schema follows, from its "$schema" (2020-12 core sections 8.1.1 and 8.1.2): the two dialects
// we implement, or a registered meta-schema built on 2020-12 whose $vocabulary switches vocabularies on and
// off. Internal to schema_validator.
#pragma once

#include <mcp/json/schema/index.hpp>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <unordered_map>

namespace mcp::json::schema {

struct dialect_choice {
    draft dialect = draft::v2020_12;
    std::uint8_t vocabularies = all_vocabularies;
};

// `schema_uri` is the value of "$schema"; `registered` the documents given to compile, by normalized URI.
// Errors: an unknown dialect, or a meta-schema that requires a vocabulary we do not implement.
boost::system::result<dialect_choice, std::string>
dialect_of(std::string_view schema_uri,
           std::unordered_map<std::string, boost::json::value const*> const& registered);

} // namespace mcp::json::schema
