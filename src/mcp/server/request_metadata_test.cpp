// request_metadata: names are case-insensitive (stored lowercase), whatever case a front door or middleware
// uses.
#include <mcp/server/request_metadata.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
    EXPECT_EQ(m.fields()[0].first, "x-authorizer-user");
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

TEST(RequestMetadata, FieldsAreSortedByNameWhateverTheOrderTheyWereSetIn) {
    request_metadata m;
    m.reserve(4);
    for (auto name : {"x-c", "Accept", "x-a", "mcp-session-id", "x-b"})
        m.set(name, name);
    std::vector<std::string> names;
    for (auto const& [name, value] : m.fields())
        names.emplace_back(name);
    EXPECT_EQ(names, (std::vector<std::string>{"accept", "mcp-session-id", "x-a", "x-b", "x-c"}));
    EXPECT_EQ(m.get("ACCEPT"), "Accept");
    EXPECT_EQ(m.get("x-b"), "x-b");
    EXPECT_FALSE(m.get("x-d"));
    EXPECT_FALSE(m.get("a"));
}

TEST(RequestMetadata, AnAbsentNameIsNullopt) {
    request_metadata m;
    m.set("host", "localhost");
    EXPECT_FALSE(m.get("origin"));
    EXPECT_FALSE(m.get("Origin"));
}

// from_fields is set() of each field in turn, without copying the text: the same fields, whatever the order,
// the case and the repeats.
TEST(RequestMetadata, FromFieldsIsSetOfEachFieldInTurn) {
    using list = std::vector<std::pair<std::string, std::string>>;
    std::vector<list> cases = {
        {},
        {{"accept", "a"}},
        {{"X-B", "1"}, {"a", "2"}, {"x-b", "3"}, {"A", "4"}, {"c", "5"}},
        {{"z", "1"}, {"z", "2"}, {"z", "3"}},
        {{"mcp-protocol-version", "2025-11-25"}, {"Accept", "x"}, {"host", "h"}, {"accept", "y"}, {"HOST", "g"}},
    };
    for (auto const& fields : cases) {
        request_metadata one_by_one;
        core::field_list taken;
        for (auto const& [name, value] : fields) {
            one_by_one.set(name, value);
            taken.push_back(name, value);
        }
        auto from = request_metadata::from_fields(std::move(taken));
        EXPECT_EQ(core::to_vector(from.fields()), core::to_vector(one_by_one.fields()));
    }
}

// A value set from a view into the metadata itself survives the buffer moving under it.
TEST(RequestMetadata, SetFromItsOwnViewKeepsTheText) {
    request_metadata m;
    m.set("a", std::string(100, 'x'));
    for (int i = 0; i < 20; ++i)
        m.set("b" + std::to_string(i), *m.get("a"));
    EXPECT_EQ(m.get("b19"), std::string(100, 'x'));
    m.set("a", *m.get("b3"));
    EXPECT_EQ(m.get("a"), std::string(100, 'x'));
}

} // namespace
} // namespace mcp
