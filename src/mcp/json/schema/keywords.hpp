// The keyword builders: each reads its keyword (or group of keywords that interact) from the schema object
// that `c` is compiling and returns the compiled keyword, or nullptr (nothing to check, or an error recorded
// in `c`). Internal to schema_validator; the table that picks them per dialect and vocabulary is in
// compile.cpp.
#pragma once

#include <mcp/json/schema/compile.hpp>

namespace mcp::json::schema {

// keywords_value.cpp: any instance, numbers, strings
keyword_ptr build_type(compiler& c);
keyword_ptr build_enum(compiler& c);
keyword_ptr build_const(compiler& c);
keyword_ptr build_number_bounds(compiler& c); // minimum, maximum, exclusiveMinimum, exclusiveMaximum
keyword_ptr build_multiple_of(compiler& c);
keyword_ptr build_string_length(compiler& c); // minLength, maxLength
keyword_ptr build_pattern(compiler& c);

// keywords_array.cpp
keyword_ptr build_items_2020(compiler& c); // prefixItems, items
keyword_ptr build_items_7(compiler& c);    // items (schema or array), additionalItems
keyword_ptr build_contains(compiler& c);   // contains, minContains, maxContains
keyword_ptr build_item_count(compiler& c); // minItems, maxItems
keyword_ptr build_unique_items(compiler& c);
keyword_ptr build_unevaluated_items(compiler& c);

// keywords_object.cpp
keyword_ptr build_members(compiler& c); // properties, patternProperties, additionalProperties
keyword_ptr build_required(compiler& c);
keyword_ptr build_property_count(compiler& c); // minProperties, maxProperties
keyword_ptr build_dependent_required(compiler& c);
keyword_ptr build_dependent_schemas(compiler& c);
keyword_ptr build_dependencies(compiler& c); // draft-07
keyword_ptr build_property_names(compiler& c);
keyword_ptr build_unevaluated_properties(compiler& c);

// keywords_logic.cpp: in-place applicators and references
keyword_ptr build_ref(compiler& c);
keyword_ptr build_dynamic_ref(compiler& c);
keyword_ptr build_all_of(compiler& c);
keyword_ptr build_any_of(compiler& c);
keyword_ptr build_one_of(compiler& c);
keyword_ptr build_not(compiler& c);
keyword_ptr build_if(compiler& c); // if, then, else

} // namespace mcp::json::schema
