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

// 2026-07-28 suite (server-stateless): a change of the tool list, and of the prompt list, for listen streams.
mcp::task<mcp::result<std::string>> toggle(mcp::call_context& ctx, mcp::list_kind kind, std::string name) {
    auto& srv = ctx.session().server();
    bool on = !srv.active(kind, name);
    mcp::result<> changed;
    if (on) // not one conditional expression of two co_awaits (g++ 12)
        changed = co_await srv.activate(kind, name);
    else
        changed = co_await srv.deactivate(kind, name);
    if (!changed)
        co_return changed.error();
    co_return name + (on ? " is active" : " is inactive");
}

} // namespace

namespace everything {

void add_list_tools(mcp::server& srv) {
    srv.add_tool({.name = "test_switch_tool", .description = "Activate or deactivate a tool on every instance"},
                 switch_tool);
    srv.add_tool({.name = "test_switchable", .description = "A tool test_switch_tool switches"},
                 [] { return std::string("switched on"); });
    srv.add_tool({.name = "test_trigger_tool_change", .description = "Switches test_switchable (a tool list change)"},
                 [](mcp::call_context& ctx) { return toggle(ctx, mcp::list_kind::tools, "test_switchable"); });
    srv.add_prompt({.name = "test_switchable_prompt", .description = "A prompt test_trigger_prompt_change switches"},
                   [] { return std::string("A prompt that comes and goes."); });
    srv.add_tool({.name = "test_trigger_prompt_change",
                  .description = "Switches test_switchable_prompt (a prompt list change)"},
                 [](mcp::call_context& ctx) { return toggle(ctx, mcp::list_kind::prompts, "test_switchable_prompt"); });
}

} // namespace everything
