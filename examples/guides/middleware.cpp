// docs/middleware.md: a bearer-token check, a per-session rate limit, an audit hook and an around that waits.
#include "guides.hpp"

#include <mcp/core/log.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
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

// [pace]
// Spaces a session's tools/call at least `spacing` apart: a call that comes too soon waits for its turn
// instead of being refused (the session's other requests go on meanwhile), and each call's duration is
// logged. The turn is taken in the session's state before waiting, so calls that arrive together queue up in
// order.
struct pace_calls {
    std::chrono::milliseconds spacing{100};

    mcp::task<mcp::result<boost::json::value>> operator()(mcp::middleware_context& ctx,
                                                          mcp::next_handler const& next) const {
        using namespace std::chrono;
        if (ctx.method != "tools/call")
            co_return co_await next();
        auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
        auto turn = ctx.state.get("pace.next");
        auto start = std::max(now, turn ? turn->to_number<std::int64_t>() : now);
        ctx.state.set("pace.next", start + spacing.count());
        if (start > now) {
            boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor,
                                           milliseconds(start - now));
            co_await wait.async_wait(boost::asio::use_awaitable);
        }
        auto began = steady_clock::now();
        auto outcome = co_await next(); // the rest of the chain and the tool
        mcp::log::info("tools/call took {} ms",
                       duration_cast<milliseconds>(steady_clock::now() - began).count());
        co_return outcome;
    }
};
// [end]

} // namespace

void add_middleware(mcp::server& srv, std::string token) {
    // [register]
    srv.use({.before = require_token{std::move(token)}});
    srv.use({.before = limit_calls, .after = audit});
    srv.use({.around = pace_calls{}}); // after the limit: a refused call takes no turn
    // [end]
}

} // namespace guides
