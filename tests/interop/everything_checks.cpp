// client_interop's checks against our own examples/everything (over HTTP and stdio) and examples/lambda (the same
// definitions behind tools/lambda_emulator): content of every type, progress and logs during a call, the server's
// requests, prompts with completion, resources with a subscription, and a tool list that changes. The names and
// payloads are those of the conformance suite (examples/everything/*.cpp).
#include "client_interop.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace interop {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view png_start = "iVBORw0KGgo"; // base64 of the PNG signature
constexpr std::string_view wav_start = "UklGR";       // base64 of "RIFF"

template <class Content>
Content const* first_of(mcp::result<mcp::call_tool_result> const& r) {
    return r && !r->content.empty() ? std::get_if<Content>(&r->content[0]) : nullptr;
}

std::vector<std::string> missing(std::vector<std::string> const& have, std::vector<std::string> const& want) {
    std::vector<std::string> out;
    for (auto const& w : want)
        if (!contains(have, w)) out.push_back(w);
    return out;
}

std::vector<std::string> tool_names(std::vector<mcp::protocol::tool> const& tools) {
    std::vector<std::string> out;
    for (auto const& t : tools) out.push_back(t.name);
    return out;
}

std::vector<std::string> const& expected_tools() {
    static std::vector<std::string> const names{
        "test_simple_text", "test_image_content", "test_audio_content", "test_embedded_resource",
        "test_error_handling", "test_tool_with_progress", "test_tool_with_logging", "test_sampling",
        "test_elicitation", "test_elicitation_sep1034_defaults", "json_schema_2020_12_tool", "test_switchable"};
    return names;
}

// The JSON object after `marker` in a tool's text ("content=" in the elicitation tools' answers); empty when
// there is none.
boost::json::object object_after(std::string const& text, std::string_view marker = "content=") {
    auto at = text.find(marker);
    if (at == std::string::npos) return {};
    boost::system::error_code ec;
    auto v = boost::json::parse(text.substr(at + marker.size()), ec);
    return !ec && v.is_object() ? v.as_object() : boost::json::object{};
}

boost::json::object sep1034_defaults() {
    return {{"name", "John Doe"}, {"age", 30}, {"score", 95.5}, {"status", "active"}, {"verified", true}};
}

mcp::task<> check_content(mcp::client& c, report& r) {
    auto tools = co_await c.list_all_tools();
    if (r.holds(tools, "tools/list")) {
        auto lacking = missing(tool_names(*tools), expected_tools());
        r.check(lacking.empty(), "tools/list: every tool of the conformance suite", "missing " + joined(lacking));
        auto t = std::find_if(tools->begin(), tools->end(),
                              [](auto const& tool) { return tool.name == "json_schema_2020_12_tool"; });
        r.check(t != tools->end() && t->input_schema.contains("$defs") && t->input_schema.contains("$schema"),
                "tools/list: a JSON Schema 2020-12 input schema is read as written");
    }
    auto text = co_await c.call_tool("test_simple_text");
    r.check(text && mcp::text_of(*text) == "This is a simple text response for testing.", "text content",
            text_or_error(text));
    auto image = co_await c.call_tool("test_image_content");
    auto const* png = first_of<mcp::protocol::image_content>(image);
    r.check(png && png->mime_type == "image/png" && png->data.starts_with(png_start), "image content",
            text_or_error(image));
    auto audio = co_await c.call_tool("test_audio_content");
    auto const* wav = first_of<mcp::protocol::audio_content>(audio);
    r.check(wav && wav->mime_type == "audio/wav" && wav->data.starts_with(wav_start), "audio content",
            text_or_error(audio));
    auto embedded = co_await c.call_tool("test_embedded_resource");
    auto const* res = first_of<mcp::protocol::embedded_resource>(embedded);
    r.check(res && res->resource.uri == "test://embedded-resource" &&
                res->resource.text == "This is an embedded resource content.",
            "embedded resource content", text_or_error(embedded));
    auto failed = co_await c.call_tool("test_error_handling");
    r.check(failed && failed->is_error &&
                mcp::text_of(*failed) == "This tool intentionally returns an error for testing",
            "a tool error (isError)", text_or_error(failed));
    boost::json::object const address{{"name", "Ada"}, {"address", {{"city", "Oslo"}}}, {"email", "ada@example.org"}};
    auto echoed = co_await c.call_tool("json_schema_2020_12_tool", address);
    r.check(echoed && object_after(mcp::text_of(*echoed), "Received: ") == address,
            "arguments with a nested object reach the tool", text_or_error(echoed));
}

