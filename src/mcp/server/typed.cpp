#include <mcp/server/typed.hpp>

#include <charconv>

namespace mcp::detail {

namespace {

// Boost.JSON writes doubles as "5E0"; people (and models) read "5" and "2.5" better.
void write_number(double d, std::string& out) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, r.ptr);
}

void write_text(boost::json::value const& v, std::string& out) {
    switch (v.kind()) {
    case boost::json::kind::double_: write_number(v.get_double(), out); return;
    case boost::json::kind::object: {
        out += '{';
        bool first = true;
        for (auto const& [k, item] : v.get_object()) {
            if (!first) out += ',';
            first = false;
            out += boost::json::serialize(boost::json::string_view(k));
            out += ':';
            write_text(item, out);
        }
        out += '}';
        return;
    }
    case boost::json::kind::array: {
        out += '[';
        bool first = true;
        for (auto const& item : v.get_array()) {
            if (!first) out += ',';
            first = false;
            write_text(item, out);
        }
        out += ']';
        return;
    }
    default: out += boost::json::serialize(v);
    }
}

} // namespace

std::string json_text(boost::json::value const& v) {
    std::string out;
    write_text(v, out);
    return out;
}

protocol::get_prompt_result prompt_result_of(std::string text) {
    return {std::nullopt, {protocol::prompt_message{protocol::role::user, protocol::text(std::move(text))}}};
}

std::string invalid_arguments_text(json::conversion_error const& e) {
    return "Invalid arguments: " + e.to_string("arguments");
}

boost::json::object empty_object_schema() { return {{"type", "object"}, {"properties", boost::json::object{}}}; }

result<json::schema_validator> compile_input_schema(protocol::tool const& def) {
    auto const* type = def.input_schema.if_contains("type");
    if (!type || *type != "object")
        return error::invalid_params("a raw tool needs an inputSchema of \"type\": \"object\"");
    auto compiled = json::schema_validator::compile(def.input_schema);
    if (!compiled) return error::invalid_params("invalid inputSchema: " + compiled.error());
    return std::move(*compiled);
}

// Prompt arguments from a described struct's schema: every property, required unless optional.
std::vector<protocol::prompt_argument> arguments_from_schema(boost::json::object const& schema) {
    std::vector<protocol::prompt_argument> out;
    auto const* props = schema.if_contains("properties");
    auto const* required = schema.if_contains("required");
    if (!props || !props->is_object()) return out;
    for (auto const& [name, prop] : props->as_object()) {
        protocol::prompt_argument arg{std::string(name), std::nullopt, std::nullopt, false};
        if (auto const* d = prop.as_object().if_contains("description"); d && d->is_string())
            arg.description = std::string(d->as_string());
        if (required && required->is_array())
            for (auto const& r : required->as_array())
                if (r == boost::json::value(name)) arg.required = true;
        out.push_back(std::move(arg));
    }
    return out;
}

result<> check_required_arguments(protocol::prompt const& def, boost::json::object const& args) {
    for (auto const& a : def.arguments)
        if (a.required && !args.contains(a.name))
            return error::invalid_params("Missing required argument '" + a.name + "' for prompt " + def.name);
    return {};
}

} // namespace mcp::detail
