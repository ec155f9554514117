// The stdio front door over real pipes: framing, errors, concurrency of requests, clean exit on EOF.
#include <mcp/core/testing/log_capture.hpp>
#include <mcp/stdio/line_writer.hpp>
#include <mcp/stdio/stdio.hpp>

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <csignal>
#include <future>
#include <thread>
#include <unistd.h>

namespace {

struct wait_args {
    int ms;
};
BOOST_DESCRIBE_STRUCT(wait_args, (), (ms))

mcp::task<std::string> wait_then_answer(wait_args in) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(in.ms));
    co_await t.async_wait(boost::asio::use_awaitable);
    co_return "waited " + std::to_string(in.ms);
}

// A server on pipes, run on its own thread; the test plays the client.
class stdio_front_door : public testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(::pipe(to_server_), 0);
        ASSERT_EQ(::pipe(from_server_), 0);
        srv_.add_tool({.name = "wait", .description = "Waits"}, wait_then_answer);
        exit_code_ = std::async(std::launch::async, [this] {
            auto opts = options();
            return mcp::stdio::run(srv_, to_server_[0], from_server_[1], opts);
        });
    }
    virtual mcp::stdio::options options() const { return {.max_message_bytes = 1024, .handle_signals = false}; }
    void TearDown() override {
        close_input();
        if (exit_code_.valid()) exit_code_.wait();
        for (int fd : {to_server_[0], from_server_[0], from_server_[1]})
            if (fd >= 0) ::close(fd);
    }
    void write_raw(std::string const& s) { ASSERT_EQ(::write(to_server_[1], s.data(), s.size()), ssize_t(s.size())); }
    void close_input() {
        if (to_server_[1] >= 0) ::close(to_server_[1]);
        to_server_[1] = -1;
    }
    // Reads one line from the server (blocking, with a guard against hanging forever).
    boost::json::object read_message() {
        std::string line;
        char c;
        while (::read(from_server_[0], &c, 1) == 1 && c != '\n') line += c;
        return boost::json::parse(line).as_object();
    }

    mcp::server srv_{{.name = "stdio-test", .version = "1"}};
    int to_server_[2] = {-1, -1};
    int from_server_[2] = {-1, -1};
    std::future<int> exit_code_;
};

TEST_F(stdio_front_door, AnswersOneMessagePerLine) {
    write_raw(R"({"jsonrpc":"2.0","id":1,"method":"ping"})" "\n" R"({"jsonrpc":"2.0","id":2,"method":"ping"})" "\n");
    EXPECT_EQ(read_message().at("id"), 1);
    EXPECT_EQ(read_message().at("id"), 2);
}

// The request line (server/request_line.hpp): read once the server has ended, as it logs after answering.
TEST_F(stdio_front_door, EachRequestIsOneLineAtInfo) {
    mcp::log::testing::log_capture log(spdlog::level::info);
    write_raw(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})" "\n");
    read_message();
    write_raw(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"nope","arguments":{}}})" "\n");
    read_message();
    close_input();
    exit_code_.wait();
    auto lines = log.lines_starting("info request ");
    ASSERT_EQ(lines.size(), 2u) << log.text();
    EXPECT_NE(lines[0].find("transport=stdio method=initialize ms="), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("transport=stdio method=tools/call tool=nope error=-32602 ms="), std::string::npos)
        << lines[1];
}

TEST_F(stdio_front_door, MalformedLineGetsParseErrorAndTheSessionGoesOn) {
    write_raw("{not json\n");
    auto reply = read_message();
    EXPECT_EQ(reply.at("error").at("code"), -32700);
    EXPECT_TRUE(reply.at("id").is_null());
    write_raw(R"({"jsonrpc":"2.0","id":3,"method":"ping"})" "\n");
    EXPECT_EQ(read_message().at("id"), 3);
}

TEST_F(stdio_front_door, OversizedLineIsRefusedAndSkipped) {
    write_raw(std::string(2000, 'x') + "\n" + R"({"jsonrpc":"2.0","id":4,"method":"ping"})" + "\n");
    EXPECT_EQ(read_message().at("error").at("code"), -32600);
    EXPECT_EQ(read_message().at("id"), 4);
}

