// session_state keeps what it is given in the default storage: a value taken from a request's params lives
// in the request's arena, which is not synchronised, and get() copies values on any thread.
#include <mcp/server/session_state.hpp>

#include <mcp/json/arena.hpp>

#include <gtest/gtest.h>

namespace mcp {
namespace {

TEST(SessionState, AValueFromARequestsArenaIsKeptInTheDefaultStorage) {
    session_state state;
    std::optional<boost::json::value> told;
    state.observe([&](std::string const&, std::optional<boost::json::value> const& v) { told = v; });
    auto arena = json::make_message_arena();
    auto params = boost::json::parse(R"({"user":{"name":"a name longer than a small string"}})", arena);
    state.set("user", params.at("user"));
    auto kept = state.get("user");
    ASSERT_TRUE(kept);
    EXPECT_EQ(kept->storage().get(), boost::json::storage_ptr().get());
    EXPECT_EQ(kept->at("name").as_string(), "a name longer than a small string");
    ASSERT_TRUE(told);
    EXPECT_EQ(told->storage().get(), boost::json::storage_ptr().get());
    EXPECT_EQ(state.snapshot().at("user").storage().get(), boost::json::storage_ptr().get());
}

TEST(SessionState, SetGetAndErase) {
    session_state state;
    state.set("n", 1);
    EXPECT_EQ(state.get("n"), boost::json::value(1));
    EXPECT_TRUE(state.erase("n"));
    EXPECT_FALSE(state.get("n"));
    EXPECT_FALSE(state.erase("n"));
}

} // namespace
} // namespace mcp
