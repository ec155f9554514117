// prompts/list, prompts/get (2025-11-25 server/prompts) and completion/complete (server/utilities/completion).
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

task<result<boost::json::value>> list_prompts(method_call c) {
    auto after = cursor_param(c.params);
    if (!after) co_return after.error();
    sees visible(c);
    auto page = c.srv.prompts().list(*after, c.srv.options().page_size, visible.of(list_kind::prompts));
    co_return page_json("prompts", page, [](prompt_entry const& e) { return protocol::to_json(e.def); });
}

task<result<boost::json::value>> get_prompt(method_call c) {
    auto name = string_param(c.params, "name");
    if (!name) co_return name.error();
    auto entry = c.srv.prompts().find(*name);
    if (!entry || !sees(c)(list_kind::prompts, *name)) co_return error::invalid_params("Unknown prompt: " + *name);
    boost::json::object arguments;
    if (auto const* a = c.params.if_contains("arguments"); a && !a->is_null()) {
        if (!a->is_object()) co_return error::invalid_params("Parameter arguments must be an object");
        arguments = a->as_object();
    }
    auto out = co_await entry->handler(std::move(arguments), c.ctx);
    if (!out) co_return out.error();
    co_return protocol::to_json(*out);
}

// The registry key of the completion provider a `ref` names, after checking the referenced thing exists and the
// session sees it (an inactive or hidden prompt or resource is unknown here too).
result<std::string> completion_key(method_call const& c, boost::json::value const* ref) {
    auto const& srv = c.srv;
    sees visible(c);
    if (!ref || !ref->is_object()) return error::invalid_params("Parameter ref must be an object");
    auto const& r = ref->as_object();
    auto type = string_param(r, "type");
    if (!type) return type.error();
    if (*type == "ref/prompt") {
        auto name = string_param(r, "name");
        if (!name) return name.error();
        if (!srv.prompts().find(*name) || !visible(list_kind::prompts, *name))
            return error::invalid_params("Unknown prompt: " + *name);
        return "prompt:" + *name;
    }
    if (*type == "ref/resource") {
        auto uri = string_param(r, "uri");
        if (!uri) return uri.error();
        bool as_template = srv.templates().find(*uri) && visible(list_kind::resource_templates, *uri);
        bool as_resource = srv.resources().find(*uri) && visible(list_kind::resources, *uri);
        if (!as_template && !as_resource) return error::invalid_params("Unknown resource template: " + *uri);
        return "resource:" + *uri;
    }
    return error::invalid_params("Unknown ref type '" + *type + "' (ref/prompt or ref/resource)");
}

result<completion_request> completion_request_of(boost::json::object const& params) {
    auto const* arg = params.if_contains("argument");
    if (!arg || !arg->is_object()) return error::invalid_params("Parameter argument must be an object");
    auto name = string_param(arg->as_object(), "name");
    if (!name) return name.error();
    auto value = string_param(arg->as_object(), "value");
    if (!value) return value.error();
    completion_request req{std::move(*name), std::move(*value), {}};
    auto const* context = params.if_contains("context");
    auto const* args = context && context->is_object() ? context->as_object().if_contains("arguments") : nullptr;
    if (args && args->is_object())
        for (auto const& [k, v] : args->as_object())
            if (v.is_string()) req.context[std::string(k)] = std::string(v.as_string());
    return req;
}

// At most 100 values per response (2025-11-25 server/utilities/completion); total and hasMore say the rest.
boost::json::object completion_json(std::vector<std::string> const& values) {
    constexpr std::size_t max_values = 100;
    boost::json::array out;
    for (std::size_t i = 0; i < values.size() && i < max_values; ++i) out.push_back(boost::json::string(values[i]));
    return {{"completion",
             {{"values", std::move(out)}, {"total", values.size()}, {"hasMore", values.size() > max_values}}}};
}

task<result<boost::json::value>> complete(method_call c) {
    auto key = completion_key(c, c.params.if_contains("ref"));
    if (!key) co_return key.error();
    auto req = completion_request_of(c.params);
    if (!req) co_return req.error();
    auto provider = c.srv.completions().find(*key);
    if (!provider) co_return completion_json({});
    auto values = co_await provider->handler(std::move(*req), c.ctx);
    if (!values) co_return values.error();
    co_return completion_json(*values);
}

} // namespace

void add_prompt_methods(method_table& t) {
    t.emplace("prompts/list", list_prompts);
    t.emplace("prompts/get", get_prompt);
    t.emplace("completion/complete", complete);
}

} // namespace mcp::detail
