// line_writer: the stdio front door's outbound. Messages are queued by any thread and written, one JSON text and
// a newline each, by a dedicated thread, so a slow reader on the other end does not block a handler at once.
// The queue is bounded: past `max_queued_bytes` a sender waits for room (backpressure, as a socket gives), at
// most `stall_limit`; a client that has read nothing for that long loses the message (logged), so memory stays
// bounded and no thread waits forever. A client that closed its end gets EPIPE (run() ignores SIGPIPE).
#pragma once

#include <mcp/server/outbound.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace mcp::stdio {

class line_writer : public outbound {
public:
    explicit line_writer(int fd, std::size_t max_queued_bytes = 32 << 20,
                         std::chrono::milliseconds stall_limit = std::chrono::seconds(30));
    ~line_writer() override; // writes what is queued, then stops

    void send(boost::json::object message, std::optional<protocol::request_id> const& related) override;
    void write(boost::json::object const& message);
    // Blocks until everything queued so far is written.
    void flush();
    // Bytes queued and not yet handed to the file descriptor.
    std::size_t queued_bytes() const;

private:
    void loop();

    int fd_;
    std::size_t max_queued_bytes_;
    std::chrono::milliseconds stall_limit_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable drained_;
    std::condition_variable room_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace mcp::stdio
