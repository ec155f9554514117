// What `mcp` prints (output.hpp): JSON text in both layouts, the list and result shapes, the stderr lines.
#include "output.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mcp::cli;

TEST(McpCliFormatJson, CompactIsOneLineWithoutSpaces) {
    auto v = boost::json::parse(R"({"a": [1, true, null], "b": {"c": "d"}})");
    EXPECT_EQ(format_json(v, false), R"({"a":[1,true,null],"b":{"c":"d"}})");
}

TEST(McpCliFormatJson, PrettyIndentsTwoSpacesPerLevel) {
    auto v = boost::json::parse(R"({"a": [1, {"b": 2}], "c": {}})");
    EXPECT_EQ(format_json(v, true), "{\n"
                                    "  \"a\": [\n"
                                    "    1,\n"
                                    "    {\n"
                                    "      \"b\": 2\n"
                                    "    }\n"
                                    "  ],\n"
                                    "  \"c\": {}\n"
                                    "}");
}

TEST(McpCliFormatJson, EmptyContainersStayOnTheirLine) {
    EXPECT_EQ(format_json(boost::json::array{}, true), "[]");
    EXPECT_EQ(format_json(boost::json::object{}, true), "{}");
}

TEST(McpCliFormatJson, DoublesInTheirShortestForm) {
    EXPECT_EQ(format_json(boost::json::value(5.0), false), "5");
    EXPECT_EQ(format_json(boost::json::value(2.5), false), "2.5");
    EXPECT_EQ(format_json(boost::json::value(0.1), false), "0.1");
    EXPECT_EQ(format_json(boost::json::value(1e100), false), "1e+100");
    EXPECT_EQ(format_json(boost::json::value(-3), false), "-3");
}

TEST(McpCliFormatJson, StringsAreEscaped) {
    EXPECT_EQ(format_json(boost::json::value("a\"b\n\x01"), false), R"("a\"b\n\u0001")");
    boost::json::object o{{"k\"ey", 1}};
    EXPECT_EQ(format_json(o, false), R"({"k\"ey":1})");
}

TEST(McpCliFormatJson, WhatItWritesReadsBackTheSame) {
    auto v = boost::json::parse(R"({"x": [1.5, -2, "\u00e9", {"y": [[]]}], "z": 18446744073709551615})");
    EXPECT_EQ(boost::json::parse(format_json(v, true)), v);
    EXPECT_EQ(boost::json::parse(format_json(v, false)), v);
}

TEST(McpCliListJson, IsAnArrayOfEachItemsWireForm) {
    std::vector<mcp::protocol::tool> tools(2);
    tools[0].name = "a";
    tools[1].name = "b";
    auto out = list_json(tools);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0], mcp::protocol::to_json(tools[0]));
    EXPECT_EQ(out[1].at("name"), "b");
    EXPECT_TRUE(list_json(std::vector<mcp::protocol::prompt>{}).empty());
}

TEST(McpCliInitializeJson, HasTheWireNames) {
    mcp::protocol::initialize_result r;
    r.protocol_version = "2025-11-25";
    r.capabilities = {{"tools", boost::json::object{}}};
    r.server_info = {"srv", "1.0", {}, {}, {}, {}};
    auto out = initialize_json(r);
    EXPECT_EQ(out.at("protocolVersion"), "2025-11-25");
    EXPECT_TRUE(out.at("capabilities").as_object().contains("tools"));
    EXPECT_EQ(out.at("serverInfo").at("name"), "srv");
    EXPECT_FALSE(out.contains("instructions"));
    r.instructions = "Use the tools.";
    EXPECT_EQ(initialize_json(r).at("instructions"), "Use the tools.");
}

TEST(McpCliCompletionJson, IsTheWireForm) {
    mcp::protocol::complete_result r{{"paris", "park"}, 5, true};
    EXPECT_EQ(completion_json(r),
              boost::json::parse(R"({"completion":{"values":["paris","park"],"total":5,"hasMore":true}})"));
    mcp::protocol::complete_result bare{{}, std::nullopt, false};
    EXPECT_EQ(completion_json(bare), boost::json::parse(R"({"completion":{"values":[],"hasMore":false}})"));
}

TEST(McpCliProgressLine, ShowsTotalAndMessageWhenGiven) {
    EXPECT_EQ(progress_line({50, 100, "half way"}), "progress 50/100 half way");
    EXPECT_EQ(progress_line({0.5, std::nullopt, std::nullopt}), "progress 0.5");
    EXPECT_EQ(progress_line({3, 10, ""}), "progress 3/10");
}

TEST(McpCliLogLine, AStringAsItIsOtherDataAsJson) {
    EXPECT_EQ(log_line(mcp::log_level::info, "Tool started", std::nullopt), "log info: Tool started");
    boost::json::object data{{"disk", "low"}};
    EXPECT_EQ(log_line(mcp::log_level::warning, data, "db"), R"(log warning (db): {"disk":"low"})");
}

TEST(McpCliErrorLine, ShowsCodeMessageAndData) {
    EXPECT_EQ(error_line(mcp::error::invalid_params("Unknown tool: x")), "error -32602: Unknown tool: x");
    mcp::error with_data(-32051, "HTTP 500", boost::json::object{{"status", 500}});
    EXPECT_EQ(error_line(with_data), R"(error -32051: HTTP 500 (data: {"status":500}))");
}

} // namespace
