// line_splitter: cuts a byte stream into '\n'-terminated lines under a length bound, without I/O. The stdio
// transport uses it on the server's stdout (over-long lines skipped whole) and on its stderr (over-long lines
// cut short). Not a JSON reader: what a line means is the caller's business.
//
// Invariants: the buffer it keeps never holds more than max_line_bytes (nor allocates more); a line over the
// bound is reported once, and splitting resumes after its newline; the newline is not part of a line (a '\r'
// before it is, as sent).
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::transport {

class line_splitter {
public:
    enum class overflow {
        skip,     // an over-long line is dropped whole
        truncate, // an over-long line is delivered cut to its first max_line_bytes
    };

    line_splitter(std::size_t max_line_bytes, overflow mode) : max_(max_line_bytes), mode_(mode) {}

    // Calls on_line(std::string_view) for each line that `bytes` completes, in order, and on_overlong() once
    // for each line that grows past the bound (before its end is seen). The view passed to on_line is valid
    // during the call only. Does not suspend.
    template <class OnLine, class OnOverlong>
    void feed(std::string_view bytes, OnLine&& on_line, OnOverlong&& on_overlong) {
        while (!bytes.empty()) {
            auto nl = bytes.find('\n');
            auto piece = bytes.substr(0, nl);
            if (nl != std::string_view::npos && line_.empty() && !over_ && piece.size() <= max_) {
                on_line(piece); // a whole line inside this chunk: no copy
            } else {
                take(piece, on_overlong);
                if (nl == std::string_view::npos)
                    return;
                end_line(on_line);
            }
            bytes.remove_prefix(nl + 1);
        }
    }

    // The end of the stream: the last line when it had no newline (and was not skipped).
    std::optional<std::string> finish() {
        std::optional<std::string> rest;
        if (!line_.empty() && (!over_ || mode_ == overflow::truncate))
            rest.emplace(line_.begin(), line_.end());
        line_.clear();
        over_ = false;
        return rest;
    }

    // Bytes held for an unfinished line, and the room allocated for them (tests check the bound).
    std::size_t buffered() const { return line_.size(); }
    std::size_t capacity() const { return line_.capacity(); }

private:
    template <class OnOverlong>
    void take(std::string_view piece, OnOverlong&& on_overlong) {
        if (over_)
            return;
        if (line_.size() + piece.size() <= max_) {
            append(piece);
            return;
        }
        over_ = true;
        if (mode_ == overflow::truncate)
            append(piece.substr(0, max_ - line_.size()));
        else
            line_.clear();
        on_overlong();
    }

    template <class OnLine>
    void end_line(OnLine&& on_line) {
        if (!over_ || mode_ == overflow::truncate)
            on_line(std::string_view(line_.data(), line_.size()));
        line_.clear();
        over_ = false;
    }

    // std::vector::reserve allocates exactly what it is asked (std::string may round up): the bound holds.
    void append(std::string_view piece) {
        auto need = line_.size() + piece.size();
        if (need > line_.capacity())
            line_.reserve(std::min(max_, std::max(need, 2 * line_.capacity())));
        line_.insert(line_.end(), piece.begin(), piece.end());
    }

    std::size_t max_;
    overflow mode_;
    std::vector<char> line_;
    bool over_ = false;
};

} // namespace mcp::transport
