#include <mcp/aws/sigv4.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <stdexcept>

namespace mcp::aws::sigv4 {
namespace {

using digest = std::array<unsigned char, 32>;

constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

digest sha256(std::string_view data) {
    digest out{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed"); // only when OpenSSL itself is broken
    }
    return out;
}

digest hmac(std::string_view key, std::string_view data) {
    digest out{};
    unsigned int len = 0;
    auto const* k = reinterpret_cast<unsigned char const*>(key.data());
    auto const* d = reinterpret_cast<unsigned char const*>(data.data());
    if (HMAC(EVP_sha256(), k, static_cast<int>(key.size()), d, data.size(), out.data(), &len) == nullptr) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return out;
}

std::string_view as_view(digest const& d) {
    return {reinterpret_cast<char const*>(d.data()), d.size()};
}

std::string hex(digest const& d) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(d.size() * 2);
    for (unsigned char b : d) {
        out += digits[b >> 4];
        out += digits[b & 0x0f];
    }
    return out;
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}

// Lowercase name -> canonical value, sorted by name; repeated names joined with ','.
std::map<std::string, std::string> canonical_headers(std::vector<header> const& headers) {
    std::map<std::string, std::string> out;
    for (auto const& h : headers) {
        auto [it, fresh] = out.try_emplace(lowercase(h.name), canonical_header_value(h.value));
        if (!fresh) {
            it->second += ',';
            it->second += canonical_header_value(h.value);
        }
    }
    return out;
}

std::string signed_header_list(std::map<std::string, std::string> const& canonical) {
    std::string out;
    for (auto const& [name, value] : canonical) {
        if (!out.empty()) {
            out += ';';
        }
        out += name;
    }
    return out;
}

} // namespace

std::string uri_encode(std::string_view s, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        bool const unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keep_slash && c == '/')) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0x0f];
        }
    }
    return out;
}

std::string canonical_uri(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto const end = std::min(path.find('/', start), path.size());
        auto const segment = path.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty()) {
                segments.pop_back();
            }
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = end + 1;
    }
    std::string out = "/";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0) {
            out += '/';
        }
        out += uri_encode(segments[i]);
    }
    if (!segments.empty() && path.ends_with('/')) {
        out += '/';
    }
    return out;
}

std::string canonical_query(std::vector<query_param> const& query) {
    std::vector<std::pair<std::string, std::string>> encoded;
    encoded.reserve(query.size());
    for (auto const& q : query) {
        encoded.emplace_back(uri_encode(q.name), uri_encode(q.value));
    }
    std::sort(encoded.begin(), encoded.end());
    std::string out;
    for (auto const& [name, value] : encoded) {
        if (!out.empty()) {
            out += '&';
        }
        out += name;
        out += '=';
        out += value;
    }
    return out;
}

std::string canonical_header_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    bool pending_space = false;
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    return out;
}

std::string amz_date(std::chrono::system_clock::time_point at) {
    std::time_t const t = std::chrono::system_clock::to_time_t(at);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buf[32];
    std::size_t const n = std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &utc);
    return std::string(buf, n);
}

std::string sha256_hex(std::string_view data) {
    return hex(sha256(data));
}

std::string canonical_request(request const& r, std::vector<header> const& headers, std::string_view payload_hash) {
    auto const canonical = canonical_headers(headers);
    std::string out;
    out += r.method;
    out += '\n';
    out += canonical_uri(r.path);
    out += '\n';
    out += canonical_query(r.query);
    out += '\n';
    for (auto const& [name, value] : canonical) {
        out += name;
        out += ':';
        out += value;
        out += '\n';
    }
    out += '\n';
    out += signed_header_list(canonical);
    out += '\n';
    out += payload_hash;
    return out;
}

std::vector<header> signature::headers() const {
    std::vector<header> out{{"authorization", authorization}, {"x-amz-date", amz_date}};
    if (!security_token.empty()) {
        out.push_back({"x-amz-security-token", security_token});
    }
    if (!content_sha256.empty()) {
        out.push_back({"x-amz-content-sha256", content_sha256});
    }
    return out;
}

signature sign(request const& r, credentials const& c, scope s, std::chrono::system_clock::time_point at,
               options o) {
    signature out;
    out.amz_date = amz_date(at);
    out.security_token = c.session_token;
    std::string const payload_hash = sha256_hex(r.body);
    if (o.content_sha256_header) {
        out.content_sha256 = payload_hash;
    }

    std::vector<header> headers = r.headers;
    headers.push_back({"x-amz-date", out.amz_date});
    if (!out.security_token.empty()) {
        headers.push_back({"x-amz-security-token", out.security_token});
    }
    if (!out.content_sha256.empty()) {
        headers.push_back({"x-amz-content-sha256", out.content_sha256});
    }

    std::string const date = out.amz_date.substr(0, 8);
    std::string const credential_scope =
        date + '/' + std::string(s.region) + '/' + std::string(s.service) + "/aws4_request";
    std::string const string_to_sign = std::string(algorithm) + '\n' + out.amz_date + '\n' + credential_scope + '\n' +
                                       sha256_hex(canonical_request(r, headers, payload_hash));

    digest key = hmac("AWS4" + c.secret_access_key, date);
    key = hmac(as_view(key), s.region);
    key = hmac(as_view(key), s.service);
    key = hmac(as_view(key), "aws4_request");

    out.authorization = std::string(algorithm) + " Credential=" + c.access_key_id + '/' + credential_scope +
                        ", SignedHeaders=" + signed_header_list(canonical_headers(headers)) +
                        ", Signature=" + hex(hmac(as_view(key), string_to_sign));
    return out;
}

} // namespace mcp::aws::sigv4
