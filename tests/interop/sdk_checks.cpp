// client_interop's checks against the TypeScript SDK server of tests/interop/sdk_server.mjs: what its tools,
// prompt and resources answer as our client reads them, and the server's requests our client answers. What a mode
// cannot carry is skipped with a note: without a session the server cannot ask the client anything (elicitation,
// sampling, roots, list_changed, cancellation of a call that another server instance runs), and with JSON
// answers and no session it has nowhere to send the progress and logs of a call.
#include "client_interop.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace interop {

namespace {

using namespace std::chrono_literals;

struct add_args {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(add_args, (), (a, b))
struct add_result {
    double sum;
};
BOOST_DESCRIBE_STRUCT(add_result, (), (sum))

bool has_property(boost::json::object const& schema, std::string_view name) {
    auto const* props = schema.if_contains("properties");
    return props && props->is_object() && props->as_object().contains(name);
}

mcp::task<> check_tools(mcp::client& c, report& r) {
    auto tools = co_await c.list_all_tools();
    if (r.holds(tools, "tools/list")) {
        std::vector<std::string> names;
        for (auto const& t : *tools) names.push_back(t.name);
        bool all = true;
        for (auto const* want : {"add", "fail", "progress", "log", "slow", "ask_name", "sample", "roots"})
            all = all && contains(names, want);
        r.check(all, "tools/list: every tool of the SDK server", joined(names));
        auto add = std::find_if(tools->begin(), tools->end(), [](auto const& t) { return t.name == "add"; });
        r.check(add != tools->end() && has_property(add->input_schema, "a") && add->output_schema &&
                    has_property(*add->output_schema, "sum"),
                "tools/list: add has its input schema and its output schema",
                add == tools->end() ? "no add" : boost::json::serialize(add->input_schema));
    }
    auto sum = co_await c.call_tool<add_result>("add", add_args{2, 3});
    r.check(sum && sum->sum == 5, "tools/call add, typed: structuredContent {sum: 5}",
            sum ? std::to_string(sum->sum) : report::describe(sum.error()));
    auto failed = co_await c.call_tool("fail");
    r.check(failed && failed->is_error && mcp::text_of(*failed) == "the SDK peer refuses",
            "tools/call fail: a result with isError and the tool's text", text_or_error(failed));
    boost::json::object const no_arguments;
    auto typed_failure = co_await c.call_tool<std::string>("fail", no_arguments);
    r.check(!typed_failure && typed_failure.error().code() == mcp::client_code::tool_failed,
            "tools/call fail, typed: error tool_failed",
            typed_failure ? *typed_failure : report::describe(typed_failure.error()));
    // The SDK answers an unknown tool and bad arguments with a tool error, not a JSON-RPC error.
    auto unknown = co_await c.call_tool("no_such_tool");
    r.check(unknown && unknown->is_error && mcp::text_of(*unknown).find("not found") != std::string::npos,
            "tools/call of an unknown tool: the SDK's tool error", text_or_error(unknown));
    boost::json::object const bad{{"a", "two"}, {"b", 3}};
    auto refused = co_await c.call_tool("add", bad);
    r.check(refused && refused->is_error, "tools/call add with a string for a number: a tool error",
            text_or_error(refused));
}

mcp::task<> check_progress(mcp::client& c, report& r, setup const& s) {
    std::vector<mcp::progress_update> updates;
    mcp::request_options o;
    o.on_progress = [&updates](mcp::progress_update const& p) { updates.push_back(p); };
    boost::json::object const args{{"steps", 3}};
    auto done = co_await c.call_tool("progress", args, o);
    if (!r.check(done && mcp::text_of(*done) == "3 steps done", "tools/call progress: answered", text_or_error(done)))
        co_return;
    if (!s.call_messages()) {
        r.note("skipped: progress (stateless with JSON answers: the server has no stream for it)");
        co_return;
    }
    bool const right = progress_values(updates) == std::vector<double>{1, 2, 3} &&
                       updates.back().total == 3.0 && updates.front().message == "step 1";
    r.check(right, "progress 1, 2, 3 of 3 with messages, before the answer",
            std::to_string(updates.size()) + " updates");
}

mcp::task<> check_logs(mcp::client& c, report& r, setup const& s, std::shared_ptr<observed> seen) {
    if (!s.call_messages()) {
        r.note("skipped: logs (stateless with JSON answers: the server has no stream for them)");
        co_return;
    }
    // The level is kept by a session (or the stdio server); without one, each request meets a new server.
    bool const kept = s.server_can_ask();
    if (kept) {
        auto level = co_await c.set_log_level(mcp::log_level::warning);
        r.holds(level, "logging/setLevel warning");
    }
    seen->logs.clear();
    auto logged = co_await c.call_tool("log");
    r.check(logged && !logged->is_error, "tools/call log: answered", text_or_error(logged));
    std::vector<std::string> want{R"(warning {"said":"warning message"})", R"(error {"said":"error message"})"};
    if (!kept)
        want.insert(want.begin(), {R"(debug {"said":"debug message"})", R"(info {"said":"info message"})"});
    // With JSON answers the logs come on the GET stream, maybe after the answer.
    auto const count = want.size();
    std::function<bool()> all_in = [seen, count] { return seen->logs.size() >= count; };
    co_await eventually(all_in, 5s);
    r.check(seen->logs == want,
            kept ? "logs: those at warning and above, in order, with their data" : "logs: all four levels, in order",
            joined(seen->logs));
}

mcp::task<> check_prompts_and_resources(mcp::client& c, report& r) {
    auto prompts = co_await c.list_all_prompts();
    if (r.holds(prompts, "prompts/list"))
        r.check(prompts->size() == 1 && prompts->at(0).name == "greet" && prompts->at(0).arguments.size() == 1 &&
                    prompts->at(0).arguments[0].name == "city" && prompts->at(0).arguments[0].required,
                "prompts/list: greet with its required argument city");
    std::map<std::string, std::string> const city{{"city", "Paris"}};
    auto prompt = co_await c.get_prompt("greet", city);
    auto const* text = prompt && !prompt->messages.empty()
                           ? std::get_if<mcp::protocol::text_content>(&prompt->messages[0].content)
                           : nullptr;
    r.check(text && text->text == "Hello from Paris", "prompts/get greet", text ? text->text : "no text message");
    mcp::completion_query const cities{.ref = "greet", .argument = "city", .value = "P"};
    auto completed = co_await c.complete(cities);
    r.check(completed && completed->values == std::vector<std::string>{"Paris", "Perth", "Prague"},
            "completion/complete of a prompt argument",
            completed ? joined(completed->values) : report::describe(completed.error()));

    auto resources = co_await c.list_all_resources();
    if (r.holds(resources, "resources/list"))
        r.check(resources->size() == 1 && resources->at(0).uri == "sdk://readme", "resources/list: sdk://readme");
    auto readme = co_await c.read_resource("sdk://readme");
    r.check(readme && readme->contents.size() == 1 && readme->contents[0].text == "The SDK peer server.",
            "resources/read sdk://readme", readme ? "" : report::describe(readme.error()));
    auto templates = co_await c.list_all_resource_templates();
    if (r.holds(templates, "resources/templates/list"))
        r.check(templates->size() == 1 && templates->at(0).uri_template == "sdk://items/{id}",
                "resources/templates/list: sdk://items/{id}");
    auto item = co_await c.read_resource("sdk://items/42");
    r.check(item && item->contents.size() == 1 && item->contents[0].text == R"({"id":"42"})",
            "resources/read through the template", item ? "" : report::describe(item.error()));
    mcp::completion_query const ids{.ref_type = "ref/resource", .ref = "sdk://items/{id}", .argument = "id", .value = "4"};
    auto id = co_await c.complete(ids);
    r.check(id && id->values == std::vector<std::string>{"42"}, "completion/complete of a template variable",
            id ? joined(id->values) : report::describe(id.error()));
}

mcp::task<> check_server_requests(mcp::client& c, report& r, std::shared_ptr<observed> seen) {
    boost::json::object const none;
    auto hello = co_await c.call_tool<std::string>("ask_name", none);
    r.check(hello && *hello == "Hello, Ada" && seen->elicitations == std::vector<std::string>{"Who are you?"},
            "elicitation: answered, with the form's default filled in by the client",
            hello ? *hello : report::describe(hello.error()));
    boost::json::object const prompt{{"prompt", "Hi"}};
    auto sampled = co_await c.call_tool<std::string>("sample", prompt);
    r.check(sampled && *sampled == "interop-model said: echo Hi", "sampling/createMessage: answered",
            sampled ? *sampled : report::describe(sampled.error()));
    auto roots = co_await c.call_tool<std::string>("roots", none);
    r.check(roots && *roots == "file:///a file:///b", "roots/list: answered",
            roots ? *roots : report::describe(roots.error()));
    seen->notifications.clear();
    auto enabled = co_await c.call_tool("enable_extra");
    std::function<bool()> told = [seen] { return contains(seen->notifications, "notifications/tools/list_changed"); };
    bool const heard = co_await eventually(told, 5s);
    r.check(enabled && heard, "notifications/tools/list_changed heard", text_or_error(enabled));
    auto tools = co_await c.list_all_tools();
    bool listed = tools && std::any_of(tools->begin(), tools->end(), [](auto const& t) { return t.name == "extra"; });
    r.check(listed, "tools/list after the change lists extra");
}

// A call's "cancelled_calls" answer, asked until it is `want` or 5 s have passed.
mcp::task<std::string> cancelled_calls(mcp::client& c, std::string want) {
    boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor);
    boost::json::object const none;
    std::string last;
    for (int i = 0; i < 100 && last != want; ++i) {
        auto n = co_await c.call_tool<std::string>("cancelled_calls", none);
        last = n ? *n : report::describe(n.error());
        pause.expires_after(50ms);
        if (last != want) co_await pause.async_wait(boost::asio::use_awaitable);
    }
    co_return last;
}

mcp::task<> check_cancellation(mcp::client& c, report& r) {
    boost::json::object const long_wait{{"ms", 10000}};
    auto start = std::chrono::steady_clock::now();
    auto cancelled = co_await call_then_cancel(c, "slow", long_wait, 200ms);
    r.check(!cancelled && cancelled.error().code() == mcp::client_code::cancelled &&
                std::chrono::steady_clock::now() - start < 5s,
            "a call cancelled by the caller ends with cancelled", text_or_error(cancelled));
    auto stopped = co_await cancelled_calls(c, "1");
    r.check(stopped == "1", "notifications/cancelled stopped the call on the server", "cancelled calls: " + stopped);
    mcp::request_options o;
    o.timeout = 300ms;
    auto timed_out = co_await c.call_tool("slow", long_wait, o);
    r.check(!timed_out && timed_out.error().code() == mcp::protocol::code::request_timeout,
            "a call without an answer in time ends with request_timeout", text_or_error(timed_out));
    stopped = co_await cancelled_calls(c, "2");
    r.check(stopped == "2", "the timed-out call was cancelled on the server too", "cancelled calls: " + stopped);
    auto pong = co_await c.ping();
    r.holds(pong, "the session goes on after the cancellations (ping)");
}

} // namespace

mcp::task<> check_sdk(mcp::client& c, report& r, setup const& s, std::shared_ptr<observed> seen) {
    r.check(c.server_can("logging") && c.server_can("completions"), "initialize: logging and completions capabilities");
    co_await check_tools(c, r);
    co_await check_progress(c, r, s);
    co_await check_logs(c, r, s, seen);
    co_await check_prompts_and_resources(c, r);
    if (!s.server_can_ask()) {
        r.note("skipped: elicitation, sampling, roots, list_changed and cancellation (stateless: the server cannot "
               "ask the client, and another server instance runs each call)");
        co_return;
    }
    co_await check_server_requests(c, r, seen);
    co_await check_cancellation(c, r);
}

} // namespace interop
