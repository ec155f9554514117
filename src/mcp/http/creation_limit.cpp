// creation_limiter and client_key (see creation_limit.hpp).
#include <mcp/http/creation_limit.hpp>

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cmath>

namespace mcp::http {

double creation_limiter::refilled(bucket const& b, clock::time_point now) const {
    auto minutes = std::chrono::duration<double, std::ratio<60>>(now - b.at).count();
    return std::min<double>(static_cast<double>(options_.burst),
                            b.tokens + std::max(0.0, minutes) * options_.sessions_per_minute);
}

// Drops the keys whose bucket is full again; false when every tracked key is still limited.
bool creation_limiter::make_room(clock::time_point now) {
    std::erase_if(buckets_, [&](auto const& kv) { return refilled(kv.second, now) >= double(options_.burst); });
    return buckets_.size() < options_.max_clients;
}

std::optional<std::chrono::seconds> creation_limiter::take(std::string const& key, clock::time_point now) {
    if (options_.sessions_per_minute <= 0 || key.empty())
        return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= options_.max_clients && !make_room(now))
            return std::chrono::seconds(static_cast<long>(std::ceil(60.0 / options_.sessions_per_minute)));
        it = buckets_.emplace(key, bucket{static_cast<double>(options_.burst), now}).first;
    }
    auto tokens = refilled(it->second, now);
    if (tokens >= 1.0) {
        it->second = {tokens - 1.0, now};
        return std::nullopt;
    }
    it->second = {tokens, now};
    auto wait = (1.0 - tokens) * 60.0 / options_.sessions_per_minute;
    return std::chrono::seconds(std::max(1L, static_cast<long>(std::ceil(wait))));
}

std::size_t creation_limiter::tracked() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

namespace {

// "1.2.3.4:5", "[::1]:5", "1.2.3.4", "::1": the address part.
std::string_view address_part(std::string_view remote) {
    if (!remote.empty() && remote.front() == '[') {
        auto close = remote.find(']');
        return close == std::string_view::npos ? remote : remote.substr(1, close - 1);
    }
    auto colon = remote.find(':');
    if (colon != std::string_view::npos && remote.rfind(':') == colon)
        return remote.substr(0, colon); // IPv4 with a port
    return remote;
}

} // namespace

std::string client_key(std::string_view remote_address, bool limit_loopback) {
    auto text = address_part(remote_address);
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(text), ec);
    if (ec)
        return std::string(text);
    if (address.is_loopback() && !limit_loopback)
        return {};
    if (address.is_v6() && !address.to_v6().is_v4_mapped()) {
        auto bytes = address.to_v6().to_bytes();
        std::fill(bytes.begin() + 8, bytes.end(), 0);
        return boost::asio::ip::address_v6(bytes).to_string() + "/64";
    }
    return address.is_v6() ? boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()).to_string()
                           : address.to_string();
}

} // namespace mcp::http
