// Server-Sent Events framing (WHATWG HTML, "server-sent events") as MCP uses it (2025-11-25
// basic/transports): encoding events and comments for the server, and an incremental parser for clients and
// tests. No I/O.
//
// An MCP event carries one JSON-RPC message in `data`; its `id` names the stream and a per-stream sequence
// (event_id), so that a GET with Last-Event-ID replays exactly the stream that broke.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::http::sse {

struct event {
    std::optional<std::string> id;
    std::optional<std::string> type; // the `event:` field; absent means "message"
    std::string data;                // may contain newlines: written as several data: lines
    std::optional<std::uint32_t> retry_ms;
};

// "id: ...\nevent: ...\ndata: ...\nretry: ...\n\n". Ids and types must not contain CR, LF or NUL (checked).
std::string encode(event const& e);
// ": text\n\n", a comment line (keepalive); CR and LF in `text` are replaced by spaces.
std::string comment(std::string_view text);

// Incremental parser: feed bytes as they arrive, take complete events out. Comments are skipped.
class parser {
public:
    void feed(std::string_view bytes);
    std::optional<event> next();
    // The id of the last event seen (what a client sends back as Last-Event-ID).
    std::optional<std::string> const& last_event_id() const { return last_id_; }
    // Bytes held for the event being read (an unfinished line and its data so far): a client bounds it.
    std::size_t pending_bytes() const { return buffer_.size() + current_.data.size(); }

private:
    void line(std::string_view l);
    void dispatch();

    std::string buffer_;
    event current_;
    bool has_data_ = false;
    bool has_fields_ = false;
    std::optional<std::string> last_id_;
    std::deque<event> ready_;
};

// Event ids: "<stream>_<sequence>", stream ids being [A-Za-z0-9-] so the separator is unambiguous.
struct event_id {
    std::string stream;
    std::uint64_t sequence = 0;
    std::string to_string() const;
    static std::optional<event_id> parse(std::string_view text);
};

} // namespace mcp::http::sse
