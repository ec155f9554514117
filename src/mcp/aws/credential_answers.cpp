#include <mcp/aws/credential_answers.hpp>

#include <mcp/aws/endpoint.hpp>
#include <mcp/aws/sigv4.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/json.hpp>

#include <charconv>

namespace mcp::aws {

namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr std::size_t quoted_limit = 200; // of a service's error code or message, in messages

std::string quoted(std::string_view s) {
    return std::string(s.substr(0, quoted_limit));
}

bool digits(std::string_view text, std::size_t at, std::size_t n, int& out) {
    if (at + n > text.size()) {
        return false;
    }
    auto const* first = text.data() + at;
    auto [end, ec] = std::from_chars(first, first + n, out);
    return ec == std::errc() && end == first + n;
}

// The zone after "YYYY-MM-DDTHH:MM:SS": optional fraction, then Z or +00:00.
bool utc_suffix(std::string_view rest) {
    if (!rest.empty() && rest.front() == '.') {
        std::size_t i = 1;
        while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') {
            ++i;
        }
        if (i == 1) {
            return false;
        }
        rest.remove_prefix(i);
    }
    return rest == "Z" || rest == "z" || rest == "+00:00";
}

// A non-200 answer: 5xx and 429 mean "try later" (unavailable), the other statuses a refusal.
error answer_error(unsigned status, std::string_view from, std::string const& code,
                   std::string const& message) {
    std::string const detail = code.empty() || message.empty() ? code + message : code + ": " + message;
    bool const later = status >= 500 || status == 429;
    return error(later ? errc::unavailable : errc::rejected,
                 std::string(from) + (later ? " failed" : " refused") + " (HTTP " + std::to_string(status) +
                     ")" + (detail.empty() ? "" : ": " + detail),
                 code);
}

std::string string_field(json::object const& o, std::string_view a, std::string_view b = {}) {
    for (auto name : {a, b}) {
        if (auto const* v = name.empty() ? nullptr : o.if_contains(name); v && v->is_string()) {
            return std::string(v->get_string());
        }
    }
    return {};
}

error malformed(std::string_view from, std::string_view why) {
    return error(errc::malformed_answer, std::string(from) + " answered, but " + std::string(why));
}

// The credentials from their four fields (the session token's name differs between the sources).
result<credentials> assemble(std::string id, std::string secret, std::string token,
                             std::string const& expiration, std::string_view from) {
    if (id.empty() || secret.empty()) {
        return malformed(from, "without AccessKeyId and SecretAccessKey");
    }
    credentials c{.access_key_id = std::move(id),
                  .secret_access_key = std::move(secret),
                  .session_token = std::move(token)};
    if (!expiration.empty()) {
        c.expiration = parse_timestamp(expiration);
        if (!c.expiration) {
            return malformed(from, "its Expiration is not an ISO 8601 UTC time");
        }
    }
    return c;
}

// The text of the first <name>...</name> inside `doc`, entities decoded; nullopt when absent.
std::optional<std::string> xml_text(std::string_view doc, std::string_view name) {
    std::string const open = "<" + std::string(name) + ">";
    std::string const close = "</" + std::string(name) + ">";
    auto const begin = doc.find(open);
    auto const end = begin == std::string_view::npos ? begin : doc.find(close, begin + open.size());
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    auto raw = doc.substr(begin + open.size(), end - begin - open.size());
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        static constexpr std::pair<std::string_view, char> entities[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        bool replaced = false;
        for (auto const& [entity, c] : entities) {
            if (raw.substr(i).starts_with(entity)) {
                out += c;
                i += entity.size() - 1;
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            out += raw[i];
        }
    }
    return out;
}

} // namespace

std::optional<system_clock::time_point> parse_timestamp(std::string_view t) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (t.size() < 20 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't') || t[13] != ':' ||
        t[16] != ':' || !digits(t, 0, 4, y) || !digits(t, 5, 2, mo) || !digits(t, 8, 2, d) ||
        !digits(t, 11, 2, h) || !digits(t, 14, 2, mi) || !digits(t, 17, 2, s) || !utc_suffix(t.substr(19))) {
        return std::nullopt;
    }
    year_month_day const date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!date.ok() || h > 23 || mi > 59 || s > 60) {
        return std::nullopt;
    }
    return sys_days(date) + hours(h) + minutes(mi) + seconds(s);
}

result<credentials> read_credentials_json(http_response const& r, std::string_view from) {
    boost::system::error_code ec;
    auto const body = json::parse(r.body, ec);
    json::object const* o = ec ? nullptr : body.if_object();
    if (r.status != 200) {
        return answer_error(r.status, from, o ? quoted(string_field(*o, "code", "Code")) : "",
                            o ? quoted(string_field(*o, "message", "Message")) : "");
    }
    if (!o) {
        return malformed(from, "not with a JSON object");
    }
    if (auto const code = string_field(*o, "Code"); !code.empty() && code != "Success") {
        return error(errc::rejected, std::string(from) + " has no credentials to give: Code " + quoted(code),
                     quoted(code));
    }
    return assemble(string_field(*o, "AccessKeyId"), string_field(*o, "SecretAccessKey"),
                    string_field(*o, "Token"), string_field(*o, "Expiration"), from);
}

result<credentials> read_sts_answer(http_response const& r, std::string_view from) {
    if (r.status != 200) {
        auto const err = xml_text(r.body, "Error").value_or("");
        return answer_error(r.status, from, quoted(xml_text(err, "Code").value_or("")),
                            quoted(xml_text(err, "Message").value_or("")));
    }
    auto const block = xml_text(r.body, "Credentials");
    if (!block) {
        return malformed(from, "without Credentials in its XML");
    }
    return assemble(
        xml_text(*block, "AccessKeyId").value_or(""), xml_text(*block, "SecretAccessKey").value_or(""),
        xml_text(*block, "SessionToken").value_or(""), xml_text(*block, "Expiration").value_or(""), from);
}

std::string sts_request_body(std::string_view role_arn, std::string_view session_name,
                             std::string_view token) {
    return "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + sigv4::uri_encode(role_arn) +
           "&RoleSessionName=" + sigv4::uri_encode(session_name) +
           "&WebIdentityToken=" + sigv4::uri_encode(token);
}

std::string default_sts_endpoint(std::string_view region) {
    if (region.empty()) {
        return "https://sts.amazonaws.com";
    }
    std::string const suffix = region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
    return "https://sts." + std::string(region) + suffix;
}

bool is_allowed_container_host(std::string_view host) {
    if (is_local_host(host)) {
        return true;
    }
    std::string h(host);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') {
        h = h.substr(1, h.size() - 2);
    }
    boost::system::error_code ec;
    auto const address = boost::asio::ip::make_address(h, ec);
    if (ec) {
        return false;
    }
    return address == boost::asio::ip::make_address("169.254.170.2") ||
           address == boost::asio::ip::make_address("169.254.170.23") ||
           address == boost::asio::ip::make_address("fd00:ec2::23");
}

} // namespace mcp::aws
