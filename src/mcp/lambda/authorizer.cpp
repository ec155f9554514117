// Authorizer context -> x-authorizer-* request headers (see authorizer.hpp).
#include <mcp/lambda/authorizer.hpp>
#include <mcp/lambda/events.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace mcp::lambda {
namespace {

namespace json = boost::json;

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Whether a word starts at name[i] (an uppercase letter that is not the first character).
bool starts_word(std::string_view name, std::size_t i) {
    char prev = name[i - 1];
    if (is_lower(prev) || is_digit(prev))
        return true;
    if (!is_upper(prev) || i + 1 >= name.size() || !is_lower(name[i + 1]))
        return false;
    // An acronym ends before its last capital when a lowercase word follows ("APIKey"), unless that lowercase
    // is a lone plural "s" ("userIDs").
    bool plural = name[i + 1] == 's' && (i + 2 == name.size() || !is_lower(name[i + 2]));
    return !plural;
}

const json::object* find_object(json::object const* obj, std::string_view key) {
    if (!obj)
        return nullptr;
    auto const* v = obj->if_contains(key);
    return v && v->is_object() ? &v->get_object() : nullptr;
}

// Strings as they are; a fractional number in its shortest form ("12.5", where Boost.JSON would write
// "1.25E1"); anything else as compact JSON.
std::string text_of(json::value const& value) {
    if (value.is_string())
        return std::string(value.get_string());
    if (value.is_double()) {
        std::array<char, 32> buf{};
        auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value.get_double());
        if (ec == std::errc())
            return std::string(buf.data(), end);
    }
    return json::serialize(value);
}

void forward_field(http::headers& headers, std::string_view name, json::value const& value) {
    if (value.is_null())
        return;
    auto snake = snake_case(name);
    if (!snake.empty())
        headers.add(std::string(authorizer_header_prefix) + snake, text_of(value));
}

void forward_fields(http::headers& headers, json::object const* fields) {
    if (!fields)
        return;
    for (auto const& [name, value] : *fields)
        forward_field(headers, name, value);
}

// REST and HTTP API payload 1.0.
void forward_v1(http::headers& headers, json::object const* authorizer) {
    if (auto const* lambda = find_object(authorizer, "lambda"))
        return forward_fields(headers, lambda);
    if (!authorizer)
        return;
    // API Gateway's own bookkeeping, not the authorizer's answer.
    constexpr std::array<std::string_view, 3> skipped = {"principalId", "integrationLatency",
                                                         "usageIdentifierKey"};
    for (auto const& [name, value] : *authorizer) {
        if (std::find(skipped.begin(), skipped.end(), std::string_view(name)) != skipped.end())
            continue;
        if (name == "claims" && value.is_object())
            forward_fields(headers, &value.get_object());
        else
            forward_field(headers, name, value);
    }
}

// HTTP API payload 2.0.
void forward_v2(http::headers& headers, json::object const* authorizer) {
    forward_fields(headers, find_object(authorizer, "lambda"));
    auto const* jwt = find_object(authorizer, "jwt");
    forward_fields(headers, find_object(jwt, "claims"));
    if (auto const* scopes = jwt ? jwt->if_contains("scopes") : nullptr)
        forward_field(headers, "scopes", *scopes);
}

} // namespace

std::string snake_case(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool separator = !is_upper(c) && !is_lower(c) && !is_digit(c);
        bool boundary = separator || (is_upper(c) && i > 0 && starts_word(name, i));
        if (boundary && !out.empty() && out.back() != '_')
            out.push_back('_');
        if (!separator)
            out.push_back(is_upper(c) ? char(c - 'A' + 'a') : c);
    }
    if (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

void forward_authorizer(json::object const& event, event_source source, http::request& request) {
    http::headers kept;
    for (auto const& [name, value] : request.headers.fields())
        if (!name.starts_with(authorizer_header_prefix))
            kept.add(name, value);
    request.headers = std::move(kept);
    auto& headers = request.trusted;

    auto const* authorizer = find_object(find_object(&event, "requestContext"), "authorizer");
    switch (source) {
    case event_source::api_gateway_rest:
    case event_source::api_gateway_http_v1:
        forward_v1(headers, authorizer);
        break;
    case event_source::api_gateway_http:
        forward_v2(headers, authorizer);
        break;
    case event_source::function_url:
    case event_source::alb:
        break;
    }
}

} // namespace mcp::lambda
