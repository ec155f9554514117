// line_reader: reads newline-delimited messages from a file descriptor on the calling thread, until EOF or stop().
// Lines longer than the limit are skipped whole (the callback is told). Works on pipes, files and terminals.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace mcp::stdio {

class line_reader {
public:
    line_reader(int fd, std::size_t max_line_bytes);
    ~line_reader();
    line_reader(line_reader const&) = delete;
    line_reader& operator=(line_reader const&) = delete;

    // Blocks, calling on_line for each non-blank line, until EOF, an error, or stop().
    void run(std::function<void(std::string)> const& on_line, std::function<void()> const& on_oversized);
    // Thread-safe: makes run() return soon.
    void stop();

private:
    int fd_;
    std::size_t max_;
    int wake_[2] = {-1, -1};
};

} // namespace mcp::stdio
