#include <mcp/lambda/writers.hpp>

#include <mcp/lambda/prelude.hpp>
#include <mcp/core/log.hpp>

namespace mcp::lambda {

task<> buffered_writer::respond(int status, http::headers headers, std::string body) {
    if (abandoned_)
        co_return;
    status_ = status;
    headers_ = std::move(headers);
    body_ = std::move(body);
    co_return;
}

task<> buffered_writer::start(int status, http::headers headers) {
    if (abandoned_)
        co_return;
    status_ = status;
    headers_ = std::move(headers);
    co_return;
}

task<bool> buffered_writer::write(std::string bytes) {
    if (abandoned_)
        co_return false;
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
    if (started_ || refused_ || !gate_.enter())
        co_return;
    writer_gate::pass inside{gate_};
    auto started = co_await runtime_.stream_start(id_, std::string(http_integration_content_type));
    if (!started) {
        log::error("{}", started.error().message());
        refused_ = gone_ = true;
    } else {
        started_ = true;
        gone_ = !co_await runtime_.stream_write(streaming_prelude(status, headers));
    }
}

task<bool> streaming_writer::write(std::string bytes) {
    if (gone_ || !started_ || !gate_.enter())
        co_return false;
    writer_gate::pass inside{gate_};
    gone_ = !co_await runtime_.stream_write(std::move(bytes));
    co_return !gone_;
}

task<> streaming_writer::finish() {
    co_return;
}

} // namespace mcp::lambda
