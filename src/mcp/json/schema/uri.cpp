// URI resolution on Boost.URL, and JSON Pointer walking over Boost.JSON values.
#include <mcp/json/schema/uri.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <charconv>
#include <optional>

namespace mcp::json::schema {

namespace {

uri_parts split(boost::urls::url& u) {
    uri_parts out;
    if (u.has_fragment())
        out.fragment = u.fragment();
    u.remove_fragment();
    u.normalize();
    out.base = std::string(u.buffer());
    return out;
}

std::optional<std::size_t> array_index(std::string_view token) {
    std::size_t n = 0;
    if (token.empty() || (token.size() > 1 && token[0] == '0'))
        return std::nullopt;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), n);
    if (ec != std::errc{} || end != token.data() + token.size())
        return std::nullopt;
    return n;
}

// RFC 6901 section 4: "~1" is '/', "~0" is '~', in that order.
std::string unescape(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

} // namespace

boost::system::result<uri_parts, std::string> resolve_uri(std::string_view base, std::string_view reference) {
    auto const ref = boost::urls::parse_uri_reference(reference);
    if (!ref)
        return boost::system::result<uri_parts, std::string>(
            boost::system::in_place_error, "\"" + std::string(reference) + "\" is not a URI reference");
    auto const base_view = boost::urls::parse_uri(base);
    if (!base_view)
        return boost::system::result<uri_parts, std::string>(
            boost::system::in_place_error, "base URI \"" + std::string(base) + "\" is not absolute");
    boost::urls::url resolved(*base_view);
    if (!resolved.resolve(*ref))
        return boost::system::result<uri_parts, std::string>(
            boost::system::in_place_error,
            "\"" + std::string(reference) + "\" cannot be resolved against \"" + std::string(base) + "\"");
    return split(resolved);
}

std::string normalized_base(std::string_view uri) {
    auto const view = boost::urls::parse_uri(uri);
    if (!view)
        return {};
    boost::urls::url u(*view);
    return split(u).base;
}

boost::json::value const* walk_pointer(boost::json::value const& root, std::string_view pointer) {
    boost::json::value const* at = &root;
    while (!pointer.empty()) {
        if (pointer.front() != '/')
            return nullptr;
        pointer.remove_prefix(1);
        auto const end = pointer.find('/');
        std::string const token = unescape(pointer.substr(0, end));
        pointer = end == std::string_view::npos ? std::string_view{} : pointer.substr(end);
        if (auto const* obj = at->if_object()) {
            at = obj->if_contains(token);
        } else if (auto const* arr = at->if_array()) {
            auto const i = array_index(token);
            at = i && *i < arr->size() ? &(*arr)[*i] : nullptr;
        } else {
            at = nullptr;
        }
        if (!at)
            return nullptr;
    }
    return at;
}

std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

} // namespace mcp::json::schema
