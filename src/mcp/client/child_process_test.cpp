#include <mcp/client/child_process.hpp>

#include <mcp/client/stdio_test_support.hpp>
#include <mcp/client/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace mcp::transport {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::run;

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

process_options sh(std::string script) {
    return {.program = "/bin/sh", .args = {"-c", std::move(script)}};
}

std::unique_ptr<child_process> start(asio::io_context& io, process_options const& o) {
    auto c = child_process::start(io.get_executor(), o);
    if (!c)
        throw std::runtime_error(c.error().message());
    return std::move(*c);
}

task<std::string> read_all(asio::posix::stream_descriptor& from) {
    std::string out;
    co_await asio::async_read(from, asio::dynamic_buffer(out), as_value);
    co_return out;
}

task<std::string> read_line(asio::posix::stream_descriptor& from) {
    std::string out;
    co_await asio::async_read_until(from, asio::dynamic_buffer(out), '\n', as_value);
    co_return out;
}

task<> write_all(asio::posix::stream_descriptor& to, std::string text) {
    co_await asio::async_write(to, asio::buffer(text), as_value);
}

bool reaped(pid_t pid) {
    return ::kill(pid, 0) == -1 && errno == ESRCH;
}

TEST(ChildProcess, TalksToTheChildOverItsPipes) {
    asio::io_context io;
    auto c = start(io, sh("cat"));
    run(io, write_all(c->stdin_pipe(), "hello\n"));
    c->close_stdin();
    EXPECT_EQ(run(io, read_all(c->stdout_pipe())), "hello\n");
    EXPECT_EQ(run(io, c->terminate(1s, 1s)).describe(), "exited with code 0");
}

TEST(ChildProcess, AMissingProgramIsAClearError) {
    asio::io_context io;
    auto c = child_process::start(io.get_executor(), {.program = "./no-such-server"});
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().message(), "cannot start ./no-such-server: No such file or directory");
    EXPECT_EQ(c.error().code(), code::unreachable);
}

TEST(ChildProcess, AMissingWorkingDirectoryIsNamed) {
    asio::io_context io;
    auto o = sh("true");
    o.working_directory = "/no/such/dir";
    auto c = child_process::start(io.get_executor(), o);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().message(), "cannot start /bin/sh in /no/such/dir: No such file or directory");
}

TEST(ChildProcess, PutsEnvironmentAdditionsOverOurs) {
    ::setenv("MCP_CHILD_TEST", "ours", 1);
    asio::io_context io;
    auto o = sh("env | grep '^MCP_CHILD_' | sort");
    o.env = {{"MCP_CHILD_TEST", "theirs"}, {"MCP_CHILD_NEW", "x"}};
    auto c = start(io, o);
    EXPECT_EQ(run(io, read_all(c->stdout_pipe())), "MCP_CHILD_NEW=x\nMCP_CHILD_TEST=theirs\n");
    ::unsetenv("MCP_CHILD_TEST");
}

TEST(ChildProcess, FindsARelativeProgramFromItsWorkingDirectory) {
    char dir[] = "/tmp/mcp-child-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    std::string program = std::string(dir) + "/srv";
    std::ofstream(program) << "#!/bin/sh\necho \"found in $PWD\"\n";
    ::chmod(program.c_str(), 0755);
    asio::io_context io;
    auto c = start(io, {.program = "./srv", .working_directory = dir});
    EXPECT_EQ(run(io, read_all(c->stdout_pipe())), "found in " + std::string(dir) + "\n");
    ::unlink(program.c_str());
    ::rmdir(dir);
}

TEST(ChildProcess, ReportsTheExitCode) {
    asio::io_context io;
    auto c = start(io, sh("exit 3"));
    auto st = run(io, c->wait(2s));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 3);
    EXPECT_EQ(st->describe(), "exited with code 3");
}

TEST(ChildProcess, ReportsTheSignalThatKilledIt) {
    asio::io_context io;
    auto c = start(io, sh("kill -9 $$"));
    auto st = run(io, c->wait(2s));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->signal, SIGKILL);
    EXPECT_EQ(st->describe(), "was killed by signal 9");
}

TEST(ChildProcess, WaitingReapsTheChild) {
    asio::io_context io;
    auto c = start(io, sh("exit 0"));
    ASSERT_TRUE(run(io, c->wait(2s)));
    EXPECT_TRUE(reaped(c->pid())); // a zombie would still answer kill(pid, 0)
}

