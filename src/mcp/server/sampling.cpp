// SPDX-License-Identifier: MIT
#include <mcp/server/sampling.hpp>

#include <mcp/protocol/read.hpp>
#include <mcp/server/call_context.hpp>

#include <utility>
#include <variant>

namespace mcp {
namespace {

boost::json::object preferences_of(sampling_request const& r) {
    boost::json::object p;
    if (!r.model_hints.empty()) {
        boost::json::array hints;
        for (auto const& name : r.model_hints) hints.push_back(boost::json::object{{"name", name}});
        p["hints"] = std::move(hints);
    }
    if (r.cost_priority) p["costPriority"] = *r.cost_priority;
    if (r.speed_priority) p["speedPriority"] = *r.speed_priority;
    if (r.intelligence_priority) p["intelligencePriority"] = *r.intelligence_priority;
    return p;
}

error bad_result(std::string const& what) {
    return error::invalid_params("The client's sampling/createMessage result: " + what);
}

result<std::vector<protocol::content>> content_of(boost::json::value const& v) {
    std::vector<protocol::content> out;
    auto const items = v.is_array() ? v.as_array() : boost::json::array{v};
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto item = protocol::read_content(items[i]);
        if (!item) return bad_result("content" + (v.is_array() ? "[" + std::to_string(i) + "]" : std::string()) +
                                     ": " + item.error().message());
        out.push_back(std::move(*item));
    }
    return out;
}

} // namespace

std::string sampling_result::text() const {
    std::string out;
    for (auto const& item : content)
        if (auto const* t = std::get_if<protocol::text_content>(&item)) out += t->text;
    return out;
}

boost::json::object to_params(sampling_request const& r) {
    boost::json::array messages;
    for (auto const& m : r.messages)
        messages.push_back(boost::json::object{{"role", m.role}, {"content", protocol::to_json(m.content)}});
    boost::json::object params{{"messages", std::move(messages)}, {"maxTokens", r.max_tokens}};
    if (r.system_prompt) params["systemPrompt"] = *r.system_prompt;
    if (r.temperature) params["temperature"] = *r.temperature;
    if (!r.stop_sequences.empty())
        params["stopSequences"] = boost::json::array(r.stop_sequences.begin(), r.stop_sequences.end());
    if (auto p = preferences_of(r); !p.empty()) params["modelPreferences"] = std::move(p);
    return params;
}

result<sampling_result> read_sampling_result(boost::json::object const& answer) {
    sampling_result out;
    auto const* role = answer.if_contains("role");
    auto const* model = answer.if_contains("model");
    auto const* said = answer.if_contains("content");
    if (!role || !role->is_string()) return bad_result("role: expected a string");
    if (!model || !model->is_string()) return bad_result("model: expected a string");
    if (!said) return bad_result("content: missing");
    out.role = std::string(role->as_string());
    out.model = std::string(model->as_string());
    auto items = content_of(*said);
    if (!items) return items.error();
    out.content = std::move(*items);
    if (auto const* reason = answer.if_contains("stopReason"); reason && !reason->is_null()) {
        if (!reason->is_string()) return bad_result("stopReason: expected a string");
        out.stop_reason = std::string(reason->as_string());
    }
    return out;
}

task<result<sampling_result>> call_context::sample(sampling_request request, std::string key) {
    auto answer = co_await create_message(to_params(request), std::move(key));
    if (!answer) co_return answer.error();
    co_return read_sampling_result(*answer);
}

task<result<sampling_result>> call_context::sample(std::string prompt, int max_tokens, std::string key) {
    sampling_request r;
    r.messages.push_back({"user", protocol::text_content{std::move(prompt), std::nullopt}});
    r.max_tokens = max_tokens;
    co_return co_await sample(std::move(r), std::move(key));
}

} // namespace mcp
