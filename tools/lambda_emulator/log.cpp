#include <lambda_emulator/log.hpp>

#include <spdlog/sinks/stdout_sinks.h>

#include <memory>
#include <string>

namespace lambda_emulator::log {

spdlog::logger& get() {
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = std::make_shared<spdlog::logger>("lambda_emulator",
                                                  std::make_shared<spdlog::sinks::stderr_sink_mt>());
        l->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
        l->set_level(spdlog::level::info);
        return l;
    }();
    return *logger;
}

bool set_level(std::string_view name) {
    auto level = spdlog::level::from_str(std::string(name));
    if (level == spdlog::level::off && name != "off")
        return false;
    get().set_level(level);
    return true;
}

} // namespace lambda_emulator::log
