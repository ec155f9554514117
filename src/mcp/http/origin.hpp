// DNS-rebinding protection (2025-11-25 basic/transports, security warning): which Origin and Host headers a
// server accepts. Pure functions; the streamable handler answers 403 when they say no.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::http {

struct origin_policy {
    // Origins accepted besides loopback ones ("https://app.example.com"); exact match, scheme and port
    // included.
    std::vector<std::string> allowed_origins;
    // Accept any Origin (for servers behind a gateway that checks it). Off by default.
    bool allow_any_origin = false;
    // Check the Host header too: on a loopback-bound server only loopback names are accepted (a rebinding
    // attacker's page sends its own host name). Set by the listener from its bind address.
    bool loopback_host_only = true;
    // Host names accepted besides loopback ones when loopback_host_only is set.
    std::vector<std::string> allowed_hosts;
};

// True for http(s)://localhost, 127.x.x.x and [::1] origins, any port.
bool is_loopback_origin(std::string_view origin);
// True for "localhost", "127.x.x.x", "[::1]", with or without ":port".
bool is_loopback_host(std::string_view host);

// True for a listening address on loopback: "127.x.x.x", "::1" (bare, as bind addresses are written), "[::1]",
// "localhost". The listener turns the Host check on for those.
bool is_loopback_address(std::string_view address);

// nullopt when the request may proceed; otherwise why not (for the 403 body and the log).
std::optional<std::string> check_origin(origin_policy const& policy, std::optional<std::string_view> origin,
                                        std::optional<std::string_view> host);

} // namespace mcp::http
