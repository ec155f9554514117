// What the DynamoDB session store must read beyond the session contract: items written by an earlier version,
// whose record lacks fields added since. On the shared dynalite of scripts/services.
#include "dynamodb_test_support.hpp"

#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <gtest/gtest.h>

namespace {

namespace json = boost::json;
using namespace mcp;
using namespace mcp::storage;
using mcp::storage::testing::background;

template <class T>
T run(task<T> t) {
    return background::instance().run(std::move(t));
}

// A session item as the version before lists_seen (and principal) wrote it: sessions live across an upgrade.
json::object item_without_lists_seen(std::string const& id) {
    auto const record = json::serialize(json::object{{"protocol_version", "2025-11-25"},
                                                     {"client_info", {{"name", "old-client"}}},
                                                     {"client_capabilities", json::object{}},
                                                     {"operational", true},
                                                     {"log_level", "info"},
                                                     {"subscriptions", json::array{"file:///a"}},
                                                     {"state", {{"k", 1}}}});
    auto const expires = detail::now_ms() + 3'600'000;
    return {{"id", aws::string_attribute(id)},
            {"record", aws::binary_attribute(record)},
            {"revision", aws::number_attribute(4)},
            {"expires_ms", aws::number_attribute(expires)},
            {"ttl", aws::number_attribute(detail::ttl_seconds(expires))},
            {"write_id", aws::string_attribute("0123456789abcdef0123456789abcdef")}};
}

TEST(dynamodb_session, AnItemWrittenBeforeListsSeenLoadsWithNoneSeen) {
    auto options = mcp::storage::testing::fresh_tables("mcp-sessions-old");
    options.limits.max_sessions = 0;
    auto opened = run(open_dynamodb(background::instance().executor(), options));
    ASSERT_TRUE(opened) << opened.error().message();
    auto client = aws::dynamodb_client::create(background::instance().executor(), options.client);
    json::object put{{"TableName", options.sessions_table}, {"Item", item_without_lists_seen("old")}};
    ASSERT_TRUE(run(client->call("PutItem", std::move(put))));
    auto loaded = run(opened->sessions->load("old"));
    ASSERT_TRUE(loaded) << loaded.error().message();
    ASSERT_TRUE(*loaded);
    EXPECT_TRUE((*loaded)->lists_seen.empty());
    EXPECT_EQ((*loaded)->log_level, "info");
    EXPECT_EQ((*loaded)->revision, 4);
    auto r = std::move(**loaded);
    r.lists_seen = {{"tools", "5a1f"}};
    ASSERT_TRUE(run(opened->sessions->save(r))) << "and it saves in the new layout";
    EXPECT_EQ(run(opened->sessions->load("old")).value()->lists_seen, r.lists_seen);
}

// Sessions created before they were bound to a principal belong to no one ("") and stay so when saved.
TEST(dynamodb_session, AnItemWrittenBeforePrincipalLoadsAsNoOne) {
    auto options = mcp::storage::testing::fresh_tables("mcp-sessions-unbound");
    options.limits.max_sessions = 0;
    auto opened = run(open_dynamodb(background::instance().executor(), options));
    ASSERT_TRUE(opened) << opened.error().message();
    auto client = aws::dynamodb_client::create(background::instance().executor(), options.client);
    json::object put{{"TableName", options.sessions_table}, {"Item", item_without_lists_seen("old")}};
    ASSERT_TRUE(run(client->call("PutItem", std::move(put))));
    auto loaded = run(opened->sessions->load("old"));
    ASSERT_TRUE(loaded) << loaded.error().message();
    ASSERT_TRUE(*loaded);
    EXPECT_EQ((*loaded)->principal, "");
    auto r = std::move(**loaded);
    r.principal = "mallory";
    ASSERT_TRUE(run(opened->sessions->save(r)));
    EXPECT_EQ(run(opened->sessions->load("old")).value()->principal, "") << "a save binds no one";
}

} // namespace
