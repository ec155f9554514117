// schema_validator: the entry points over schema/compile.hpp (building the compiled form) and
// schema/model.hpp (walking it).
#include <mcp/json/schema_validator.hpp>

#include <mcp/json/schema/compile.hpp>
#include <mcp/json/schema/model.hpp>

namespace mcp::json {

boost::system::result<schema_validator, std::string>
schema_validator::compile(boost::json::value const& schema) {
    return compile(schema, {});
}

boost::system::result<schema_validator, std::string>
schema_validator::compile(boost::json::value const& schema, schema_documents const& documents) {
    auto compiled = schema::compiler(documents).run(schema);
    if (!compiled)
        return boost::system::result<schema_validator, std::string>(boost::system::in_place_error,
                                                                    compiled.error());
    return schema_validator(std::move(*compiled));
}

std::optional<std::string> schema_validator::validate(boost::json::value const& instance) const {
    schema::evaluation ev(*compiled_);
    if (ev.validate(compiled_->root, instance, schema::location{}, nullptr))
        return std::nullopt;
    return ev.failure().value_or("invalid");
}

} // namespace mcp::json
