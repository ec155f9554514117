// Typed sampling (2025-11-25 client/sampling): what call_context::sample sends as sampling/createMessage and
// what it reads back, beside the raw call_context::create_message.
//
//   auto answer = co_await ctx.sample("Summarise: " + text, 200);           // one user message
//   if (!answer) co_return answer.error();                                   // no capability, refused, timeout
//   co_return answer->text();                                                // the model's text
//
//   mcp::sampling_request r;
//   r.messages = {{"user", mcp::protocol::text_content{"Which city?"}}};
//   r.system_prompt = "Answer with one word.";
//   r.model_hints = {"claude-3-sonnet"};
//   auto answer = co_await ctx.sample(std::move(r));
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/types.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mcp {

// One message of the conversation given to the model: role "user" or "assistant".
struct sampling_message {
    std::string role = "user";
    protocol::content content;
};

// The params of sampling/createMessage. The client (and its user) may change any of it, or refuse.
struct sampling_request {
    std::vector<sampling_message> messages;
    int max_tokens = 1000;
    std::optional<std::string> system_prompt;
    std::optional<double> temperature;
    std::vector<std::string> stop_sequences;
    // modelPreferences: model names to prefer, in order (hints), and priorities from 0 to 1.
    std::vector<std::string> model_hints;
    std::optional<double> cost_priority;
    std::optional<double> speed_priority;
    std::optional<double> intelligence_priority;
};

// The client's answer: the model's message and the model that wrote it.
struct sampling_result {
    std::string role; // "assistant", as a rule
    std::vector<protocol::content> content; // one item, or several when the client sent an array
    std::string model;
    std::optional<std::string> stop_reason; // "endTurn", "stopSequence", "maxTokens", or the client's own
    // The text items of content, joined with nothing between them; empty when there are none.
    std::string text() const;
};

// sampling/createMessage params for `r`, as 2025-11-25 names them.
boost::json::object to_params(sampling_request const& r);
// Reads a CreateMessageResult; the error (invalid_params) names the field that is missing or of a wrong type.
result<sampling_result> read_sampling_result(boost::json::object const& answer);

} // namespace mcp
