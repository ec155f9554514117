// The framework's log as JSON lines (Lambda, CloudWatch Logs Insights): one object per line, fields escaped, the
// invocation's request id while one is set.
#include <mcp/core/log.hpp>

#include <boost/json.hpp>

#include <gtest/gtest.h>

namespace {

boost::json::object logged(auto write) {
    ::testing::internal::CaptureStderr();
    write();
    mcp::log::framework().flush();
    auto text = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << "one line: " << text;
    return boost::json::parse(text).as_object();
}

TEST(json_log, EveryLineIsAJsonObjectWithEscapedText) {
    mcp::log::use_json_lines();
    auto line = logged([] { mcp::log::warn("a \"quoted\" {} with\na newline and \\", "value"); });
    EXPECT_EQ(line.at("level"), "WARN");
    EXPECT_EQ(line.at("logger"), "mcp");
    EXPECT_EQ(line.at("message"), "a \"quoted\" value with\na newline and \\");
    auto timestamp = std::string(line.at("timestamp").as_string());
    EXPECT_EQ(timestamp.size(), 24u) << timestamp; // 2026-11-28T10:00:00.123Z
    EXPECT_EQ(timestamp.back(), 'Z');
    EXPECT_FALSE(line.contains("requestId"));
}

TEST(json_log, CarriesTheRequestIdWhileOneIsSet) {
    mcp::log::use_json_lines();
    mcp::log::set_request_id("8f2c-req");
    auto during = logged([] { mcp::log::error("failed"); });
    mcp::log::set_request_id({});
    auto after = logged([] { mcp::log::error("failed again"); });
    EXPECT_EQ(during.at("requestId"), "8f2c-req");
    EXPECT_EQ(during.at("level"), "ERROR");
    EXPECT_FALSE(after.contains("requestId"));
}

} // namespace
