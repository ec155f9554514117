#include <mcp/storage/testing/killed_writer.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace mcp::storage::testing {

bool in_killed_writer() { return std::getenv("MCP_KILLED_WRITER") != nullptr; }

std::string killed_writer_argument() {
    auto const* value = std::getenv("MCP_KILLED_WRITER");
    return value ? value : "";
}

namespace {
// Waits for the child's first saves; false when it never wrote or exited first.
bool wait_for_writes(pid_t child, std::function<bool()> const& writing) {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < give_up) {
        if (writing())
            return true;
        int status = 0;
        if (::waitpid(child, &status, WNOHANG) == child)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}
} // namespace

void run_killed_writer(std::string const& argument, std::chrono::milliseconds after,
                       std::function<bool()> const& writing) {
    auto const* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string filter = std::string("--gtest_filter=") + info->test_suite_name() + "." + info->name();
    std::string self(4096, '\0');
    auto n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    ASSERT_GT(n, 0) << "cannot find this test binary";
    self.resize(static_cast<std::size_t>(n));
    std::vector<std::string> env{"MCP_KILLED_WRITER=" + argument};
    for (char** e = environ; *e; ++e)
        if (std::string_view(*e).rfind("MCP_KILLED_WRITER=", 0) != 0)
            env.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    char* argv[] = {self.data(), filter.data(), nullptr};
    pid_t child = 0;
    ASSERT_EQ(::posix_spawn(&child, self.c_str(), nullptr, nullptr, argv, envp.data()), 0);
    if (!wait_for_writes(child, writing)) {
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        ADD_FAILURE() << "the writer made no save within 30 s (or exited): the test would prove nothing";
        return;
    }
    std::this_thread::sleep_for(after);
    int status = 0;
    bool ended_by_itself = ::waitpid(child, &status, WNOHANG) == child;
    if (!ended_by_itself) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
    }
    EXPECT_FALSE(ended_by_itself) << "the writer ended before it was killed (status " << status << ")";
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

} // namespace mcp::storage::testing
