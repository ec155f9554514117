// Readers of the shared pieces (icon, annotations, implementation) and of content blocks and resource
// contents, by the rules in read.hpp. 2025-11-25 schema: ContentBlock, Icon, Annotations, ResourceContents.
#include <mcp/protocol/detail/read_fields.hpp>
#include <mcp/protocol/read.hpp>

#include <array>
#include <utility>

namespace mcp::protocol {

namespace json = boost::json;

namespace detail {

namespace {

// The readers of one content block's fields after "type", by the schema's discriminator.
result<content> read_text(fields& f) {
    text_content c;
    f.required("text", c.text);
    f.optional("annotations", c.annotations, read_annotations_at);
    return f.done<content>(std::move(c));
}

template <class Media>
result<content> read_media(fields& f) {
    Media c;
    f.required("data", c.data);
    f.required("mimeType", c.mime_type);
    f.optional("annotations", c.annotations, read_annotations_at);
    return f.done<content>(std::move(c));
}

// ResourceLink's size and icons (2025-11-25) have no member in resource_link yet; they are not read.
result<content> read_resource_link(fields& f) {
    resource_link c;
    f.required("uri", c.uri);
    f.required("name", c.name);
    f.optional("title", c.title);
    f.optional("description", c.description);
    f.optional("mimeType", c.mime_type);
    f.optional("annotations", c.annotations, read_annotations_at);
    return f.done<content>(std::move(c));
}

result<content> read_embedded_resource(fields& f) {
    embedded_resource c;
    f.required("resource", c.resource, read_resource_contents_at);
    f.optional("annotations", c.annotations, read_annotations_at);
    return f.done<content>(std::move(c));
}

using content_reader = result<content> (*)(fields&);

constexpr std::array<std::pair<std::string_view, content_reader>, 5> content_types{{
    {"text", read_text},
    {"image", read_media<image_content>},
    {"audio", read_media<audio_content>},
    {"resource_link", read_resource_link},
    {"resource", read_embedded_resource},
}};

} // namespace

result<role> read_role_at(json::value const& v, std::string const& path) {
    auto const* s = v.if_string();
    if (!s)
        return invalid_at(path, "expected a string");
    if (*s == "user")
        return role::user;
    if (*s == "assistant")
        return role::assistant;
    return invalid_at(path, "expected \"user\" or \"assistant\", got " + json::serialize(v));
}

result<icon> read_icon_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    icon i;
    f.required("src", i.src);
    f.optional("mimeType", i.mime_type);
    f.optional_list("sizes", i.sizes, read_string_at);
    f.optional("theme", i.theme);
    if (i.theme && *i.theme != "light" && *i.theme != "dark")
        f.fail("theme", "expected \"light\" or \"dark\", got " + json::serialize(json::string(*i.theme)));
    return f.done(std::move(i));
}

result<annotations> read_annotations_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    annotations a;
    f.optional_list("audience", a.audience, read_role_at);
    f.optional("priority", a.priority);
    if (a.priority && !(*a.priority >= 0 && *a.priority <= 1))
        f.fail("priority", "expected a number from 0 to 1");
    f.optional("lastModified", a.last_modified);
    return f.done(std::move(a));
}

result<implementation> read_implementation_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    implementation i;
    f.required("name", i.name);
    f.required("version", i.version);
    f.optional("title", i.title);
    f.optional("description", i.description);
    f.optional("websiteUrl", i.website_url);
    f.optional_list("icons", i.icons, read_icon_at);
    return f.done(std::move(i));
}

result<content> read_content_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    std::string type;
    f.required("type", type);
    if (auto const& e = f.failure())
        return *e;
    for (auto const& [name, read] : content_types)
        if (name == type)
            return read(f);
    return invalid_at(path_of(path, "type"), "unknown content type " + json::serialize(json::string(type)));
}

// The schema's TextResourceContents | BlobResourceContents: one of "text" and "blob" must be there.
result<resource_contents> read_resource_contents_at(json::value const& v, std::string const& path) {
    fields f(v, path);
    resource_contents r;
    f.required("uri", r.uri);
    f.optional("mimeType", r.mime_type);
    f.optional("text", r.text);
    f.optional("blob", r.blob);
    if (!r.text && !r.blob)
        f.fail({}, "expected a \"text\" or a \"blob\" field");
    return f.done(std::move(r));
}

} // namespace detail

result<implementation> read_implementation(json::value const& v) {
    return detail::read_implementation_at(v, {});
}

result<content> read_content(json::value const& v) {
    return detail::read_content_at(v, {});
}

result<resource_contents> read_resource_contents(json::value const& v) {
    return detail::read_resource_contents_at(v, {});
}

} // namespace mcp::protocol
