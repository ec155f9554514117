// make_io_strand: a strand on the io_context behind any executor the front doors may be given, a clear error for
// the others, and a strand small enough for any_io_executor to hold without allocating.
#include <mcp/core/strand.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace asio = boost::asio;

TEST(io_strand, FitsInAnyIoExecutorWithoutAllocating) {
    // any_io_executor keeps targets of up to a shared_ptr and a pointer in place (Boost 1.81).
    EXPECT_LE(sizeof(mcp::io_strand), sizeof(std::shared_ptr<void>) + sizeof(void*));
}

TEST(io_strand, MadeFromAnIoContextExecutorOrItsVariantsOrAStrand) {
    asio::io_context io;
    asio::any_io_executor plain = io.get_executor();
    asio::any_io_executor tracked = asio::prefer(io.get_executor(), asio::execution::outstanding_work.tracked);
    asio::any_io_executor never = asio::require(io.get_executor(), asio::execution::blocking.never);
    asio::any_io_executor strand = asio::make_strand(io.get_executor());
    asio::any_io_executor tracked_strand =
        asio::prefer(asio::make_strand(io.get_executor()), asio::execution::outstanding_work.tracked);
    asio::any_io_executor strand_of_any = asio::make_strand(plain);
    for (auto const& ex : {plain, tracked, never, strand, tracked_strand, strand_of_any}) {
        auto made = mcp::make_io_strand(ex);
        EXPECT_EQ(&made.get_inner_executor().context(), &io);
    }
}

TEST(io_strand, RunsWorkOnItsIoContext) {
    asio::io_context io;
    auto strand = mcp::make_io_strand(io.get_executor());
    bool ran = false;
    asio::post(strand, [&] { ran = strand.running_in_this_thread(); });
    io.run();
    EXPECT_TRUE(ran);
}

TEST(io_strand, RefusesAnExecutorThatIsNotAnIoContexts) {
    asio::thread_pool pool(1);
    try {
        (void)mcp::make_io_strand(pool.get_executor());
        FAIL() << "a thread_pool executor was accepted";
    } catch (std::invalid_argument const& e) {
        EXPECT_NE(std::string(e.what()).find("io_context"), std::string::npos) << e.what();
    }
    pool.join();
}
