// Wire form of the MCP types (2025-11-25 schema): camelCase names, empty optionals and empty lists omitted,
// except fields the schema requires (call_tool_result.content, tool.inputSchema,
// read_resource_result.contents, get_prompt_result.messages) and a prompt argument's "required", which is
// always written.
#include <mcp/protocol/types.hpp>

#include <array>

namespace mcp::protocol {

namespace json = boost::json;

namespace {

template <class T>
void put(json::object& o, std::string_view key, std::optional<T> const& v) {
    if (v)
        o[key] = json::value_from(*v, o.storage());
}

void put(json::object& o, std::string_view key, std::optional<json::object> const& v) {
    if (v)
        o[key] = *v;
}

template <class T>
void put_list(json::object& o, std::string_view key, std::vector<T> const& items) {
    if (items.empty())
        return;
    json::array a;
    a.reserve(items.size());
    for (auto const& item : items)
        a.push_back(to_json(item));
    o[key] = std::move(a);
}

void put_strings(json::object& o, std::string_view key, std::vector<std::string> const& items) {
    if (items.empty())
        return;
    o[key] = json::value_from(items);
}

std::string_view role_name(role r) {
    return r == role::user ? "user" : "assistant";
}

void put_annotations(json::object& o, std::optional<annotations> const& a) {
    if (a)
        o["annotations"] = to_json(*a);
}

// One content block per alternative; "type" is the schema's discriminator. Built in `sp`'s storage.
struct content_writer {
    json::storage_ptr sp;

    json::value operator()(text_content const& c) const {
        json::object o({{"type", "text"}, {"text", c.text}}, sp);
        put_annotations(o, c.annotations);
        return o;
    }
    json::value operator()(image_content const& c) const {
        return media("image", c.data, c.mime_type, c.annotations);
    }
    json::value operator()(audio_content const& c) const {
        return media("audio", c.data, c.mime_type, c.annotations);
    }
    json::value operator()(resource_link const& c) const {
        json::object o({{"type", "resource_link"}, {"uri", c.uri}, {"name", c.name}}, sp);
        put(o, "title", c.title);
        put(o, "description", c.description);
        put(o, "mimeType", c.mime_type);
        put_annotations(o, c.annotations);
        return o;
    }
    json::value operator()(embedded_resource const& c) const {
        json::object o({{"type", "resource"}, {"resource", to_json(c.resource)}}, sp);
        put_annotations(o, c.annotations);
        return o;
    }

