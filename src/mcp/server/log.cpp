#include <mcp/server/log.hpp>

#include <spdlog/sinks/stdout_sinks.h>

#include <cstdlib>

namespace mcp::log {

spdlog::logger& framework() {
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = std::make_shared<spdlog::logger>("mcp", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        l->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
        char const* level = std::getenv("LOG_LEVEL");
        l->set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
        return l;
    }();
    return *logger;
}

} // namespace mcp::log
