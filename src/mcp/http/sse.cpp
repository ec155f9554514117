#include <mcp/http/sse.hpp>

#include <charconv>
#include <stdexcept>

namespace mcp::http::sse {
namespace {

void check_field(std::string_view name, std::string_view value) {
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
        throw std::invalid_argument("SSE " + std::string(name) + " must not contain CR, LF or NUL");
}

bool valid_stream_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

} // namespace

std::string encode(event const& e) {
    std::string out;
    out.reserve(e.data.size() + 64);
    if (e.id) {
        check_field("id", *e.id);
        out.append("id: ").append(*e.id).push_back('\n');
    }
    if (e.type) {
        check_field("event", *e.type);
        out.append("event: ").append(*e.type).push_back('\n');
    }
    std::string_view data = e.data;
    for (;;) { // every line of data is its own data: field; an empty payload is one empty data: line
        auto nl = data.find('\n');
        out.append("data: ").append(data.substr(0, nl)).push_back('\n');
        if (nl == std::string_view::npos)
            break;
        data.remove_prefix(nl + 1);
    }
    if (e.retry_ms)
        out.append("retry: ").append(std::to_string(*e.retry_ms)).push_back('\n');
    out.push_back('\n');
    return out;
}

std::string comment(std::string_view text) {
    std::string out(": ");
    for (char c : text)
        out.push_back(c == '\r' || c == '\n' ? ' ' : c);
    out.append("\n\n");
    return out;
}

void parser::feed(std::string_view bytes) {
    buffer_.append(bytes);
    std::size_t start = 0;
    for (;;) {
        auto end = buffer_.find_first_of("\r\n", start);
        if (end == std::string::npos)
            break;
        // CRLF counts as one line end; a lone CR at the end of the buffer may be the first half of one.
        if (buffer_[end] == '\r' && end + 1 == buffer_.size())
            break;
        line(std::string_view(buffer_).substr(start, end - start));
        start = end + (buffer_[end] == '\r' && buffer_[end + 1] == '\n' ? 2 : 1);
    }
    buffer_.erase(0, start);
}

void parser::line(std::string_view l) {
    if (l.empty())
        return dispatch();
    if (l[0] == ':')
        return; // comment
    auto colon = l.find(':');
    std::string_view name = l.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
    if (!value.empty() && value[0] == ' ')
        value.remove_prefix(1);
    has_fields_ = true;
    if (name == "data") {
        if (has_data_)
            current_.data.push_back('\n');
        current_.data.append(value);
        has_data_ = true;
    } else if (name == "id") {
        if (value.find('\0') == std::string_view::npos)
            current_.id = std::string(value);
    } else if (name == "event") {
        current_.type = std::string(value);
    } else if (name == "retry") {
        std::uint32_t ms = 0;
        auto r = std::from_chars(value.data(), value.data() + value.size(), ms);
        if (r.ec == std::errc() && r.ptr == value.data() + value.size())
            current_.retry_ms = ms;
    }
}

void parser::dispatch() {
    if (current_.id)
        last_id_ = current_.id;
    if (has_fields_)
        ready_.push_back(std::move(current_));
    current_ = {};
    has_data_ = false;
    has_fields_ = false;
}

std::optional<event> parser::next() {
    if (ready_.empty())
        return std::nullopt;
    auto e = std::move(ready_.front());
    ready_.pop_front();
    return e;
}

std::string event_id::to_string() const {
    return stream + "_" + std::to_string(sequence);
}

std::optional<event_id> event_id::parse(std::string_view text) {
    auto sep = text.rfind('_');
    if (sep == std::string_view::npos || sep == 0 || sep + 1 == text.size())
        return std::nullopt;
    event_id out{std::string(text.substr(0, sep)), 0};
    for (char c : out.stream)
        if (!valid_stream_char(c))
            return std::nullopt;
    auto digits = text.substr(sep + 1);
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), out.sequence);
    if (r.ec != std::errc() || r.ptr != digits.data() + digits.size())
        return std::nullopt;
    return out;
}

} // namespace mcp::http::sse
