#include <mcp/server/methods.hpp>

#include <mcp/core/log.hpp>
#include <mcp/server/pagination.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

method_table legacy_table() {
    method_table m;
    add_lifecycle_methods(m);
    add_tool_methods(m);
    add_resource_methods(m);
    add_prompt_methods(m);
    add_task_methods(m);
    return m;
}

// 2026-07-28 changelog: no handshake, ping, setLevel or resources/subscribe (listen replaces them), and the
// tasks of 2025-11-25 become an extension; server/discover is new.
method_table modern_table() {
    auto m = legacy_table();
    for (auto removed : {"initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe",
                         "tasks/get", "tasks/result", "tasks/list", "tasks/cancel"})
        m.erase(removed);
    add_discover_method(m);
    add_subscription_methods(m);
    add_modern_task_methods(m);
    return m;
}

method_table const& table(bool modern) {
    static method_table const legacy = legacy_table();
    static method_table const stateless = modern_table();
    return modern ? stateless : legacy;
}

// 2025-11-25 basic/lifecycle: before initialization only initialize and ping are served.
bool allowed_before_initialize(std::string_view method) { return method == "initialize" || method == "ping"; }

task<result<boost::json::value>> refuse_before_initialize(std::string method) {
    co_return error::invalid_request("Session not initialized: send initialize first (got " + method + ")");
}

task<result<boost::json::value>> run_from(mcp::session& s, protocol::request const& req,
                                          request_metadata const& metadata, std::size_t from);

task<result<boost::json::value>> refuse_second_next(std::string method) {
    log::error("middleware: next() called twice during {}; the second call ran nothing", method);
    co_return error::internal("Middleware bug: next() called twice");
}

// What an around's next() runs: the chain after it, once.
struct next_step {
    mcp::session* s;
    protocol::request const* req;
    request_metadata const* metadata;
    std::size_t from;
    bool* called; // in run_around's frame, shared by every copy of this step

    task<result<boost::json::value>> operator()() const {
        if (*called)
            return refuse_second_next(req->method);
        *called = true;
        return run_from(*s, *req, *metadata, from);
    }
};

task<result<boost::json::value>> run_around(mcp::session& s, protocol::request const& req,
                                            request_metadata const& metadata, middleware_context& mctx,
                                            std::size_t at) {
    bool called = false;
    next_handler const next = next_step{&s, &req, &metadata, at + 1, &called}; // named: g++ 12 and co_await
    auto outcome = co_await s.server().middlewares()[at].around(mctx, next);
    co_return outcome;
}

// The chain from middleware `from` on, then the handler. A loop, not one frame per middleware: a chain
// without an around costs what it did before arounds existed; the first around takes the rest through next().
task<result<boost::json::value>> run_from(mcp::session& s, protocol::request const& req,
                                          request_metadata const& metadata, std::size_t from) {
    auto const& chain = s.server().middlewares();
    middleware_context mctx{req.method, req.params, metadata, s.state()};
    result<boost::json::value> outcome = boost::json::value();
    std::size_t end = from; // the afters of [from, end) run, in reverse
    bool answered = false;
    for (; end < chain.size() && !answered; ++end) {
        auto const& m = chain[end];
        if (m.before)
            if (auto ok = m.before(mctx); !ok) {
                outcome = ok.error();
                break; // this one's before failed: its after does not run
            }
        if (m.around) {
            outcome = co_await run_around(s, req, metadata, mctx, end);
            answered = true;
        }
    }
    if (!answered && end == chain.size()) { // no before refused, no around took over: the handler answers
        auto const& methods = table(s.modern());
        auto it = methods.find(req.method);
        if (it == methods.end()) {
            outcome = error::method_not_found(req.method);
        } else {
            call_context ctx(s.shared_from_this(), req.id, req.method, req.params, metadata);
            outcome = co_await it->second(method_call{s.server(), s, req.params, ctx});
        }
    }
    for (std::size_t i = end; i-- > from;)
        if (chain[i].after) chain[i].after(mctx, outcome);
    co_return outcome;
}

} // namespace

// Not a coroutine itself: the request's frame is run_from's, as many frames as before middleware could wrap.
task<result<boost::json::value>> run_method(mcp::session& s, protocol::request const& req,
                                            request_metadata const& metadata) {
    if (!s.modern() && !s.initialized() && !allowed_before_initialize(req.method))
        return refuse_before_initialize(req.method);
    return run_from(s, req, metadata, 0);
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
