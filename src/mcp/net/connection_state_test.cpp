// The connection's pure state machine: every state against every event, then one test per invariant of
// connection_state.hpp. No sockets.
#include <bit>
#include <mcp/net/connection_state.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace mcp::net::detail;

std::vector<conn_state> all_states() {
    std::vector<conn_state> out;
    for (int p = 0; p < conn_phase_count; ++p)
        for (int w = 0; w < watch_phase_count; ++w)
            for (int bits = 0; bits < 256; ++bits) {
                conn_state s;
                s.phase = static_cast<conn_phase>(p);
                s.watch = static_cast<watch_phase>(w);
                s.stopping = bits & 1;
                s.peer_gone = bits & 2;
                s.request.head = bits & 4;
                s.request.http10 = bits & 8;
                s.keep = bits & 16;
                s.first = bits & 32;
                s.woken = bits & 64;
                s.request.get = bits & 128;
                out.push_back(s);
            }
    return out;
}

std::vector<conn_input> all_inputs() {
    std::vector<conn_input> out;
    for (int bits = 0; bits < 8; ++bits)
        out.push_back({.request = {.http10 = true, .get = true},
                       .asks_close = bool(bits & 1),
                       .empty = bool(bits & 2),
                       .buffer_full = bool(bits & 4)});
    return out;
}

bool handler_runs(conn_phase p) {
    return p == conn_phase::awaiting_answer || p == conn_phase::responded || p == conn_phase::streaming ||
           p == conn_phase::finished;
}

// Written from today's connection, independently of connection_state.cpp: where an event is allowed.
bool allowed(conn_state const& s, conn_event e) {
    using enum conn_event;
    auto p = s.phase;
    switch (e) {
    case opened:
        return p == conn_phase::idle && s.first;
    case bytes:
        return p == conn_phase::idle;
    case read_failed:
        return p == conn_phase::idle || p == conn_phase::reading;
    case expect_continue:
    case body_follows:
    case request_read:
    case body_too_large:
    case header_too_large:
    case malformed:
        return p == conn_phase::reading;
    case respond:
    case start:
        return p == conn_phase::awaiting_answer;
    case stream_head_sent:
        return p == conn_phase::streaming && s.watch == watch_phase::off;
    case write:
    case finish:
        return p == conn_phase::streaming;
    case watch_bytes:
    case watch_failed:
        return s.watch != watch_phase::off;
    case watch_joined:
        return p == conn_phase::settling;
    case handler_done:
    case handler_failed:
    case handler_cancelled:
        return handler_runs(p);
    case write_failed:
    case shutdown:
    case force_close:
    case ended:
        return true;
    }
    return false;
}

constexpr conn_action writes = act_send_100 | act_send_error | act_write_response | act_write_response_head |
                               act_write_stream_head | act_write_raw_stream_head | act_write_chunk |
                               act_write_raw | act_write_last_chunk;

TEST(ConnectionState, EveryStateAndEventGiveADefinedStep) {
    int checked = 0;
    for (auto const& s : all_states())
        for (int ev = 0; ev < conn_event_count; ++ev)
            for (auto const& in : all_inputs()) {
                auto e = static_cast<conn_event>(ev);
                auto st = step(s, e, in);
                auto where = [&] { return std::string(name_of(s.phase)) + " x " + std::string(name_of(e)); };
                ++checked;
                if (!allowed(s, e)) {
                    ASSERT_EQ(st.actions, act_misuse) << where();
                    ASSERT_EQ(st.next, s) << where() << ": misuse changes nothing";
                    continue;
                }
                ASSERT_FALSE(st.has(act_misuse)) << where();
                ASSERT_FALSE(st.has(act_close) && e != conn_event::force_close && e != conn_event::ended)
                    << where();
                ASSERT_FALSE(st.has(act_wake_handler) && !handler_runs(s.phase)) << where();
                ASSERT_FALSE(st.has(act_send_error) && st.status == 0) << where();
                ASSERT_FALSE(s.peer_gone && !st.next.peer_gone) << where() << ": peer_gone is never cleared";
                ASSERT_FALSE(s.stopping && !st.next.stopping) << where() << ": stopping is never cleared";
                ASSERT_FALSE(st.has(act_read_idle) && st.next.phase != conn_phase::idle) << where();
                ASSERT_LE(std::popcount(static_cast<std::uint32_t>(st.actions & writes)), 1)
                    << where() << ": one write at a time on the socket";
                ASSERT_FALSE(st.next.phase == conn_phase::closed &&
                             st.has(act_read_idle | act_read_request | act_read_body))
                    << where();
            }
    EXPECT_EQ(checked, conn_phase_count * watch_phase_count * 256 * conn_event_count * 8);
}

