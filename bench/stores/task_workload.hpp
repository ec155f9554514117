// The task figures of bench_stores (issue 13): MCP tasks run end to end through an mcp::server whose task store is
// the backend under test, counting the store calls they make. Each worker is a session that starts a task of an
// instant tool (tools/call with params.task), waits for its result (tasks/result) and starts the next. Not a test:
// the golden conversations and the task contract suite check the behaviour; this only counts.
#pragma once

#include "workloads.hpp"

#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

namespace bench_stores {

struct task_figures {
    rate tasks;                       // created, run and read back to their result
    double store_calls_per_task = 0;  // task store calls per task in that loop
    double store_calls_per_get = 0;   // task store calls per tasks/get of a task that ended
};

task_figures task_rate(boost::asio::any_io_executor ex, mcp::storage::stores const& s, window w);

} // namespace bench_stores
