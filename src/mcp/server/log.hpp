// The framework's own diagnostics (not MCP logging to clients: that is call_context::log). Always on stderr, so the
// stdio front door's stdout carries nothing but protocol. Level from LOG_LEVEL (trace, debug, info, warn, error).
#pragma once

#include <spdlog/spdlog.h>

namespace mcp::log {

spdlog::logger& framework();

template <class... A>
void debug(spdlog::format_string_t<A...> f, A&&... a) { framework().debug(f, std::forward<A>(a)...); }
template <class... A>
void info(spdlog::format_string_t<A...> f, A&&... a) { framework().info(f, std::forward<A>(a)...); }
template <class... A>
void warn(spdlog::format_string_t<A...> f, A&&... a) { framework().warn(f, std::forward<A>(a)...); }
template <class... A>
void error(spdlog::format_string_t<A...> f, A&&... a) { framework().error(f, std::forward<A>(a)...); }

} // namespace mcp::log
