// The gate between a streaming writer and the Runtime API connection: once the loop has closed it and seen it
// idle, no write of an abandoned handler reaches the connection.
#include <mcp/lambda/writers.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace {

using mcp::lambda::writer_gate;

TEST(LambdaWriterGate, AWriterInsideIsSeenAndNoneEntersAfterClose) {
    writer_gate g;
    ASSERT_TRUE(g.enter());
    g.close();
    EXPECT_TRUE(g.busy()) << "the loop must wait for the write under way";
    g.leave();
    EXPECT_FALSE(g.busy());
    EXPECT_FALSE(g.enter());
    EXPECT_FALSE(g.busy()) << "a refused writer does not count as inside";
}

// Finding: "abandoned?" and "busy" were two separate steps, so a write could pass the check, the loop could see
// the writer idle and take the connection back, and the write then reached it. With the gate, whenever the loop
// sees busy() false after close(), nothing is or will be inside.
TEST(LambdaWriterGate, NothingIsInsideOnceTheLoopSeesItIdleAfterClose) {
    for (int round = 0; round < 2000; ++round) {
        writer_gate g;
        std::atomic<bool> inside{false};
        std::atomic<bool> violated{false};
        std::atomic<bool> loop_done{false};
        std::thread writer([&] {
            while (!loop_done.load()) {
                if (!g.enter())
                    continue;
                inside = true;
                if (loop_done.load())
                    violated = true; // the loop already took the connection back
                inside = false;
                g.leave();
            }
        });
        g.close();
        while (g.busy()) {
        }
        loop_done = true;
        EXPECT_FALSE(inside.load());
        writer.join();
        ASSERT_FALSE(violated.load()) << "round " << round;
    }
}

} // namespace
