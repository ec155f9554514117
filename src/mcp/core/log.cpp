#include <mcp/core/log.hpp>
#include <mcp/core/log_level.hpp>

#include <spdlog/fmt/chrono.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <string>

namespace mcp::log {
namespace {

// LOG_LEVEL: as level_named. Unknown or unset: info (mcp::run refuses an unknown one before it logs).
spdlog::level::level_enum level_from_env() {
    char const* raw = std::getenv("LOG_LEVEL");
    if (!raw || !*raw)
        return spdlog::level::info;
    return level_named(raw).value_or(spdlog::level::info);
}

std::mutex request_id_mutex;
std::string request_id;

std::string current_request_id() {
    std::lock_guard lock(request_id_mutex);
    return request_id;
}

// JSON text of a string, escaped as JSON requires (messages may hold quotes, newlines, any byte).
std::string quoted(std::string_view s) {
    return boost::json::serialize(boost::json::string(s));
}

std::string_view upper_level(spdlog::level::level_enum l) {
    switch (l) {
    case spdlog::level::trace:
        return "TRACE";
    case spdlog::level::debug:
        return "DEBUG";
    case spdlog::level::info:
        return "INFO";
    case spdlog::level::warn:
        return "WARN";
    case spdlog::level::err:
        return "ERROR";
    case spdlog::level::critical:
        return "FATAL";
    default:
        return "OFF";
    }
}

class json_line_formatter : public spdlog::formatter {
public:
    void format(spdlog::details::log_msg const& msg, spdlog::memory_buf_t& dest) override {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch());
        auto line = fmt::format(R"({{"timestamp":"{:%Y-%m-%dT%H:%M:%S}.{:03}Z","level":"{}")",
                                fmt::gmtime(std::chrono::system_clock::to_time_t(msg.time)),
                                ms.count() % 1000, upper_level(msg.level));
        if (auto id = current_request_id(); !id.empty())
            line += R"(,"requestId":)" + quoted(id);
        line += R"(,"logger":)" + quoted(std::string_view(msg.logger_name.data(), msg.logger_name.size()));
        line += R"(,"message":)" + quoted(std::string_view(msg.payload.data(), msg.payload.size())) + "}\n";
        dest.append(line.data(), line.data() + line.size());
    }
    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<json_line_formatter>();
    }
};

} // namespace

std::optional<spdlog::level::level_enum> level_named(std::string_view text) {
    std::string name(text);
    for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto level = spdlog::level::from_str(name); // trace, debug, info, warn(ing), err(or), critical, off
    if (level == spdlog::level::off && name != "off")
        return std::nullopt;
    return level;
}

void set_level(spdlog::level::level_enum level) {
    framework().set_level(level);
}

void use_json_lines() {
    framework().set_formatter(std::make_unique<json_line_formatter>());
}

void set_request_id(std::string id) {
    std::lock_guard lock(request_id_mutex);
    request_id = std::move(id);
}

spdlog::logger& framework() {
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = std::make_shared<spdlog::logger>("mcp", std::make_shared<spdlog::sinks::stderr_sink_mt>());
        // On Lambda every line is JSON from the first one (lambda::run would switch too late for start-up
        // messages); elsewhere, text for people.
        if (std::getenv("AWS_LAMBDA_RUNTIME_API"))
            l->set_formatter(std::make_unique<json_line_formatter>());
        else
            l->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
        l->set_level(level_from_env());
        return l;
    }();
    return *logger;
}

} // namespace mcp::log
