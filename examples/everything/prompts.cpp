// The conformance suite's prompts (scenarios prompts-*) and the completion provider (completion-complete).
#include "everything.hpp"

namespace everything {
namespace {

using mcp::protocol::role;

std::string simple_prompt() {
    return "This is a simple prompt for testing.";
}

struct prompt_args {
    std::string arg1;
    std::string arg2;
};
BOOST_DESCRIBE_STRUCT(prompt_args, (), (arg1, arg2))
inline mcp::json::field_docs field_docs(prompt_args const&) {
    return {{"arg1", "First test argument"}, {"arg2", "Second test argument"}};
}

std::string prompt_with_arguments(prompt_args in) {
    return "Prompt with arguments: arg1='" + in.arg1 + "', arg2='" + in.arg2 + "'";
}

// The member is named as the argument is on the wire.
struct embedded_resource_args {
    std::string resourceUri;
};
BOOST_DESCRIBE_STRUCT(embedded_resource_args, (), (resourceUri))
inline mcp::json::field_docs field_docs(embedded_resource_args const&) {
    return {{"resourceUri", "URI of the resource to embed"}};
}

std::vector<mcp::prompt_message> prompt_with_embedded_resource(embedded_resource_args in) {
    mcp::resource_contents embedded{
        .uri = in.resourceUri, .mime_type = "text/plain", .text = "Embedded resource content for testing."};
    return {{role::user, mcp::protocol::embedded_resource{std::move(embedded), {}}},
            {role::user, mcp::protocol::text("Please process the embedded resource above.")}};
}

std::vector<mcp::prompt_message> prompt_with_image() {
    return {{role::user, mcp::protocol::image(std::string(red_pixel_png), "image/png")},
            {role::user, mcp::protocol::text("Please analyze the image above.")}};
}

// Suggestions for arg1 that start with what the user typed so far.
std::vector<std::string> complete_arg1(mcp::completion_request req) {
    std::vector<std::string> out;
    if (req.argument != "arg1")
        return out;
    for (std::string word : {"hello", "help", "paris", "park", "party", "test", "testing", "world"})
        if (word.starts_with(req.value))
            out.push_back(word);
    return out;
}

} // namespace

void add_prompts(mcp::server& srv) {
    srv.add_prompt({.name = "test_simple_prompt", .description = "A simple prompt without arguments"},
                   simple_prompt);
    srv.add_prompt(
        {.name = "test_prompt_with_arguments", .description = "A prompt with two required arguments"},
        prompt_with_arguments);
    srv.add_prompt(
        {.name = "test_prompt_with_embedded_resource", .description = "A prompt that embeds a resource"},
        prompt_with_embedded_resource);
    srv.add_prompt({.name = "test_prompt_with_image", .description = "A prompt with an image"},
                   prompt_with_image);
    srv.add_completion(mcp::prompt_ref{"test_prompt_with_arguments"}, complete_arg1);
}

} // namespace everything
