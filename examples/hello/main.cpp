// The quick start: a typed tool with structured output, a tool that asks the user a question, a prompt, a resource.
#include <mcp/mcp.hpp>

struct add_args { double a; double b; };
BOOST_DESCRIBE_STRUCT(add_args, (), (a, b))
inline mcp::json::field_docs field_docs(add_args const&) { return {{"a", "First addend"}, {"b", "Second addend"}}; }

struct add_result { double sum; };
BOOST_DESCRIBE_STRUCT(add_result, (), (sum))

struct name_form { std::string name; };
BOOST_DESCRIBE_STRUCT(name_form, (), (name))

struct greet_args { std::string name; };
BOOST_DESCRIBE_STRUCT(greet_args, (), (name))

add_result add(add_args in) { return {in.a + in.b}; }

mcp::task<std::string> welcome(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("What is your name?");
    if (!answer || !answer->content) co_return "Hello, stranger!";
    co_return "Hello, " + answer->content->name + "!";
}

std::string greet(greet_args in) { return "Write a short, warm greeting for " + in.name + "."; }

std::string readme() { return "hello: an MCP server built with the mcp C++ framework."; }

int main(int argc, char** argv) {
    mcp::server srv({.name = "hello", .version = "1.0.0"});
    srv.add_tool({.name = "add", .description = "Add two numbers"}, add);
    srv.add_tool({.name = "welcome", .description = "Ask the user's name and greet them"}, welcome);
    srv.add_prompt({.name = "greet", .description = "A greeting for someone"}, greet);
    srv.add_resource({.uri = "hello://readme", .name = "readme", .mime_type = "text/plain"}, readme);
    return mcp::run(srv, argc, argv);
}
