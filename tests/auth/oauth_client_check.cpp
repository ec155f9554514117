// Our client's half of issue 16's end-to-end test: mcp::client over Streamable HTTP, with
// http_options::authorization, against a protected MCP server whose tokens come from a real authorization
// server (tests/auth/authorization_server.mjs, oidc-provider, which logs in and consents without a human).
// Not a unit test of the flow's parts (client_oauth_test, client_test) nor of the server's refusals
// (oauth_ours_checks.mjs).
//
//   oauth_client_check <mcp-url> [--subject test-user] [--step-up] [--refresh]
//
// The client registers dynamically, the headless user agent follows the authorization URL, and the tokens
// live in one memory store shared by two connections. Authorizations are counted through the user agent,
// token saves through the store. Checks, in order:
//   first connection  one authorization; tools listed; whoami names the subject
//   --step-up         the first token lacks mcp:write (the server's 401 asks for mcp:read only); notes_write
//                     gets 403 insufficient_scope, the client authorizes once more and the call succeeds;
//                     whoami then sees mcp:write
//   second connection same store: whoami answers without an authorization and without a new token
//   --refresh         waits until the stored token is within the client's 30 s margin of its expiry (the
//                     authorization server's --access-token-ttl must be a little over 30 s), then a call
//                     refreshes it: a new access token, no authorization, the same subject and scopes
// Prints "ok - ..." / "not ok - ..." per check; exits 0 when all pass, 1 otherwise, 2 on bad arguments.
#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace {

using mcp::task;
namespace transport = mcp::transport;

// Never contacted: the headless user agent stops at the redirect that goes here.
constexpr char redirect_uri[] = "http://127.0.0.1:1/callback";

struct settings {
    std::string url;
    std::string subject = "test-user";
    bool step_up = false;
    bool refresh = false;
};

int failures = 0;

void check(bool passed, std::string const& what, std::string const& why = "") {
    if (!passed)
        ++failures;
    std::cout << (passed ? "ok - " : "not ok - ") << what << (passed || why.empty() ? "" : ": " + why)
              << "\n";
}

// The memory store, counting saves (a save is a new token: an authorization or a refresh).
class counting_store : public transport::token_store {
public:
    task<std::optional<transport::token_set>> load(std::string server_url) override {
        co_return co_await inner_.load(std::move(server_url));
    }
    task<> save(std::string server_url, transport::token_set tokens) override {
        ++saves;
        last = tokens;
        co_await inner_.save(std::move(server_url), std::move(tokens));
    }
    int saves = 0;
    std::optional<transport::token_set> last;

private:
    transport::memory_token_store inner_;
};

struct counters {
    std::shared_ptr<counting_store> store = std::make_shared<counting_store>();
    std::shared_ptr<int> authorizations = std::make_shared<int>(0);
};

std::unique_ptr<mcp::client> connect_client(boost::asio::io_context& io, settings const& s,
                                            counters const& n) {
    auto headless = transport::headless_user_agent(redirect_uri);
    transport::http_options options{.url = s.url};
    options.authorization = transport::authorization_options{
        .redirect_uri = redirect_uri,
        .open = [headless, count = n.authorizations](std::string url) -> task<mcp::result<std::string>> {
            ++*count;
            co_return co_await headless(std::move(url));
        },
        .registration = {.client_metadata = {{"client_name", "mcp-cpp oauth_client_check"}}},
        .store = n.store,
    };
    auto conn = transport::http(std::move(options));
    if (!conn)
        throw std::runtime_error("the transport: " + conn.error().message());
    return std::make_unique<mcp::client>(io.get_executor(), std::move(*conn),
                                         mcp::client_options{.info = {"oauth_client_check", "0.1.0"}});
}

struct who {
    std::string subject;
    std::vector<std::string> scopes;
};

// whoami's answer: structured {"subject", "scopes"} (examples/protected) or JSON text {"sub", "scopes"} (the
// TypeScript SDK's reference server).
task<mcp::result<who>> call_whoami(mcp::client& c) {
    auto answer = co_await c.call_tool("whoami");
    if (!answer)
        co_return answer.error();
    if (answer->is_error)
        co_return mcp::error(1, "whoami failed: " + mcp::text_of(*answer));
    boost::json::value v;
    if (answer->structured_content) {
        v = *answer->structured_content;
    } else {
        boost::system::error_code ec;
        v = boost::json::parse(mcp::text_of(*answer), ec);
    }
    who out;
    auto const* o = v.if_object();
    for (char const* key : {"subject", "sub"})
        if (auto const* s = o ? o->if_contains(key) : nullptr; s && s->is_string())
            out.subject = s->as_string();
    if (auto const* a = o ? o->if_contains("scopes") : nullptr; a && a->is_array())
        for (auto const& s : a->as_array())
            if (s.is_string())
                out.scopes.emplace_back(s.as_string());
    co_return out;
}

bool has(who const& w, std::string_view scope) {
    return std::ranges::find(w.scopes, scope) != w.scopes.end();
}

std::string scopes_of(who const& w) {
    std::string text;
    for (auto const& s : w.scopes)
        text += (text.empty() ? "" : " ") + s;
    return "[" + text + "]";
}

