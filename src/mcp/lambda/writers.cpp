#include <mcp/lambda/writers.hpp>

#include <mcp/lambda/prelude.hpp>
#include <mcp/server/log.hpp>

namespace mcp::lambda {

task<> buffered_writer::respond(int status, http::headers headers, std::string body) {
    status_ = status;
    headers_ = std::move(headers);
    body_ = std::move(body);
    co_return;
}

task<> buffered_writer::start(int status, http::headers headers) {
    status_ = status;
    headers_ = std::move(headers);
    co_return;
}

task<bool> buffered_writer::write(std::string bytes) {
    body_ += bytes;
    co_return true;
}

task<> buffered_writer::finish() {
    co_return;
}

task<> streaming_writer::respond(int status, http::headers headers, std::string body) {
    co_await start(status, std::move(headers));
    co_await write(std::move(body));
}

task<> streaming_writer::start(int status, http::headers headers) {
    auto started = co_await runtime_.stream_start(id_, std::string(http_integration_content_type));
    started_ = true;
    if (!started) {
        log::error("{}", started.error().message());
        gone_ = true;
        co_return;
    }
    gone_ = !co_await runtime_.stream_write(streaming_prelude(status, headers));
}

task<bool> streaming_writer::write(std::string bytes) {
    if (gone_)
        co_return false;
    gone_ = !co_await runtime_.stream_write(std::move(bytes));
    co_return !gone_;
}

task<> streaming_writer::finish() {
    co_return;
}

} // namespace mcp::lambda
