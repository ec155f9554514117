#include <mcp/client/stdio_connection.hpp>

#include <mcp/client/stdio_test_support.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>

namespace mcp::transport {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::run;
using testing::run_until;

struct recording_receiver : receiver {
    void on_message(json::object m) override { messages.push_back(std::move(m)); }
    void on_garbage(std::string what) override { garbage.push_back(std::move(what)); }
    void on_closed(std::string reason) override { closed.push_back(std::move(reason)); }

    std::vector<json::object> messages;
    std::vector<std::string> garbage;
    std::vector<std::string> closed;
};

stdio_options sh(std::string script) {
    return {.program = "/bin/sh", .args = {"-c", std::move(script)}, .shutdown_grace = 100ms};
}

json::object wire(std::string_view text) {
    return json::parse(text).as_object();
}

// One fake server per test: its connection, what it told us, and the io_context it runs on.
struct fake_server {
    explicit fake_server(stdio_options o) : conn(std::make_unique<stdio_connection>(std::move(o))) {}

    result<> open() { return run(io, conn->open(io.get_executor(), heard)); }
    result<> send(std::string_view text) { return run(io, conn->send(wire(text))); }
    void close() { run(io, conn->close()); }
    bool wait_for_messages(std::size_t n) {
        return run_until(io, [this, n] { return heard.messages.size() >= n; });
    }
    bool wait_until_closed() {
        return run_until(io, [this] { return !heard.closed.empty(); });
    }