mcp::task<> check_progress_and_logs(mcp::client& c, report& r, std::shared_ptr<observed> seen) {
    auto level = co_await c.set_log_level(mcp::log_level::info);
    r.holds(level, "logging/setLevel info");
    std::vector<mcp::progress_update> updates;
    mcp::request_options o;
    o.on_progress = [&updates](mcp::progress_update const& p) { updates.push_back(p); };
    boost::json::object const none;
    auto done = co_await c.call_tool("test_tool_with_progress", none, o);
    r.check(done && progress_values(updates) == std::vector<double>{0, 50, 100} && updates.back().total == 100.0,
            "progress 0, 50, 100 of 100 before the answer", text_or_error(done));
    seen->logs.clear();
    auto logged = co_await c.call_tool("test_tool_with_logging");
    std::vector<std::string> const want{R"(info "Tool execution started")", R"(info "Tool processing data")",
                                        R"(info "Tool execution completed")"};
    r.check(logged && seen->logs == want, "three info logs, in order, before the answer", joined(seen->logs));
}

mcp::task<> check_server_requests(mcp::client& c, report& r, std::shared_ptr<observed> seen) {
    boost::json::object const prompt{{"prompt", "Hi"}};
    auto sampled = co_await c.call_tool<std::string>("test_sampling", prompt);
    r.check(sampled && *sampled == "LLM response: echo Hi", "sampling/createMessage answered",
            sampled ? *sampled : report::describe(sampled.error()));
    boost::json::object const message{{"message", "Who are you?"}};
    auto form = co_await c.call_tool<std::string>("test_elicitation", message);
    boost::json::object const typed{{"username", "ada"}, {"email", "ada@example.com"}};
    r.check(form && form->starts_with("User response: action=accept") && object_after(*form) == typed &&
                contains(seen->elicitations, "Who are you?"),
            "elicitation of a typed form answered", form ? *form : report::describe(form.error()));
    boost::json::object const none;
    auto defaults = co_await c.call_tool<std::string>("test_elicitation_sep1034_defaults", none);
    r.check(defaults && object_after(*defaults) == sep1034_defaults(),
            "elicitation: the client filled in every default (SEP-1034)",
            defaults ? *defaults : report::describe(defaults.error()));
}

mcp::task<> check_prompts(mcp::client& c, report& r) {
    auto prompts = co_await c.list_all_prompts();
    if (r.holds(prompts, "prompts/list")) {
        auto p = std::find_if(prompts->begin(), prompts->end(),
                              [](auto const& prompt) { return prompt.name == "test_prompt_with_arguments"; });
        r.check(p != prompts->end() && p->arguments.size() == 2 && p->arguments[0].name == "arg1" &&
                    p->arguments[0].required,
                "prompts/list: test_prompt_with_arguments with arg1 and arg2");
    }
    std::map<std::string, std::string> const args{{"arg1", "a"}, {"arg2", "b"}};
    auto got = co_await c.get_prompt("test_prompt_with_arguments", args);
    auto const* text = got && !got->messages.empty()
                           ? std::get_if<mcp::protocol::text_content>(&got->messages[0].content)
                           : nullptr;
    r.check(text && text->text == "Prompt with arguments: arg1='a', arg2='b'", "prompts/get with arguments",
            text ? text->text : "no text message");
    auto image = co_await c.get_prompt("test_prompt_with_image");
    r.check(image && image->messages.size() == 2 &&
                std::holds_alternative<mcp::protocol::image_content>(image->messages[0].content),
            "prompts/get with an image message");
    mcp::completion_query const query{.ref = "test_prompt_with_arguments", .argument = "arg1", .value = "pa"};
    auto completed = co_await c.complete(query);
    r.check(completed && completed->values == std::vector<std::string>{"paris", "park", "party"},
            "completion/complete", completed ? joined(completed->values) : report::describe(completed.error()));
}

