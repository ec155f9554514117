#include <mcp/http/origin.hpp>

#include <mcp/http/exchange.hpp>

#include <algorithm>
#include <cctype>

namespace mcp::http {
namespace {

// "127.0.0.1", "127.1.2.3": four dot-separated numbers, the first 127.
bool is_loopback_ipv4(std::string_view h) {
    if (h.substr(0, 4) != "127.")
        return false;
    int dots = 0;
    for (char c : h) {
        if (c == '.')
            ++dots;
        else if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    }
    return dots == 3;
}

// The host part of "host", "host:port", "[v6]" or "[v6]:port".
std::string_view host_part(std::string_view hostport) {
    if (!hostport.empty() && hostport[0] == '[') {
        auto close = hostport.find(']');
        return close == std::string_view::npos ? hostport : hostport.substr(0, close + 1);
    }
    auto colon = hostport.rfind(':');
    if (colon != std::string_view::npos && hostport.find(':') == colon) {
        auto port = hostport.substr(colon + 1);
        if (!port.empty() && std::all_of(port.begin(), port.end(),
                                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            return hostport.substr(0, colon);
        if (port.empty())
            return hostport.substr(0, colon);
    }
    return hostport;
}

bool is_loopback_name(std::string_view host) {
    auto h = lowercase(host);
    return h == "localhost" || h == "[::1]" || is_loopback_ipv4(h);
}

} // namespace

bool is_loopback_host(std::string_view host) {
    return is_loopback_name(host_part(host));
}

bool is_loopback_address(std::string_view address) {
    // A bare IPv6 address is not a host[:port]: host_part() would cut it at its last colon.
    return address == "::1" || address == "0:0:0:0:0:0:0:1" || is_loopback_host(address);
}

bool is_loopback_origin(std::string_view origin) {
    auto o = lowercase(origin);
    std::string_view rest = o;
    if (rest.substr(0, 7) == "http://")
        rest.remove_prefix(7);
    else if (rest.substr(0, 8) == "https://")
        rest.remove_prefix(8);
    else
        return false;
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        if (slash + 1 != rest.size())
            return false; // an origin has no path
        rest = rest.substr(0, slash);
    }
    return is_loopback_host(rest);
}

std::optional<std::string> check_origin(origin_policy const& policy, std::optional<std::string_view> origin,
                                        std::optional<std::string_view> host) {
    if (origin && !policy.allow_any_origin && !is_loopback_origin(*origin)) {
        auto const& allowed = policy.allowed_origins;
        if (std::find(allowed.begin(), allowed.end(), *origin) == allowed.end())
            return "Origin " + printable(*origin) + " is not allowed";
    }
    if (policy.loopback_host_only && host && !is_loopback_host(*host)) {
        auto name = lowercase(host_part(*host));
        auto const& allowed = policy.allowed_hosts;
        if (std::none_of(allowed.begin(), allowed.end(), [&](auto const& a) { return lowercase(a) == name; }))
            return "Host " + printable(*host) + " is not allowed on a loopback-bound server";
    }
    return std::nullopt;
}

} // namespace mcp::http
