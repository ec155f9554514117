// SPDX-License-Identifier: MIT
#include <mcp/client/http_answers.hpp>

#include <mcp/client/transport.hpp>
#include <mcp/http/exchange.hpp>

#include <boost/json.hpp>

namespace mcp::transport {

bool has_media_type(std::optional<std::string_view> content_type, std::string_view media) {
    if (!content_type) return false;
    auto ct = content_type->substr(0, content_type->find(';'));
    while (!ct.empty() && (ct.back() == ' ' || ct.back() == '\t')) ct.remove_suffix(1);
    while (!ct.empty() && (ct.front() == ' ' || ct.front() == '\t')) ct.remove_prefix(1);
    return http::iequals(ct, media);
}

std::string excerpt(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 200)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
    if (text.size() > 200) out += "...";
    return out;
}

error status_error(unsigned status, std::string const& body) {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (!ec && v.is_object())
        if (auto const* e = v.as_object().if_contains("error"))
            if (auto err = protocol::error::from_json(*e))
                return error(err->code(), "HTTP " + std::to_string(status) + ": " + err->message(), err->data());
    return error(code::http_status, "HTTP " + std::to_string(status) + (body.empty() ? "" : ": " + excerpt(body)),
                 boost::json::object{{"status", status}});
}

} // namespace mcp::transport
