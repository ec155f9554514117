// The client the official conformance suite's client scenarios drive (`conformance client --command ...`): the
// suite starts a test server for one scenario, runs this program with the server's URL as its last argument and
// the scenario's name in MCP_CONFORMANCE_SCENARIO, and judges what reached the server. Each scenario does what a
// real application would: connect, use the server as the scenario intends, close, exit 0 (1 on any failure,
// with the reason on stderr). The auth/ scenarios add an authorization server: the client authorizes as a
// headless user agent would (it follows the authorization URL's redirect), with the pre-registered client the
// suite hands over in MCP_CONFORMANCE_CONTEXT, else the client ID metadata document URL the suite expects, else
// dynamic registration.
#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/io_context.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

namespace {

using mcp::task;

// elicitation-sep1034-client-defaults: the user accepts without typing anything; the client fills in the
// defaults the form declares (SEP-1034).
task<mcp::result<mcp::elicitation_answer>> accept_defaults(mcp::elicitation_request) {
    co_return mcp::elicitation_answer::accept();
}

task<mcp::result<>> call(mcp::client& c, std::string name, boost::json::object args) {
    auto answer = co_await c.call_tool(std::move(name), std::move(args));
    if (!answer) co_return answer.error();
    if (answer->is_error) co_return mcp::error(1, "the tool failed: " + mcp::text_of(*answer));
    std::cerr << "conformance client: " << mcp::text_of(*answer) << "\n";
    co_return mcp::result<>{};
}

task<mcp::result<>> scenario(mcp::client& c, std::string name) {
    if (name == "elicitation-sep1034-client-defaults") c.on_elicitation(accept_defaults);
    auto init = co_await c.connect();
    if (!init) co_return init.error();
    boost::json::object no_arguments;
    if (name == "sse-retry") co_return co_await call(c, "test_reconnection", no_arguments);
    auto tools = co_await c.list_all_tools();
    if (!tools) co_return tools.error();
    boost::json::object numbers{{"a", 5}, {"b", 3}};
    if (name == "tools_call") co_return co_await call(c, "add_numbers", numbers);
    if (name == "elicitation-sep1034-client-defaults")
        co_return co_await call(c, "test_client_elicitation_defaults", no_arguments);
    // auth/scope-step-up asks for more scope on tools/call than on tools/list.
    if (name.starts_with("auth/"))
        for (auto const& t : *tools)
            if (t.name == "test-tool") co_return co_await call(c, "test-tool", no_arguments);
    co_return mcp::result<>{}; // initialize, and any scenario that only needs the handshake
}

task<mcp::result<>> run_and_close(mcp::client& c, std::string name) {
    auto outcome = co_await scenario(c, std::move(name));
    co_await c.close();
    co_return outcome;
}

// The suite's scenario context (JSON in MCP_CONFORMANCE_CONTEXT): client_id and client_secret when the
// scenario's authorization server knows the client already.
std::optional<mcp::transport::pre_registered_client> pre_registered() {
    char const* context = std::getenv("MCP_CONFORMANCE_CONTEXT");
    if (!context) return std::nullopt;
    boost::system::error_code ec;
    auto v = boost::json::parse(context, ec);
    auto const* o = ec ? nullptr : v.if_object();
    auto const* id = o ? o->if_contains("client_id") : nullptr;
    if (!id || !id->is_string()) return std::nullopt;
    mcp::transport::pre_registered_client client{.client_id = std::string(id->as_string())};
    if (auto const* secret = o->if_contains("client_secret"); secret && secret->is_string())
        client.client_secret = std::string(secret->as_string());
    return client;
}

mcp::transport::authorization_options authorization() {
    std::string const redirect = "http://localhost:3000/callback"; // never contacted: the user agent stops there
    return {.redirect_uri = redirect,
            .open = mcp::transport::headless_user_agent(redirect),
            .registration = {.pre_registered = pre_registered(),
                             // the URL auth/basic-cimd expects (the suite never fetches it)
                             .metadata_document_url = "https://conformance-test.local/client-metadata.json",
                             .client_metadata = {{"client_name", "mcp-cpp-conformance-client"}}}};
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: conformance_client URL (the scenario in MCP_CONFORMANCE_SCENARIO)\n";
        return 2;
    }
    char const* scenario_name = std::getenv("MCP_CONFORMANCE_SCENARIO");
    std::string name = scenario_name ? scenario_name : "initialize";
    boost::asio::io_context io;
    mcp::transport::http_options options{.url = argv[argc - 1]};
    if (name.starts_with("auth/")) options.authorization = authorization();
    auto conn = mcp::transport::http(std::move(options));
    if (!conn) {
        std::cerr << "conformance client: " << conn.error().message() << "\n";
        return 2;
    }
    mcp::client c(io.get_executor(), std::move(*conn), {.info = {"mcp-cpp-conformance-client", "0.1.0"}});
    auto outcome = mcp::testing::run(io, run_and_close(c, name), std::chrono::seconds(25));
    if (!outcome) {
        std::cerr << "conformance client: " << name << ": " << outcome.error().message() << "\n";
        return 1;
    }
    return 0;
}
