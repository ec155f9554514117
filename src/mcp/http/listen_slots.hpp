// How many 2026-07-28 subscriptions/listen streams a process holds open, per client (address, IPv6 /64, as
// creation_limit.hpp keys them) and in all. A listen is a long request that an unauthenticated client can open
// with one POST, where a 2025 client had to create a session first (rate-limited): each is bounded here.
// Not for: other requests, which end on their own.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace mcp::http {

struct listen_limits {
    std::size_t per_client = 16; // open listens of one client
    std::size_t total = 1024;    // open listens of this process
};

class listen_slots {
public:
    explicit listen_slots(listen_limits limits) : counts_(std::make_shared<counts>(limits)) {}
    // A slot for `client` while the returned token lives; null when the client or the process holds as many
    // as it may. Thread-safe; the token may be released on any thread, after the slots are gone too (a
    // request's frame can outlive its handler when an io_context is destroyed with it pending).
    std::shared_ptr<void> take(std::string const& client);
    std::size_t open() const;

private:
    struct counts {
        explicit counts(listen_limits l) : limits(l) {}
        void release(std::string const& client);

        listen_limits limits;
        std::mutex mutex;
        std::map<std::string, std::size_t, std::less<>> per_client;
        std::size_t total = 0;
    };
    std::shared_ptr<counts> counts_;
};

} // namespace mcp::http
