// core::field_list: fields in one text buffer, read back as views in the list's order.
#include <mcp/core/field_list.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mcp::core {
namespace {

using owned = std::vector<std::pair<std::string, std::string>>;

TEST(FieldList, KeepsFieldsInTheOrderTheyCame) {
    field_list f;
    f.push_back("host", "127.0.0.1:8080");
    f.push_back("accept", "application/json, text/event-stream");
    f.insert(1, "content-type", "application/json");
    EXPECT_EQ(to_vector(f), (owned{{"host", "127.0.0.1:8080"},
                                   {"content-type", "application/json"},
                                   {"accept", "application/json, text/event-stream"}}));
}

TEST(FieldList, SetValueEraseAndEraseIf) {
    field_list f;
    f.push_back("a", "1");
    f.push_back("b", "2");
    f.push_back("c", "3");
    f.set_value(1, "two");
    f.erase(0);
    EXPECT_EQ(to_vector(f), (owned{{"b", "two"}, {"c", "3"}}));
    f.erase_if([](field_list::field x) { return x.first == "c"; });
    EXPECT_EQ(to_vector(f), (owned{{"b", "two"}}));
}

TEST(FieldList, LowercasesANameInPlace) {
    field_list f;
    f.push_back("Content-TYPE", "Application/JSON");
    f.lowercase_name(0);
    EXPECT_EQ(to_vector(f), (owned{{"content-type", "Application/JSON"}}));
}

TEST(FieldList, SortKeepingLastKeepsTheLastFieldOfEachName) {
    field_list f;
    for (auto [n, v] : owned{{"z", "1"}, {"a", "2"}, {"z", "3"}, {"m", "4"}, {"a", "5"}, {"z", "6"}})
        f.push_back(n, v);
    f.sort_keeping_last();
    EXPECT_EQ(to_vector(f), (owned{{"a", "5"}, {"m", "4"}, {"z", "6"}}));
}

// The buffer grows while a view into it is the text being added: the field gets the text, not freed memory.
TEST(FieldList, AddingAViewOfItselfCopiesTheTextFirst) {
    field_list f;
    f.push_back("name", std::string(64, 'v'));
    for (int i = 0; i < 50; ++i) {
        auto [name, value] = f[f.size() - 1];
        f.push_back(name, value);
    }
    ASSERT_EQ(f.size(), 51u);
    for (auto [name, value] : f) {
        EXPECT_EQ(name, "name");
        EXPECT_EQ(value, std::string(64, 'v'));
    }
}

TEST(FieldList, ComparesFieldsNotTheirBuffers) {
    field_list a, b;
    a.push_back("x", "old");
    a.set_value(0, "1"); // "old" stays in a's buffer
    b.push_back("x", "1");
    EXPECT_EQ(a, b);
    b.push_back("y", "2");
    EXPECT_FALSE(a == b);
}

} // namespace
} // namespace mcp::core
