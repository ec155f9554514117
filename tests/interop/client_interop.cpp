// client_interop: OUR client (mcp::client) against a real server, over Streamable HTTP or stdio, as a sequence of
// checks; prints one line per check and exits 0 when all pass, 1 otherwise (2 for a bad command line).
//
//   client_interop [--expect sdk|everything|lambda] [--stateless] [--json] [--buffered] URL
//   client_interop [--expect ...] --stdio PROGRAM [ARGS...]     (everything after --stdio is the server command)
//
//   --expect sdk         the TypeScript SDK server of tests/interop/sdk_server.mjs (--stateless, --json: its mode)
//   --expect everything  examples/everything
//   --expect lambda      examples/lambda behind tools/lambda_emulator (--buffered: its buffered response mode)
//
// The servers are started by tests/interop/client_interop.sh (HTTP) or by this program (stdio). Not for: protocol
// edge cases of our client (tests/client and src/mcp/client have those), nor for checking the servers.
#include "client_interop.hpp"

#include <mcp/client/http_connection.hpp>
#include <mcp/client/stdio_connection.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <iostream>

namespace interop {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// --- report and helpers --------------------------------------------------------------------------------------

bool report::check(bool ok, std::string_view what, std::string const& detail) {
    if (ok) {
        ++passed_;
        std::cout << "ok " << total() << " - " << what << std::endl;
        return true;
    }
    failures_.push_back(std::string(what) + (detail.empty() ? "" : ": " + detail));
    std::cout << "FAIL: " << failures_.back() << std::endl;
    return false;
}

void report::note(std::string_view what) {
    std::cout << "# " << what << std::endl;
}

std::string report::describe(mcp::error const& e) {
    return "error " + std::to_string(e.code()) + " \"" + e.message() + "\"";
}

std::string text_or_error(mcp::result<mcp::call_tool_result> const& r) {
    if (!r) return report::describe(r.error());
    return (r->is_error ? "tool error: \"" : "\"") + mcp::text_of(*r) + "\"";
}

std::string joined(std::vector<std::string> const& items) {
    std::string out = "[";
    for (auto const& i : items) out += (out.size() > 1 ? ", " : "") + i;
    return out + "]";
}

bool contains(std::vector<std::string> const& items, std::string_view item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<double> progress_values(std::vector<mcp::progress_update> const& updates) {
    std::vector<double> out;
    for (auto const& u : updates) out.push_back(u.progress);
    return out;
}

mcp::task<bool> eventually(std::function<bool()> done, std::chrono::milliseconds limit) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    auto const deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(10ms);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return done();
}

mcp::task<mcp::result<mcp::call_tool_result>> call_then_cancel(mcp::client& c, std::string tool,
                                                               boost::json::object arguments,
                                                               std::chrono::milliseconds after) {
    auto ex = co_await asio::this_coro::executor;
    asio::cancellation_signal stop;
    asio::steady_timer timer(ex, after);
    timer.async_wait([&stop](boost::system::error_code) { stop.emit(asio::cancellation_type::terminal); });
    auto outcome = co_await asio::co_spawn(ex, c.call_tool(std::move(tool), std::move(arguments)),
                                           asio::bind_cancellation_slot(stop.slot(), asio::use_awaitable));
    timer.cancel();
    co_return outcome;
}

// --- the client's handlers -----------------------------------------------------------------------------------

namespace {

// What a user types into the forms the servers show: the required fields, nothing else (the defaults of the
// others are the client's to fill in, SEP-1034).
std::string typed_value(std::string_view field) {
    if (field == "email") return "ada@example.com";
    if (field == "username") return "ada";
    return "Ada";
}

boost::json::object form_fields(boost::json::object const& schema) {
    boost::json::object out;
    auto const* required = schema.if_contains("required");
    if (!required || !required->is_array()) return out;
    for (auto const& field : required->as_array())
        if (field.is_string()) out[field.as_string()] = typed_value(field.as_string());
    return out;
}

mcp::task<mcp::result<mcp::elicitation_answer>> answer_form(std::shared_ptr<observed> seen,
                                                            mcp::elicitation_request req) {
    seen->elicitations.push_back(req.message);
    co_return mcp::elicitation_answer::accept(form_fields(req.requested_schema));
}

std::string first_message_text(boost::json::object const& params) {
    auto const* messages = params.if_contains("messages");
    if (!messages || !messages->is_array() || messages->as_array().empty()) return "";
    auto const* content = messages->as_array().front().as_object().if_contains("content");
    auto const* text = content && content->is_object() ? content->as_object().if_contains("text") : nullptr;
    return text && text->is_string() ? std::string(text->as_string()) : "";
}

boost::json::object sampling_answer(std::string const& prompt) {
    return {{"role", "assistant"},
            {"content", {{"type", "text"}, {"text", "echo " + prompt}}},
            {"model", "interop-model"}};
}

mcp::task<mcp::result<boost::json::object>> answer_sampling(std::shared_ptr<observed> seen,
                                                            boost::json::object params) {
    auto prompt = first_message_text(params);
    seen->samplings.push_back(prompt);
    co_return sampling_answer(prompt);
}

} // namespace

void install_handlers(mcp::client& c, std::shared_ptr<observed> seen) {
    c.on_elicitation([seen](mcp::elicitation_request req) { return answer_form(seen, std::move(req)); });
    c.on_sampling([seen](boost::json::object params) { return answer_sampling(seen, std::move(params)); });
    c.set_roots({{"file:///a", "a"}, {"file:///b", std::nullopt}});
    c.on_log([seen](mcp::log_level level, boost::json::value const& data, std::optional<std::string>) {
        seen->logs.push_back(std::string(mcp::protocol::to_string(level)) + " " + boost::json::serialize(data));
    });
    for (char const* method : {"notifications/tools/list_changed", "notifications/resources/updated"})
        c.on_notification(method, [seen, m = std::string(method)](boost::json::object const&) {
            seen->notifications.push_back(m);
        });
}

// --- what every server gets ------------------------------------------------------------------------------------

namespace {

mcp::result<std::unique_ptr<mcp::transport::connection>> connection_for(setup const& s) {
    if (!s.over_stdio()) return mcp::transport::http({.url = s.url});
    mcp::transport::stdio_options o;
    o.program = s.command.front();
    o.args.assign(s.command.begin() + 1, s.command.end());
    return mcp::transport::stdio(std::move(o));
}

std::string expected_server_name(setup const& s) {
    if (s.expect == "sdk") return "sdk-peer";
    if (s.expect == "lambda") return "mcp-lambda-example";
    return "mcp-conformance-everything";
}

mcp::transport::header_list ping_headers(std::string const& session) {
    return {{"Content-Type", "application/json"},
            {"Accept", "application/json, text/event-stream"},
            {"MCP-Session-Id", session},
            {"MCP-Protocol-Version", "2025-11-25"}};
}

// A POST of ping that names `session`, on a connection of its own: the HTTP status it gets (0: none).
mcp::task<unsigned> status_of_ping(std::string url, std::string session) {
    auto ep = mcp::transport::http_endpoint::parse(url);
    if (!ep) co_return 0;
    mcp::transport::http_link_options const options;
    auto link = co_await mcp::transport::http_link::connect(co_await asio::this_coro::executor, *ep, options);
    if (!link) co_return 0;
    auto const headers = ping_headers(session);
    std::string_view const body = R"({"jsonrpc":"2.0","id":1,"method":"ping"})";
    auto head = co_await (*link)->send("POST", ep->target, headers, body);
    co_return head ? head->status : 0;
}

mcp::task<> check_handshake(mcp::client& c, report& r, setup const& s) {
    auto const& info = c.server();
    r.check(info.protocol_version == "2025-11-25", "initialize: version 2025-11-25 negotiated",
            "the server chose " + info.protocol_version);
    r.check(info.server_info.name == expected_server_name(s), "initialize: the server is " + expected_server_name(s),
            "it says it is " + info.server_info.name);
    r.check(c.server_can("tools") && c.server_can("prompts") && c.server_can("resources"),
            "initialize: tools, prompts and resources capabilities", boost::json::serialize(info.capabilities));
    auto session = c.connection().session_id();
    bool const wants_session = !s.over_stdio() && !(s.expect == "sdk" && s.stateless);
    r.check(session.has_value() == wants_session,
            wants_session ? "a session id was given and kept" : "no session id (none given)",
            session ? "session " + *session : "no session id");
    auto pong = co_await c.ping();
    r.holds(pong, "ping");
}

mcp::task<> check_close(mcp::client& c, report& r, setup const& s) {
    auto session = c.connection().session_id();
    co_await c.close();
    auto after = co_await c.ping();
    r.check(!after && after.error().code() == mcp::client_code::closed, "close: later calls end with closed",
            after ? "ping answered" : report::describe(after.error()));
    if (s.over_stdio() || !session) co_return;
    // 2025-11-25 basic/transports, session management: our DELETE ended the session, so the server knows it
    // no more.
    auto status = co_await status_of_ping(s.url, *session);
    r.check(status == 404, "close: DELETE ended the session (a request naming it gets 404)",
            "HTTP " + std::to_string(status));
}

mcp::task<> run_checks(setup s, report& r) {
    auto conn = connection_for(s);
    if (!r.holds(conn, "the transport accepts " + (s.over_stdio() ? s.command.front() : s.url))) co_return;
    mcp::client_options o;
    o.info.name = "mcp-cpp-client-interop";
    o.request_timeout = 20s; // a check that hangs fails on its own, well before ctest's limit
    mcp::client c(co_await asio::this_coro::executor, std::move(*conn), o);
    auto seen = std::make_shared<observed>();
    install_handlers(c, seen);
    auto init = co_await c.connect();
    if (!r.holds(init, "connect to " + c.connection().describe())) co_return;
    co_await check_handshake(c, r, s);
    if (s.expect == "sdk") co_await check_sdk(c, r, s, seen);
    else co_await check_everything(c, r, s, seen);
    co_await check_close(c, r, s);
}

std::optional<setup> parse(int argc, char** argv) {
    setup s;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--expect" && i + 1 < argc) s.expect = argv[++i];
        else if (a == "--stateless") s.stateless = true;
        else if (a == "--json") s.json = true;
        else if (a == "--buffered") s.buffered = true;
        else if (a == "--stdio") {
            s.command.assign(argv + i + 1, argv + argc);
            if (s.command.empty()) return std::nullopt;
            break;
        } else if (!a.starts_with("--") && s.url.empty()) s.url = a;
        else return std::nullopt;
    }
    if (s.expect != "sdk" && s.expect != "everything" && s.expect != "lambda") return std::nullopt;
    if (s.url.empty() == s.command.empty()) return std::nullopt;
    return s;
}

} // namespace
} // namespace interop

int main(int argc, char** argv) {
    auto s = interop::parse(argc, argv);
    if (!s) {
        std::cerr << "usage: client_interop [--expect sdk|everything|lambda] [--stateless] [--json] [--buffered] "
                     "(URL | --stdio PROGRAM [ARGS...])\n";
        return 2;
    }
    boost::asio::io_context io;
    interop::report r;
    try {
        mcp::testing::run(io, interop::run_checks(*s, r), std::chrono::seconds(150));
    } catch (std::exception const& e) {
        r.check(false, "the checks ran to their end", e.what());
    }
    if (r.failed() == 0) {
        std::cout << "client_interop: all " << r.total() << " checks passed" << std::endl;
        return 0;
    }
    std::cout << "client_interop: " << r.failed() << " of " << r.total() << " checks failed:\n";
    for (auto const& f : r.failures()) std::cout << "  " << f << "\n";
    return 1;
}
