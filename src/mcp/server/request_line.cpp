#include <mcp/server/request_line.hpp>

#include <mcp/core/log.hpp>

#include <cstdio>

namespace mcp {
namespace {

// Printable ASCII, other bytes as \xNN, cut at `limit` (as http::printable, which this layer cannot reach).
void append_printable(std::string& out, std::string_view value, std::size_t limit) {
    static constexpr char digits[] = "0123456789ABCDEF";
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (i == limit) {
            out += "...";
            return;
        }
        auto const c = static_cast<unsigned char>(value[i]);
        if (c > 0x20 && c < 0x7f && c != '\\' && c != '"') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 0x0f];
        }
    }
}

void field(std::string& out, std::string_view key, std::string_view value, std::size_t limit) {
    if (value.empty())
        return;
    out += ' ';
    out += key;
    out += '=';
    append_printable(out, value, limit);
}

} // namespace

std::string_view subject_key_of(std::string_view method) {
    if (method == "tools/call")
        return "tool";
    if (method == "prompts/get")
        return "prompt";
    if (method == "resources/read" || method == "resources/subscribe" || method == "resources/unsubscribe")
        return "uri";
    return {};
}

bool request_lines_enabled() {
    return log::framework().should_log(spdlog::level::info);
}

std::string format_request_line(request_line const& line) {
    std::string out = "request";
    out.reserve(160);
    field(out, "transport", line.transport, 16);
    field(out, "http", line.http_method, 16);
    field(out, "method", line.method, 64);
    if (!line.subject_key.empty())
        field(out, line.subject_key, line.subject, 96);
    field(out, "session", line.session.substr(0, 8), 8); // a prefix names it in logs, it opens nothing
    if (line.status != 0)
        out += " status=" + std::to_string(line.status);
    if (line.error)
        out += " error=" + std::to_string(*line.error);
    char ms[32];
    std::snprintf(ms, sizeof ms, " ms=%.3f", static_cast<double>(line.duration.count()) / 1e6);
    out += ms;
    return out;
}

void log_request(request_line const& line) {
    if (request_lines_enabled())
        log::info("{}", format_request_line(line));
}

} // namespace mcp
