// Golden JSON-RPC conversations: each tests/conversation/golden/*.jsonl file is a script.
//   > {json}   the client sends this message (the server runs until it has nothing left to do now)
//   < {json}   the next message the server sent must be this one ("<any>" matches any value)
//   ~ N        let N milliseconds pass (timers fire)
//   "<=name>"  in a '<' line: keep the string the server sent there as `name`; in a '>' line: send it
// Files named tasks_*.jsonl talk to the fixture server with tasks on (a memory task store).
//   # ...      a comment
// At the end of the file nothing may be left unread.
#include "conversation.hpp"
#include "fixture_server.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;

std::vector<std::string> golden_files() {
    std::vector<std::string> names;
    for (auto const& e : fs::directory_iterator(MCP_GOLDEN_DIR))
        if (e.path().extension() == ".jsonl") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

class golden : public testing::TestWithParam<std::string> {};

TEST_P(golden, ConversationMatches) {
    auto srv = GetParam().starts_with("tasks_") ? mcp::testing::make_task_fixture_server()
                                                : mcp::testing::make_fixture_server();
    mcp::testing::captures kept;
    mcp::testing::conversation c(*srv);
    std::ifstream in(fs::path(MCP_GOLDEN_DIR) / (GetParam() + ".jsonl"));
    ASSERT_TRUE(in) << "cannot open " << GetParam();
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.empty() || line[0] == '#') continue;
        std::string body = line.size() > 2 ? line.substr(2) : "";
        if (line[0] == '>') {
            c.send(mcp::testing::substitute(body, kept));
        } else if (line[0] == '~') {
            c.wait(std::stoi(body));
        } else if (line[0] == '<') {
            auto got = c.next();
            ASSERT_TRUE(got) << GetParam() << ":" << n << ": expected " << body << ", but the server sent nothing";
            std::string why;
            EXPECT_TRUE(mcp::testing::matches(boost::json::parse(body), *got, why, "$", &kept))
                << GetParam() << ":" << n << ": " << why << "\n  full message: " << boost::json::serialize(*got);
        } else {
            FAIL() << GetParam() << ":" << n << ": unknown line kind '" << line[0] << "'";
        }
    }
    std::string leftovers;
    while (auto m = c.next()) leftovers += "\n  " + boost::json::serialize(*m);
    EXPECT_TRUE(leftovers.empty()) << GetParam() << ": unexpected messages at the end:" << leftovers;
}

INSTANTIATE_TEST_SUITE_P(conversations, golden, testing::ValuesIn(golden_files()),
                         [](auto const& p) { return p.param; });

} // namespace
