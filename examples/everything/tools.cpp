// The conformance suite's tools (scenarios tools-*, elicitation-*, json-schema-2020-12): content of every
// type, logging and progress during a call, a tool error, and the server-to-client requests (sampling,
// elicitation).
#include "everything.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace everything {
namespace {

using namespace std::chrono_literals;

mcp::task<void> pause(std::chrono::milliseconds d) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

boost::json::object parse_object(std::string_view text) {
    return boost::json::parse(text).as_object();
}

// --- content -----------------------------------------------------------------------------------------------

std::string simple_text() {
    return "This is a simple text response for testing.";
}

mcp::content image_content() {
    return mcp::protocol::image(std::string(red_pixel_png), "image/png");
}

mcp::content audio_content() {
    return mcp::protocol::audio(std::string(tone_wav), "audio/wav");
}

mcp::content embedded_resource() {
    return mcp::protocol::embedded_resource{embedded_resource_contents(), {}};
}

std::vector<mcp::content> multiple_content_types() {
    return {mcp::protocol::text("Multiple content types test:"), image_content(),
            mcp::protocol::embedded_resource{mixed_content_resource_contents(), {}}};
}

// A tool's own failure is a result with isError: true, not a JSON-RPC error (2025-11-25 server/tools).
mcp::call_tool_result error_handling() {
    return {.content = {mcp::protocol::text("This tool intentionally returns an error for testing")},
            .is_error = true};
}

// --- notifications during a call ---------------------------------------------------------------------------

// The pauses let the client see the messages arrive while the call is still running.
mcp::task<std::string> tool_with_logging(mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, "Tool execution started");
    co_await pause(50ms);
    ctx.log(mcp::log_level::info, "Tool processing data");
    co_await pause(50ms);
    ctx.log(mcp::log_level::info, "Tool execution completed");
    co_return "Logging test completed";
}

mcp::task<std::string> tool_with_progress(mcp::call_context& ctx) {
    ctx.progress(0, 100);
    co_await pause(50ms);
    ctx.progress(50, 100);
    co_await pause(50ms);
    ctx.progress(100, 100);
    co_return "Progress test completed";
}

// --- sampling ----------------------------------------------------------------------------------------------
struct sampling_args {
    std::string prompt;
};
BOOST_DESCRIBE_STRUCT(sampling_args, (), (prompt))
inline mcp::json::field_docs field_docs(sampling_args const&) {
    return {{"prompt", "The prompt to send to the LLM"}};
}

// The text of a sampling answer: one content block, or several (2025-11-25 client/sampling allows an array).
std::string text_of(boost::json::value const& content) {
    if (content.is_array()) {
        std::string out;
        for (auto const& block : content.as_array())
            out += text_of(block);
        return out;
    }
    auto const* text = content.is_object() ? content.as_object().if_contains("text") : nullptr;
    return text && text->is_string() ? std::string(text->as_string()) : "";
}

// Built outside the coroutine: g++ 12 rejects initializer lists inside one ("array used as initializer").
boost::json::object sampling_request(std::string const& prompt) {
    boost::json::object message{{"role", "user"}, {"content", {{"type", "text"}, {"text", prompt}}}};
    return {{"messages", boost::json::array{message}}, {"maxTokens", 100}};
}

mcp::task<mcp::result<std::string>> sampling(sampling_args in, mcp::call_context& ctx) {
    auto answer = co_await ctx.create_message(sampling_request(in.prompt));
    if (!answer)
        co_return answer.error();
    auto const* content = answer->if_contains("content");
    co_return "LLM response: " + (content ? text_of(*content) : std::string());
}

// --- elicitation -------------------------------------------------------------------------------------------
struct elicitation_args {
    std::string message;
};
BOOST_DESCRIBE_STRUCT(elicitation_args, (), (message))
inline mcp::json::field_docs field_docs(elicitation_args const&) {
    return {{"message", "The message to show the user"}};
}

struct user_form {
    std::string username;
    std::string email;
};
BOOST_DESCRIBE_STRUCT(user_form, (), (username, email))
inline mcp::json::field_docs field_docs(user_form const&) {
    return {{"username", "User's response"}, {"email", "User's email address"}};
}

std::string_view action_name(mcp::elicit_action a) {
    switch (a) {
    case mcp::elicit_action::accept:
        return "accept";
    case mcp::elicit_action::decline:
        return "decline";
    case mcp::elicit_action::cancel:
        return "cancel";
    }
    return "unknown";
}

// Typed: the form's schema comes from user_form, and the answer is checked against it.
mcp::task<mcp::result<std::string>> elicitation(elicitation_args in, mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<user_form>(in.message);
    if (!answer)
        co_return answer.error();
    auto content = answer->content ? mcp::json::to_json(*answer->content) : boost::json::object{};
    co_return "User response: action=" + std::string(action_name(answer->action)) +
        ", content=" + boost::json::serialize(content);
}

std::string raw_answer_text(boost::json::object const& answer) {
    auto const* action = answer.if_contains("action");
    auto const* content = answer.if_contains("content");
    return "Elicitation completed: action=" +
           (action && action->is_string() ? std::string(action->as_string()) : "") +
           ", content=" + (content ? boost::json::serialize(*content) : "{}");
}

