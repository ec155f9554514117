// Dynamic lists for the fleet tests (tests/shared_sessions/lists.mjs, tests/lambda/lambda_lists.mjs): a tool that
// activates or deactivates another tool for every instance sharing the state store, and the tool it switches.
// The server must be in list_mode::dynamic. A test server's convenience: a real one would not let any client
// switch tools (examples/dynamic_tools shows a deliberate use).
#include "everything.hpp"

namespace {

struct switch_args {
    std::string name;
    bool active;
};
BOOST_DESCRIBE_STRUCT(switch_args, (), (name, active))

mcp::task<mcp::result<std::string>> switch_tool(switch_args in, mcp::call_context& ctx) {
    auto& srv = ctx.session().server();
    mcp::result<> changed;
    if (in.active) // not one conditional expression of two co_awaits: g++ 12 miscompiles some
        changed = co_await srv.activate_tool(in.name);
    else
        changed = co_await srv.deactivate_tool(in.name);
    if (!changed)
        co_return changed.error();
    co_return in.name + (in.active ? " is active" : " is inactive");
}

} // namespace

namespace everything {

void add_list_tools(mcp::server& srv) {
    srv.add_tool({.name = "test_switch_tool", .description = "Activate or deactivate a tool on every instance"},
                 switch_tool);
    srv.add_tool({.name = "test_switchable", .description = "A tool test_switch_tool switches"},
                 [] { return std::string("switched on"); });
}

} // namespace everything
