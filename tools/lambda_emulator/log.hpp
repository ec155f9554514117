// The emulator's own log: one line per event on stderr, "[lambda_emulator]" in each line, level from
// --log-level. Not for the copies' output, which is passed through as it comes (process.hpp).
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace lambda_emulator::log {

spdlog::logger& get();
// trace, debug, info, warn, error, off; false when the name is unknown.
bool set_level(std::string_view name);

template <class... A>
void debug(spdlog::format_string_t<A...> f, A&&... a) {
    get().debug(f, std::forward<A>(a)...);
}
template <class... A>
void info(spdlog::format_string_t<A...> f, A&&... a) {
    get().info(f, std::forward<A>(a)...);
}
template <class... A>
void warn(spdlog::format_string_t<A...> f, A&&... a) {
    get().warn(f, std::forward<A>(a)...);
}
template <class... A>
void error(spdlog::format_string_t<A...> f, A&&... a) {
    get().error(f, std::forward<A>(a)...);
}

} // namespace lambda_emulator::log
