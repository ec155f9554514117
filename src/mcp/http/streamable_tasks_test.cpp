// Who owns the task store a front door opened: the front door, not the server that outlives it (a server kept
// its store after the io_context behind it was gone: ThreadSanitizer saw the DynamoDB client's sockets closed
// after their io_context, and a task's timers destroyed after theirs).
#include <mcp/http/streamable.hpp>
#include <mcp/storage/memory/memory_task_store.hpp>

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

namespace {

TEST(streamable_tasks, AFrontDoorsTaskStoreGoesWithTheFrontDoor) {
    mcp::server srv({.name = "s", .version = "1"});
    std::weak_ptr<mcp::storage::task_store> seen;
    {
        boost::asio::io_context io;
        mcp::storage::stores stores;
        stores.tasks = std::make_shared<mcp::storage::memory_task_store>();
        seen = stores.tasks;
        {
            mcp::http::streamable handler(srv, io.get_executor(), {}, std::move(stores));
            EXPECT_TRUE(srv.tasks()) << "the server serves tasks from its front door's store";
        }
        EXPECT_FALSE(srv.tasks()) << "the front door ended: no tasks without a store";
    }
    EXPECT_TRUE(seen.expired()) << "the server kept the front door's store";
}

TEST(streamable_tasks, AStoreSetInCodeOutlivesTheFrontDoor) {
    auto mine = std::make_shared<mcp::storage::memory_task_store>();
    mcp::server srv({.name = "s", .version = "1", .tasks = {.store = mine}});
    {
        boost::asio::io_context io;
        mcp::http::streamable handler(srv, io.get_executor());
    }
    ASSERT_TRUE(srv.tasks());
    EXPECT_EQ(srv.tasks()->options().store, mine);
}

} // namespace
