// The SSE side of the client's Streamable HTTP transport: a POST's answer stream (resumed with GET and
// Last-Event-ID when it breaks before the answer) and the GET listening stream (reopened until close()).
#include <mcp/client/http_state.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/sse.hpp>

#include <algorithm>

namespace mcp::transport {

namespace {

// What one stream has given so far, kept across its reconnections.
struct reading {
    boost::json::value awaited; // the request whose answer the stream carries; null for the listening stream
    bool answered = false;
    std::optional<std::string> last_id;
    std::optional<std::uint32_t> retry_ms; // the server's advice on when to reconnect
    std::size_t events = 0;
    std::size_t messages = 0; // events that carried a JSON-RPC message
};

enum class stream_end { ended, broken, too_big, closing };

bool answers(boost::json::object const& message, boost::json::value const& awaited) {
    if (awaited.is_null() || message.contains("method")) return false;
    auto const* id = message.if_contains("id");
    return id && *id == awaited;
}

void take_event(http_state& s, reading& r, http::sse::event e) {
    if (e.retry_ms) r.retry_ms = e.retry_ms;
    if (e.id) r.last_id = e.id;
    ++r.events;
    if (e.data.empty()) return; // a priming event (an id to resume from, no message)
    boost::system::error_code ec;
    auto v = boost::json::parse(e.data, ec);
    if (ec || !v.is_object()) return s.garbage("an SSE event that is not a JSON object: " + e.data.substr(0, 120));
    ++r.messages;
    if (answers(v.as_object(), r.awaited)) r.answered = true;
    s.deliver(std::move(v.as_object()));
}

// Reads events off `link` until the body ends, the connection breaks, an event grows past the limit, or close().
task<stream_end> pump(std::shared_ptr<http_state> s, http_link& link, reading& r) {
    http::sse::parser parser;
    s->busy.insert(&link);
    stream_end end = stream_end::ended;
    while (!s->closing) {
        auto piece = co_await link.read_some();
        if (!piece) {
            end = stream_end::broken;
            break;
        }
        if (piece->empty()) break;
        parser.feed(*piece);
        while (auto e = parser.next()) take_event(*s, r, std::move(*e));
        if (parser.pending_bytes() > s->options.max_message_bytes) {
            end = stream_end::too_big;
            break;
        }
    }
    s->busy.erase(&link);
    co_return s->closing ? stream_end::closing : end;
}

struct get_outcome {
    std::unique_ptr<http_link> link; // set when the server opened an SSE stream
    unsigned status = 0;             // otherwise its status (0: no answer at all)
    std::string failure;
};

// A GET for an SSE stream. The listening stream's head may come only with its first event (a server that has
// nothing to say yet): it is awaited as long as it takes. listen() opens the gate when this returns, with the
// head: only then has the server opened the stream (a written GET it may not have read yet).
task<get_outcome> open_get(std::shared_ptr<http_state> s, std::optional<std::string> last_id, bool listening) {
    auto link = co_await http_link::connect(s->ex, s->endpoint, s->options.link);
    if (!link) co_return get_outcome{{}, 0, link.error().message()};
    auto headers = s->common_headers();
    headers.emplace_back("Accept", "text/event-stream");
    if (last_id) headers.emplace_back("Last-Event-ID", *last_id);
    s->busy.insert(link->get());
    auto written = co_await (*link)->write("GET", s->endpoint.target, headers, "");
    std::optional<std::chrono::milliseconds> limit;
    if (!listening) limit = s->options.link.head_timeout;
    if (!written) {
        s->busy.erase(link->get());
        co_return get_outcome{{}, 0, written.error().message()};
    }
    auto head = co_await (*link)->read_head(limit);
    s->busy.erase(link->get());
    if (!head) co_return get_outcome{{}, 0, head.error().message()};
    auto ct = head->header("content-type").value_or("");
    if (head->status == 200 && ct.substr(0, 17) == "text/event-stream") co_return get_outcome{std::move(*link), 200, {}};
    co_return get_outcome{{}, head->status, "HTTP " + std::to_string(head->status)};
}

// The wait before reconnecting: the server's `retry` when it gave one, else the reconnect delay; doubled for each
// failure in a row, at most max_reconnect_delay, never under min_reconnect (a `retry: 0` is not an invitation to
// reconnect in a tight loop).
constexpr std::chrono::milliseconds min_reconnect{100};

std::chrono::milliseconds backoff(http_options const& o, reading const& r, int failures) {
    auto base = r.retry_ms ? std::chrono::milliseconds(*r.retry_ms) : o.reconnect_delay;
    auto delay = std::max(base, min_reconnect) * (1LL << std::min(failures, 16));
    return std::max(std::min<std::chrono::milliseconds>(delay, o.max_reconnect_delay), min_reconnect);
}

} // namespace

task<> read_stream(std::shared_ptr<http_state> s, std::unique_ptr<http_link> link, boost::json::value awaited) {
    reading r{std::move(awaited)};
    for (int attempts = 0;;) {
        auto end = link ? co_await pump(s, *link, r) : stream_end::broken;
        if (end == stream_end::closing) co_return;
        if (end == stream_end::too_big) {
            s->garbage("an SSE event larger than " + std::to_string(s->options.max_message_bytes) + " bytes");
            if (!r.answered) s->fail_request(r.awaited, code::bad_answer, "the answer is larger than the limit");
            co_return;
        }
        if (r.answered) {
            if (end == stream_end::ended) s->give_back(std::move(link));
            co_return;
        }
        // 2025-11-25 basic/transports, resumability: the stream broke before our answer; ask for the rest.
        if (!r.last_id) {
            s->fail_request(r.awaited, code::unreachable,
                            "the server's stream ended before the answer and gave no event id to resume from");
            co_return;
        }
        if (++attempts > s->options.max_resume_attempts) {
            s->fail_request(r.awaited, code::unreachable,
                            "the stream broke before the answer and could not be resumed after " +
                                std::to_string(s->options.max_resume_attempts) + " attempts");
            co_return;
        }
        if (!co_await s->pause(backoff(s->options, r, attempts - 1))) co_return;
        auto next = co_await open_get(s, r.last_id, false);
        link = std::move(next.link);
        if (!link) log::debug("mcp client: resuming a stream of {} failed: {}", s->options.url, next.failure);
    }
}

task<> listen(std::shared_ptr<http_state> s) {
    reading r{nullptr};
    for (int failures = 0; !s->closing;) {
        auto opened = co_await open_get(s, r.last_id, true);
        // The head has come (or the GET failed): the first call may go. The official TypeScript server drops
        // what it sends unasked (an elicitation a tool makes) while the stream is not open.
        if (s->listen_gate) s->listen_gate->cancel();
        if (opened.status == 405 || opened.status == 404) {
            // 405: the server offers no listening stream. 404: the session is gone; the next request learns it.
            log::debug("mcp client: {} has no listening stream for us (HTTP {})", s->options.url, opened.status);
            break;
        }
        // A stream that carried a message was worth having: reconnect after the plain delay. One that ended
        // without any (or could not be opened) counts as a failure, and the delays grow.
        ++failures;
        if (opened.link) {
            auto seen = r.messages;
            auto end = co_await pump(s, *opened.link, r);
            if (end == stream_end::closing) break;
            if (end == stream_end::too_big)
                s->garbage("an SSE event larger than " + std::to_string(s->options.max_message_bytes) + " bytes");
            if (r.messages > seen) failures = 0;
        }
        if (!co_await s->pause(backoff(s->options, r, failures))) break;
    }
    s->listening = false;
    if (s->listen_gate) s->listen_gate->cancel();
}

} // namespace mcp::transport
