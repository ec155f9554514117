// A store that goes down and comes back: requests get 503 with a JSON-RPC error meanwhile, nothing crashes,
// and service resumes. The outage is simulated by a switchable wrapper around the memory stores (the durable
// backends' own unreachable cases are in their contract suites).
#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/storage/memory/memory_store.hpp>

#include <gtest/gtest.h>

#include <atomic>

namespace {

using namespace mcp::http;
using mcp::http::testing::harness;

mcp::storage::error down() {
    return mcp::storage::error(mcp::storage::errc::unavailable, "Session store unreachable (test)");
}

class switchable_sessions : public mcp::storage::session_store {
public:
    std::atomic<bool> up{true};
    mcp::task<mcp::storage::result<>> create(mcp::storage::session_record r) override {
        if (!up)
            co_return down();
        co_return co_await inner_.create(std::move(r));
    }
    mcp::task<mcp::storage::result<std::optional<mcp::storage::session_record>>>
    load(std::string id) override {
        if (!up)
            co_return down();
        co_return co_await inner_.load(std::move(id));
    }
    mcp::task<mcp::storage::result<>> save(mcp::storage::session_record& r) override {
        if (!up)
            co_return down();
        co_return co_await inner_.save(r);
    }
    mcp::task<mcp::storage::result<bool>> terminate(std::string id) override {
        if (!up)
            co_return down();
        co_return co_await inner_.terminate(std::move(id));
    }

private:
    mcp::storage::memory_session_store inner_;
};

std::string echo() {
    return "pong";
}

TEST(store_outage, RequestsGet503WhileTheStoreIsDownAndServiceResumes) {
    mcp::server srv({.name = "outage", .version = "1"});
    srv.add_tool({.name = "echo", .description = "Echo"}, echo);
    auto sessions = std::make_shared<switchable_sessions>();
    harness h(srv, {}, {.sessions = sessions});
    auto id = h.open_session();
    auto call = R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}})";

    sessions->up = false;
    auto during = h.post(call, id);
    EXPECT_EQ(during->status, 503);
    EXPECT_EQ(during->json().at("error").at("code"), mcp::protocol::code::store_unavailable);
    auto init =
        h.post(R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
               R"("capabilities":{},"clientInfo":{"name":"t","version":"0"}}})");
    EXPECT_EQ(init->status, 503);
    EXPECT_EQ(h.send({"DELETE", "/mcp", {{"mcp-session-id", id}}, "", ""})->status, 503);

    sessions->up = true;
    auto after = h.post(call, id);
    EXPECT_EQ(after->status, 200) << "the session was not lost";
    EXPECT_EQ(after->json().at("result").at("content").at(0).at("text"), "pong");
}

} // namespace