task<> first_connection(mcp::client& c, settings const& s, counters const& n) {
    auto init = co_await c.connect();
    check(init.has_value(), "first connection: connect authorized", init ? "" : init.error().message());
    if (!init)
        co_return;
    check(*n.authorizations == 1, "first connection: one authorization for connect",
          std::to_string(*n.authorizations) + " authorizations");
    auto tools = co_await c.list_all_tools();
    check(tools && std::ranges::any_of(*tools, [](auto const& t) { return t.name == "whoami"; }),
          "first connection: tools listed, whoami among them", tools ? "" : tools.error().message());
    auto me = co_await call_whoami(c);
    check(me && me->subject == s.subject, "first connection: whoami names " + s.subject,
          me ? "subject \"" + me->subject + "\"" : me.error().message());
    if (!s.step_up || !me)
        co_return;
    check(!has(*me, "mcp:write"), "step-up: the first token lacks mcp:write", "scopes " + scopes_of(*me));
    boost::json::object note{{"text", "written by our client after a step-up"}};
    auto wrote = co_await c.call_tool("notes_write", note);
    check(wrote && !wrote->is_error, "step-up: notes_write succeeded after 403 insufficient_scope",
          wrote ? mcp::text_of(*wrote) : wrote.error().message());
    check(*n.authorizations == 2, "step-up: exactly one more authorization",
          std::to_string(*n.authorizations) + " authorizations");
    auto after = co_await call_whoami(c);
    check(after && has(*after, "mcp:write") && has(*after, "mcp:read"),
          "step-up: whoami sees mcp:read and mcp:write", after ? scopes_of(*after) : after.error().message());
}

// Same store, new transport: the stored token is used as it is.
task<> second_connection(mcp::client& c, settings const& s, counters const& n) {
    int const authorizations = *n.authorizations;
    int const saves = n.store->saves;
    auto init = co_await c.connect();
    check(init.has_value(), "second connection: connect with the stored token",
          init ? "" : init.error().message());
    if (!init)
        co_return;
    auto me = co_await call_whoami(c);
    check(me && me->subject == s.subject, "second connection: whoami names " + s.subject,
          me ? "subject \"" + me->subject + "\"" : me.error().message());
    check(*n.authorizations == authorizations && n.store->saves == saves,
          "second connection: the stored token reused (no authorization, no new token)",
          std::to_string(*n.authorizations - authorizations) + " authorizations, " +
              std::to_string(n.store->saves - saves) + " new tokens");
}

// The client refreshes a token that expires within 30 s before sending (oauth_flow.cpp, prepare): wait until
// the stored one does, then call.
task<> refresh(mcp::client& c, settings const& s, counters const& n) {
    auto const before = n.store->last;
    check(before && before->expires_at && !before->refresh_token.empty(),
          "refresh: the stored token has an expiry and a refresh token");
    if (!before || !before->expires_at || before->refresh_token.empty())
        co_return;
    auto const due = *before->expires_at - std::chrono::seconds(29);
    auto const wait = due - std::chrono::system_clock::now();
    if (wait > std::chrono::seconds(60)) {
        check(false, "refresh: the token expires soon enough to wait for",
              "more than 60 s away: is --access-token-ttl a little over 30 s?");
        co_return;
    }
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait));
    co_await timer.async_wait(boost::asio::use_awaitable);
    int const authorizations = *n.authorizations;
    auto me = co_await call_whoami(c);
    check(me && me->subject == s.subject, "refresh: whoami still names " + s.subject,
          me ? "subject \"" + me->subject + "\"" : me.error().message());
    auto const after = n.store->last;
    check(after && after->access_token != before->access_token && *n.authorizations == authorizations,
          "refresh: a new access token without an authorization",
          std::to_string(*n.authorizations - authorizations) + " authorizations");
    check(after && after->scope == before->scope, "refresh: the same scopes",
          after ? before->scope + " then " + after->scope : "");
}

task<> run_checks(boost::asio::io_context& io, settings s) {
    counters const n;
    auto first = connect_client(io, s, n);
    co_await first_connection(*first, s, n);
    co_await first->close();
    if (failures > 0)
        co_return;
    auto second = connect_client(io, s, n);
    co_await second_connection(*second, s, n);
    if (s.refresh && failures == 0)
        co_await refresh(*second, s, n);
    co_await second->close();
}

std::optional<settings> parse(int argc, char** argv) {
    settings s;
    for (int i = 1; i < argc; ++i) {
        std::string_view const arg = argv[i];
        if (arg == "--step-up")
            s.step_up = true;
        else if (arg == "--refresh")
            s.refresh = true;
        else if (arg == "--subject" && i + 1 < argc)
            s.subject = argv[++i];
        else if (!arg.starts_with("--") && s.url.empty())
            s.url = arg;
        else
            return std::nullopt;
    }
    if (s.url.empty())
        return std::nullopt;
    return s;
}

} // namespace

int main(int argc, char** argv) {
    auto s = parse(argc, argv);
    if (!s) {
        std::cerr << "usage: oauth_client_check <mcp-url> [--subject test-user] [--step-up] [--refresh]\n";
        return 2;
    }
    boost::asio::io_context io;
    try {
        mcp::testing::run(io, run_checks(io, *s), std::chrono::seconds(120));
    } catch (std::exception const& e) {
        check(false, "the checks ran to their end", e.what());
    }
    std::cout << (failures == 0 ? "all passed" : std::to_string(failures) + " failed") << "\n";
    return failures == 0 ? 0 : 1;
}
