#include <mcp/stdio/line_writer.hpp>

#include <mcp/core/log.hpp>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace mcp::stdio {

line_writer::line_writer(int fd, std::size_t max_queued_bytes, std::chrono::milliseconds stall_limit)
    : fd_(fd), max_queued_bytes_(max_queued_bytes), stall_limit_(stall_limit), thread_([this] { loop(); }) {}

line_writer::~line_writer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    room_.notify_all();
    thread_.join();
}

void line_writer::send(boost::json::object message, std::optional<protocol::request_id> const&) { write(message); }

void line_writer::write(boost::json::object const& message) {
    std::string line = boost::json::serialize(message);
    line += '\n';
    {
        std::unique_lock lock(mutex_);
        bool room = room_.wait_for(lock, stall_limit_,
                                   [this] { return stopping_ || queued_bytes_ <= max_queued_bytes_; });
        if (!room) {
            log::error("stdio: the client has read nothing for {} ms and {} bytes wait for it; a message was dropped",
                       stall_limit_.count(), queued_bytes_);
            return;
        }
        queued_bytes_ += line.size();
        queue_.push_back(std::move(line));
    }
    wake_.notify_one();
}

std::size_t line_writer::queued_bytes() const {
    std::lock_guard lock(mutex_);
    return queued_bytes_;
}

void line_writer::flush() {
    std::unique_lock lock(mutex_);
    drained_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

void line_writer::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return; // stopping, and nothing left
        std::string line = std::move(queue_.front());
        queue_.pop_front();
        writing_ = true;
        lock.unlock();
        for (std::size_t done = 0; done < line.size();) {
            auto n = ::write(fd_, line.data() + done, line.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                log::error("stdio: cannot write to the client: {}", std::strerror(errno));
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        lock.lock();
        queued_bytes_ -= line.size();
        room_.notify_all();
        writing_ = false;
        if (queue_.empty()) drained_.notify_all();
    }
}

} // namespace mcp::stdio
