// 2026-07-28 requests on the stdio front door (stdio_modern.hpp), over real pipes: routed per message beside
// the 2025 session, envelope refusals with the request's id, input-required rounds, cancellation by
// notifications/cancelled, progress before the reply. The bound and the id rule of the map are checked on
// modern_requests itself.
#include <mcp/stdio/stdio.hpp>
#include <mcp/stdio/stdio_modern.hpp>

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <future>
#include <mutex>
#include <poll.h>
#include <unistd.h>

namespace {

namespace json = boost::json;
namespace asio = boost::asio;

struct add_args {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(add_args, (), (a, b))
struct sum {
    double value;
};
BOOST_DESCRIBE_STRUCT(sum, (), (value))
struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))
struct steps_args {
    int steps;
};
BOOST_DESCRIBE_STRUCT(steps_args, (), (steps))

mcp::task<std::string> stepped(steps_args in, mcp::call_context& ctx) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    for (int i = 1; i <= in.steps; ++i) {
        ctx.progress(i, in.steps);
        t.expires_after(std::chrono::milliseconds(20));
        co_await t.async_wait(asio::use_awaitable);
    }
    co_return "done";
}

mcp::task<std::string> greet(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("What is your name?", "user_name");
    co_return "Hello, " + (answer && answer->content ? answer->content->name : std::string("stranger")) + "!";
}

json::object envelope(std::string version = "2026-07-28", json::object caps = {}) {
    return {{"io.modelcontextprotocol/protocolVersion", std::move(version)},
            {"io.modelcontextprotocol/clientCapabilities", std::move(caps)},
            {"io.modelcontextprotocol/clientInfo", {{"name", "t"}, {"version", "0"}}}};
}

// A message as a 2026-07-28 client writes it: the envelope in params._meta unless params has a _meta already.
json::object modern_request(json::value id, std::string method, json::object params = {}) {
    if (!params.contains("_meta"))
        params["_meta"] = envelope();
    return {{"jsonrpc", "2.0"},
            {"id", std::move(id)},
            {"method", std::move(method)},
            {"params", std::move(params)}};
}

json::object cancellation(json::value id, bool with_envelope) {
    json::object params{{"requestId", std::move(id)}, {"reason", "the user gave up"}};
    if (with_envelope)
        params["_meta"] = envelope();
    return {{"jsonrpc", "2.0"}, {"method", "notifications/cancelled"}, {"params", std::move(params)}};
}

constexpr char const* initialize_line =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"0"}}})"
    "\n";

// A server on pipes, run on its own thread; the test plays a client of both eras.
class stdio_modern : public testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(::pipe(to_server_), 0);
        ASSERT_EQ(::pipe(from_server_), 0);
        srv_.add_tool({.name = "add", .description = "Adds"}, [](add_args in) { return sum{in.a + in.b}; });
        srv_.add_tool({.name = "stepped", .description = "Steps"}, stepped);
        srv_.add_tool({.name = "greet", .description = "Asks a name"}, greet);
        srv_.add_tool({.name = "slow", .description = "Waits long"}, [this]() -> mcp::task<std::string> {
            asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::seconds(30));
            started_.set_value();
            auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            slow_ended_.set_value(ec);
            co_return "woke";
        });
        exit_code_ = std::async(std::launch::async, [this] {
            return mcp::stdio::run(srv_, to_server_[0], from_server_[1], {.handle_signals = false});
        });
    }
    void TearDown() override {
        close_input();
        if (exit_code_.valid())
            exit_code_.wait();
        for (int fd : {to_server_[0], from_server_[0], from_server_[1]})
            if (fd >= 0)
                ::close(fd);
    }
    void write(json::object const& m) { write_raw(json::serialize(m) + "\n"); }
    void write_raw(std::string const& s) {
        ASSERT_EQ(::write(to_server_[1], s.data(), s.size()), ssize_t(s.size()));
    }
    void close_input() {
        if (to_server_[1] >= 0)
            ::close(to_server_[1]);
        to_server_[1] = -1;
    }
    // One line from the server; an empty object when none comes within 10 s (or at EOF).
    json::object read_message() {
        std::string line;
        char c;
        pollfd p{from_server_[0], POLLIN, 0};
        while (::poll(&p, 1, 10'000) == 1 && ::read(from_server_[0], &c, 1) == 1 && c != '\n')
            line += c;
        return line.empty() ? json::object{} : json::parse(line).as_object();
    }
    // Every line the server writes until it exits (after close_input).
    std::vector<json::object> read_to_exit() {
        EXPECT_EQ(exit_code_.wait_for(std::chrono::seconds(10)), std::future_status::ready);
        ::close(from_server_[1]);
        from_server_[1] = -1;
        std::vector<json::object> lines;
        for (auto m = read_message(); !m.empty(); m = read_message())
            lines.push_back(std::move(m));
        return lines;
    }
    void cancels_the_slow_request(bool with_envelope);

    mcp::server srv_{{.name = "stdio-modern", .version = "1"}};
    int to_server_[2] = {-1, -1};
    int from_server_[2] = {-1, -1};
    std::future<int> exit_code_;
    std::promise<void> started_;
    std::promise<boost::system::error_code> slow_ended_;
};

TEST_F(stdio_modern, DiscoverIsAnsweredWithoutInitialize) {
    write(modern_request(1, "server/discover"));
    auto reply = read_message();
    EXPECT_EQ(reply.at("id"), 1);
    auto const& result = reply.at("result").as_object();
    EXPECT_EQ(result.at("supportedVersions").at(0), "2026-07-28");
    EXPECT_EQ(result.at("resultType"), "complete");
}

TEST_F(stdio_modern, ATypedToolIsCalledWithoutInitialize) {
    write(modern_request("c", "tools/call", {{"name", "add"}, {"arguments", {{"a", 2}, {"b", 3.5}}}}));
    auto reply = read_message();
    EXPECT_EQ(reply.at("id"), "c");
    auto const& result = reply.at("result").as_object();
    EXPECT_EQ(result.at("resultType"), "complete");
    EXPECT_EQ(result.at("structuredContent").at("value"), 5.5);
    EXPECT_TRUE(result.at("_meta").as_object().contains("io.modelcontextprotocol/serverInfo"));
}

TEST_F(stdio_modern, AMalformedEnvelopeIsInvalidParamsWithTheId) {
    json::object meta{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}}; // no clientCapabilities
    write(modern_request(7, "tools/list", {{"_meta", meta}}));
    auto reply = read_message();
    EXPECT_EQ(reply.at("id"), 7);
    EXPECT_EQ(reply.at("error").at("code"), -32602);
    EXPECT_NE(std::string(reply.at("error").at("message").as_string()).find("clientCapabilities"),
              std::string::npos)
        << reply;
}

