// docs/middleware.md: a bearer-token check, a per-session rate limit and an audit hook.
#include "guides.hpp"

#include <mcp/core/log.hpp>

#include <chrono>

namespace guides {
namespace {

// [auth]
// Every request must carry "Authorization: Bearer <token>". On HTTP and Lambda the metadata are the request's
// headers (lowercase names); stdio has none, so this refuses everything there.
struct require_token {
    std::string expected;

    mcp::result<> operator()(mcp::middleware_context& ctx) const {
        auto header = ctx.metadata.get("authorization");
        if (!header || *header != "Bearer " + expected)
            return mcp::error::unauthenticated();
        return {};
    }
};
// [end]

// [rate-limit]
// At most 5 tools/call a minute per session, counted in the session's state (which a shared store keeps for
// every process serving the session).
mcp::result<> limit_calls(mcp::middleware_context& ctx) {
    if (ctx.method != "tools/call")
        return {};
    auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto minute = now / 60;
    auto window = ctx.state.get("calls.minute");
    auto count = ctx.state.get("calls.count");
    std::int64_t used = window && window->as_int64() == minute && count ? count->as_int64() : 0;
    if (used >= 5)
        return mcp::error::rate_limited(std::chrono::seconds(60 - now % 60));
    ctx.state.set("calls.minute", minute);
    ctx.state.set("calls.count", used + 1);
    return {};
}
// [end]

// [audit]
void audit(mcp::middleware_context& ctx, mcp::result<boost::json::value>& outcome) {
    if (ctx.method != "tools/call")
        return;
    auto const* name = ctx.params.if_contains("name");
    mcp::log::info("audit: tools/call {} -> {}", name ? boost::json::serialize(*name) : "?",
                   outcome ? "answered" : outcome.error().message());
}
// [end]

} // namespace

void add_middleware(mcp::server& srv, std::string token) {
    // [register]
    srv.use({.before = require_token{std::move(token)}});
    srv.use({.before = limit_calls, .after = audit});
    // [end]
}

} // namespace guides
