// Reading the `mcp` command line's arguments (arguments.hpp): pure functions, each error naming the argument.
#include "arguments.hpp"

#include <mcp/client/client_types.hpp>
#include <mcp/client/transport.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace mcp::cli {

namespace {

constexpr std::array<command_shape, 10> shapes{{
    {"tools", "", 0, 0, "List every tool (all pages) as a JSON array"},
    {"call", "NAME [ARGUMENTS]", 1, 2, "Call a tool (tools/call); ARGUMENTS is a JSON object, {} by default"},
    {"read", "URI", 1, 1, "Read a resource (resources/read)"},
    {"resources", "", 0, 0, "List every resource (all pages)"},
    {"templates", "", 0, 0, "List every resource template (all pages)"},
    {"prompts", "", 0, 0, "List every prompt (all pages)"},
    {"prompt", "NAME [ARGUMENTS]", 1, 2,
     "Get a prompt (prompts/get); ARGUMENTS is a JSON object of strings, {} by default"},
    {"complete", "ARGUMENT VALUE", 2, 2,
     "Complete an argument of a prompt (--prompt NAME) or a resource template (--resource TEMPLATE)"},
    {"ping", "", 0, 0, "Ping the server"},
    {"info", "", 0, 0,
     "Print the server's initialize result (serverInfo, protocolVersion, capabilities, ...)"},
}};

error usage(std::string message) {
    return error::invalid_params(std::move(message));
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

bool same_letters(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// RFC 9110 section 5.6.2: token characters.
bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The headers the HTTP transport writes itself: a second copy would contradict it.
constexpr std::array<std::string_view, 9> transport_headers{
    "Accept",        "Content-Type", "Content-Length",   "Host", "Mcp-Session-Id", "Mcp-Protocol-Version",
    "Last-Event-ID", "Connection",   "Transfer-Encoding"};

std::string_view json_kind(boost::json::value const& v) {
    switch (v.kind()) {
    case boost::json::kind::object:
        return "an object";
    case boost::json::kind::array:
        return "an array";
    case boost::json::kind::string:
        return "a string";
    case boost::json::kind::bool_:
        return "a boolean";
    case boost::json::kind::null:
        return "null";
    default:
        return "a number";
    }
}

result<boost::json::value> parse_json(std::string_view what, std::string_view text) {
    if (trim(text).empty())
        return usage(std::string(what) + " is empty: expected a JSON object such as {\"a\": 1}");
    boost::json::stream_parser p;
    boost::system::error_code ec;
    auto used = p.write(text.data(), text.size(), ec);
    if (!ec)
        p.finish(ec);
    if (ec)
        return usage(std::string(what) + " " + quoted(text) + ": not valid JSON at character " +
                     std::to_string(std::min(used, text.size()) + 1) + ": " + ec.message());
    return p.release();
}

} // namespace

std::span<command_shape const> command_shapes() {
    return shapes;
}

result<std::pair<std::string, std::string>> parse_header(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return usage("--header " + quoted(text) + ": expected 'Name: value'");
    auto name = text.substr(0, colon);
    auto value = trim(text.substr(colon + 1));
    if (!is_token(name))
        return usage("--header " + quoted(text) + ": the name " + quoted(name) +
                     " is not an HTTP header name");
    if (std::any_of(value.begin(), value.end(),
                    [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f; }))
        return usage("--header " + quoted(name) + ": the value holds a control character (a line break?)");
    for (auto reserved : transport_headers)
        if (same_letters(name, reserved))
            return usage("--header " + quoted(name) + ": the client sets this header itself");
    return std::pair{std::string(name), std::string(value)};
}

result<boost::json::object> parse_json_object(std::string_view what, std::string_view text) {
    auto v = parse_json(what, text);
    if (!v)
        return v.error();
    if (!v->is_object())
        return usage(std::string(what) + " " + quoted(text) +
                     ": expected a JSON object such as {\"a\": 1}, not " + std::string(json_kind(*v)));
    return std::move(v->as_object());
}

result<std::map<std::string, std::string>> parse_string_object(std::string_view what, std::string_view text) {
    auto o = parse_json_object(what, text);
    if (!o)
        return o.error();
    std::map<std::string, std::string> out;
    for (auto const& [key, value] : *o) {
        if (!value.is_string())
            return usage(std::string(what) + ": \"" + std::string(key) + "\" is " +
                         std::string(json_kind(value)) + "; the values must be strings (write \"" +
                         std::string(key) + "\": \"" + boost::json::serialize(value) + "\")");
        out.emplace(std::string(key), std::string(value.as_string()));
    }
    return out;
}

result<std::pair<std::string, std::string>> parse_assignment(std::string_view what, std::string_view text) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return usage(std::string(what) + " " + quoted(text) + ": expected NAME=VALUE");
    return std::pair{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

result<protocol::root> parse_root(std::string_view uri) {
    if (!uri.starts_with("file://") || uri.size() == 7)
        return usage("--root " + quoted(uri) + ": expected a file:// URI such as file:///home/me/project");
    return protocol::root{std::string(uri), std::nullopt};
}

result<log_level> parse_log_level(std::string_view text) {
    if (auto level = protocol::log_level_from_string(text))
        return *level;
    return usage("--log-level " + quoted(text) +
                 ": expected debug, info, notice, warning, error, critical, alert or emergency");
}

namespace {

result<> read_request_operands(invocation& inv, std::vector<std::string> const& ops) {
    auto const& c = inv.command;
    if (c == "call" || c == "prompt" || c == "read")
        inv.name = ops.at(0);
    if (c == "call" && ops.size() > 1) {
        auto args = parse_json_object("tool arguments", ops[1]);
        if (!args)
            return args.error();
        inv.arguments = std::move(*args);
    }
    if (c == "prompt" && ops.size() > 1) {
        auto args = parse_string_object("prompt arguments", ops[1]);
        if (!args)
            return args.error();
        inv.prompt_arguments = std::move(*args);
    }
    if (c == "complete") {
        if (inv.completion.ref.empty())
            return usage("complete: give --prompt NAME or --resource TEMPLATE");
        inv.completion.argument = ops.at(0);
        inv.completion.value = ops.at(1);
    }
    return {};
}

} // namespace

result<> read_operands(invocation& inv, std::vector<std::string> const& operands) {
    auto shape =
        std::find_if(shapes.begin(), shapes.end(), [&](auto const& s) { return s.name == inv.command; });
    if (shape == shapes.end())
        return usage("unknown command " + quoted(inv.command));
    std::vector<std::string> ops = operands;
    if (!inv.stdio()) {
        if (ops.empty())
            return usage(inv.command + ": give the server's URL, or --stdio -- COMMAND [ARGS...]");
        auto endpoint = transport::http_endpoint::parse(ops.front());
        if (!endpoint)
            return usage("URL " + quoted(ops.front()) + ": " + endpoint.error().message());
        inv.url = ops.front();
        ops.erase(ops.begin());
    }
    if (ops.size() < shape->min || ops.size() > shape->max) {
        std::string expected = inv.stdio() ? "" : "URL";
        if (!shape->operands.empty())
            expected += (expected.empty() ? "" : " ") + std::string(shape->operands);
        return usage(
            inv.command + ": expected " + (expected.empty() ? "no operands" : expected) + ", got " +
            std::to_string(operands.size()) + " operand(s)" +
            (inv.stdio() ? " (with --stdio there is no URL; the server command comes after --)" : ""));
    }
    return read_request_operands(inv, ops);
}

int exit_code_for(error const& e) {
    switch (e.code()) {
    case transport::code::unreachable:
    case transport::code::http_status:
    case transport::code::bad_answer:
    case transport::code::session_expired:
    case protocol::code::request_timeout:
    case client_code::cancelled:
    case client_code::closed:
    case client_code::bad_result:
    case client_code::not_connected:
    case client_code::version_refused:
        return exit_code::no_answer;
    default:
        return exit_code::failed;
    }
}

} // namespace mcp::cli
