#include <mcp/server/methods.hpp>

#include <mcp/server/pagination.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

method_table const& table() {
    static method_table const t = [] {
        method_table m;
        add_lifecycle_methods(m);
        add_tool_methods(m);
        add_resource_methods(m);
        add_prompt_methods(m);
        add_task_methods(m);
        return m;
    }();
    return t;
}

// 2025-11-25 basic/lifecycle: before initialization only initialize and ping are served.
bool allowed_before_initialize(std::string_view method) { return method == "initialize" || method == "ping"; }

} // namespace

task<result<boost::json::value>> run_method(mcp::session& s, protocol::request const& req,
                                            request_metadata const& metadata) {
    if (!s.initialized() && !allowed_before_initialize(req.method))
        co_return error::invalid_request("Session not initialized: send initialize first (got " + req.method + ")");
    auto const& chain = s.server().middlewares();
    middleware_context mctx{req.method, req.params, metadata, s.state()};
    result<boost::json::value> outcome = boost::json::value();
    std::size_t passed = 0;
    bool rejected = false;
    for (; passed < chain.size() && !rejected; ++passed) {
        if (!chain[passed].before) continue;
        if (auto ok = chain[passed].before(mctx); !ok) {
            outcome = ok.error();
            rejected = true;
            break;
        }
    }
    if (!rejected) {
        auto it = table().find(req.method);
        if (it == table().end()) {
            outcome = error::method_not_found(req.method);
        } else {
            call_context ctx(s.shared_from_this(), req.id, req.method, req.params, metadata);
            outcome = co_await it->second(method_call{s.server(), s, req.params, ctx});
        }
    }
    for (std::size_t i = passed; i-- > 0;)
        if (chain[i].after) chain[i].after(mctx, outcome);
    co_return outcome;
}

result<std::string> string_param(boost::json::object const& params, std::string_view name) {
    auto const* v = params.if_contains(name);
    if (!v) return error::invalid_params("Missing required parameter: " + std::string(name));
    if (!v->is_string()) return error::invalid_params("Parameter " + std::string(name) + " must be a string");
    return std::string(v->as_string());
}

result<std::optional<std::string>> cursor_param(boost::json::object const& params) {
    auto const* v = params.if_contains("cursor");
    if (!v || v->is_null()) return std::optional<std::string>();
    if (!v->is_string()) return error::invalid_params("Parameter cursor must be a string");
    auto key = pagination::decode_cursor(v->as_string());
    if (!key) return error::invalid_params("Invalid cursor: pass back a nextCursor from an earlier page");
    return std::optional<std::string>(std::move(*key));
}

} // namespace mcp::detail

namespace mcp::detail {

sees::sees(method_call const& c)
    : srv_(c.srv), sess_(c.sess),
      state_(c.srv.options().visibility ? c.sess.state().snapshot() : boost::json::object{}),
      catalog_(c.srv.list_catalog()) {}

bool sees::operator()(list_kind kind, std::string_view name) const {
    return srv_.visible(*catalog_, sess_, state_, kind, name);
}

} // namespace mcp::detail
