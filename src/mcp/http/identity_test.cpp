// Identity through the exchange seam (every front door's common path): client headers posing as trusted
// metadata (x-authorizer-*, x-lambda-*, x-mcp-auth-*) are dropped; the front door's own trusted metadata passes.
#include <mcp/http/testing/exchange_harness.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;

std::string whoami(mcp::call_context& ctx) {
    std::string seen;
    for (auto name : {"x-authorizer-user_id", "x-lambda-request-id", "x-mcp-auth-subject", "x-custom"})
        seen += std::string(name) + "=" + std::string(ctx.metadata().get(name).value_or("(none)")) + ";";
    return seen;
}

constexpr char const* call_whoami = R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami"}})";

request call_with(std::string const& session, headers extra, headers trusted = {}) {
    request req{"POST", "/mcp", {{"accept", "application/json, text/event-stream"},
                                 {"content-type", "application/json"}, {"host", "127.0.0.1:8080"},
                                 {"mcp-session-id", session}, {"mcp-protocol-version", "2025-11-25"}},
                call_whoami, "127.0.0.1:5000"};
    for (auto const& [name, value] : extra.fields())
        req.headers.add(name, value);
    req.trusted = std::move(trusted);
    return req;
}

std::string text_of(mcp::http::testing::recording_writer const& w) {
    return std::string(w.json().at("result").at("content").at(0).at("text").as_string());
}

TEST(identity, ClientHeadersPosingAsTrustedMetadataAreDropped) {
    mcp::server srv({.name = "identity", .version = "1"});
    srv.add_tool({.name = "whoami", .description = "What metadata the call carried"}, whoami);
    harness h(srv);
    auto id = h.open_session();
    auto w = h.send(call_with(id, {{"X-Authorizer-User_Id", "root"},
                                   {"x-lambda-request-id", "forged"},
                                   {"x-mcp-auth-subject", "admin"},
                                   {"x-custom", "kept"}}));
    EXPECT_EQ(text_of(*w), "x-authorizer-user_id=(none);x-lambda-request-id=(none);x-mcp-auth-subject=(none);"
                           "x-custom=kept;");
}

TEST(identity, TrustedMetadataOfTheFrontDoorWinsOverAForgedHeader) {
    mcp::server srv({.name = "identity", .version = "1"});
    srv.add_tool({.name = "whoami", .description = "What metadata the call carried"}, whoami);
    harness h(srv);
    auto id = h.open_session();
    auto w = h.send(call_with(id, {{"x-authorizer-user_id", "root"}},
                              {{"x-authorizer-user_id", "u-1"}, {"x-lambda-request-id", "req-1"}}));
    EXPECT_EQ(text_of(*w), "x-authorizer-user_id=u-1;x-lambda-request-id=req-1;x-mcp-auth-subject=(none);"
                           "x-custom=(none);");
}

TEST(identity, ReservedNamesAreRecognisedWhateverTheirCase) {
    EXPECT_TRUE(mcp::is_reserved_metadata_name("x-authorizer-user_id"));
    EXPECT_TRUE(mcp::is_reserved_metadata_name("X-Lambda-Trace-Id"));
    EXPECT_TRUE(mcp::is_reserved_metadata_name("x-mcp-auth-scopes"));
    EXPECT_FALSE(mcp::is_reserved_metadata_name("x-authorizer"));
    EXPECT_FALSE(mcp::is_reserved_metadata_name("authorization"));
    EXPECT_FALSE(mcp::is_reserved_metadata_name("x-lambda"));
}

} // namespace