mcp::task<> check_resources(mcp::client& c, report& r, setup const& s, std::shared_ptr<observed> seen) {
    auto text = co_await c.read_resource("test://static-text");
    r.check(text && text->contents.size() == 1 &&
                text->contents[0].text == "This is the content of the static text resource.",
            "resources/read of a text resource");
    auto binary = co_await c.read_resource("test://static-binary");
    r.check(binary && binary->contents.size() == 1 && binary->contents[0].blob &&
                binary->contents[0].blob->starts_with(png_start),
            "resources/read of a binary resource (blob)");
    auto templates = co_await c.list_all_resource_templates();
    r.check(templates && templates->size() == 1 && templates->at(0).uri_template == "test://template/{id}/data",
            "resources/templates/list");
    auto item = co_await c.read_resource("test://template/42/data");
    r.check(item && item->contents.size() == 1 &&
                item->contents[0].text == R"({"id":"42","templateTest":true,"data":"Data for ID: 42"})",
            "resources/read through the template");
    if (!s.server_can_ask()) {
        r.note("skipped: resources/subscribe (buffered: no stream to hear it on)");
        co_return;
    }
    seen->notifications.clear();
    auto subscribed = co_await c.subscribe("test://watched-resource");
    r.holds(subscribed, "resources/subscribe");
    // The resource changes every 3 s.
    std::function<bool()> updated = [seen] { return contains(seen->notifications, "notifications/resources/updated"); };
    bool const heard = co_await eventually(updated, 10s);
    r.check(heard, "notifications/resources/updated heard for the subscribed resource");
    auto unsubscribed = co_await c.unsubscribe("test://watched-resource");
    r.holds(unsubscribed, "resources/unsubscribe");
}

// Whether tools/list lists test_switchable as `want`, asking again for up to `limit`: on Lambda each copy of the
// function reads the stored tool set on a request at least MCP_TOOL_CHECK_INTERVAL after its last look, so a copy
// other than the one that switched it may list the old set for that long (docs/dynamic-tools.md).
mcp::task<bool> lists_switchable(mcp::client& c, bool want, std::chrono::milliseconds limit) {
    boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor);
    auto const deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        auto tools = co_await c.list_all_tools();
        bool const listed = tools && contains(tool_names(*tools), "test_switchable");
        if (listed == want || std::chrono::steady_clock::now() > deadline) co_return listed == want;
        pause.expires_after(200ms);
        co_await pause.async_wait(boost::asio::use_awaitable);
    }
}

mcp::task<> check_list_change(mcp::client& c, report& r, setup const& s, std::shared_ptr<observed> seen) {
    seen->notifications.clear();
    boost::json::object const off{{"name", "test_switchable"}, {"active", false}};
    auto switched = co_await c.call_tool<std::string>("test_switch_tool", off);
    r.check(switched && *switched == "test_switchable is inactive", "test_switch_tool: test_switchable off",
            switched ? *switched : report::describe(switched.error()));
    if (s.expect == "everything") {
        std::function<bool()> told = [seen] { return contains(seen->notifications, "notifications/tools/list_changed"); };
        bool const heard = co_await eventually(told, 5s);
        r.check(heard, "notifications/tools/list_changed heard");
    }
    // One process lists the new set at once; Lambda copies within their check interval (1 s in these tests).
    auto const converge = s.expect == "lambda" ? std::chrono::milliseconds(5s) : std::chrono::milliseconds(0);
    bool const gone = co_await lists_switchable(c, false, converge);
    r.check(gone, "tools/list no longer lists test_switchable");
    boost::json::object const on{{"name", "test_switchable"}, {"active", true}};
    auto back = co_await c.call_tool<std::string>("test_switch_tool", on);
    bool const listed_on = co_await lists_switchable(c, true, converge);
    r.check(back && listed_on, "switched on again, tools/list lists it",
            back ? *back : report::describe(back.error()));
}

} // namespace

mcp::task<> check_everything(mcp::client& c, report& r, setup const& s, std::shared_ptr<observed> seen) {
    co_await check_content(c, r);
    co_await check_progress_and_logs(c, r, seen);
    if (s.server_can_ask()) co_await check_server_requests(c, r, seen);
    else r.note("skipped: sampling and elicitation (buffered: the request would come with the answer it waits for)");
    co_await check_prompts(c, r);
    co_await check_resources(c, r, s, seen);
    co_await check_list_change(c, r, s, seen);
}

} // namespace interop
