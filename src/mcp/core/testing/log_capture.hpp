// For tests of what the framework logs: the framework log's lines, captured in memory at a chosen level for
// the life of a log_capture (its sinks and level are put back after). One at a time; not thread-safe.
#pragma once

#include <mcp/core/log.hpp>

#include <spdlog/sinks/ostream_sink.h>

#include <sstream>
#include <string>
#include <vector>

namespace mcp::log::testing {

class log_capture {
public:
    explicit log_capture(spdlog::level::level_enum level) : saved_sinks_(log::framework().sinks()) {
        saved_level_ = log::framework().level();
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
        sink->set_pattern("%l %v");
        log::framework().sinks() = {sink};
        log::framework().set_level(level);
    }
    ~log_capture() {
        log::framework().sinks() = saved_sinks_;
        log::framework().set_level(saved_level_);
    }
    log_capture(log_capture const&) = delete;
    log_capture& operator=(log_capture const&) = delete;

    std::string text() const { return text_.str(); }
    // The captured lines that start with `prefix` after the level ("info request ...": prefix "info
    // request").
    std::vector<std::string> lines_starting(std::string const& prefix) const {
        std::vector<std::string> out;
        std::istringstream in(text_.str());
        for (std::string line; std::getline(in, line);)
            if (line.rfind(prefix, 0) == 0)
                out.push_back(line);
        return out;
    }

private:
    std::ostringstream text_;
    std::vector<spdlog::sink_ptr> saved_sinks_;
    spdlog::level::level_enum saved_level_;
};

} // namespace mcp::log::testing
