// line_writer: the stdio front door's outbound. Messages are queued by any thread and written, one JSON text and
// a newline each, by a dedicated thread, so a slow reader on the other end never blocks a handler.
#pragma once

#include <mcp/server/outbound.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace mcp::stdio {

class line_writer : public outbound {
public:
    explicit line_writer(int fd);
    ~line_writer() override; // writes what is queued, then stops

    void send(boost::json::object message, std::optional<protocol::request_id> const& related) override;
    void write(boost::json::object const& message);
    // Blocks until everything queued so far is written.
    void flush();

private:
    void loop();

    int fd_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable drained_;
    std::deque<std::string> queue_;
    bool writing_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace mcp::stdio
