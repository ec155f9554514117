// The method table: one small function per MCP method, found by name (never an if-chain).
// Internal to the server layer; front doors call session::handle.
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/server/call_context.hpp>
#include <mcp/server/list_state.hpp>
#include <mcp/core/task.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mcp {
class server;
class session;
} // namespace mcp

namespace mcp::detail {

struct method_call {
    mcp::server& srv;
    mcp::session& sess;
    boost::json::object const& params;
    call_context& ctx;
};

// What the session of a call sees (server::visible: active, and let through by the visibility filter), its
// state read once per call.
class sees {
public:
    explicit sees(method_call const& c);
    bool operator()(list_kind kind, std::string_view name) const;
    // A predicate over registry keys of one kind, for registry::list.
    auto of(list_kind kind) const {
        return [this, kind](std::string const& name) { return (*this)(kind, name); };
    }

private:
    mcp::server const& srv_;
    mcp::session const& sess_;
    boost::json::object state_;
    std::shared_ptr<catalog const> catalog_; // read once: a registry calls this under its own lock
};

using method_fn = task<result<boost::json::value>> (*)(method_call);
using method_table = std::unordered_map<std::string_view, method_fn>;

void add_lifecycle_methods(method_table& t);
void add_discover_method(method_table& t);      // the 2026-07-28 table only
void add_subscription_methods(method_table& t); // the 2026-07-28 table only

// A resource or template match the session sees (an inactive or hidden one is not found).
bool known_uri(method_call const& c, std::string const& uri);
void add_tool_methods(method_table& t);
void add_resource_methods(method_table& t);
void add_prompt_methods(method_table& t);
void add_task_methods(method_table& t);
void add_modern_task_methods(method_table& t); // the 2026-07-28 table only

// The tasks extension of 2026-07-28 (SEP-2663), declared per request in clientCapabilities.extensions.
inline constexpr std::string_view tasks_extension = "io.modelcontextprotocol/tasks";
bool declares_tasks_extension(mcp::session const& s);
// -32021 naming the extension and `what` needs it, unless the request declares it.
result<> require_tasks_extension(mcp::session const& s, std::string_view what);

// Lifecycle gate, middleware chain and method lookup around one request. The task refers to s, req and
// metadata: co_await it while they live.
task<result<boost::json::value>> run_method(mcp::session& s, protocol::request const& req,
                                            request_metadata const& metadata);

// Parameter readers with errors a person can act on (-32602).
result<std::string> string_param(boost::json::object const& params, std::string_view name);
// The page key a list request's cursor names (nullopt: from the start).
result<std::optional<std::string>> cursor_param(boost::json::object const& params);
// {"<field>": [items...], "nextCursor": ...} from a registry page.
template <class Page, class ToJson>
boost::json::object page_json(std::string_view field, Page const& page, ToJson to_json) {
    boost::json::array items;
    for (auto const& entry : page.items) items.push_back(to_json(*entry));
    boost::json::object out{{field, std::move(items)}};
    if (page.next_cursor) out["nextCursor"] = *page.next_cursor;
    return out;
}

} // namespace mcp::detail
