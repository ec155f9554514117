#include <mcp/aws/endpoint.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>

namespace mcp::aws {
namespace {

error bad(std::string_view url, std::string_view why) {
    return error(errc::invalid_configuration, "AWS endpoint '" + std::string(url) + "': " + std::string(why));
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

// The URL's host (an IPv6 address without its brackets); empty when it has none we can connect to.
std::string host_of(boost::urls::url_view const& u) {
    // Boost.URL 1.81 reads "http://127.0.0.1.evil.example/x" as host 127.0.0.1 and path ".evil.example/x": after
    // an authority a path is empty or starts with '/', so such a URL has no usable host, never a loopback one.
    if (!u.encoded_path().empty() && !u.encoded_path().starts_with('/')) {
        return {};
    }
    if (u.host_type() == boost::urls::host_type::ipv6) {
        return u.host_ipv6_address().to_string();
    }
    if (u.host_type() == boost::urls::host_type::ipv4 || u.host_type() == boost::urls::host_type::name) {
        return u.host();
    }
    return {};
}

} // namespace

std::string endpoint::url() const {
    return (tls ? "https://" : "http://") + host_header + path;
}

bool is_local_host(std::string_view host) {
    std::string h = lowercase(host);
    if (h.ends_with('.')) {
        h.pop_back();
    }
    if (h == "localhost") {
        return true;
    }
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') {
        h = h.substr(1, h.size() - 2);
    }
    boost::system::error_code ec;
    auto const address = boost::asio::ip::make_address(h, ec);
    if (ec) {
        return false;
    }
    if (address.is_v4()) {
        return (address.to_v4().to_uint() >> 24) == 127;
    }
    return address.to_v6().is_loopback();
}

result<endpoint> parse_endpoint(std::string_view url, endpoint_rules rules) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) {
        return bad(url, "not an absolute URL");
    }
    auto const& u = *parsed;
    endpoint out;
    std::string const scheme = lowercase(u.scheme());
    if (scheme != "https" && scheme != "http") {
        return bad(url, "the scheme must be https (or http for a local endpoint)");
    }
    out.tls = scheme == "https";
    if (u.has_userinfo() || (u.has_query() && !rules.keep_query) || u.has_fragment()) {
        return bad(url, "user info, query and fragment are not allowed");
    }
    out.host = host_of(u);
    if (out.host.empty()) {
        return bad(url, "no usable host");
    }
    std::string const default_port = out.tls ? "443" : "80";
    out.port = u.has_port() && !u.port().empty() ? std::string(u.port()) : default_port;
    // port_number() wraps values above 65535, so the digits are checked themselves.
    if (u.has_port() && (out.port.size() > 5 || std::stoul(out.port) == 0 || std::stoul(out.port) > 65535)) {
        return bad(url, "bad port (1 to 65535)");
    }
    std::string const bracketed = u.host_type() == boost::urls::host_type::ipv6 ? "[" + out.host + "]" : out.host;
    out.host_header = out.port == default_port ? bracketed : bracketed + ":" + out.port;
    out.path = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
    if (u.has_query()) {
        out.path += "?" + std::string(u.encoded_query());
    }
    if (!out.tls && !rules.plain_http_anywhere && !is_local_host(out.host)) {
        return bad(url, "plain HTTP is allowed only for a local endpoint (localhost, 127.0.0.1, ::1); use https");
    }
    return out;
}

std::string default_dynamodb_endpoint(std::string_view region) {
    std::string const suffix = region.starts_with("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com";
    return "https://dynamodb." + std::string(region) + suffix;
}

} // namespace mcp::aws
