#include <mcp/client/line_splitter.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mcp::transport {
namespace {

struct split {
    explicit split(std::size_t max, line_splitter::overflow mode = line_splitter::overflow::skip)
        : splitter(max, mode) {}

    void feed(std::string_view bytes) {
        splitter.feed(
            bytes, [this](std::string_view l) { lines.emplace_back(l); }, [this] { ++overlong; });
    }

    line_splitter splitter;
    std::vector<std::string> lines;
    int overlong = 0;
};

TEST(LineSplitter, JoinsALineSpreadOverChunks) {
    split s(100);
    s.feed("{\"a\":");
    s.feed("1}\n{\"b\"");
    s.feed(":2}\n");
    EXPECT_EQ(s.lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"}));
}

TEST(LineSplitter, KeepsEmptyLinesAndCarriageReturnsForTheCaller) {
    split s(100);
    s.feed("a\r\n\nb\n");
    EXPECT_EQ(s.lines, (std::vector<std::string>{"a\r", "", "b"}));
}

TEST(LineSplitter, AcceptsALineOfExactlyTheLimit) {
    split s(8);
    s.feed("12345");
    s.feed("678\n");
    EXPECT_EQ(s.lines, (std::vector<std::string>{"12345678"}));
    EXPECT_EQ(s.overlong, 0);
}

TEST(LineSplitter, SkipsAnOverlongLineWholeAndResumesAfterItsNewline) {
    split s(8);
    s.feed("12345");
    s.feed("6789");
    s.feed("more and more");
    s.feed(" and the end\nok\n");
    EXPECT_EQ(s.lines, (std::vector<std::string>{"ok"}));
    EXPECT_EQ(s.overlong, 1);
}

TEST(LineSplitter, SkipsAnOverlongLineInsideOneChunk) {
    split s(4);
    s.feed("123456789\nabc\n");
    EXPECT_EQ(s.lines, (std::vector<std::string>{"abc"}));
    EXPECT_EQ(s.overlong, 1);
}

TEST(LineSplitter, NeverAllocatesPastTheBound) {
    split s(1000);
    std::string chunk(300, 'x');
    for (int i = 0; i < 20; ++i) {
        s.feed(chunk);
        EXPECT_LE(s.splitter.capacity(), 1000u);
        EXPECT_LE(s.splitter.buffered(), 1000u);
    }
    s.feed("\n");
    for (int i = 0; i < 999; ++i) {
        s.feed("y");
        ASSERT_LE(s.splitter.capacity(), 1000u);
    }
    s.feed("\n");
    ASSERT_EQ(s.lines.size(), 1u);
    EXPECT_EQ(s.lines[0], std::string(999, 'y'));
    EXPECT_EQ(s.overlong, 1);
}

TEST(LineSplitter, TruncatesAnOverlongLineInTruncateMode) {
    split s(4, line_splitter::overflow::truncate);
    s.feed("12");
    s.feed("3456789\nab\n");
    EXPECT_EQ(s.lines, (std::vector<std::string>{"1234", "ab"}));
    EXPECT_EQ(s.overlong, 1);
}

TEST(LineSplitter, FinishReturnsAnUnterminatedLastLine) {
    split s(100);
    s.feed("a\nlast");
    EXPECT_EQ(s.splitter.finish(), std::optional<std::string>("last"));
    EXPECT_EQ(s.splitter.finish(), std::nullopt);
}

TEST(LineSplitter, FinishDropsAnOverlongLastLine) {
    split s(3);
    s.feed("abcdef");
    EXPECT_EQ(s.splitter.finish(), std::nullopt);
    EXPECT_EQ(s.overlong, 1);
}

} // namespace
} // namespace mcp::transport
