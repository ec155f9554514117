// The 2026-07-28 suite's tools (conformance 0.2.0-alpha.12: input-required-result-*, server-stateless,
// http-custom-header-server-validation): questions to the client asked with the same ctx.elicit,
// ctx.sample and ctx.list_roots calls a 2025 tool makes. In a 2026-07-28 request each unanswered question ends
// the round (input_required); the handler runs again with the answers (docs/eras.md). The keys are the ones
// the suite expects.
#include "everything.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

namespace everything {
namespace {

using namespace boost::asio::experimental::awaitable_operators;

struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))
struct color_form {
    std::string color;
};
BOOST_DESCRIBE_STRUCT(color_form, (), (color))
struct confirm_form {
    bool ok;
};
BOOST_DESCRIBE_STRUCT(confirm_form, (), (ok))
struct context_form {
    std::string context;
};
BOOST_DESCRIBE_STRUCT(context_form, (), (context))

std::string name_of(mcp::result<mcp::elicitation<name_form>> const& answer) {
    return answer && answer->content ? answer->content->name : "stranger";
}

std::string text_of(mcp::result<mcp::sampling_result> const& answer) {
    if (!answer) return "(no answer: " + answer.error().message() + ")";
    auto text = answer->text();
    return text.empty() ? "(not text)" : text;
}

std::string roots_text(mcp::result<boost::json::object> const& answer) {
    if (!answer) return "(no roots: " + answer.error().message() + ")";
    std::string out;
    for (auto const& root : answer->at("roots").as_array()) {
        auto const* uri = root.as_object().if_contains("uri");
        out += (out.empty() ? "" : ", ") + (uri && uri->is_string() ? std::string(uri->as_string()) : "?");
    }
    return "Client roots: " + (out.empty() ? "(none)" : out);
}

mcp::task<std::string> ask_name(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("What is your name?", "user_name");
    co_return "Hello, " + name_of(answer) + "!";
}

mcp::task<std::string> ask_capital(mcp::call_context& ctx) {
    auto answer = co_await ctx.sample("What is the capital of France?", 100, "capital_question");
    co_return "The client's model says: " + text_of(answer);
}

mcp::task<std::string> ask_roots(mcp::call_context& ctx) {
    co_return roots_text(co_await ctx.list_roots("client_roots"));
}

mcp::task<std::string> ask_confirmation(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<confirm_form>("Confirm to continue", "confirm");
    bool ok = answer && answer->content && answer->content->ok;
    co_return ok ? "state-ok: confirmed" : "state-ok: not confirmed";
}

// Three questions awaited together: one round asks them all.
mcp::task<std::string> ask_three(mcp::call_context& ctx) {
    auto [name, greeting, roots] = co_await (ctx.elicit<name_form>("What is your name?", "user_name") &&
                                             ctx.sample("Generate a greeting", 50, "greeting") &&
                                             ctx.list_roots("client_roots"));
    co_return "Hello, " + name_of(name) + "! " + text_of(greeting) + " " + roots_text(roots);
}

// One question per round: the second round asks what the first could not know.
mcp::task<std::string> ask_two_rounds(mcp::call_context& ctx) {
    auto name = co_await ctx.elicit<name_form>("What is your name?", "step1");
    auto color = co_await ctx.elicit<color_form>("What is your favorite color?", "step2");
    auto favorite = color && color->content ? color->content->color : "no color";
    co_return name_of(name) + " likes " + favorite;
}

// Asks only what this request's client declared (2026-07-28: capabilities are per request).
mcp::task<std::string> ask_what_is_supported(mcp::call_context& ctx) {
    std::string out;
    if (ctx.client_supports("sampling")) out += text_of(co_await ctx.sample("Say hello", 20, "hello")) + " ";
    if (ctx.client_supports("elicitation")) out += name_of(co_await ctx.elicit<name_form>("Name?", "name")) + " ";
    if (ctx.client_supports("roots")) out += roots_text(co_await ctx.list_roots("roots"));
    co_return out.empty() ? "The client declared none of sampling, elicitation and roots" : out;
}

mcp::task<mcp::result<std::string>> prompt_with_context(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<context_form>("What context should the prompt use?", "user_context");
    auto context = answer && answer->content ? answer->content->context : "none";
    co_return "Use this context: " + context;
}

// server-stateless: logs reach the client only when the request asked for them (_meta logLevel).
std::string logging_tool(mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, boost::json::string("test_logging_tool ran"));
    return "logged (if the request set a log level)";
}

// server-stateless: a capability the request did not declare is -32021.
mcp::task<std::string> needs_sampling(mcp::call_context& ctx) {
    co_return text_of(co_await ctx.sample("Anything", 10));
}

// A raw tool: its schema, written by hand, carries the x-mcp-header annotation (SEP-2243).
std::string region_echo(boost::json::object args) {
    return "region " + boost::json::serialize(args.at("region"));
}

} // namespace

void add_round_tools(mcp::server& srv) {
    auto tool = [&srv](std::string name, std::string description, auto fn) {
        srv.add_tool({.name = std::move(name), .description = std::move(description)}, std::move(fn));
    };
    tool("test_input_required_result_elicitation", "Asks the user's name (one round)", ask_name);
    tool("test_streaming_elicitation", "Asks the user's name: never a request on the response stream", ask_name);
    tool("test_input_required_result_sampling", "Asks the client's model a question", ask_capital);
    tool("test_input_required_result_list_roots", "Asks the client's roots", ask_roots);
    tool("test_input_required_result_request_state", "Asks a confirmation; its state comes back", ask_confirmation);
    tool("test_input_required_result_tampered_state", "Asks a confirmation; a tampered state is refused",
         ask_confirmation);
    tool("test_input_required_result_multiple_inputs", "Asks three questions in one round", ask_three);
    tool("test_input_required_result_multi_round", "Asks two questions, one round each", ask_two_rounds);
    tool("test_input_required_result_capabilities", "Asks only what the client declared", ask_what_is_supported);
    tool("test_logging_tool", "Logs at info (seen only with a _meta logLevel)", logging_tool);
    tool("test_missing_capability", "Needs sampling", needs_sampling);
    srv.add_prompt({.name = "test_input_required_result_prompt",
                    .description = "Asks the user for context before it is written"},
                   prompt_with_context);
    auto schema = boost::json::parse(R"({"type":"object","properties":{
        "region":{"type":"string","x-mcp-header":"Region"},"note":{"type":"string"}},"required":["region"]})");
    srv.add_tool({.name = "test_custom_header",
                  .description = "Mirrors its region argument in the Mcp-Param-Region header",
                  .input_schema = schema.as_object()},
                 region_echo);
}

} // namespace everything
