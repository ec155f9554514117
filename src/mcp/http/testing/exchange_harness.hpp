// In-process exchanges for tests of the streamable handler: a recording response writer and a harness that runs
// requests on one io_context thread, so streams can be observed event by event without sockets.
#pragma once

#include <mcp/http/sse.hpp>
#include <mcp/http/streamable.hpp>

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mcp::http::testing {

class recording_writer : public response_writer {
public:
    task<> respond(int status, headers h, std::string body) override;
    task<> start(int status, headers h) override;
    task<bool> write(std::string bytes) override;
    task<> finish() override;
    bool client_gone() const override { return gone; }

    int status = 0;
    headers response_headers;
    std::string body;   // the whole body of respond(), or everything written to a stream
    bool streamed = false;
    bool finished = false;
    bool gone = false;  // set by a test to simulate a client that went away: write() then fails
    int writes_after_gone = 0;

    // The SSE events written so far (comments skipped).
    std::vector<sse::event> events() const;
    // The JSON-RPC messages carried by the events (events with empty data skipped).
    std::vector<boost::json::object> messages() const;
    boost::json::object json() const { return boost::json::parse(body).as_object(); }
};

class harness {
public:
    explicit harness(server& srv, streamable_options options = {}, storage::stores stores = {});

    // Starts an exchange and runs until nothing is ready to run; the writer keeps recording as the stream goes on.
    std::shared_ptr<recording_writer> send(request req);
    // POST of one JSON-RPC message with the headers a conforming client sends (and the session, when known).
    std::shared_ptr<recording_writer> post(std::string const& body, std::optional<std::string> session = {});
    std::shared_ptr<recording_writer> get(std::string const& session, std::optional<std::string> last_event_id = {});
    // initialize + notifications/initialized; returns the session id.
    std::string open_session();
    // Lets `ms` milliseconds of timers fire.
    void run_for(int ms);
    void settle();
    streamable& handler() { return handler_; }
    boost::asio::io_context& io() { return io_; }

private:
    boost::asio::io_context io_;
    streamable handler_;
};

} // namespace mcp::http::testing
