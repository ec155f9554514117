// docs/prompts.md: prompts with typed arguments, several messages, and completion of their arguments.
#include "guides.hpp"

namespace guides {
namespace {

// [typed-prompt]
struct review_args {
    std::string language;
    std::optional<std::string> focus; // an optional argument ("required": false)
};
BOOST_DESCRIBE_STRUCT(review_args, (), (language, focus))
inline mcp::json::field_docs field_docs(review_args const&) {
    return {{"language", "The programming language of the code"}, {"focus", "What to look at first"}};
}

std::string code_review(review_args in) {
    return "Review the following " + in.language + " code" +
           (in.focus ? ", looking first at " + *in.focus : "") + ".";
}
// [end]

// [messages]
struct translate_args {
    std::string text;
    std::string target;
};
BOOST_DESCRIBE_STRUCT(translate_args, (), (text, target))

mcp::get_prompt_result translate(translate_args in) {
    using mcp::protocol::role;
    return {.description = "Translate into " + in.target,
            .messages = {{role::user, mcp::protocol::text("Translate into " + in.target + ":")},
                         {role::assistant, mcp::protocol::text("Send the text.")},
                         {role::user, mcp::protocol::text(in.text)}}};
}
// [end]

// [prompt-error]
struct retry_args {
    int attempts; // arrives as a string ("3") and is converted
};
BOOST_DESCRIBE_STRUCT(retry_args, (), (attempts))

mcp::result<std::string> retry_plan(retry_args in) {
    if (in.attempts < 1 || in.attempts > 10)
        return mcp::error::invalid_params("attempts: expected 1 to 10");
    return "Plan " + std::to_string(in.attempts) + " retries with exponential backoff.";
}
// [end]

// [complete]
std::vector<std::string> complete_language(mcp::completion_request req) {
    static std::vector<std::string> const languages = {"c", "c++", "go", "python", "rust", "typescript"};
    std::vector<std::string> out;
    if (req.argument != "language")
        return out;
    for (auto const& language : languages)
        if (language.starts_with(req.value))
            out.push_back(language);
    return out;
}

std::vector<std::string> complete_focus(mcp::completion_request req) {
    if (req.argument != "focus")
        return {};
    auto language = req.context.find("language"); // arguments the user already chose
    if (language != req.context.end() && language->second == "c++")
        return {"lifetimes", "exception safety", "undefined behaviour"};
    return {"naming", "error handling", "tests"};
}

struct complete_review {
    std::vector<std::string> operator()(mcp::completion_request req) const {
        return req.argument == "focus" ? complete_focus(std::move(req)) : complete_language(std::move(req));
    }
};
// [end]

} // namespace

void add_prompts(mcp::server& srv) {
    // [register]
    srv.add_prompt({.name = "code_review", .description = "Ask for a code review"}, code_review);
    srv.add_prompt({.name = "translate", .description = "Translate a text"}, translate);
    srv.add_prompt({.name = "retry_plan", .description = "Plan retries"}, retry_plan);
    srv.add_completion(mcp::prompt_ref{"code_review"}, complete_review{});
    // [end]
}

} // namespace guides
