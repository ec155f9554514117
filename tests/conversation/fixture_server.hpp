// The server every golden conversation talks to: one definition per feature under test.
#pragma once

#include <mcp/server/server.hpp>

#include <memory>

namespace mcp::testing {

// page_size 3, so list methods paginate; a 2-second client request timeout (tests shorten it per call).
std::unique_ptr<server> make_fixture_server();
// The same registrations on a server with these bounds (name and version as given).
std::unique_ptr<server> make_fixture_server(server_options options);
// The fixture server with tasks on (a memory task store; lease 1 s, heartbeat 200 ms, poll interval 500 ms) and
// task tools: build (required), slow_task, ask_task, fail_task, throw_task (optional). Servers given the same
// `store` share their tasks, as processes sharing a database do.
std::unique_ptr<server> make_task_fixture_server(std::shared_ptr<storage::task_store> store = nullptr);
// How many task handlers were stopped by cancellation (slow_task counts them).
int stopped_task_handlers();

} // namespace mcp::testing
