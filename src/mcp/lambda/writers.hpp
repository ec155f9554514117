// The two ways an invocation answers, as response_writers the streamable handler writes to (exchange.hpp):
//
//   buffered_writer   collects the whole response (respond(), or start()/write()/finish() of an SSE stream,
//                     delivered whole); the loop then posts it in the event's response format.
//   streaming_writer  relays as produced: the prelude (status, headers) on respond()/start(), each write() as
//                     a chunk to the Runtime API; the loop ends the stream (and reports a late error in the
//                     trailers) after the handler has returned, so the session's state is saved before Lambda
//                     may freeze the container.
//
// Both are used by one coroutine at a time (the handler's), on the invocation loop's executor. When an
// invocation gives up at its deadline (a handler stuck on a slow store), it abandons the writer: the handler,
// which goes on, may still call it, and those calls do nothing from then on (abandon() is thread-safe).
#pragma once

#include <mcp/http/exchange.hpp>
#include <mcp/lambda/runtime_client.hpp>

#include <atomic>
#include <string>

namespace mcp::lambda {

// Lets one writer at a time through to the Runtime API until closed, and tells whether one is inside. Closing
// and entering are sequentially consistent: a writer that entered before close() is seen by busy(), and once
// busy() is false after close(), no writer gets in any more. (Checking "abandoned" and then marking "busy", as
// two steps, let a write slip in after the loop had taken the connection back.) Thread-safe.
class writer_gate {
public:
    bool enter() {
        busy_.store(true);
        if (closed_.load()) {
            busy_.store(false);
            return false;
        }
        return true;
    }
    void leave() { busy_.store(false); }
    // leave() when a writer that entered is done, however it ends (an exception included).
    struct pass {
        writer_gate& gate;
        ~pass() { gate.leave(); }
    };
    void close() { closed_.store(true); }
    bool closed() const { return closed_.load(); }
    bool busy() const { return busy_.load(); }

private:
    std::atomic<bool> closed_{false};
    std::atomic<bool> busy_{false};
};

class buffered_writer : public http::response_writer {
public:
    void abandon() { abandoned_ = true; }
    task<> respond(int status, http::headers headers, std::string body) override;
    task<> start(int status, http::headers headers) override;
    task<bool> write(std::string bytes) override;
    task<> finish() override;

    bool answered() const { return status_ != 0; }
    void add_header(std::string_view name, std::string value) { headers_.add(name, std::move(value)); }
    int status() const { return status_; }
    http::headers const& headers() const { return headers_; }
    std::string const& body() const { return body_; }

private:
    int status_ = 0;
    http::headers headers_;
    std::string body_;
    std::atomic<bool> abandoned_{false};
};

class streaming_writer : public http::response_writer {
public:
    // The runtime client must outlive the writer.
    streaming_writer(runtime_client& runtime, std::string request_id)
        : runtime_(runtime), id_(std::move(request_id)) {}

    task<> respond(int status, http::headers headers, std::string body) override;
    task<> start(int status, http::headers headers) override;
    task<bool> write(std::string bytes) override;
    task<> finish() override;
    bool client_gone() const override { return gone_ || gate_.closed(); }

    // The prelude went out: the invocation must end with runtime_client::stream_end().
    bool started() const { return started_; }
    // The Runtime API refused the stream: the invocation must end with runtime_client::fail().
    bool refused() const { return refused_; }
    // No more calls reach the runtime client; a write under way finishes (busy() turns false).
    void abandon() { gate_.close(); }
    bool busy() const { return gate_.busy(); }

private:
    runtime_client& runtime_;
    std::string id_;
    bool started_ = false;
    bool refused_ = false;
    bool gone_ = false;
    writer_gate gate_;
};

} // namespace mcp::lambda