TEST_F(stdio_modern, AnUnsupportedVersionIsRefusedWithTheSupportedOnes) {
    write(modern_request(8, "server/discover", {{"_meta", envelope("v999")}}));
    auto reply = read_message();
    EXPECT_EQ(reply.at("id"), 8);
    EXPECT_EQ(reply.at("error").at("code"), -32022);
    auto const& supported = reply.at("error").at("data").at("supported").as_array();
    EXPECT_EQ(supported.at(0), "2026-07-28");
}

// The session needs initialize; modern lines before and between it do not disturb it, and it stays 2025.
TEST_F(stdio_modern, ALegacySessionWorksWithModernLinesInBetween) {
    write(modern_request("m1", "server/discover"));
    EXPECT_EQ(read_message().at("id"), "m1");
    write_raw(initialize_line);
    auto init = read_message();
    EXPECT_EQ(init.at("result").at("protocolVersion"), "2025-11-25");
    write(modern_request("m2", "tools/call", {{"name", "add"}, {"arguments", {{"a", 1}, {"b", 1}}}}));
    auto between = read_message().at("result").as_object();
    EXPECT_EQ(between.at("resultType"), "complete") << "a 2026-07-28 result, not the session's";
    EXPECT_EQ(between.at("structuredContent").at("value"), 2.0);
    write_raw(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
              "\n");
    write_raw(
        R"({"jsonrpc":"2.0","id":"l1","method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":2}}})"
        "\n");
    auto legacy = read_message();
    EXPECT_EQ(legacy.at("id"), "l1");
    EXPECT_EQ(legacy.at("result").at("structuredContent").at("value"), 3.0);
    EXPECT_FALSE(legacy.at("result").as_object().contains("resultType")) << "a 2025 result";
}

TEST_F(stdio_modern, AnInitializeStaysLegacyEvenWithAnEnvelope) {
    json::object params{{"protocolVersion", "2025-11-25"},
                        {"capabilities", json::object{}},
                        {"clientInfo", {{"name", "t"}, {"version", "0"}}},
                        {"_meta", envelope()}};
    write({{"jsonrpc", "2.0"}, {"id", 0}, {"method", "initialize"}, {"params", params}});
    EXPECT_EQ(read_message().at("result").at("protocolVersion"), "2025-11-25");
}

TEST_F(stdio_modern, AQuestionEndsTheRoundAndTheRetryCompletesTheCall) {
    json::object meta = envelope("2026-07-28", {{"elicitation", json::object{}}});
    write(modern_request(1, "tools/call", {{"name", "greet"}, {"_meta", meta}}));
    auto first = read_message().at("result").as_object();
    ASSERT_EQ(first.at("resultType"), "input_required") << first;
    EXPECT_EQ(first.at("inputRequests").at("user_name").at("method"), "elicitation/create");
    ASSERT_TRUE(first.at("requestState").is_string());
    json::object answer{{"action", "accept"}, {"content", {{"name", "Alice"}}}};
    write(modern_request(2, "tools/call",
                         {{"name", "greet"},
                          {"_meta", meta},
                          {"inputResponses", {{"user_name", answer}}},
                          {"requestState", first.at("requestState")}}));
    auto done = read_message();
    EXPECT_EQ(done.at("id"), 2);
    EXPECT_EQ(done.at("result").at("resultType"), "complete");
    EXPECT_EQ(done.at("result").at("content").at(0).at("text"), "Hello, Alice!");
}

