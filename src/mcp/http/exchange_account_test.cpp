// What operators see of the streamable handler's traffic (exchange_account.hpp): the request line's fields,
// the wire trace's redaction, and the /metrics endpoint after known traffic, read through a strict parser of
// the exposition format.
#include <mcp/core/testing/log_capture.hpp>
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/http/testing/exposition_parser.hpp>
#include <mcp/http/wire_trace.hpp>
#include <mcp/storage/memory/memory_store.hpp>
#include <mcp/storage/testing/fault_store.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http;
using mcp::http::testing::exposition;
using mcp::http::testing::harness;
using mcp::log::testing::log_capture;

std::string echo() {
    return "pong";
}

constexpr char const* call_echo =
    R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo"}})";
constexpr char const* call_missing =
    R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"missing","arguments":{}}})";

class request_log : public ::testing::Test {
protected:
    request_log() { srv.add_tool({.name = "echo", .description = "Echo"}, echo); }
    mcp::server srv{{.name = "ops", .version = "1"}};
    harness h{srv};
};

TEST_F(request_log, OneLinePerRequestWithMethodToolSessionStatusAndDuration) {
    auto id = h.open_session();
    log_capture log(spdlog::level::info);
    h.post(call_echo, id);
    auto lines = log.lines_starting("info request ");
    ASSERT_EQ(lines.size(), 1u) << log.text();
    auto const& line = lines[0];
    EXPECT_NE(line.find(" transport=http http=POST method=tools/call tool=echo session=" + id.substr(0, 8) +
                        " status=200 ms="),
              std::string::npos)
        << line;
    EXPECT_EQ(line.find(id), std::string::npos) << "the whole session id is never logged";
    EXPECT_EQ(line.find("error="), std::string::npos) << line;
}

TEST_F(request_log, TheJsonRpcErrorOfTheAnswerIsOnTheLine) {
    auto id = h.open_session();
    log_capture log(spdlog::level::info);
    h.post(call_missing, id);
    auto lines = log.lines_starting("info request ");
    ASSERT_EQ(lines.size(), 1u) << log.text();
    EXPECT_NE(lines[0].find("tool=missing"), std::string::npos) << lines[0];
    EXPECT_NE(lines[0].find("status=200 error=-32602 ms="), std::string::npos) << lines[0];
}

TEST_F(request_log, AnErrorAnsweredOverSseIsOnTheLineToo) {
    harness sse(srv, {.always_sse = true});
    auto id = sse.open_session();
    log_capture log(spdlog::level::info);
    auto w = sse.post(call_missing, id);
    ASSERT_TRUE(w->streamed || w->response_headers.get("content-type")->starts_with("text/event-stream"));
    auto lines = log.lines_starting("info request ");
    ASSERT_EQ(lines.size(), 1u) << log.text();
    EXPECT_NE(lines[0].find("error=-32602"), std::string::npos) << lines[0];
}

TEST_F(request_log, InitializeNamesTheSessionItCreated) {
    log_capture log(spdlog::level::info);
    auto id = h.open_session();
    auto lines = log.lines_starting("info request ");
    ASSERT_EQ(lines.size(), 2u) << log.text(); // initialize, notifications/initialized
    EXPECT_NE(lines[0].find("method=initialize session=" + id.substr(0, 8) + " status=200"),
              std::string::npos)
        << lines[0];
    EXPECT_NE(lines[1].find("method=notifications/initialized session=" + id.substr(0, 8) + " status=202"),
              std::string::npos)
        << lines[1];
}

TEST_F(request_log, ClientTextIsEscapedAndCut) {
    auto id = h.open_session();
    log_capture log(spdlog::level::info);
    std::string long_name(300, 'n');
    h.post(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"a b\u0001)" + long_name +
               R"("}})",
           id);
    auto lines = log.lines_starting("info request ");
    ASSERT_EQ(lines.size(), 1u) << log.text();
    EXPECT_NE(lines[0].find("tool=a\\x20b\\x5Cu0001nnn"), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].find(long_name), std::string::npos) << "cut short";
}

TEST_F(request_log, NoLineAboveInfo) {
    auto id = h.open_session();
    log_capture log(spdlog::level::warn);
    h.post(call_echo, id);
    EXPECT_TRUE(log.lines_starting("info request").empty()) << log.text();
}

TEST_F(request_log, OtherPathsAreNotLogged) {
    log_capture log(spdlog::level::info);
    h.send({"GET", "/health", {{"host", "127.0.0.1"}}, "", ""});
    EXPECT_TRUE(log.lines_starting("info request").empty()) << log.text();
}

TEST(wire_trace, SecretsNeverAppearAndBodiesAreCut) {
    mcp::server srv{{.name = "ops", .version = "1"}};
    srv.add_tool({.name = "echo", .description = "Echo"}, echo);
    harness h{srv};
    auto id = h.open_session();
    log_capture log(spdlog::level::trace);
    request req{"POST",
                "/mcp",
                {{"accept", "application/json, text/event-stream"},
                 {"content-type", "application/json"},
                 {"host", "127.0.0.1"},
                 {"authorization", "Bearer sekrit-bearer-value"},
                 {"cookie", "sid=sekrit-cookie"},
                 {"x-api-key", "sekrit-api-key"},
                 {"x-authorizer-principal", "sekrit-principal"},
                 {"mcp-session-id", id},
                 {"mcp-protocol-version", "2025-11-25"}},
                R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","_meta":{"pad":")" +
                    std::string(5000, 'p') + R"("}}})",
                "127.0.0.1:1"};
    EXPECT_EQ(h.send(std::move(req))->status, 200);
    auto text = log.text();
    EXPECT_NE(text.find("trace #"), std::string::npos) << text;
    EXPECT_NE(text.find("authorization: [redacted]"), std::string::npos) << text;
    EXPECT_NE(text.find("mcp-session-id: " + id.substr(0, 8) + "..."), std::string::npos) << text;
    for (auto const& secret : std::vector<std::string>{"sekrit", id})
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
    EXPECT_EQ(text.find(std::string(trace_body_limit + 1, 'p')), std::string::npos) << "the body is cut";
    EXPECT_NE(text.find("pong"), std::string::npos) << "the answer is traced: " << text;
}

// Clients that cannot set headers (behind some gateways) put tokens in the query string: the trace shows the path
// only.
TEST(wire_trace, TheQueryStringIsNeverTraced) {
    mcp::server srv{{.name = "ops", .version = "1"}};
    harness h{srv};
    log_capture log(spdlog::level::trace);
    h.send({"GET", "/mcp?access_token=sekrit-query-token", {{"host", "127.0.0.1"}}, "", "127.0.0.1:1"});
    auto text = log.text();
    EXPECT_NE(text.find("trace #"), std::string::npos) << text;
    EXPECT_NE(text.find("/mcp?[redacted]"), std::string::npos) << text;
    EXPECT_EQ(text.find("sekrit"), std::string::npos) << text;
}

TEST(wire_trace, RedactsCredentialHeadersByName) {
    for (auto name : {"Authorization", "proxy-authorization", "Cookie", "set-cookie", "X-Api-Key", "api-key",
                      "x-auth-token", "X-Amz-Security-Token", "x-authorizer-claims", "x-client-secret"})
        EXPECT_TRUE(is_secret_header(name)) << name;
    for (auto name : {"content-type", "accept", "host", "mcp-session-id", "last-event-id", "origin"})
        EXPECT_FALSE(is_secret_header(name)) << name;
}

} // namespace
