// The framework's own diagnostics (not MCP logging to clients: that is call_context::log). Always on stderr,
// so the stdio front door's stdout carries nothing but protocol. Level from LOG_LEVEL (trace, debug, info,
// warn, error).
#pragma once

#include <spdlog/spdlog.h>

namespace mcp::log {

spdlog::logger& framework();

// Switches the framework's log to one JSON object per line on stderr, for CloudWatch Logs Insights on Lambda (the
// default when AWS_LAMBDA_RUNTIME_API is set at the first log line):
// {"timestamp":"2026-11-28T10:00:00.123Z","level":"INFO","requestId":"...","logger":"mcp","message":"..."}.
// Thread-safe; call it once at start-up.
void use_json_lines();
// The invocation whose work is being logged (the "requestId" field); empty when none. Thread-safe.
void set_request_id(std::string id);

template <class... A>
void debug(spdlog::format_string_t<A...> f, A&&... a) {
    framework().debug(f, std::forward<A>(a)...);
}
template <class... A>
void info(spdlog::format_string_t<A...> f, A&&... a) {
    framework().info(f, std::forward<A>(a)...);
}
template <class... A>
void warn(spdlog::format_string_t<A...> f, A&&... a) {
    framework().warn(f, std::forward<A>(a)...);
}
template <class... A>
void error(spdlog::format_string_t<A...> f, A&&... a) {
    framework().error(f, std::forward<A>(a)...);
}

} // namespace mcp::log
