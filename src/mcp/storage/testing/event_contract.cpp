// The event store's contract (event_store.hpp): per-stream numbering, replay after a sequence, bounds,
// forget.
#include <mcp/storage/testing/store_contract.hpp>

namespace mcp::storage::testing {

std::vector<std::uint64_t> sequences(std::vector<stored_event> const& events) {
    std::vector<std::uint64_t> out;
    for (auto const& e : events)
        out.push_back(e.sequence);
    return out;
}

namespace {

std::uint64_t append(event_store& e, std::string session, std::string stream, std::string data) {
    return run(e.append(std::move(session), std::move(stream), std::move(data))).value();
}

std::vector<stored_event> after(event_store& e, std::string session, std::string stream,
                                std::uint64_t sequence) {
    return run(e.after(std::move(session), std::move(stream), sequence)).value();
}

using seqs = std::vector<std::uint64_t>;

TEST_P(store_contract, NumbersEventsPerStreamFromOneWithoutGaps) {
    auto e = make().events;
    EXPECT_EQ(append(*e, "s", "x", "x1"), 1u);
    EXPECT_EQ(append(*e, "s", "y", "y1"), 1u);
    EXPECT_EQ(append(*e, "s", "x", "x2"), 2u);
    EXPECT_EQ(append(*e, "s", "x", "x3"), 3u);
    EXPECT_EQ(append(*e, "s", "y", "y2"), 2u);
}

TEST_P(store_contract, NumbersEachSessionsStreamsSeparately) {
    auto e = make().events;
    EXPECT_EQ(append(*e, "s1", "x", "a"), 1u);
    EXPECT_EQ(append(*e, "s2", "x", "b"), 1u);
    EXPECT_EQ(append(*e, "s1", "x", "c"), 2u);
}

TEST_P(store_contract, AfterReturnsOnlyThatStreamsLaterEventsInOrder) {
    auto e = make().events;
    for (auto d : {"a1", "a2", "a3", "a4"})
        append(*e, "s", "a", d);
    append(*e, "s", "b", "b1");
    append(*e, "other", "a", "o1");
    auto events = after(*e, "s", "a", 1);
    ASSERT_EQ(sequences(events), (seqs{2, 3, 4}));
    EXPECT_EQ(events[0].data, "a2");
    EXPECT_EQ(events[2].data, "a4");
}

TEST_P(store_contract, AfterZeroReturnsTheWholeStream) {
    auto e = make().events;
    for (auto d : {"a1", "a2"})
        append(*e, "s", "a", d);
    EXPECT_EQ(sequences(after(*e, "s", "a", 0)), (seqs{1, 2}));
}

TEST_P(store_contract, AfterTheLastEventReturnsNothing) {
    auto e = make().events;
    for (auto d : {"a1", "a2"})
        append(*e, "s", "a", d);
    EXPECT_TRUE(after(*e, "s", "a", 2).empty());
    EXPECT_TRUE(after(*e, "s", "a", 99).empty());
}

TEST_P(store_contract, EventDataRoundTripsExactly) {
    auto e = make().events;
    std::string unicode =
        R"({"jsonrpc":"2.0","method":"notifications/message","params":{"data":"héllo ✓ 日本 🙂"}})";
    std::string large = R"({"jsonrpc":"2.0","id":1,"result":{"text":")" + std::string(300'000, 'x') + "\"}}";
    std::string binary("a\0b\r\n\xff", 6);
    append(*e, "s", "a", unicode);
    append(*e, "s", "a", large);
    append(*e, "s", "a", binary);
    auto events = after(*e, "s", "a", 0);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].data, unicode);
    EXPECT_EQ(events[1].data, large);
    EXPECT_EQ(events[2].data, binary);
}

TEST_P(store_contract, UnknownSessionHasNoEvents) {
    auto e = make().events;
    append(*e, "s", "a", "1");
    EXPECT_TRUE(after(*e, "never-seen", "a", 0).empty());
}

TEST_P(store_contract, UnknownStreamHasNoEvents) {
    auto e = make().events;
    append(*e, "s", "a", "1");
    EXPECT_TRUE(after(*e, "s", "never-seen", 0).empty());
}

TEST_P(store_contract, ForgetDropsEveryStreamOfTheSession) {
    auto e = make().events;
    append(*e, "s", "a", "1");
    append(*e, "s", "b", "1");
    ASSERT_TRUE(run(e->forget("s")));
    EXPECT_TRUE(after(*e, "s", "a", 0).empty());
    EXPECT_TRUE(after(*e, "s", "b", 0).empty());
}

TEST_P(store_contract, ForgetLeavesOtherSessionsAlone) {
    auto e = make().events;
    append(*e, "s", "a", "1");
    append(*e, "t", "a", "1");
    ASSERT_TRUE(run(e->forget("s")));
    EXPECT_EQ(after(*e, "t", "a", 0).size(), 1u);
}

TEST_P(store_contract, ForgetOfAnUnknownSessionSucceeds) {
    auto e = make().events;
    EXPECT_TRUE(run(e->forget("never-seen")));
}

TEST_P(store_contract, BoundDropsTheSessionsOldestEventsFirstAcrossStreams) {
    auto e = make({.max_events_per_session = 3}).events;
    append(*e, "s", "a", "a1");
    append(*e, "s", "b", "b1");
    append(*e, "s", "a", "a2");
    append(*e, "s", "b", "b2"); // a1 goes: the oldest of the session, whatever its stream
    EXPECT_EQ(sequences(after(*e, "s", "a", 0)), (seqs{2}));
    EXPECT_EQ(sequences(after(*e, "s", "b", 0)), (seqs{1, 2}));
}

TEST_P(store_contract, BoundNeverRenumbers) {
    auto e = make({.max_events_per_session = 2}).events;
    for (auto d : {"1", "2", "3", "4"})
        append(*e, "s", "a", d);
    auto kept = after(*e, "s", "a", 0);
    ASSERT_EQ(sequences(kept), (seqs{3, 4}));
    EXPECT_EQ(kept[0].data, "3");
    EXPECT_EQ(append(*e, "s", "a", "5"), 5u);
}

TEST_P(store_contract, AfterADroppedRangeReturnsWhatIsLeft) {
    auto e = make({.max_events_per_session = 2}).events;
    for (auto d : {"1", "2", "3", "4"})
        append(*e, "s", "a", d);
    EXPECT_EQ(sequences(after(*e, "s", "a", 1)), (seqs{3, 4}));
}

TEST_P(store_contract, ZeroBoundKeepsEveryEvent) {
    auto e = make({.max_events_per_session = 0}).events;
    for (int i = 0; i < 1'050; ++i) // more than the default bound
        append(*e, "s", "a", std::to_string(i));
    auto kept = after(*e, "s", "a", 0);
    ASSERT_EQ(kept.size(), 1'050u);
    EXPECT_EQ(kept.front().data, "0");
}

TEST_P(store_contract, BoundIsPerSession) {
    auto e = make({.max_events_per_session = 2}).events;
    for (auto d : {"1", "2"})
        append(*e, "s", "a", d);
    for (auto d : {"1", "2", "3"})
        append(*e, "t", "a", d);
    EXPECT_EQ(sequences(after(*e, "s", "a", 0)), (seqs{1, 2}));
}

} // namespace
} // namespace mcp::storage::testing
