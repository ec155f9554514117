// URI references and JSON Pointers as JSON Schema uses them to name schemas ($id, $ref, $schema; 2020-12 core
// section 8.2). Internal to schema_validator; pure string work, nothing here ever touches the network.
#pragma once

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace mcp::json::schema {

// An absolute URI split at its fragment: `base` is normalized (RFC 3986 section 6.2.2) and has no fragment,
// so it can key a table of schema resources; `fragment` is percent-decoded.
struct uri_parts {
    std::string base;
    std::string fragment;
};

// Resolves `reference` against the absolute URI `base` (RFC 3986 section 5). The error names the reference.
boost::system::result<uri_parts, std::string> resolve_uri(std::string_view base, std::string_view reference);

// `uri` normalized and without its fragment, or an empty string when it is not an absolute URI.
std::string normalized_base(std::string_view uri);

// The value that the JSON Pointer `pointer` (RFC 6901, already percent-decoded, "" or starting with '/')
// names inside `root`, or nullptr.
boost::json::value const* walk_pointer(boost::json::value const& root, std::string_view pointer);

// One reference token of a JSON Pointer ("a/b" as "a~1b"), for the locations in compile errors.
std::string pointer_token(std::string_view key);

} // namespace mcp::json::schema