// Raw schemas: defaults (SEP-1034) and titled or multi-select enums (SEP-1330) have no typed spelling.
mcp::task<mcp::result<std::string>> elicit_raw(mcp::call_context& ctx, std::string message,
                                               std::string_view schema) {
    auto answer = co_await ctx.elicit(std::move(message), parse_object(schema));
    if (!answer)
        co_return answer.error();
    co_return raw_answer_text(*answer);
}

constexpr std::string_view defaults_schema = R"({
  "type": "object",
  "properties": {
    "name": {"type": "string", "description": "User name", "default": "John Doe"},
    "age": {"type": "integer", "description": "User age", "default": 30},
    "score": {"type": "number", "description": "User score", "default": 95.5},
    "status": {"type": "string", "description": "User status", "enum": ["active", "inactive", "pending"],
               "default": "active"},
    "verified": {"type": "boolean", "description": "Verification status", "default": true}
  },
  "required": []
})";

constexpr std::string_view enums_schema = R"({
  "type": "object",
  "properties": {
    "untitledSingle": {"type": "string", "description": "Untitled single-select",
                       "enum": ["option1", "option2", "option3"]},
    "titledSingle": {"type": "string", "description": "Titled single-select",
                     "oneOf": [{"const": "value1", "title": "First Option"},
                               {"const": "value2", "title": "Second Option"},
                               {"const": "value3", "title": "Third Option"}]},
    "legacyEnum": {"type": "string", "description": "Legacy titled enum", "enum": ["opt1", "opt2", "opt3"],
                   "enumNames": ["Option One", "Option Two", "Option Three"]},
    "untitledMulti": {"type": "array", "description": "Untitled multi-select",
                      "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
    "titledMulti": {"type": "array", "description": "Titled multi-select",
                    "items": {"anyOf": [{"const": "value1", "title": "First Choice"},
                                        {"const": "value2", "title": "Second Choice"},
                                        {"const": "value3", "title": "Third Choice"}]}}
  },
  "required": []
})";

mcp::task<mcp::result<std::string>> elicitation_defaults(mcp::call_context& ctx) {
    return elicit_raw(ctx, "Please review and update the form fields with defaults", defaults_schema);
}

mcp::task<mcp::result<std::string>> elicitation_enums(mcp::call_context& ctx) {
    return elicit_raw(ctx, "Please select options from the enum fields", enums_schema);
}

// --- JSON Schema 2020-12 (SEP-1613, SEP-2106): the hand-written inputSchema is listed as written, composition,
// conditionals and $anchor included ------------------------------------------------------------------------
constexpr std::string_view schema_2020_12 = R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "$defs": {
    "address": {"$anchor": "addressDef", "type": "object",
                "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}
  },
  "properties": {
    "name": {"type": "string"}, "address": {"$ref": "#/$defs/address"},
    "contactMethod": {"type": "string", "enum": ["phone", "email"]},
    "phone": {"type": "string"}, "email": {"type": "string"}
  },
  "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
  "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
  "then": {"required": ["phone"]},
  "else": {"required": ["email"]},
  "additionalProperties": false
})";

std::string echo_arguments(boost::json::object args) {
    return "Received: " + boost::json::serialize(args);
}

} // namespace

void add_tools(mcp::server& srv) {
    srv.add_tool({.name = "test_simple_text", .description = "Returns simple text content"}, simple_text);
    srv.add_tool({.name = "test_image_content", .description = "Returns a PNG image"}, image_content);
    srv.add_tool({.name = "test_audio_content", .description = "Returns a WAV audio clip"}, audio_content);
    srv.add_tool({.name = "test_embedded_resource", .description = "Returns an embedded resource"},
                 embedded_resource);
    srv.add_tool(
        {.name = "test_multiple_content_types", .description = "Returns text, an image and a resource"},
        multiple_content_types);
    srv.add_tool({.name = "test_tool_with_logging", .description = "Sends three log messages while running"},
                 tool_with_logging);
    srv.add_tool({.name = "test_error_handling", .description = "Always returns a tool error"},
                 error_handling);
    srv.add_tool({.name = "test_tool_with_progress", .description = "Reports progress 0, 50 and 100 of 100"},
                 tool_with_progress);
    srv.add_tool({.name = "test_sampling", .description = "Asks the client's LLM to answer a prompt"},
                 sampling);
    srv.add_tool({.name = "test_elicitation", .description = "Asks the user for a username and an email"},
                 elicitation);
    srv.add_tool({.name = "test_elicitation_sep1034_defaults",
                  .description = "Asks the user for a form whose fields have defaults (SEP-1034)"},
                 elicitation_defaults);
    srv.add_tool({.name = "test_elicitation_sep1330_enums",
                  .description = "Asks the user to pick from each kind of enum (SEP-1330)"},
                 elicitation_enums);
    srv.add_tool({.name = "json_schema_2020_12_tool",
                  .description = "Tool with JSON Schema 2020-12 features",
                  .input_schema = parse_object(schema_2020_12)},
                 echo_arguments);
}

} // namespace everything