TEST(ConnectionState, EveryPhaseAndEventHasAName) {
    for (int p = 0; p < conn_phase_count; ++p)
        EXPECT_FALSE(name_of(static_cast<conn_phase>(p)).empty());
    for (int e = 0; e < conn_event_count; ++e)
        EXPECT_FALSE(name_of(static_cast<conn_event>(e)).empty());
    EXPECT_EQ(name_of(conn_event::ended), "ended");
}

conn_state in_phase(conn_phase p, request_facts r = {}) {
    conn_state s;
    s.phase = p;
    s.request = r;
    s.first = false;
    return s;
}

TEST(ConnectionState, KeepAliveOnlyWhenRequestAllowsAndNotStoppingNorAskedToClose) {
    auto s = in_phase(conn_phase::awaiting_answer);
    EXPECT_TRUE(step(s, conn_event::respond).next.keep);
    EXPECT_FALSE(step(s, conn_event::respond, {.asks_close = true}).next.keep);
    auto closing = in_phase(conn_phase::awaiting_answer, {.keep_alive = false});
    EXPECT_FALSE(step(closing, conn_event::respond).next.keep);
    auto stopping = s;
    stopping.stopping = true;
    EXPECT_FALSE(step(stopping, conn_event::respond).next.keep);
    EXPECT_FALSE(step(stopping, conn_event::start).next.keep);
}

TEST(ConnectionState, Http10StreamIsRawAndNeverKeptAlive) {
    auto s = in_phase(conn_phase::awaiting_answer, {.http10 = true, .keep_alive = true});
    auto st = step(s, conn_event::start);
    EXPECT_FALSE(st.next.keep);
    EXPECT_TRUE(st.has(act_write_raw_stream_head));
    EXPECT_TRUE(step(st.next, conn_event::write).has(act_write_raw));
    EXPECT_TRUE(step(s, conn_event::respond).next.keep) << "a one-piece HTTP/1.0 answer may keep alive";
}

TEST(ConnectionState, WriteAfterPeerGoneOrStoppingDoesNothingAndReturnsFalse) {
    auto gone = in_phase(conn_phase::streaming);
    gone.peer_gone = true;
    auto stopping = in_phase(conn_phase::streaming);
    stopping.stopping = true;
    for (auto const& s : {gone, stopping}) {
        auto st = step(s, conn_event::write);
        EXPECT_EQ(st.actions, act_none);
        EXPECT_FALSE(st.result);
        EXPECT_EQ(st.next, s);
    }
}

TEST(ConnectionState, EmptyOrHeadWriteDoesNothingAndReturnsTrue) {
    auto s = in_phase(conn_phase::streaming);
    auto empty = step(s, conn_event::write, {.empty = true});
    EXPECT_EQ(empty.actions, act_none);
    EXPECT_TRUE(empty.result);
    auto head = step(in_phase(conn_phase::streaming, {.head = true}), conn_event::write);
    EXPECT_EQ(head.actions, act_none);
    EXPECT_TRUE(head.result);
    auto chunk = step(s, conn_event::write);
    EXPECT_EQ(chunk.actions, act_write_chunk);
    EXPECT_EQ(chunk.timer, conn_timer::body);
}

TEST(ConnectionState, FinishWritesTheLastChunkUnlessPeerGoneHeadOrHttp10) {
    auto s = in_phase(conn_phase::streaming);
    EXPECT_EQ(step(s, conn_event::finish).actions, act_write_last_chunk);
    auto gone = s;
    gone.peer_gone = true;
    EXPECT_EQ(step(gone, conn_event::finish).actions, act_none);
    EXPECT_EQ(step(in_phase(conn_phase::streaming, {.head = true}), conn_event::finish).actions, act_none);
    EXPECT_EQ(step(in_phase(conn_phase::streaming, {.http10 = true}), conn_event::finish).actions, act_none);
    EXPECT_EQ(step(s, conn_event::finish).next.phase, conn_phase::finished);
}

