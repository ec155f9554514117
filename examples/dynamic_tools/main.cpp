// Dynamic tools (docs/dynamic-tools.md): a tool that activates another for every session of every instance
// sharing the state store, and a tool that only some sessions see.
//
//   unlock      activates open_vault (registered inactive); every initialized session is told list_changed
//   lock        deactivates it again
//   upgrade     puts tier=pro in this session's state: pro_report appears for this session alone
//   pro_report  seen only by sessions whose state says tier=pro
#include <mcp/mcp.hpp>

namespace {

mcp::task<mcp::result<std::string>> set_vault(mcp::call_context& ctx, bool open) {
    auto& srv = ctx.session().server();
    mcp::result<> changed;
    if (open) // not one conditional expression of two co_awaits: g++ 12 miscompiles some
        changed = co_await srv.activate_tool("open_vault");
    else
        changed = co_await srv.deactivate_tool("open_vault");
    if (!changed)
        co_return changed.error();
    co_return std::string(open ? "The vault is open: every session now lists open_vault"
                               : "The vault is locked: open_vault is gone from every session's list");
}

mcp::task<mcp::result<std::string>> unlock(mcp::call_context& ctx) { co_return co_await set_vault(ctx, true); }
mcp::task<mcp::result<std::string>> lock(mcp::call_context& ctx) { co_return co_await set_vault(ctx, false); }

std::string upgrade(mcp::call_context& ctx) {
    ctx.state().set("tier", "pro");
    return "This session is now pro: it lists pro_report";
}

// Sessions see pro_report only when their state says so; everything else is for everyone.
bool visible(mcp::listed_item const& item, mcp::session_view const& session) {
    if (item.kind != mcp::list_kind::tools || item.name != "pro_report")
        return true;
    auto const* tier = session.state.if_contains("tier");
    return tier && *tier == "pro";
}

} // namespace

int main(int argc, char** argv) {
    mcp::server srv({.name = "dynamic-tools", .version = "1.0.0", .lists = mcp::list_mode::dynamic,
                     .visibility = visible});
    srv.add_tool({.name = "unlock", .description = "Open the vault for everyone"}, unlock);
    srv.add_tool({.name = "lock", .description = "Lock the vault again"}, lock);
    srv.add_tool({.name = "open_vault", .description = "Take what is in the vault"},
                 [] { return std::string("A bar of gold"); });
    srv.start_inactive(mcp::list_kind::tools, "open_vault");
    srv.add_tool({.name = "upgrade", .description = "Make this session pro"}, upgrade);
    srv.add_tool({.name = "pro_report", .description = "The report pro sessions get"},
                 [] { return std::string("Everything is fine"); });
    return mcp::run(srv, argc, argv);
}