    json::value media(std::string_view type, std::string const& data, std::string const& mime,
                      std::optional<annotations> const& a) const {
        json::object o({{"type", type}, {"data", data}, {"mimeType", mime}}, sp);
        put_annotations(o, a);
        return o;
    }
};

std::optional<std::string> string_at(json::object const& o, std::string_view key) {
    auto const* v = o.if_contains(key);
    if (!v || !v->is_string())
        return std::nullopt;
    return std::string(v->get_string());
}

// Lenient: an icon without a string "src" is skipped, as are sizes that are not strings.
std::optional<icon> icon_from_json(json::value const& v) {
    auto const* o = v.if_object();
    if (!o)
        return std::nullopt;
    auto src = string_at(*o, "src");
    if (!src)
        return std::nullopt;
    icon out{*src, string_at(*o, "mimeType"), {}, string_at(*o, "theme")};
    if (auto const* sizes = o->if_contains("sizes"); sizes && sizes->is_array()) {
        for (auto const& s : sizes->get_array())
            if (s.is_string())
                out.sizes.emplace_back(s.get_string());
    }
    return out;
}

std::vector<icon> icons_from_json(json::object const& o) {
    std::vector<icon> out;
    auto const* icons = o.if_contains("icons");
    if (!icons || !icons->is_array())
        return out;
    for (auto const& v : icons->get_array())
        if (auto i = icon_from_json(v))
            out.push_back(std::move(*i));
    return out;
}

constexpr std::array<std::string_view, 8> log_level_names = {"debug", "info",     "notice", "warning",
                                                             "error", "critical", "alert",  "emergency"};

} // namespace

std::string_view to_string(log_level l) {
    return log_level_names.at(static_cast<std::size_t>(l));
}

std::optional<log_level> log_level_from_string(std::string_view s) {
    for (std::size_t i = 0; i < log_level_names.size(); ++i)
        if (log_level_names[i] == s)
            return static_cast<log_level>(i);
    return std::nullopt;
}

json::value to_json(icon const& i) {
    json::object o{{"src", i.src}};
    put(o, "mimeType", i.mime_type);
    put_strings(o, "sizes", i.sizes);
    put(o, "theme", i.theme);
    return o;
}

json::value to_json(implementation const& i) {
    json::object o{{"name", i.name}, {"version", i.version}};
    put(o, "title", i.title);
    put(o, "description", i.description);
    put(o, "websiteUrl", i.website_url);
    put_list(o, "icons", i.icons);
    return o;
}

json::value to_json(annotations const& a) {
    json::object o;
    if (!a.audience.empty()) {
        json::array audience;
        for (auto r : a.audience)
            audience.emplace_back(role_name(r));
        o["audience"] = std::move(audience);
    }
    put(o, "priority", a.priority);
    put(o, "lastModified", a.last_modified);
    return o;
}

json::value to_json(content const& c, json::storage_ptr sp) {
    return std::visit(content_writer{std::move(sp)}, c);
}

json::value to_json(resource_contents const& r) {
    json::object o{{"uri", r.uri}};
    put(o, "mimeType", r.mime_type);
    put(o, "text", r.text);
    put(o, "blob", r.blob);
    return o;
}

json::value to_json(tool_annotations const& a) {
    json::object o;
    put(o, "title", a.title);
    put(o, "readOnlyHint", a.read_only_hint);
    put(o, "destructiveHint", a.destructive_hint);
    put(o, "idempotentHint", a.idempotent_hint);
    put(o, "openWorldHint", a.open_world_hint);
    return o;
}

json::value to_json(prompt_argument const& a) {
    json::object o{{"name", a.name}};
    put(o, "title", a.title);
    put(o, "description", a.description);
    o["required"] = a.required; // always written, as clients show which arguments they may leave out
    return o;
}

// 2025-11-25 server/tools: inputSchema is required and must be an object schema; an empty one means "no
// arguments", which is written as {"type":"object"}.
json::value to_json(tool const& t) {
    json::object o{{"name", t.name}};
    put(o, "title", t.title);
    put(o, "description", t.description);
    o["inputSchema"] = t.input_schema.empty() ? json::object{{"type", "object"}} : t.input_schema;
    put(o, "outputSchema", t.output_schema);
    if (t.annotations)
        o["annotations"] = to_json(*t.annotations);
    put_list(o, "icons", t.icons);
    if (t.execution)
        o["execution"] = {{"taskSupport", to_string(t.execution->task_support)}};
    return o;
}

std::string_view to_string(task_support s) {
    switch (s) {
    case task_support::optional: return "optional";
    case task_support::required: return "required";
    case task_support::forbidden: break;
    }
    return "forbidden";
}

// "content" is required even when empty; "isError" is written only when true (absent means false).
json::value to_json(call_tool_result const& r, json::storage_ptr sp) {
    json::array blocks(sp);
    blocks.reserve(r.content.size());
    for (auto const& c : r.content)
        blocks.push_back(to_json(c, sp));
    json::object o({{"content", std::move(blocks)}}, sp);
    put(o, "structuredContent", r.structured_content);
    if (r.is_error)
        o["isError"] = true;
    return o;
}

json::value to_json(resource const& r) {
    json::object o{{"uri", r.uri}, {"name", r.name}};
    put(o, "title", r.title);
    put(o, "description", r.description);
    put(o, "mimeType", r.mime_type);
    put(o, "size", r.size);
    put_annotations(o, r.annotations);
    put_list(o, "icons", r.icons);
    return o;
}

json::value to_json(resource_template const& r) {
    json::object o{{"uriTemplate", r.uri_template}, {"name", r.name}};
    put(o, "title", r.title);
    put(o, "description", r.description);
    put(o, "mimeType", r.mime_type);
    put_annotations(o, r.annotations);
    put_list(o, "icons", r.icons);
    return o;
}

json::value to_json(read_resource_result const& r) {
    json::array contents;
    for (auto const& c : r.contents)
        contents.push_back(to_json(c));
    return json::object{{"contents", std::move(contents)}};
}

json::value to_json(prompt const& p) {
    json::object o{{"name", p.name}};
    put(o, "title", p.title);
    put(o, "description", p.description);
    put_list(o, "arguments", p.arguments);
    put_list(o, "icons", p.icons);
    return o;
}

json::value to_json(prompt_message const& m) {
    return json::object{{"role", role_name(m.role)}, {"content", to_json(m.content)}};
}

json::value to_json(get_prompt_result const& r) {
    json::object o;
    put(o, "description", r.description);
    json::array messages;
    for (auto const& m : r.messages)
        messages.push_back(to_json(m));
    o["messages"] = std::move(messages);
    return o;
}

std::optional<implementation> implementation_from_json(json::value const& v) {
    auto const* o = v.if_object();
    if (!o)
        return std::nullopt;
    auto name = string_at(*o, "name");
    auto version = string_at(*o, "version");
    if (!name || !version)
        return std::nullopt;
    return implementation{std::move(*name),
                          std::move(*version),
                          string_at(*o, "title"),
                          string_at(*o, "description"),
                          string_at(*o, "websiteUrl"),
                          icons_from_json(*o)};
}

} // namespace mcp::protocol
