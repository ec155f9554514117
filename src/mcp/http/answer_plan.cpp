#include <mcp/http/answer_plan.hpp>

namespace mcp::http {

char const* to_string(answer_mode m) noexcept {
    switch (m) {
    case answer_mode::run_inline:
        return "run_inline";
    case answer_mode::run_apart:
        return "run_apart";
    case answer_mode::refuse_in_use:
        return "refuse_in_use";
    case answer_mode::accepted:
        return "accepted";
    case answer_mode::relay:
        return "relay";
    case answer_mode::drop:
        return "drop";
    case answer_mode::json:
        return "json";
    case answer_mode::sse:
        return "sse";
    case answer_mode::sse_whole:
        return "sse_whole";
    case answer_mode::sse_cut:
        return "sse_cut";
    case answer_mode::empty_202:
        return "empty_202";
    }
    return "?";
}

namespace {

answer_mode plan_request(post_facts const& facts, first_outcome first, answer_options const& options) {
    switch (first) {
    case first_outcome::not_yet:
        return facts.has_deadline ? answer_mode::run_apart : answer_mode::run_inline;
    case first_outcome::result:
        return options.always_sse ? answer_mode::sse_whole : answer_mode::json;
    case first_outcome::message:
        return answer_mode::sse;
    case first_outcome::nothing:
        return answer_mode::empty_202;
    case first_outcome::deadline:
        return answer_mode::sse_cut;
    }
    return answer_mode::empty_202;
}

} // namespace

answer_mode plan_answer(post_facts const& facts, first_outcome first,
                        answer_options const& options) noexcept {
    switch (facts.kind) {
    case post_kind::request:
        return facts.id_in_use ? answer_mode::refuse_in_use : plan_request(facts, first, options);
    case post_kind::notification:
    case post_kind::answer_here:
        return answer_mode::accepted;
    case post_kind::answer_elsewhere:
        return facts.stores_shared ? answer_mode::relay : answer_mode::drop;
    }
    return answer_mode::accepted;
}

} // namespace mcp::http
