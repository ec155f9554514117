// poll_backoff: how long a poller of a shared store waits before its next look (a GET following a stream that
// another process produces, a request waiting for an answer relayed by another process). Each look is a read
// of the store, and an idle stream can stay open for hours: the wait doubles after every look that found
// nothing, up to `most`, and starts again from `first` after a look that found something. Pure, no I/O; not
// for the local wake-ups of a process's own streams, which never wait for a look.
#pragma once

#include <algorithm>
#include <chrono>

namespace mcp::http {

class poll_backoff {
public:
    // `most` below `first` means no backoff: every wait is `first`.
    poll_backoff(std::chrono::milliseconds first, std::chrono::milliseconds most)
        : first_(first), most_(std::max(first, most)), next_(first) {}

    // The wait before the next look, given what the last one found.
    std::chrono::milliseconds next(bool found_something) {
        if (found_something)
            next_ = first_;
        auto const wait = next_;
        next_ = std::min(most_, next_ * 2);
        return wait;
    }

private:
    std::chrono::milliseconds first_;
    std::chrono::milliseconds most_;
    std::chrono::milliseconds next_;
};

} // namespace mcp::http