    asio::io_context io;
    recording_receiver heard;
    std::unique_ptr<stdio_connection> conn;
};

TEST(StdioConnection, DescribesItsCommandLine) {
    EXPECT_EQ(stdio({.program = "./srv", .args = {"--flag", "x"}})->describe(), "stdio: ./srv --flag x");
}

TEST(StdioConnection, DeliversWhatTheServerWrites) {
    fake_server s(sh("cat"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
    ASSERT_TRUE(s.wait_for_messages(1));
    EXPECT_EQ(s.heard.messages[0], wire(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
    EXPECT_TRUE(s.heard.garbage.empty());
}

TEST(StdioConnection, ReportsGarbageAndGoesOnToTheNextMessage) {
    fake_server s(sh(R"(printf 'hello\n[1,2]\n\n  \n{"ok":1}\n')"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_until_closed());
    ASSERT_EQ(s.heard.garbage.size(), 2u);
    EXPECT_EQ(s.heard.garbage[0].rfind("a line that is not JSON (", 0), 0u) << s.heard.garbage[0];
    EXPECT_NE(s.heard.garbage[0].find("): hello"), std::string::npos) << s.heard.garbage[0];
    EXPECT_EQ(s.heard.garbage[1], "a JSON line that is not an object: [1,2]");
    ASSERT_EQ(s.heard.messages.size(), 1u);
    EXPECT_EQ(s.heard.messages[0], wire(R"({"ok":1})"));
}

TEST(StdioConnection, SkipsAnOverlongLineAndReadsOnAtTheNextNewline) {
    auto o = sh(R"(head -c 5000000 /dev/zero | tr '\0' a; echo; echo '{"ok":1}')");
    o.max_message_bytes = 1024;
    fake_server s(o);
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_until_closed());
    EXPECT_EQ(s.heard.garbage,
              (std::vector<std::string>{"a line longer than max_message_bytes (1024 bytes) was skipped"}));
    ASSERT_EQ(s.heard.messages.size(), 1u);
    EXPECT_EQ(s.heard.messages[0], wire(R"({"ok":1})"));
}

TEST(StdioConnection, ShortensTheExcerptOfALongGarbageLine) {
    fake_server s(sh("head -c 500 /dev/zero | tr '\\0' x; echo"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_until_closed());
    ASSERT_EQ(s.heard.garbage.size(), 1u);
    EXPECT_NE(s.heard.garbage[0].find(std::string(80, 'x') + "... (500 bytes)"), std::string::npos);
}

TEST(StdioConnection, SaysWithWhichCodeTheServerExited) {
    fake_server s(sh("exit 3"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_until_closed());
    EXPECT_EQ(s.heard.closed, (std::vector<std::string>{"the server process exited with code 3"}));
}

TEST(StdioConnection, SaysWhichSignalKilledTheServer) {
    fake_server s(sh("kill -9 $$"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_until_closed());
    EXPECT_EQ(s.heard.closed, (std::vector<std::string>{"the server process was killed by signal 9"}));
}

TEST(StdioConnection, QuotesTheLastCapturedStderrLineWhenTheServerExits) {
    std::vector<std::string> lines;
    auto o = sh("echo starting >&2; echo 'config missing' >&2; exit 3");
    o.on_stderr_line = [&lines](std::string_view l) { lines.emplace_back(l); };
    fake_server s(o);
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_until_closed());
    EXPECT_EQ(lines, (std::vector<std::string>{"starting", "config missing"}));
    EXPECT_EQ(s.heard.closed[0],
              "the server process exited with code 3 (its last stderr line: config missing)");
}

TEST(StdioConnection, AnswersARequestTheServerLeftUnanswered) {
    fake_server s(sh("read line; exit 3"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.send(R"({"jsonrpc":"2.0","id":7,"method":"tools/list"})"));
    ASSERT_TRUE(s.wait_until_closed());
    ASSERT_EQ(s.heard.messages.size(), 1u);
    EXPECT_EQ(s.heard.messages[0], wire(R"({"jsonrpc":"2.0","id":7,"error":{"code":-32050,
        "message":"no answer: the server process exited with code 3"}})"));
}

TEST(StdioConnection, MakesUpNoAnswerForAnAnsweredRequest) {
    fake_server s(sh(R"(read line; echo '{"jsonrpc":"2.0","id":"a","result":{}}')"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.send(R"({"jsonrpc":"2.0","id":"a","method":"ping"})"));
    ASSERT_TRUE(s.wait_until_closed());
    ASSERT_EQ(s.heard.messages.size(), 1u);
    EXPECT_EQ(s.heard.messages[0], wire(R"({"jsonrpc":"2.0","id":"a","result":{}})"));
}

TEST(StdioConnection, CloseEndsAServerThatStopsAtTheEndOfItsInput) {
    fake_server s(sh("cat"));
    ASSERT_TRUE(s.open());
    s.close();
    EXPECT_EQ(s.heard.closed,
              (std::vector<std::string>{"closed by the client; the server process exited with code 0"}));
}

TEST(StdioConnection, CloseSendsSigtermToAServerThatKeepsRunning) {
    fake_server s(sh(R"(echo '{"ready":1}'; exec sleep 60)"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_for_messages(1));
    s.close();
    EXPECT_EQ(s.heard.closed,
              (std::vector<std::string>{"closed by the client; the server process was killed by signal 15"}));
}

TEST(StdioConnection, CloseKillsAServerThatIgnoresSigterm) {
    fake_server s(sh(R"(trap '' TERM; echo '{"ready":1}'; exec sleep 60)"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_for_messages(1)); // the trap is set
    auto began = std::chrono::steady_clock::now();
    s.close();
    EXPECT_LT(std::chrono::steady_clock::now() - began, 1500ms);
    EXPECT_EQ(s.heard.closed,
              (std::vector<std::string>{"closed by the client; the server process was killed by signal 9"}));
}

TEST(StdioConnection, CloseIsIdempotent) {
    fake_server s(sh("cat"));
    ASSERT_TRUE(s.open());
    s.close();
    s.close();
    EXPECT_EQ(s.heard.closed.size(), 1u);
}

TEST(StdioConnection, AMissingProgramIsAClearError) {
    fake_server s({.program = "./no-such-server"});
    auto opened = s.open();
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().message(), "cannot start ./no-such-server: No such file or directory");
    EXPECT_FALSE(s.send(R"({"jsonrpc":"2.0","method":"x"})"));
    s.close();
    EXPECT_TRUE(s.heard.closed.empty());
}

TEST(StdioConnection, SendingAfterTheServerExitedIsAnErrorValue) {
    fake_server s(sh("exit 0"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_until_closed());
    auto sent = s.send(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().message(), "cannot send to stdio: /bin/sh -c exit 0: the connection is closed");
}

TEST(StdioConnection, SendingToAServerThatClosedItsStdinIsAnErrorValue) {
    fake_server s(sh(R"(exec 0<&-; echo '{"ready":1}'; exec sleep 60)"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_for_messages(1));
    auto sent = s.send(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"); // EPIPE, not SIGPIPE
    ASSERT_FALSE(sent);
    EXPECT_NE(sent.error().message().find("Broken pipe"), std::string::npos) << sent.error().message();
    s.close();
    EXPECT_EQ(s.heard.messages.size(), 1u); // no made-up answer for a request that was not sent
}

task<> send_numbered(stdio_connection& conn, int i, std::size_t size) {
    json::object m{
        {"jsonrpc", "2.0"}, {"method", "n"}, {"params", {{"i", i}, {"pad", std::string(size, 'p')}}}};
    auto sent = co_await conn.send(std::move(m));
    if (!sent)
        throw std::runtime_error(sent.error().message());
}

TEST(StdioConnection, ConcurrentSendsAreWrittenWholeOneAfterAnother) {
    fake_server s(sh("cat"));
    ASSERT_TRUE(s.open());
    for (int i = 0; i < 20; ++i) // each far bigger than a pipe's buffer: unserialized writes would interleave
        asio::co_spawn(s.io, send_numbered(*s.conn, i, 200 * 1024), asio::detached);
    ASSERT_TRUE(s.wait_for_messages(20));
    EXPECT_TRUE(s.heard.garbage.empty());
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(s.heard.messages[i].at("params").at("i"), i); // in the order of the calls
}

TEST(StdioConnection, PassesEnvironmentAndWorkingDirectory) {
    auto o = sh(R"(printf '{"dir":"%s","value":"%s"}\n' "$PWD" "$MCP_STDIO_TEST")");
    o.env = {{"MCP_STDIO_TEST", "42"}};
    o.working_directory = "/tmp";
    fake_server s(o);
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_for_messages(1));
    EXPECT_EQ(s.heard.messages[0], wire(R"({"dir":"/tmp","value":"42"})"));
}

TEST(StdioConnection, DestroyingItKillsAndReapsTheServerAndTellsNobody) {
    fake_server s(sh(R"(echo "{\"pid\":$$}"; exec sleep 60)"));
    ASSERT_TRUE(s.open());
    ASSERT_TRUE(s.wait_for_messages(1));
    auto pid = static_cast<pid_t>(s.heard.messages[0].at("pid").as_int64());
    s.conn.reset();
    EXPECT_EQ(::kill(pid, 0), -1); // neither running nor a zombie
    EXPECT_EQ(errno, ESRCH);
    run_until(
        s.io, [] { return false; }, 50ms);
    EXPECT_TRUE(s.heard.closed.empty());
}

} // namespace
} // namespace mcp::transport
