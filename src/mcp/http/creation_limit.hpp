// creation_limiter: how many sessions one client may create (initialize) per unit of time, so that a client
// cannot fill the session table by itself (the store's max_sessions bounds all clients together). A token bucket
// per client key; pure apart from its mutex, the clock passed in. Not for: request rates of existing sessions
// (middleware does that), or a fleet-wide count (each process, or Lambda container, limits on its own).
//
// Invariants: a key holds at most `burst` tokens and gains `sessions_per_minute` per minute; at most
// `max_clients` keys are tracked (keys whose bucket is full again carry nothing and are dropped first; when
// every tracked key is still limited, a new key is refused until one refills), so a flood of addresses costs
// bounded memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mcp::http {

struct creation_limit_options {
    double sessions_per_minute = 60; // per client; 0 turns the limit off
    std::size_t burst = 30;          // sessions a client may create at once
    std::size_t max_clients = 10'000; // client keys tracked at once
    bool limit_loopback = false;     // clients on this machine (127.0.0.0/8, ::1) are not limited by default
};

class creation_limiter {
public:
    using clock = std::chrono::steady_clock;
    explicit creation_limiter(creation_limit_options options) : options_(options) {}

    // Takes a token of `key`: nullopt when the client may create a session now, otherwise how long until it may
    // (at least one second). Thread-safe.
    std::optional<std::chrono::seconds> take(std::string const& key, clock::time_point now);
    std::size_t tracked() const;

private:
    struct bucket {
        double tokens;
        clock::time_point at;
    };
    double refilled(bucket const& b, clock::time_point now) const;
    bool make_room(clock::time_point now);

    creation_limit_options options_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, bucket> buckets_;
};

// The key a client is limited by: its address without the port; an IPv6 address by its /64 prefix (one
// subscriber's usual allocation: a client must not escape its limit by changing the low bits). Empty for a
// loopback address (not limited unless options say so); the address itself when it cannot be parsed.
std::string client_key(std::string_view remote_address, bool limit_loopback);

} // namespace mcp::http