TEST(ConnectionState, ShutdownActsOnlyWhenIdleOrStreamingAndOnce) {
    for (int p = 0; p < conn_phase_count; ++p) {
        auto s = in_phase(static_cast<conn_phase>(p));
        auto st = step(s, conn_event::shutdown);
        EXPECT_TRUE(st.next.stopping);
        auto expected = s.phase == conn_phase::idle        ? act_cancel_read
                        : s.phase == conn_phase::streaming ? act_wake_handler
                                                           : act_none;
        EXPECT_EQ(st.actions, expected) << name_of(s.phase);
        EXPECT_EQ(step(st.next, conn_event::shutdown).actions, act_none) << "a second shutdown does nothing";
    }
}

TEST(ConnectionState, ForceCloseAlwaysClosesAndWakesARunningHandler) {
    for (int p = 0; p < conn_phase_count; ++p) {
        auto s = in_phase(static_cast<conn_phase>(p));
        auto st = step(s, conn_event::force_close);
        EXPECT_TRUE(st.has(act_close));
        EXPECT_TRUE(st.next.stopping);
        EXPECT_EQ(st.has(act_wake_handler), handler_runs(s.phase)) << name_of(s.phase);
    }
}

TEST(ConnectionState, HandlerDoneWithoutResponseGets500AndCloses) {
    for (auto e : {conn_event::handler_done, conn_event::handler_failed, conn_event::handler_cancelled}) {
        auto st = step(in_phase(conn_phase::awaiting_answer), e);
        EXPECT_EQ(st.actions, act_send_error);
        EXPECT_EQ(st.status, 500);
        EXPECT_EQ(st.next.phase, conn_phase::closed);
    }
}

TEST(ConnectionState, HandlerEndingMidStreamGetsTheLastChunkUnlessItFailed) {
    auto s = in_phase(conn_phase::streaming);
    auto done = step(s, conn_event::handler_done);
    EXPECT_EQ(done.actions, act_write_last_chunk);
    EXPECT_EQ(done.next.phase, conn_phase::closed);
    EXPECT_EQ(step(s, conn_event::handler_failed).actions, act_none);
    EXPECT_EQ(step(s, conn_event::handler_cancelled).actions, act_none) << "not woken: a failure";
    auto woken = step(s, conn_event::shutdown).next;
    EXPECT_EQ(step(woken, conn_event::handler_cancelled).actions, act_write_last_chunk);
}

TEST(ConnectionState, NextRequestOnlyWhenKeptAliveAndPeerHereAndHandlerSucceeded) {
    auto responded = step(in_phase(conn_phase::awaiting_answer), conn_event::respond).next;
    auto next = step(responded, conn_event::handler_done);
    EXPECT_EQ(next.next.phase, conn_phase::idle);
    EXPECT_EQ(next.actions, act_read_idle);
    EXPECT_EQ(next.timer, conn_timer::idle);
    EXPECT_EQ(step(responded, conn_event::handler_failed).next.phase, conn_phase::closed);
    auto gone = step(responded, conn_event::write_failed).next;
    EXPECT_EQ(step(gone, conn_event::handler_done).next.phase, conn_phase::closed);
    auto stopping = step(responded, conn_event::shutdown).next;
    EXPECT_EQ(step(stopping, conn_event::handler_done).next.phase, conn_phase::closed);
}

TEST(ConnectionState, FinishedStreamStopsTheWatchBeforeTheNextRequest) {
    auto s = in_phase(conn_phase::awaiting_answer);
    s = step(s, conn_event::start).next;
    auto armed = step(s, conn_event::stream_head_sent);
    EXPECT_TRUE(armed.has(act_arm_watch));
    EXPECT_EQ(armed.timer, conn_timer::never);
    s = step(armed.next, conn_event::finish).next;
    auto end = step(s, conn_event::handler_done);
    EXPECT_EQ(end.actions, act_cancel_watch);
    EXPECT_EQ(end.next.phase, conn_phase::settling);
    auto stopped = step(end.next, conn_event::watch_failed);
    EXPECT_EQ(stopped.actions, act_watch_stopped);
    EXPECT_FALSE(stopped.next.peer_gone) << "our own cancel is not the client leaving";
    auto joined = step(stopped.next, conn_event::watch_joined);
    EXPECT_EQ(joined.actions, act_read_idle);
    EXPECT_EQ(joined.next.phase, conn_phase::idle);
}

