// The message arena: values parsed into it and their copies share it, it lives as long as the last of them,
// a message bigger than the first buffer still parses, and a copy into the default storage leaves it.
// (Use after free here is what ASan would report.)
#include <mcp/json/arena.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>

namespace mcp::json {
namespace {

boost::json::value parse_into(std::string const& text, boost::json::storage_ptr sp) {
    return boost::json::parse(text, std::move(sp));
}

TEST(MessageArena, ValuesParsedIntoItAndTheirCopiesShareIt) {
    auto arena = make_message_arena();
    auto v = parse_into(R"({"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}})", arena);
    EXPECT_EQ(v.storage().get(), arena.get());
    boost::json::object params = v.at("params").as_object(); // a copy keeps the source's storage
    EXPECT_EQ(params.storage().get(), arena.get());
    boost::json::object kept(params, boost::json::storage_ptr());
    EXPECT_NE(kept.storage().get(), arena.get());
    EXPECT_EQ(kept, params);
}

TEST(MessageArena, ACopyOutlivesTheMessageAndTheArenaHandle) {
    boost::json::value copy;
    {
        auto arena = make_message_arena();
        auto v = parse_into(R"({"arguments":{"text":"a string longer than any small-string buffer"}})", arena);
        copy = boost::json::value(v.at("arguments"), v.storage());
    }
    EXPECT_EQ(copy.at("text").as_string(), "a string longer than any small-string buffer");
}

TEST(MessageArena, AMessageBiggerThanTheFirstBufferTakesMoreBlocks) {
    std::string big = R"({"items":[)";
    for (int i = 0; i < 2000; ++i)
        big += (i ? "," : "") + std::string(R"({"key":"value number )") + std::to_string(i) + R"("})";
    big += "]}";
    ASSERT_GT(big.size(), 20 * message_arena_first_block);
    auto v = parse_into(big, make_message_arena());
    auto const& items = v.at("items").as_array();
    ASSERT_EQ(items.size(), 2000u);
    EXPECT_EQ(items.back().at("key").as_string(), "value number 1999");
}

TEST(MessageArena, EachMessageHasItsOwn) {
    EXPECT_NE(make_message_arena().get(), make_message_arena().get());
}

} // namespace
} // namespace mcp::json
