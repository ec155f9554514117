#include <mcp/http/negotiation.hpp>

#include <algorithm>
#include <cctype>

namespace mcp::http {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

// A media range's q parameter is 0 ("not acceptable").
bool refused(std::string_view params) {
    auto q = params.find("q=");
    if (q == std::string_view::npos)
        return false;
    auto value = trim(params.substr(q + 2));
    return value.substr(0, 1) == "0" && value.find_first_of("123456789") == std::string_view::npos;
}

} // namespace

bool accepts(std::optional<std::string_view> accept, std::string_view type) {
    if (!accept)
        return false;
    auto slash = type.find('/');
    std::string_view rest = *accept;
    while (!rest.empty()) {
        auto comma = rest.find(',');
        auto range = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        auto semi = range.find(';');
        auto media = trim(range.substr(0, semi));
        auto params = semi == std::string_view::npos ? std::string_view() : range.substr(semi + 1);
        bool match = iequals(media, type) || media == "*/*" ||
                     (media.size() == slash + 2 &&
                      iequals(media.substr(0, slash + 1), type.substr(0, slash + 1)) && media.back() == '*');
        if (match && !refused(params))
            return true;
    }
    return false;
}

bool is_json_content_type(std::optional<std::string_view> content_type) {
    if (!content_type)
        return false;
    return iequals(trim(content_type->substr(0, content_type->find(';'))), "application/json");
}

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

// Not a coroutine: the writer's respond() is the only frame (`body` is serialized before this returns).
task<> reply_json(response_writer& out, int status, boost::json::value const& body, headers base) {
    base.set("content-type", "application/json");
    return out.respond(status, std::move(base), boost::json::serialize(body));
}

task<> reply_error(response_writer& out, int status, error const& e, headers base,
                   std::optional<protocol::request_id> const& id) {
    co_await reply_json(out, status, protocol::make_error_response(id, e), std::move(base));
}

} // namespace mcp::http
