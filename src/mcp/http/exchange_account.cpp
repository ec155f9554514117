// The account of one exchange (exchange_account.hpp): its request line, its trace lines, its counters.
#include <mcp/http/exchange_account.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/message_peek.hpp>
#include <mcp/http/negotiation.hpp>
#include <mcp/http/wire_trace.hpp>
#include <mcp/protocol/error.hpp>
#include <mcp/server/request_line.hpp>

#include <atomic>

namespace mcp::http {
namespace {

constexpr std::size_t first_http_label = metric_method("GET");
constexpr std::size_t response_label = metric_method("response");
constexpr std::size_t other_label = metric_method("other");

// A JSON-RPC method as a label: only MCP methods (a client naming its method "GET" is "other").
std::size_t rpc_label(std::string_view method) {
    auto i = metric_method(method);
    return i < response_label ? i : other_label;
}

std::size_t http_label(std::string_view method) {
    auto i = metric_method(method);
    return i >= first_http_label ? i : other_label;
}

// The label of a POST: its method, "response" for a client's answer, "POST" when no method is readable.
std::size_t post_label(request_peek const& peek) {
    if (!peek.method.empty())
        return rpc_label(peek.method);
    return peek.has_id ? response_label : metric_method("POST");
}

bool is_event_stream(headers const& h) {
    auto type = h.get("content-type");
    return type && type->starts_with("text/event-stream");
}

// The error code of the first response carried by SSE text (sse.hpp writes each message on one data line).
std::optional<std::int64_t> sse_error_code(std::string_view text) {
    while (!text.empty()) {
        auto const end = text.find('\n');
        auto line = text.substr(0, end);
        if (line.starts_with("data:")) {
            line.remove_prefix(line.starts_with("data: ") ? 6 : 5);
            if (auto code = peek_error_code(line))
                return code;
        }
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return std::nullopt;
}

bool is_store_error(std::optional<std::int64_t> code) {
    return code && (*code == protocol::code::store_unavailable || *code == protocol::code::session_limit);
}

std::atomic<std::uint64_t> exchanges_traced{0};

} // namespace

exchange_account::sinks exchange_account::wanted(metrics* counters) {
    auto& log = log::framework();
    return {counters, log.should_log(spdlog::level::info), log.should_log(spdlog::level::trace)};
}

exchange_account::exchange_account(request const& req, sinks to)
    : to_(to), http_method_(req.method), post_(req.method == "POST") {
    if (post_) {
        auto peek = peek_request(req.body);
        metric_method_ = post_label(peek);
        if (to_.lines) {
            // Bounded copies (the request line cuts them shorter): a client chooses these strings.
            method_ = peek.method.substr(0, 128);
            if (auto key = subject_key_of(peek.method); !key.empty())
                subject_ = (key == "uri" ? peek.uri : peek.name).substr(0, 256);
        }
    } else {
        metric_method_ = http_label(req.method);
    }
    if (to_.lines)
        session_ = req.headers.get("mcp-session-id").value_or("").substr(0, 8);
    if (to_.trace) {
        serial_ = exchanges_traced.fetch_add(1, std::memory_order_relaxed) + 1;
        // The path only: a query string may carry a token (?access_token=...).
        auto const path = path_of(req.target);
        log::framework().trace("trace #{} > {} {}{} {} body: {}", serial_, printable(req.method, 16),
                               printable(path), path.size() < req.target.size() ? "?[redacted]" : "",
                               traced_headers(req.headers), traced_body(req.body));
    }
}

void exchange_account::note_answer(int status, headers const& h) {
    status_ = status;
    if (to_.lines && session_.empty()) // initialize: the session is named in the answer
        session_ = h.get("mcp-session-id").value_or("").substr(0, 8);
}

void exchange_account::note_error_in(std::string_view message) {
    if (!error_)
        error_ = peek_error_code(message);
}

void exchange_account::answered(int status, headers const& h, std::string_view body) {
    note_answer(status, h);
    if (!body.empty() && (post_ || status >= 400))
        error_ = is_event_stream(h) ? sse_error_code(body) : peek_error_code(body);
    if (to_.trace)
        log::framework().trace("trace #{} < {} {} body: {}", serial_, status, traced_headers(h),
                               traced_body(body));
}

void exchange_account::started(int status, headers const& h) {
    note_answer(status, h);
    if (is_event_stream(h) && !streamed_) {
        streamed_ = true;
        if (to_.counters)
            to_.counters->stream_opened();
    }
    if (to_.trace)
        log::framework().trace("trace #{} < {} {} (streamed)", serial_, status, traced_headers(h));
}

void exchange_account::wrote(std::string_view bytes) {
    if (post_ && !error_)
        error_ = sse_error_code(bytes);
    if (to_.trace)
        log::framework().trace("trace #{} < {}", serial_, traced_body(bytes));
}

void exchange_account::close(bool threw) {
    if (threw && status_ == 0)
        status_ = 500;
    auto const elapsed = std::chrono::steady_clock::now() - start_;
    if (to_.counters) {
        to_.counters->record(metric_method_, status_, elapsed, is_store_error(error_));
        if (streamed_)
            to_.counters->stream_closed();
    }
    if (to_.lines) {
        log_request({.transport = "http",
                     .http_method = http_method_,
                     .method = method_,
                     .subject = subject_,
                     .subject_key = subject_key_of(method_),
                     .session = session_,
                     .status = status_,
                     .error = error_,
                     .duration = elapsed});
    }
}

task<> observed_writer::respond(int status, headers h, std::string body) {
    account_.answered(status, h, body);
    return next_.respond(status, std::move(h), std::move(body));
}

task<> observed_writer::start(int status, headers h) {
    account_.started(status, h);
    return next_.start(status, std::move(h));
}

task<bool> observed_writer::write(std::string bytes) {
    account_.wrote(bytes);
    return next_.write(std::move(bytes));
}

} // namespace mcp::http
