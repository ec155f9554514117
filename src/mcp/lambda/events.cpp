// Lambda invocation payloads -> http_event (see events.hpp). The response side is in event_response.cpp.
#include <mcp/json/bytes.hpp>
#include <mcp/lambda/authorizer.hpp>
#include <mcp/lambda/events.hpp>

#include <boost/json.hpp>

#include <optional>

namespace mcp::lambda {
namespace {

namespace json = boost::json;

std::string_view kind_name(json::kind k) {
    switch (k) {
    case json::kind::null:
        return "null";
    case json::kind::bool_:
        return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
        return "a number";
    case json::kind::string:
        return "a string";
    case json::kind::array:
        return "an array";
    case json::kind::object:
        return "an object";
    }
    return "a value";
}

// Reads typed fields and keeps the first type error, so each mapping reads like the event's documentation and
// reports "requestContext.http.method must be a string, not a number" instead of throwing. Absent and null
// fields read as empty: AWS sends null for "nothing" (headers, queryStringParameters, body) in several
// shapes.
class reader {
public:
    std::string_view string(json::object const* obj, std::string_view key, std::string_view where) {
        auto const* v = field(obj, key);
        if (!v)
            return {};
        if (v->is_string())
            return v->get_string();
        fail(where, key, "a string", *v);
        return {};
    }
    json::object const* object(json::object const* obj, std::string_view key, std::string_view where) {
        auto const* v = field(obj, key);
        if (!v)
            return nullptr;
        if (v->is_object())
            return &v->get_object();
        fail(where, key, "an object", *v);
        return nullptr;
    }
    json::array const* array(json::object const* obj, std::string_view key, std::string_view where) {
        auto const* v = field(obj, key);
        if (!v)
            return nullptr;
        if (v->is_array())
            return &v->get_array();
        fail(where, key, "an array", *v);
        return nullptr;
    }
    bool boolean(json::object const* obj, std::string_view key, std::string_view where) {
        auto const* v = field(obj, key);
        if (!v)
            return false;
        if (v->is_bool())
            return v->get_bool();
        fail(where, key, "a boolean", *v);
        return false;
    }
    // An element of a string array or a string-valued map.
    std::string_view element(json::value const& v, std::string_view where, std::string_view key) {
        if (v.is_string())
            return v.get_string();
        fail(where, key, "a string", v);
        return {};
    }
    void fail(std::string message) {
        if (!error_)
            error_ = std::move(message);
    }
    std::optional<std::string> const& error() const { return error_; }

private:
    static json::value const* field(json::object const* obj, std::string_view key) {
        if (!obj)
            return nullptr;
        auto const* v = obj->if_contains(key);
        return v && !v->is_null() ? v : nullptr;
    }
    void fail(std::string_view where, std::string_view key, std::string_view expected,
              json::value const& got) {
        std::string path(where);
        if (!key.empty())
            path.append(path.empty() ? "" : ".").append(key);
        fail(path + " must be " + std::string(expected) + ", not " + std::string(kind_name(got.kind())));
    }
    std::optional<std::string> error_;
};

json::object const* find_object(json::object const& obj, std::string_view key) {
    auto const* v = obj.if_contains(key);
    return v && v->is_object() ? &v->get_object() : nullptr;
}

// RFC 3986 section 2.3: unreserved characters stay, everything else is percent-encoded.
void append_encoded(std::string& out, std::string_view s) {
    constexpr std::string_view hex = "0123456789ABCDEF";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                          c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[u >> 4]);
            out.push_back(hex[u & 15]);
        }
    }
}

void append_pair(std::string& query, std::string_view name, std::string_view value, bool encode) {
    if (!query.empty())
        query.push_back('&');
    if (encode) {
        append_encoded(query, name);
        query.push_back('=');
        append_encoded(query, value);
    } else {
        query.append(name).append("=").append(value);
    }
}

