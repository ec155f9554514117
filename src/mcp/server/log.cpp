#include <mcp/server/log.hpp>

#include <spdlog/sinks/stdout_sinks.h>

#include <cctype>
#include <cstdlib>
#include <string>

namespace mcp::log {
namespace {

// LOG_LEVEL: trace, debug, info, warn (or warning), error, critical, off. Unknown or unset: info.
spdlog::level::level_enum level_from_env() {
    char const* raw = std::getenv("LOG_LEVEL");
    if (!raw || !*raw) return spdlog::level::info;
    std::string name(raw);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto level = spdlog::level::from_str(name);
    return level == spdlog::level::off && name != "off" ? spdlog::level::info : level;
}

} // namespace

spdlog::logger& framework() {
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = std::make_shared<spdlog::logger>("mcp", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        l->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
        l->set_level(level_from_env());
        return l;
    }();
    return *logger;
}

} // namespace mcp::log
