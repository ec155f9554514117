#include <lambda_emulator/responses.hpp>

#include <lambda_emulator/text.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>

namespace lambda_emulator {
namespace {

namespace json = boost::json;

// Header values may come as strings, numbers or booleans; anything else is malformed.
std::optional<std::string> scalar_text(json::value const& v) {
    if (v.is_string())
        return std::string(v.as_string());
    if (v.is_number() || v.is_bool())
        return json::serialize(v);
    return std::nullopt;
}

std::optional<int> status_code(json::value const* v) {
    if (!v || v->is_null())
        return 200;
    double n = 0;
    if (v->is_int64() || v->is_uint64() || v->is_double())
        n = v->to_number<double>();
    else if (v->is_string() && !v->as_string().empty())
        n = std::atof(v->as_string().c_str());
    else
        return std::nullopt;
    if (n != std::floor(n) || n < 100 || n > 599)
        return std::nullopt;
    return static_cast<int>(n);
}

// headers (name -> scalar), multiValueHeaders (name -> [scalar]) and cookies ([string]) into `out`; false
// when one of them has the wrong shape.
bool add_headers(json::object const& payload, mcp::http::headers& out) {
    if (auto const* multi = payload.if_contains("multiValueHeaders"); multi && !multi->is_null()) {
        if (!multi->is_object())
            return false;
        for (auto const& [name, values] : multi->as_object()) {
            if (!values.is_array())
                return false;
            for (auto const& v : values.as_array()) {
                auto text = scalar_text(v);
                if (!text)
                    return false;
                out.add(name, std::move(*text));
            }
        }
    }
    if (auto const* single = payload.if_contains("headers"); single && !single->is_null()) {
        if (!single->is_object())
            return false;
        for (auto const& [name, v] : single->as_object()) {
            auto text = scalar_text(v);
            if (!text)
                return false;
            if (!out.get(name)) // multiValueHeaders wins for a name in both
                out.add(name, std::move(*text));
        }
    }
    if (auto const* cookies = payload.if_contains("cookies"); cookies && !cookies->is_null()) {
        if (!cookies->is_array())
            return false;
        for (auto const& c : cookies->as_array()) {
            if (!c.is_string())
                return false;
            out.add("set-cookie", std::string(c.as_string()));
        }
    }
    return true;
}

std::optional<http_answer> structured(json::object const& payload) {
    auto status = status_code(payload.if_contains("statusCode"));
    if (!status)
        return std::nullopt;
    http_answer out{*status, {}, {}};
    if (!add_headers(payload, out.headers))
        return std::nullopt;
    auto const* body = payload.if_contains("body");
    if (body && !body->is_null() && !body->is_string())
        return std::nullopt;
    out.body = body && body->is_string() ? std::string(body->as_string()) : "";
    auto const* b64 = payload.if_contains("isBase64Encoded");
    if (b64 && !b64->is_null() && !b64->is_bool())
        return std::nullopt;
    if (b64 && b64->is_bool() && b64->as_bool()) {
        auto decoded = base64_decode(out.body);
        if (!decoded)
            return std::nullopt;
        out.body = std::move(*decoded);
    }
    if (!out.body.empty() && !out.headers.get("content-type"))
        out.headers.add("content-type", "application/json");
    return out;
}

} // namespace

std::optional<http_answer> decode_buffered(event_format f, std::string_view payload) {
    boost::system::error_code ec;
    auto doc = json::parse(payload, ec);
    if (ec)
        return std::nullopt;
    if (doc.is_object() && doc.as_object().contains("statusCode"))
        return structured(doc.as_object());
    if (f == event_format::v1)
        return std::nullopt; // REST proxy integrations need the structured form
    // Payload 2.0 and Function URLs infer a 200 application/json response whose body is the payload itself.
    http_answer out{200, {}, std::string(payload)};
    out.headers.add("content-type", "application/json");
    return out;
}

std::optional<http_answer> decode_prelude(std::string_view prelude) {
    boost::system::error_code ec;
    auto doc = json::parse(prelude, ec);
    if (ec || !doc.is_object())
        return std::nullopt;
    auto status = status_code(doc.as_object().if_contains("statusCode"));
    if (!status)
        return std::nullopt;
    http_answer out{*status, {}, {}};
    if (!add_headers(doc.as_object(), out.headers))
        return std::nullopt;
    return out;
}

std::string describe_function_error(std::string const& type, std::string const& body) {
    boost::system::error_code ec;
    auto doc = json::parse(body, ec);
    if (!ec && doc.is_object()) {
        auto const& o = doc.as_object();
        auto text = [&](char const* k) {
            auto const* v = o.if_contains(k);
            return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        auto t = type.empty() ? text("errorType") : type;
        return t + ": " + text("errorMessage");
    }
    return (type.empty() ? "error" : type) + ": " + body.substr(0, 500);
}

http_answer gateway_error(event_format f, gateway_failure why) {
    http_answer out;
    out.headers.add("content-type", "application/json");
    if (why == gateway_failure::timeout) {
        out.status = 504;
        out.body = R"({"message":"Endpoint request timed out"})";
    } else {
        out.status = 502;
        out.body = f == event_format::v1 ? R"({"message": "Internal server error"})"
                                         : R"({"message":"Internal Server Error"})";
    }
    return out;
}

prelude_reader::state prelude_reader::feed(std::string_view bytes) {
    if (state_ != state::need_more) {
        leftover_.append(bytes);
        return state_;
    }
    auto searched_from = pending_.size() >= delimiter_size ? pending_.size() - (delimiter_size - 1) : 0;
    pending_.append(bytes);
    auto at = pending_.find(std::string_view("\0\0\0\0\0\0\0\0", delimiter_size), searched_from);
    if (at == std::string::npos) {
        if (pending_.size() > max_ + delimiter_size)
            state_ = state::malformed;
        return state_;
    }
    auto head = decode_prelude(std::string_view(pending_).substr(0, at));
    if (!head)
        return state_ = state::malformed;
    head_ = std::move(*head);
    leftover_ = pending_.substr(at + delimiter_size);
    pending_.clear();
    return state_ = state::ready;
}

} // namespace lambda_emulator
