// The copy's side of a streamed response (Lambda-Runtime-Function-Response-Mode: streaming): turns the bytes
// the function posts into parts of the invocation as they arrive. With Content-Type
// application/vnd.awslambda.http-integration-response the bytes start with the JSON prelude and eight NUL
// bytes (status, headers and cookies of the HTTP response); with any other content type they are the body of
// a 200 response of that type, as a Function URL in RESPONSE_STREAM mode answers.
//
// Not for: reading HTTP (runtime_api.cpp), the HTTP client side (front.cpp).
#pragma once

#include <lambda_emulator/copy.hpp>
#include <lambda_emulator/responses.hpp>
#include <lambda_emulator/runtime_api.hpp>

#include <memory>
#include <string>

namespace lambda_emulator {

class stream_relay final : public response_stream {
public:
    static constexpr std::string_view integration_type =
        "application/vnd.awslambda.http-integration-response";

    // `owner` must outlive the relay (copies live as long as the emulator).
    stream_relay(copy& owner, std::shared_ptr<invocation> inv, std::string content_type);

    mcp::task<> write(std::string bytes) override;
    void finish(std::string error_type, std::string error_body) override;

private:
    void start_raw();
    void on_prelude(prelude_reader::state s);

    copy& owner_;
    std::shared_ptr<invocation> inv_;
    std::string content_type_;
    bool integration_;
    prelude_reader prelude_;
    bool broken_ = false; // the prelude was malformed: the invocation failed, later bytes are dropped
};

} // namespace lambda_emulator
