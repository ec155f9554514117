// request_metadata: names are case-insensitive (stored lowercase), whatever case a front door or middleware
// uses.
#include <mcp/server/request_metadata.hpp>

#include <gtest/gtest.h>

namespace mcp {
namespace {

TEST(RequestMetadata, FindsALowercaseNameWhateverCaseTheLookupUses) {
    request_metadata m;
    m.set("x-api-key", "k1");
    EXPECT_EQ(m.get("x-api-key"), "k1");
    EXPECT_EQ(m.get("X-Api-Key"), "k1");
}

TEST(RequestMetadata, StoresAMixedCaseNameLowercase) {
    request_metadata m;
    m.set("X-Authorizer-User", "ana");
    ASSERT_EQ(m.fields().size(), 1u);
    EXPECT_EQ(m.fields().begin()->first, "x-authorizer-user");
    EXPECT_EQ(m.get("x-authorizer-user"), "ana");
}

TEST(RequestMetadata, SetReplacesTheValueOfTheSameNameInAnyCase) {
    request_metadata m;
    m.set("accept", "a");
    m.set("Accept", "b");
    m.set("accept", "c");
    ASSERT_EQ(m.fields().size(), 1u);
    EXPECT_EQ(m.get("ACCEPT"), "c");
}

TEST(RequestMetadata, EraseRemovesANameInAnyCase) {
    request_metadata m;
    m.set("x-one", "1");
    m.set("x-two", "2");
    m.erase("X-One");
    m.erase("x-two");
    EXPECT_FALSE(m.get("x-one"));
    EXPECT_FALSE(m.get("x-two"));
    EXPECT_TRUE(m.fields().empty());
}

TEST(RequestMetadata, AnAbsentNameIsNullopt) {
    request_metadata m;
    m.set("host", "localhost");
    EXPECT_FALSE(m.get("origin"));
    EXPECT_FALSE(m.get("Origin"));
}

} // namespace
} // namespace mcp