void stdio_modern::cancels_the_slow_request(bool with_envelope) {
    write(modern_request("slow-1", "tools/call", {{"name", "slow"}}));
    ASSERT_EQ(started_.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
    write(cancellation("slow-1", with_envelope));
    auto ended = slow_ended_.get_future();
    ASSERT_EQ(ended.wait_for(std::chrono::seconds(10)), std::future_status::ready)
        << "the wait was not cancelled";
    EXPECT_EQ(ended.get(), asio::error::operation_aborted);
    write(modern_request("after", "server/discover"));
    close_input();
    auto lines = read_to_exit();
    ASSERT_EQ(lines.size(), 1u) << "only the discover is answered";
    EXPECT_EQ(lines[0].at("id"), "after");
}

TEST_F(stdio_modern, ACancellationWithAnEnvelopeStopsTheRequestWithoutAReply) {
    cancels_the_slow_request(true);
}

TEST_F(stdio_modern, APlainCancellationNamingAModernRequestStopsIt) {
    cancels_the_slow_request(false);
}

TEST_F(stdio_modern, ProgressReachesTheOutputBeforeTheReply) {
    json::object meta = envelope();
    meta["progressToken"] = "p1";
    write(modern_request(5, "tools/call",
                         {{"name", "stepped"}, {"arguments", {{"steps", 2}}}, {"_meta", meta}}));
    std::vector<json::object> lines{read_message(), read_message(), read_message()};
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(lines[i].at("method"), "notifications/progress") << lines[i];
        EXPECT_EQ(lines[i].at("params").at("progressToken"), "p1");
        EXPECT_EQ(lines[i].at("params").at("progress"), i + 1);
    }
    EXPECT_EQ(lines[2].at("id"), 5);
    EXPECT_EQ(lines[2].at("result").at("content").at(0).at("text"), "done");
}

// The map of one connection's modern requests, driven on its strand without pipes.
class modern_request_map : public testing::Test {
protected:
    struct recorder : mcp::outbound {
        void send(json::object, std::optional<mcp::protocol::request_id> const&) override {}
    };
    modern_request_map() {
        srv_.add_tool({.name = "slow", .description = "Waits long"}, []() -> mcp::task<std::string> {
            asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::seconds(30));
            co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
            co_return "woke";
        });
    }
    // Sends `m` on the strand; its answer (an empty object for none) once the io_context has run a while.
    std::shared_ptr<std::optional<json::object>> send(json::object m) {
        auto answer = std::make_shared<std::optional<json::object>>();
        auto msg = mcp::protocol::parse_message(json::value(std::move(m)));
        asio::co_spawn(
            strand_,
            [this, msg = std::move(*msg), answer]() mutable -> mcp::task<> {
                auto reply = co_await requests_.handle(std::move(msg));
                *answer = reply.value_or(json::object{});
            },
            asio::detached);
        io_.restart(); // run_for stops the io_context when it runs out of work
        io_.run_for(std::chrono::milliseconds(50));
        return answer;
    }

    mcp::server srv_{{.name = "map", .version = "1"}};
    asio::io_context io_;
    mcp::io_strand strand_ = asio::make_strand(io_);
    mcp::stdio::detail::modern_requests requests_{srv_, std::make_shared<recorder>(), strand_, 1};
};

TEST_F(modern_request_map, ARequestPastTheBoundIsRefusedUntilOneEnds) {
    auto first = send(modern_request(1, "tools/call", {{"name", "slow"}}));
    EXPECT_FALSE(first->has_value()) << "still running";
    auto second = send(modern_request(2, "server/discover"));
    ASSERT_TRUE(second->has_value());
    EXPECT_EQ((*second)->at("error").at("code"), -32603);
    EXPECT_EQ((*second)->at("id"), 2);
    send(cancellation(1, false));
    EXPECT_EQ(requests_.size(), 0u);
    auto third = send(modern_request(3, "server/discover"));
    ASSERT_TRUE(third->has_value());
    EXPECT_EQ((*third)->at("id"), 3);
    EXPECT_TRUE((*third)->contains("result"));
    EXPECT_EQ(**first, json::object{}) << "the cancelled request got no reply";
}

TEST_F(modern_request_map, AnIdInFlightIsRefusedForASecondRequest) {
    send(modern_request(1, "tools/call", {{"name", "slow"}}));
    EXPECT_TRUE(requests_.takes(*mcp::protocol::parse_message(json::value(cancellation(1, false)))));
    EXPECT_FALSE(requests_.takes(*mcp::protocol::parse_message(json::value(cancellation(9, false)))))
        << "a plain cancellation of another id is the session's";
    auto again = send(modern_request(1, "server/discover"));
    ASSERT_TRUE(again->has_value());
    EXPECT_EQ((*again)->at("error").at("code"), -32600);
    send(cancellation(1, true));
}

} // namespace