// Payload 1.0 and ALB query parameters: the multi-value map when it has entries, else the single-value one.
// API Gateway hands them decoded (so they are encoded again); ALB hands them as the client sent them
// (`encode` false: encoding again would turn %20 into %2520).
std::string query_of(reader& r, json::object const& ev, bool encode) {
    std::string query;
    auto const* multi = r.object(&ev, "multiValueQueryStringParameters", "");
    if (multi && !multi->empty()) {
        for (auto const& [name, values] : *multi)
            if (auto const* list = r.array(multi, name, "multiValueQueryStringParameters"))
                for (auto const& v : *list)
                    append_pair(query, name, r.element(v, "multiValueQueryStringParameters", name), encode);
        return query;
    }
    if (auto const* single = r.object(&ev, "queryStringParameters", ""))
        for (auto const& [name, v] : *single)
            if (!v.is_null())
                append_pair(query, name, r.element(v, "queryStringParameters", name), encode);
    return query;
}

// Payload 1.0 and ALB headers: every value of multiValueHeaders in order when it has entries, else `headers`.
// Returns whether the multi-value form was used.
bool read_headers_v1(reader& r, json::object const& ev, http::headers& out) {
    auto const* multi = r.object(&ev, "multiValueHeaders", "");
    if (multi && !multi->empty()) {
        for (auto const& [name, values] : *multi) {
            if (auto const* list = r.array(multi, name, "multiValueHeaders"))
                for (auto const& v : *list)
                    out.add(name, std::string(r.element(v, "multiValueHeaders", name)));
        }
        return true;
    }
    if (auto const* single = r.object(&ev, "headers", ""))
        for (auto const& [name, v] : *single)
            if (!v.is_null())
                out.add(name, std::string(r.element(v, "headers", name)));
    return multi != nullptr;
}

std::string target_of(std::string_view path, std::string_view query) {
    std::string target(path.empty() ? "/" : path);
    if (!query.empty())
        target.append("?").append(query);
    return target;
}

// The body, decoded when isBase64Encoded says so.
std::string body_of(reader& r, json::object const& ev) {
    auto body = r.string(&ev, "body", "");
    if (!r.boolean(&ev, "isBase64Encoded", ""))
        return std::string(body);
    auto decoded = mcp::json::base64_decode(body);
    if (!decoded)
        r.fail("body is marked base64 (isBase64Encoded) but is not valid base64");
    return decoded ? std::move(*decoded) : std::string();
}

// HTTP API puts "/<stage>" in front of the path for a named stage; "$default" is served at the root.
std::string_view without_stage(std::string_view path, std::string_view stage) {
    if (stage.empty() || stage == "$default")
        return path;
    if (path.size() < stage.size() + 1 || path[0] != '/' || path.substr(1, stage.size()) != stage)
        return path;
    auto rest = path.substr(stage.size() + 1);
    if (rest.empty())
        return "/";
    return rest[0] == '/' ? rest : path;
}

std::string last_hop(std::optional<std::string> const& forwarded_for) {
    if (!forwarded_for)
        return {};
    std::string_view s = *forwarded_for;
    auto comma = s.rfind(',');
    if (comma != std::string_view::npos)
        s.remove_prefix(comma + 1);
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return std::string(s);
}

result<invocation> finish(reader const& r, json::object const& ev, http_event e) {
    if (r.error())
        return error::invalid_request(*r.error());
    if (e.request.method.empty())
        return error::invalid_request("the HTTP method of the event is empty");
    forward_authorizer(ev, e.source, e.request);
    return invocation(std::move(e));
}

// REST API and HTTP API payload 1.0.
result<invocation> map_v1(json::object const& ev) {
    reader r;
    http_event e;
    e.source = r.string(&ev, "version", "") == "1.0" ? event_source::api_gateway_http_v1
                                                     : event_source::api_gateway_rest;
    auto const* ctx = r.object(&ev, "requestContext", "");
    e.stage = std::string(r.string(ctx, "stage", "requestContext"));
    e.multi_value_headers = true;
    e.request.method = std::string(r.string(&ev, "httpMethod", ""));
    std::string_view path = r.string(&ev, "path", "");
    if (e.source == event_source::api_gateway_http_v1)
        path = without_stage(path, e.stage);
    e.request.target = target_of(path, query_of(r, ev, true));
    read_headers_v1(r, ev, e.request.headers);
    e.request.body = body_of(r, ev);
    auto const* identity = r.object(ctx, "identity", "requestContext");
    e.request.remote_address = std::string(r.string(identity, "sourceIp", "requestContext.identity"));
    return finish(r, ev, std::move(e));
}

bool is_function_url(std::string_view domain) {
    return domain.find(".lambda-url.") != std::string_view::npos;
}