TEST(ConnectionState, WatchErrorMeansPeerGoneAndBytesRearmUntilTheLimit) {
    auto s = in_phase(conn_phase::streaming);
    s.watch = watch_phase::armed;
    EXPECT_EQ(step(s, conn_event::watch_bytes).actions, act_arm_watch);
    auto full = step(s, conn_event::watch_bytes, {.buffer_full = true});
    EXPECT_EQ(full.actions, act_none);
    EXPECT_EQ(full.next.watch, watch_phase::off);
    EXPECT_FALSE(full.next.peer_gone);
    auto failed = step(s, conn_event::watch_failed);
    EXPECT_TRUE(failed.next.peer_gone);
    EXPECT_EQ(failed.next.watch, watch_phase::off);
}

TEST(ConnectionState, EndedStopsAPendingWatchWithoutCallingThePeerGone) {
    auto s = in_phase(conn_phase::closed);
    s.watch = watch_phase::armed;
    auto end = step(s, conn_event::ended);
    EXPECT_EQ(end.actions, act_close);
    EXPECT_EQ(end.next.watch, watch_phase::stopping);
    EXPECT_FALSE(step(end.next, conn_event::watch_failed).next.peer_gone);
}

TEST(ConnectionState, RejectedRequestsGetTheirStatusThenLinger) {
    auto s = in_phase(conn_phase::reading);
    for (auto [e, status] :
         {std::pair{conn_event::body_too_large, 413}, std::pair{conn_event::header_too_large, 431},
          std::pair{conn_event::malformed, 400}}) {
        auto st = step(s, e);
        EXPECT_EQ(st.actions, act_send_error | act_linger);
        EXPECT_EQ(st.status, status);
        EXPECT_EQ(st.next.phase, conn_phase::closed);
    }
}

TEST(ConnectionState, HeaderDeadlineRunsFromConnectThenFromEachRequestsFirstByte) {
    conn_state s;
    auto open = step(s, conn_event::opened);
    EXPECT_EQ(open.timer, conn_timer::header);
    auto first = step(open.next, conn_event::bytes);
    EXPECT_EQ(first.timer, conn_timer::keep);
    EXPECT_EQ(step(in_phase(conn_phase::idle), conn_event::bytes).timer, conn_timer::header);
    auto stopping = step(in_phase(conn_phase::idle), conn_event::shutdown).next;
    EXPECT_EQ(step(stopping, conn_event::bytes).next.phase, conn_phase::closed);
}

TEST(ConnectionState, ExpectContinueSendsOneHundredThenTheBodyGetsItsDeadline) {
    auto s = in_phase(conn_phase::reading);
    EXPECT_EQ(step(s, conn_event::expect_continue).actions, act_send_100);
    auto body = step(s, conn_event::body_follows);
    EXPECT_EQ(body.actions, act_read_body);
    EXPECT_EQ(body.timer, conn_timer::body);
}

TEST(ConnectionState, HeadGetsTheHeaderOnlyAndGetStreamsReleaseTheBuffer) {
    EXPECT_EQ(step(in_phase(conn_phase::awaiting_answer, {.head = true}), conn_event::respond).actions,
              act_write_response_head);
    auto get = step(in_phase(conn_phase::streaming, {.get = true}), conn_event::stream_head_sent);
    EXPECT_TRUE(get.has(act_release_buffer));
    EXPECT_FALSE(step(in_phase(conn_phase::streaming), conn_event::stream_head_sent).has(act_release_buffer));
}

TEST(ConnectionState, WriterMisuseIsReportedAndChangesNothing) {
    auto responded = in_phase(conn_phase::responded);
    EXPECT_EQ(step(responded, conn_event::respond).actions, act_misuse);
    EXPECT_EQ(step(responded, conn_event::start).actions, act_misuse);
    EXPECT_EQ(step(in_phase(conn_phase::awaiting_answer), conn_event::write).actions, act_misuse);
    EXPECT_EQ(step(in_phase(conn_phase::finished), conn_event::finish).actions, act_misuse);
}

} // namespace
