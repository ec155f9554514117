#include <mcp/stdio/line_reader.hpp>

#include <mcp/core/log.hpp>

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace mcp::stdio {
namespace {

bool blank(std::string const& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

} // namespace

line_reader::line_reader(int fd, std::size_t max_line_bytes) : fd_(fd), max_(max_line_bytes) {
    if (::pipe(wake_) != 0) throw std::runtime_error(std::string("stdio: pipe: ") + std::strerror(errno));
}

line_reader::~line_reader() {
    ::close(wake_[0]);
    ::close(wake_[1]);
}

void line_reader::stop() {
    char c = 1;
    [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
}

void line_reader::run(std::function<void(std::string)> const& on_line, std::function<void()> const& on_oversized) {
    std::string line;
    bool skipping = false; // inside an oversized line, until its newline
    char buf[65536];
    for (;;) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            log::error("stdio: poll: {}", std::strerror(errno));
            return;
        }
        if (fds[1].revents) return;
        auto n = ::read(fd_, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break; // EOF or error: the client is gone
        for (char const* p = buf; p < buf + n; ++p) {
            if (*p != '\n') {
                if (!skipping) line += *p;
                if (!skipping && line.size() > max_) {
                    skipping = true;
                    line.clear();
                    on_oversized();
                }
                continue;
            }
            if (!skipping && !blank(line)) on_line(std::move(line));
            line.clear();
            skipping = false;
        }
    }
    if (!skipping && !blank(line)) on_line(std::move(line)); // a last message without a newline
}

} // namespace mcp::stdio