// HTTP API payload 2.0 and Function URLs.
result<invocation> map_v2(json::object const& ev, json::object const* ctx) {
    reader r;
    http_event e;
    auto const* http = r.object(ctx, "http", "requestContext");
    auto domain = r.string(ctx, "domainName", "requestContext");
    e.source = is_function_url(domain) ? event_source::function_url : event_source::api_gateway_http;
    if (e.source == event_source::api_gateway_http)
        e.stage = std::string(r.string(ctx, "stage", "requestContext"));
    e.request.method = std::string(r.string(http, "method", "requestContext.http"));
    std::string_view path = r.string(&ev, "rawPath", "");
    if (path.empty())
        path = r.string(http, "path", "requestContext.http");
    e.request.target = target_of(without_stage(path, e.stage), r.string(&ev, "rawQueryString", ""));
    if (auto const* headers = r.object(&ev, "headers", ""))
        for (auto const& [name, v] : *headers)
            if (!v.is_null())
                e.request.headers.add(name, std::string(r.element(v, "headers", name)));
    if (auto const* cookies = r.array(&ev, "cookies", ""); cookies && !cookies->empty()) {
        std::string joined;
        for (auto const& c : *cookies)
            joined.append(joined.empty() ? "" : "; ").append(r.element(c, "cookies", ""));
        e.request.headers.set("cookie", std::move(joined));
    }
    e.request.body = body_of(r, ev);
    e.request.remote_address = std::string(r.string(http, "sourceIp", "requestContext.http"));
    return finish(r, ev, std::move(e));
}

result<invocation> map_alb(json::object const& ev) {
    reader r;
    http_event e;
    e.source = event_source::alb;
    e.request.method = std::string(r.string(&ev, "httpMethod", ""));
    e.request.target = target_of(r.string(&ev, "path", ""), query_of(r, ev, false));
    e.multi_value_headers = read_headers_v1(r, ev, e.request.headers);
    e.request.body = body_of(r, ev);
    // ALB appends the address it saw to X-Forwarded-For; earlier hops are whatever the client claimed.
    e.request.remote_address = last_hop(e.request.headers.get_joined("x-forwarded-for"));
    return finish(r, ev, std::move(e));
}

std::string unknown_payload_message(json::object const& ev) {
    std::string keys;
    std::size_t shown = 0;
    for (auto const& [name, v] : ev) {
        if (shown++ == 8) {
            keys += ", ...";
            break;
        }
        keys.append(keys.empty() ? "" : ", ").append(name);
    }
    return "not an HTTP event: no httpMethod, requestContext.http or requestContext.elb, and no "
           "invokeCompletionStatus (top-level keys: " +
           (keys.empty() ? std::string("none") : keys) + ")";
}

} // namespace

std::string_view to_string(event_source s) {
    switch (s) {
    case event_source::api_gateway_rest:
        return "api_gateway_rest";
    case event_source::api_gateway_http_v1:
        return "api_gateway_http_v1";
    case event_source::api_gateway_http:
        return "api_gateway_http";
    case event_source::function_url:
        return "function_url";
    case event_source::alb:
        return "alb";
    }
    return "unknown";
}

result<invocation> parse_invocation(std::string_view payload) {
    boost::system::error_code ec;
    auto v = json::parse(payload, ec);
    if (ec)
        return error::invalid_request("payload is not valid JSON: " + ec.message());
    if (!v.is_object())
        return error::invalid_request("not an HTTP event: the payload is " +
                                      std::string(kind_name(v.kind())) + ", not a JSON object");
    auto const& ev = v.get_object();
    auto const* ctx = find_object(ev, "requestContext");
    if (ctx && find_object(*ctx, "elb"))
        return map_alb(ev);
    auto const* version = ev.if_contains("version");
    bool v2 = (version && version->is_string() && version->get_string() == "2.0") ||
              (ctx && find_object(*ctx, "http"));
    if (v2)
        return map_v2(ev, ctx);
    if (ev.contains("httpMethod"))
        return map_v1(ev);
    if (auto const* status = ev.if_contains("invokeCompletionStatus"))
        return invocation(completion_notice{status->is_string() ? std::string(status->get_string())
                                                                : json::serialize(*status)});
    return error::invalid_request(unknown_payload_message(ev));
}

} // namespace mcp::lambda
