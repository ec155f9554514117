#include <lambda_emulator/stream_relay.hpp>

#include <lambda_emulator/log.hpp>

namespace lambda_emulator {

stream_relay::stream_relay(copy& owner, std::shared_ptr<invocation> inv, std::string content_type)
    : owner_(owner), inv_(std::move(inv)), content_type_(std::move(content_type)),
      integration_(mcp::http::lowercase(content_type_).starts_with(integration_type)) {}

void stream_relay::start_raw() {
    http_answer head;
    head.headers.add("content-type", content_type_.empty() ? "application/octet-stream" : content_type_);
    inv_->deliver({part::kind::head, std::move(head), {}});
}

void stream_relay::on_prelude(prelude_reader::state s) {
    if (s == prelude_reader::state::malformed) {
        log::error(
            "{}: invocation {}: the response stream's prelude is not valid JSON {{statusCode, headers, "
            "cookies}} followed by 8 NUL bytes: 502",
            owner_.label(), inv_->id());
        broken_ = true;
        inv_->fail(owner_.format(), gateway_failure::bad_gateway);
    } else if (s == prelude_reader::state::ready) {
        inv_->deliver({part::kind::head, prelude_.head(), {}});
        if (auto rest = prelude_.take_leftover(); !rest.empty())
            inv_->deliver({part::kind::data, {}, std::move(rest)});
    }
}

mcp::task<> stream_relay::write(std::string bytes) {
    if (broken_)
        co_return;
    if (integration_ && prelude_.current() == prelude_reader::state::need_more) {
        on_prelude(prelude_.feed(bytes));
    } else {
        if (!inv_->head_sent())
            start_raw();
        inv_->deliver({part::kind::data, {}, std::move(bytes)});
    }
    co_await inv_->room();
}

void stream_relay::finish(std::string error_type, std::string error_body) {
    if (!error_type.empty()) {
        log::error("{}: invocation {}: the function failed mid-stream: {}{}", owner_.label(), inv_->id(),
                   describe_function_error(error_type, error_body),
                   inv_->head_sent() ? " (the client's stream is cut)" : ": 502");
        inv_->fail(owner_.format(), gateway_failure::bad_gateway);
    } else if (integration_ && prelude_.current() == prelude_reader::state::need_more) {
        log::error("{}: invocation {}: the response stream ended before the end of its prelude: 502",
                   owner_.label(), inv_->id());
        inv_->fail(owner_.format(), gateway_failure::bad_gateway);
    } else {
        if (!integration_ && !inv_->head_sent())
            start_raw();
        inv_->deliver({part::kind::end, {}, {}});
    }
    owner_.answered(inv_);
}

} // namespace lambda_emulator
