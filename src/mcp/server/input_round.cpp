// Questions and answers of one 2026-07-28 request (input_round.hpp; schema InputRequest, InputResponse).
#include <mcp/server/input_round.hpp>

namespace mcp::detail {
namespace {

error malformed_answer(std::string const& key, std::string what) {
    return error::invalid_params("inputResponses." + key + " " + what);
}

// 2026-07-28 schema: ElicitResult has an action; CreateMessageResult a role and content; ListRootsResult roots.
result<> check_shape(std::string const& key, std::string_view method, boost::json::object const& a) {
    if (method == "elicitation/create") {
        auto const* action = a.if_contains("action");
        if (!action || !action->is_string() ||
            (action->as_string() != "accept" && action->as_string() != "decline" && action->as_string() != "cancel"))
            return malformed_answer(key, "must be an elicitation result: action accept, decline or cancel");
        auto const* content = a.if_contains("content");
        if (content && !content->is_object() && !content->is_null())
            return malformed_answer(key, "content must be an object");
    } else if (method == "sampling/createMessage") {
        if (!a.contains("role") || !a.contains("content"))
            return malformed_answer(key, "must be a sampling result with a role and content");
    } else if (method == "roots/list") {
        auto const* roots = a.if_contains("roots");
        if (!roots || !roots->is_array()) return malformed_answer(key, "must be a roots result with a roots array");
    }
    return {};
}

} // namespace

bool takes_input(std::string_view method) {
    return method == "tools/call" || method == "prompts/get" || method == "resources/read";
}

std::string input_round::next_key(std::string_view kind) {
    auto n = ++ordinals_[std::string(kind)];
    return std::string(kind) + "-" + std::to_string(n);
}

result<std::optional<boost::json::object>> input_round::answer(std::string const& key, std::string_view method) {
    auto const* a = answers_.if_contains(key);
    if (!a) return std::optional<boost::json::object>();
    if (!a->is_object()) return malformed_answer(key, "must be an object");
    if (auto ok = check_shape(key, method, a->as_object()); !ok) return ok.error();
    used_[key] = *a;
    return std::optional<boost::json::object>(a->as_object());
}

void input_round::ask(std::string key, std::string method, boost::json::object params) {
    open_[std::move(key)] = boost::json::object{{"method", std::move(method)}, {"params", std::move(params)}};
}

boost::json::object input_round::input_requests() const {
    boost::json::object out;
    for (auto const& [key, request] : open_) out[key] = request;
    return out;
}

result<boost::json::object> input_responses_of(boost::json::object const& params) {
    auto const* responses = params.if_contains("inputResponses");
    if (!responses || responses->is_null()) return boost::json::object{};
    if (!responses->is_object()) return error::invalid_params("inputResponses must be an object");
    return boost::json::object(responses->as_object(), boost::json::storage_ptr());
}

} // namespace mcp::detail