TEST_F(stdio_front_door, BlankLinesAndCarriageReturnsAreTolerated) {
    write_raw("\n\r\n" R"({"jsonrpc":"2.0","id":5,"method":"ping"})" "\r\n");
    EXPECT_EQ(read_message().at("id"), 5);
}

TEST_F(stdio_front_door, SlowRequestDoesNotBlockLaterOnes) {
    write_raw(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})" "\n");
    read_message();
    write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})" "\n");
    write_raw(R"({"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"wait","arguments":{"ms":300}}})" "\n");
    write_raw(R"({"jsonrpc":"2.0","id":"fast","method":"ping"})" "\n");
    EXPECT_EQ(read_message().at("id"), "fast");
    EXPECT_EQ(read_message().at("id"), "slow");
}

TEST_F(stdio_front_door, EofFinishesRequestsInFlightThenExitsZero) {
    write_raw(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})" "\n");
    read_message();
    write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})" "\n");
    write_raw(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"wait","arguments":{"ms":100}}})" "\n");
    close_input();
    auto reply = read_message();
    EXPECT_EQ(reply.at("id"), 9);
    EXPECT_EQ(reply.at("result").at("content").at(0).at("text"), "waited 100");
    ASSERT_EQ(exit_code_.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_EQ(exit_code_.get(), 0);
}

constexpr char const* initialize_line =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})" "\n";

// Finding: SIGPIPE was not ignored, so a client that closed its end of stdout killed the server (here: the test).
TEST_F(stdio_front_door, AClientThatClosedStdoutDoesNotEndTheProcess) {
    ::close(from_server_[0]);
    from_server_[0] = -1;
    write_raw(R"({"jsonrpc":"2.0","id":1,"method":"ping"})" "\n");
    close_input();
    ASSERT_EQ(exit_code_.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    EXPECT_EQ(exit_code_.get(), 0);
}

class stdio_with_two_places : public stdio_front_door {
protected:
    mcp::stdio::options options() const override {
        return {.max_message_bytes = 1024, .max_in_flight = 2, .handle_signals = false};
    }
};

// Finding: every line became a coroutine at once, however many were running. With two places, a third request
// waits for one of the two slow ones (before, the ping was answered first).
TEST_F(stdio_with_two_places, RequestsBeyondTheLimitWaitForAFreePlace) {
    write_raw(initialize_line);
    read_message();
    write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})" "\n");
    write_raw(R"({"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"wait","arguments":{"ms":200}}})" "\n");
    write_raw(R"({"jsonrpc":"2.0","id":"b","method":"tools/call","params":{"name":"wait","arguments":{"ms":200}}})" "\n");
    write_raw(R"({"jsonrpc":"2.0","id":"fast","method":"ping"})" "\n");
    std::vector<std::string> order;
    for (int i = 0; i < 3; ++i)
        order.push_back(std::string(read_message().at("id").as_string()));
    EXPECT_NE(order.front(), "fast") << "the ping got a place only when a slow call ended";
}

// Finding: the outbound queue grew without bound while the client read nothing.
TEST(stdio_line_writer, AClientThatReadsNothingCannotGrowTheQueuePastItsBound) {
    ::signal(SIGPIPE, SIG_IGN); // as mcp::stdio::run() does
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    {
        mcp::stdio::line_writer w(fds[1], 4096, std::chrono::milliseconds(20));
        boost::json::object big{{"padding", std::string(1000, 'x')}};
        std::size_t most = 0;
        for (int i = 0; i < 200; ++i) { // 200 KB: well past the pipe's own 64 KiB buffer
            w.write(big);
            most = std::max(most, w.queued_bytes());
        }
        EXPECT_LE(most, 4096u + 1100u) << "the bound, plus the one message that may cross it";
        ::close(fds[0]); // the writer thread, stuck in write(), now gets EPIPE and the writer can end
    }
    ::close(fds[1]);
}

} // namespace
