// mcp::client over stdio against bad servers, each a small /bin/sh script: one that writes garbage lines, one
// that writes a line longer than the limit, one that exits in the middle of a request, one that never
// answers. The transport's own behaviour is tested in src/mcp/client/stdio_connection_test.cpp; these go
// through the client: the calls end with clear errors and the client reports what it skipped.
#include "bad_server_fixture.hpp"

#include <mcp/client/stdio_connection.hpp>

namespace bad_servers {
namespace {

namespace code = mcp::transport::code;

// The start of every script: answer "$line" '<result>' writes the result for the request on that line (the
// client writes "jsonrpc" then "id" first); initialize is answered, notifications/initialized read.
std::string const prologue = R"(
answer() {
  id=$(printf '%s' "$1" | sed -n 's/^{"jsonrpc":"2.0","id":\([0-9]*\),.*/\1/p')
  printf '{"jsonrpc":"2.0","id":%s,"result":%s}\n' "$id" "$2"
}
init='{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"sh","version":"1"}}'
)";

std::string const handshake = R"(
read -r line
answer "$line" "$init"
read -r line
)";

// Answers every ping after running `before` (which may write other lines first).
std::string pings_answered(std::string const& before) {
    return "while read -r line; do case \"$line\" in *'\"method\":\"ping\"'*) " + before +
           " answer \"$line\" '{}';; esac; done\n";
}

class BadStdioServer : public ::testing::Test {
protected:
    mcp::client& client(std::string const& script, std::size_t max_message_bytes = 4 << 20) {
        mcp::transport::stdio_options o{.program = "/bin/sh", .args = {"-c", prologue + script}};
        o.max_message_bytes = max_message_bytes;
        o.shutdown_grace = 100ms;
        mcp::client_options co;
        co.request_timeout = 1500ms;
        c = std::make_unique<mcp::client>(io.get_executor(), mcp::transport::stdio(std::move(o)), co);
        c->on_problem([this](std::string const& what) { problems.push_back(what); });
        return *c;
    }
    mcp::client& connected(std::string const& script, std::size_t max_message_bytes = 4 << 20) {
        auto& made = client(script, max_message_bytes);
        auto init = mcp::testing::run(io, made.connect(), 4s);
        EXPECT_TRUE(init) << init.error().message();
        return made;
    }
    template <class T>
    timed<T> time(mcp::task<T> work) {
        auto start = std::chrono::steady_clock::now();
        auto v = mcp::testing::run(io, std::move(work), 4s);
        return {std::move(v), since(start, std::chrono::steady_clock::now())};
    }
    void TearDown() override {
        if (c)
            mcp::testing::run(io, c->close(), 5s);
    }

    asio::io_context io;
    std::unique_ptr<mcp::client> c;
    std::vector<std::string> problems;
};

mcp::task<mcp::result<>> ping(mcp::client& c) {
    return c.ping();
}

TEST_F(BadStdioServer, GarbageLinesAreReportedAndSkipped) {
    auto& cl = connected(R"(
read -r line
echo 'Server starting...'
echo '[1,2,3]'
echo '{"hello":"world"}'
answer "$line" "$init"
read -r line
)" + pings_answered("echo '{\"broken\":';"));
    auto pinged = time(ping(cl));
    EXPECT_TRUE(pinged.value) << pinged.value.error().message();
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(any_contains(problems, "a line that is not JSON")) << problems.size();
    EXPECT_TRUE(any_contains(problems, "): Server starting..."));
    EXPECT_TRUE(any_contains(problems, "a JSON line that is not an object: [1,2,3]"));
    EXPECT_TRUE(any_contains(problems, "a message that is not JSON-RPC"));
    EXPECT_TRUE(any_contains(problems, "): {\"broken\":"));
}

TEST_F(BadStdioServer, AnOverlongLineIsSkippedAndTheAnswerAfterItArrives) {
    auto& cl = connected(handshake + pings_answered("head -c 5000 /dev/zero | tr '\\0' a; echo;"), 1024);
    auto pinged = time(ping(cl));
    EXPECT_TRUE(pinged.value) << pinged.value.error().message();
    EXPECT_LT(pinged.took, 1s);
    EXPECT_TRUE(any_contains(problems, "a line longer than max_message_bytes (1024 bytes) was skipped"));
}

TEST_F(BadStdioServer, AServerExitingMidRequestEndsTheCallNamingTheExit) {
    auto& cl = connected(handshake + "read -r line\nexit 3\n");
    auto pinged = time(ping(cl));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), code::unreachable);
    EXPECT_TRUE(contains(pinged.value.error().message(), "the server process exited with code 3"));
    EXPECT_LT(pinged.took, 1s);
    // Later calls fail at once.
    auto again = time(ping(cl));
    ASSERT_FALSE(again.value);
    EXPECT_TRUE(contains(again.value.error().message(), "closed"));
    EXPECT_LT(again.took, 500ms);
}

TEST_F(BadStdioServer, ASilentServerEndsTheCallAtTheRequestTimeout) {
    auto& cl = connected(handshake + "while read -r line; do :; done\n");
    mcp::request_options o;
    o.timeout = 300ms;
    auto pinged = time(cl.ping(o));
    ASSERT_FALSE(pinged.value);
    EXPECT_EQ(pinged.value.error().code(), mcp::protocol::code::request_timeout);
    EXPECT_TRUE(contains(pinged.value.error().message(), "ping got no answer within 300 ms"));
    EXPECT_GE(pinged.took, 300ms);
    EXPECT_LT(pinged.took, 1s);
}

} // namespace
} // namespace bad_servers
