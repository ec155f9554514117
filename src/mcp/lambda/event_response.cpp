// http_event responses in the format of the event's source, buffered mode (see events.hpp).
#include <mcp/json/bytes.hpp>
#include <mcp/lambda/events.hpp>
#include <mcp/lambda/prelude.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace mcp::lambda {
namespace {

namespace json = boost::json;

// Values per lowercase name, in first-appearance order.
std::vector<std::pair<std::string, json::array>> grouped(http::headers const& headers) {
    std::vector<std::pair<std::string, json::array>> groups;
    for (auto const& field : headers.fields()) {
        auto it =
            std::find_if(groups.begin(), groups.end(), [&](auto const& g) { return g.first == field.first; });
        if (it == groups.end())
            it = groups.insert(groups.end(), {std::string(field.first), json::array{}});
        it->second.emplace_back(field.second);
    }
    return groups;
}

std::string joined(json::array const& values) {
    std::string out;
    for (auto const& v : values)
        out.append(out.empty() ? "" : ", ").append(v.get_string());
    return out;
}

// Payload 1.0 (REST, HTTP API 1.0): API Gateway merges both maps, so each name goes in exactly one of them.
void put_headers_v1(json::object& response, http::headers const& headers) {
    json::object single;
    json::object multi;
    for (auto& [name, values] : grouped(headers)) {
        if (values.size() == 1 && name != "set-cookie")
            single.emplace(name, std::move(values[0]));
        else
            multi.emplace(name, std::move(values));
    }
    response.emplace("headers", std::move(single));
    response.emplace("multiValueHeaders", std::move(multi));
}

void put_headers_alb(json::object& response, http::headers const& headers, bool multi_value) {
    json::object out;
    for (auto& [name, values] : grouped(headers)) {
        if (multi_value)
            out.emplace(name, std::move(values));
        else if (name == "set-cookie")
            out.emplace(name, std::move(values.back())); // see events.hpp
        else
            out.emplace(name, joined(values));
    }
    response.emplace(multi_value ? "multiValueHeaders" : "headers", std::move(out));
}

void put_body(json::object& response, std::string const& body) {
    bool text = mcp::json::is_valid_utf8(body);
    response.emplace("body", text ? body : mcp::json::base64_encode(body));
    response.emplace("isBase64Encoded", !text);
}

} // namespace

std::string buffered_response(http_event const& e, int status, http::headers const& headers,
                              std::string const& body) {
    json::object response;
    response.emplace("statusCode", status);
    switch (e.source) {
    case event_source::api_gateway_rest:
    case event_source::api_gateway_http_v1:
        put_headers_v1(response, headers);
        break;
    case event_source::api_gateway_http:
    case event_source::function_url: {
        auto [fields, cookies] = detail::split_cookies(headers);
        response.emplace("headers", std::move(fields));
        response.emplace("cookies", std::move(cookies));
        break;
    }
    case event_source::alb:
        response.emplace("statusDescription",
                         std::to_string(status) + " " + std::string(reason_phrase(status)));
        put_headers_alb(response, headers, e.multi_value_headers);
        break;
    }
    put_body(response, body);
    return json::serialize(response);
}

// shape: one table of status texts, clearer whole than split.
std::string_view reason_phrase(int status) {
    // RFC 9110 section 15, plus 429 (RFC 6585) which rate limits answer with.
    static constexpr std::pair<int, std::string_view> phrases[] = {
        {100, "Continue"},
        {101, "Switching Protocols"},
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {203, "Non-Authoritative Information"},
        {204, "No Content"},
        {205, "Reset Content"},
        {206, "Partial Content"},
        {300, "Multiple Choices"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {307, "Temporary Redirect"},
        {308, "Permanent Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {402, "Payment Required"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {410, "Gone"},
        {411, "Length Required"},
        {412, "Precondition Failed"},
        {413, "Content Too Large"},
        {414, "URI Too Long"},
        {415, "Unsupported Media Type"},
        {416, "Range Not Satisfiable"},
        {417, "Expectation Failed"},
        {421, "Misdirected Request"},
        {422, "Unprocessable Content"},
        {426, "Upgrade Required"},
        {429, "Too Many Requests"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"},
    };
    for (auto const& [code, phrase] : phrases)
        if (code == status)
            return phrase;
    return "Unknown";
}

} // namespace mcp::lambda
