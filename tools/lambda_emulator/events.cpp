#include <lambda_emulator/events.hpp>

#include <lambda_emulator/text.hpp>

#include <boost/json/array.hpp>

#include <utility>
#include <vector>

namespace lambda_emulator {
namespace {

namespace json = boost::json;
using pairs = std::vector<std::pair<std::string, std::string>>;

struct split_target {
    std::string path;  // as received, "/" when empty
    std::string query; // after '?', without it
};

split_target split(std::string_view target) {
    auto q = target.find('?');
    split_target out{std::string(target.substr(0, q)),
                     q == std::string_view::npos ? "" : std::string(target.substr(q + 1))};
    if (out.path.empty())
        out.path = "/";
    return out;
}

// Query parameters in order, keys and values percent-decoded; "a" alone is ("a", "").
pairs query_pairs(std::string_view query) {
    pairs out;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto item = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (item.empty())
            continue;
        auto eq = item.find('=');
        out.emplace_back(percent_decode(item.substr(0, eq)),
                         eq == std::string_view::npos ? "" : percent_decode(item.substr(eq + 1)));
    }
    return out;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

// The client's fields plus the ones the gateway adds in front of the function.
pairs forwarded_headers(mcp::http::request const& req, request_facts const& facts) {
    pairs out;
    std::string forwarded_for;
    for (auto const& [name, value] : req.headers.fields()) {
        if (name == "x-forwarded-for")
            forwarded_for.append(forwarded_for.empty() ? "" : ", ").append(value);
        else if (name != "x-forwarded-port" && name != "x-forwarded-proto" && name != "x-amzn-trace-id")
            out.emplace_back(name, value);
    }
    forwarded_for += (forwarded_for.empty() ? "" : ", ") + facts.source_ip;
    out.emplace_back("x-amzn-trace-id", "Root=" + facts.trace_root);
    out.emplace_back("x-forwarded-for", forwarded_for);
    out.emplace_back("x-forwarded-port", std::to_string(facts.front_port));
    out.emplace_back("x-forwarded-proto", "http");
    return out;
}

// Payload 2.0: duplicates joined with commas, in arrival order.
json::object joined(pairs const& items) {
    json::object out;
    for (auto const& [k, v] : items) {
        if (auto* prev = out.if_contains(k))
            *prev = json::string(std::string(prev->as_string()) + "," + v);
        else
            out[k] = v;
    }
    return out;
}

// Payload 1.0: the last value of each name, and every value in a list.
std::pair<json::value, json::value> single_and_multi(pairs const& items) {
    if (items.empty())
        return {nullptr, nullptr};
    json::object single, multi;
    for (auto const& [k, v] : items) {
        single[k] = v;
        auto& list = multi[k];
        if (!list.is_array())
            list = json::array();
        list.as_array().push_back(json::string(v));
    }
    return {std::move(single), std::move(multi)};
}

void put_body(json::object& event, mcp::http::request const& req, bool null_when_empty) {
    auto type = req.headers.get("content-type").value_or("");
    bool binary = !req.body.empty() && body_is_binary(type, req.body);
    if (req.body.empty() && null_when_empty)
        event["body"] = nullptr;
    else if (!req.body.empty())
        event["body"] = binary ? base64_encode(req.body) : req.body;
    event["isBase64Encoded"] = binary;
}

// Payload 2.0 takes Cookie headers out of `headers` and lists each cookie in `cookies`.
std::pair<pairs, json::array> split_cookies(pairs all) {
    pairs headers;
    json::array cookies;
    for (auto& [name, value] : all) {
        if (name != "cookie") {
            headers.emplace_back(std::move(name), std::move(value));
            continue;
        }
        for (std::string_view rest = value; !rest.empty();) {
            auto semi = rest.find(';');
            if (auto c = trim(rest.substr(0, semi)); !c.empty())
                cookies.push_back(json::string(c));
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        }
    }
    return {std::move(headers), std::move(cookies)};
}

json::object v2_context(gateway_identity const& id, request_facts const& facts, mcp::http::request const& req,
                        std::string const& path) {
    bool url = id.format == event_format::url;
    json::object http{{"method", req.method},
                      {"path", path},
                      {"protocol", "HTTP/1.1"},
                      {"sourceIp", facts.source_ip},
                      {"userAgent", req.headers.get("user-agent").value_or("")}};
    json::object context{
        {"accountId", id.account_id},       {"apiId", id.api_id},
        {"domainName", id.domain_name()},   {"domainPrefix", id.api_id},
        {"http", std::move(http)},          {"requestId", url ? facts.invocation_id : facts.gateway_id},
        {"routeKey", "$default"},           {"stage", "$default"},
        {"time", gateway_time(facts.time)}, {"timeEpoch", epoch_ms(facts.time)}};
    if (url)
        context["authentication"] = nullptr; // Function URLs: "Lambda sets this to null"
    return context;
}

json::object v2_event(gateway_identity const& id, request_facts const& facts, mcp::http::request const& req) {
    auto [path, query] = split(req.target);
    auto [headers, cookies] = split_cookies(forwarded_headers(req, facts));
    json::object event{
        {"version", "2.0"}, {"routeKey", "$default"}, {"rawPath", path}, {"rawQueryString", query}};
    if (!cookies.empty())
        event["cookies"] = std::move(cookies);
    event["headers"] = joined(headers);
    if (auto params = query_pairs(query); !params.empty())
        event["queryStringParameters"] = joined(params);
    event["requestContext"] = v2_context(id, facts, req, path);
    put_body(event, req, false);
    return event;
}

json::object v1_context(gateway_identity const& id, request_facts const& facts, mcp::http::request const& req,
                        std::string const& path) {
    json::object identity{{"accessKey", nullptr},
                          {"accountId", nullptr},
                          {"caller", nullptr},
                          {"cognitoAuthenticationProvider", nullptr},
                          {"cognitoAuthenticationType", nullptr},
                          {"cognitoIdentityId", nullptr},
                          {"cognitoIdentityPoolId", nullptr},
                          {"principalOrgId", nullptr},
                          {"sourceIp", facts.source_ip},
                          {"user", nullptr},
                          {"userAgent", req.headers.get("user-agent").value_or("")},
                          {"userArn", nullptr}};
    return json::object{{"accountId", id.account_id},
                        {"apiId", id.api_id},
                        {"domainName", id.domain_name()},
                        {"domainPrefix", id.api_id},
                        {"extendedRequestId", facts.gateway_id},
                        {"httpMethod", req.method},
                        {"identity", std::move(identity)},
                        {"path", "/" + id.stage + path},
                        {"protocol", "HTTP/1.1"},
                        {"requestId", facts.gateway_id},
                        {"requestTime", gateway_time(facts.time)},
                        {"requestTimeEpoch", epoch_ms(facts.time)},
                        {"resourceId", id.api_id.substr(0, 6)},
                        {"resourcePath", path == "/" ? "/" : "/{proxy+}"},
                        {"stage", id.stage}};
}

// A REST API with a greedy {proxy+} resource (and the root "/" resource for the root path).
json::object v1_event(gateway_identity const& id, request_facts const& facts, mcp::http::request const& req) {
    auto [path, query] = split(req.target);
    bool root = path == "/";
    auto [headers, multi_headers] = single_and_multi(forwarded_headers(req, facts));
    auto [params, multi_params] = single_and_multi(query_pairs(query));
    json::object event{{"resource", root ? "/" : "/{proxy+}"},
                       {"path", path},
                       {"httpMethod", req.method},
                       {"headers", std::move(headers)},
                       {"multiValueHeaders", std::move(multi_headers)},
                       {"queryStringParameters", std::move(params)},
                       {"multiValueQueryStringParameters", std::move(multi_params)}};
    event["pathParameters"] =
        root ? json::value(nullptr) : json::value(json::object{{"proxy", path.substr(1)}});
    event["stageVariables"] = nullptr;
    event["requestContext"] = v1_context(id, facts, req, path);
    put_body(event, req, true);
    return event;
}

bool textual(std::string_view media) {
    auto starts = [&](std::string_view p) { return media.substr(0, p.size()) == p; };
    auto ends = [&](std::string_view s) {
        return media.size() >= s.size() && media.substr(media.size() - s.size()) == s;
    };
    return starts("text/") || media == "application/json" || media == "application/xml" ||
           media == "application/javascript" || media == "application/x-www-form-urlencoded" ||
           media == "application/graphql" || ends("+json") || ends("+xml");
}

} // namespace

std::optional<event_format> parse_event_format(std::string_view name) {
    if (name == "v2")
        return event_format::v2;
    if (name == "v1")
        return event_format::v1;
    if (name == "url")
        return event_format::url;
    return std::nullopt;
}

std::string_view format_name(event_format f) {
    switch (f) {
    case event_format::v1:
        return "v1";
    case event_format::url:
        return "url";
    default:
        return "v2";
    }
}

std::string gateway_identity::domain_name() const {
    if (format == event_format::url)
        return api_id + ".lambda-url." + region + ".on.aws";
    return api_id + ".execute-api." + region + ".amazonaws.com";
}

std::string address_only(std::string_view remote_address) {
    if (remote_address.starts_with('[')) {
        auto close = remote_address.find(']');
        return std::string(remote_address.substr(1, close == std::string_view::npos ? close : close - 1));
    }
    return std::string(remote_address.substr(0, remote_address.rfind(':')));
}

bool body_is_binary(std::string_view content_type, std::string_view body) {
    if (!is_utf8(body))
        return true;
    auto media = mcp::http::lowercase(trim(content_type.substr(0, content_type.find(';'))));
    return !media.empty() && !textual(media);
}

json::object make_event(gateway_identity const& id, request_facts const& facts,
                        mcp::http::request const& req) {
    return id.format == event_format::v1 ? v1_event(id, facts, req) : v2_event(id, facts, req);
}

} // namespace lambda_emulator
