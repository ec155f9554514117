// The server every golden conversation talks to: one definition per feature under test.
#pragma once

#include <mcp/json/reflect.hpp>
#include <mcp/server/server.hpp>

#include <memory>

// The fixture's tool types, for typed calls from tests: add takes add_args and answers add_result; welcome
// elicits a name_form.
namespace fixture {
struct add_args {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(add_args, (), (a, b))
struct add_result {
    double sum;
};
BOOST_DESCRIBE_STRUCT(add_result, (), (sum))
struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))
} // namespace fixture

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