TEST(ChildProcess, WaitGivesNothingWhileTheChildRuns) {
    asio::io_context io;
    auto c = start(io, sh("exec sleep 60"));
    EXPECT_FALSE(run(io, c->wait(30ms)));
    EXPECT_FALSE(c->poll());
}

TEST(ChildProcess, TerminateClosesStdinFirst) {
    asio::io_context io;
    auto c = start(io, sh("cat"));
    auto began = std::chrono::steady_clock::now();
    auto st = run(io, c->terminate(1500ms, 1500ms));
    EXPECT_EQ(st.describe(), "exited with code 0");
    EXPECT_LT(std::chrono::steady_clock::now() - began, 1500ms);
}

TEST(ChildProcess, TerminateSendsSigtermAfterTheGrace) {
    asio::io_context io;
    auto c = start(io, sh("exec sleep 60"));
    EXPECT_EQ(run(io, c->terminate(50ms, 1500ms)).signal, SIGTERM);
}

TEST(ChildProcess, TerminateKillsAChildThatIgnoresSigterm) {
    asio::io_context io;
    auto c = start(io, sh("trap '' TERM; echo ready; exec sleep 60"));
    EXPECT_EQ(run(io, read_line(c->stdout_pipe())), "ready\n"); // the trap is set
    auto began = std::chrono::steady_clock::now();
    EXPECT_EQ(run(io, c->terminate(50ms, 50ms)).signal, SIGKILL);
    EXPECT_LT(std::chrono::steady_clock::now() - began, 1s);
    EXPECT_TRUE(reaped(c->pid()));
}

TEST(ChildProcess, TerminateTwiceGivesTheSameStatus) {
    asio::io_context io;
    auto c = start(io, sh("exit 4"));
    EXPECT_EQ(run(io, c->terminate(1s, 1s)).code, 4);
    EXPECT_EQ(run(io, c->terminate(1s, 1s)).code, 4);
}

TEST(ChildProcess, DestroyingItKillsAndReapsARunningChild) {
    asio::io_context io;
    auto c = start(io, sh("exec sleep 60"));
    pid_t pid = c->pid();
    c.reset();
    EXPECT_TRUE(reaped(pid));
}

TEST(ChildProcess, CapturesStderrLineByLine) {
    asio::io_context io;
    std::vector<std::string> lines;
    auto o = sh("echo one >&2; echo two >&2; printf 'three' >&2");
    o.on_stderr_line = [&lines](std::string_view l) { lines.emplace_back(l); };
    auto c = start(io, o);
    run(io, c->terminate(1s, 1s));
    EXPECT_EQ(lines, (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_EQ(c->last_stderr_line(), "three");
}

TEST(ChildProcess, CutsLongStderrLines) {
    asio::io_context io;
    std::vector<std::string> lines;
    auto o = sh("echo 0123456789abcdef >&2; echo next >&2");
    o.on_stderr_line = [&lines](std::string_view l) { lines.emplace_back(l); };
    o.max_stderr_line_bytes = 10;
    auto c = start(io, o);
    run(io, c->terminate(1s, 1s));
    EXPECT_EQ(lines, (std::vector<std::string>{"0123456789", "next"}));
}

TEST(ChildProcess, AnInheritedStderrIsOurs) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    int saved = ::dup(2);
    ::dup2(p[1], 2);
    ::close(p[1]);
    {
        asio::io_context io;
        auto c = start(io, sh("echo to-our-stderr >&2"));
        run(io, c->wait(2s));
    }
    ::dup2(saved, 2);
    ::close(saved);
    std::string out(4096, '\0');
    auto n = ::read(p[0], out.data(), out.size());
    ::close(p[0]);
    ASSERT_GT(n, 0);
    EXPECT_NE(out.substr(0, static_cast<std::size_t>(n)).find("to-our-stderr"), std::string::npos);
}

TEST(ChildProcess, TheChildStartsWithSigpipeAtItsDefault) {
    asio::io_context io;
    auto c = start(io, sh("kill -PIPE $$; exit 0")); // starting one made us ignore SIGPIPE
    auto st = run(io, c->wait(2s));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->signal, SIGPIPE);
}

TEST(ChildProcess, OurPipeEndsAreNotInheritedByOtherChildren) {
    asio::io_context io;
    auto first = start(io, sh("cat"));
    auto second = start(io, sh("exec sleep 60"));
    first->close_stdin(); // cat sees EOF only if `second` holds no copy of our end of its stdin
    auto st = run(io, first->wait(1500ms));
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 0);
}

} // namespace
} // namespace mcp::transport
