// The in-process transport of mcp::testing: an mcp::client talks to an http::streamable handler through the
// exchange seam (http/exchange.hpp), with no sockets. Each message becomes the http::request a Streamable HTTP
// client would send, and the handler's answer (JSON, or an SSE stream parsed with http/sse.hpp) goes to the
// client as it is written: the same handler code the Beast listener and the Lambda runtime drive.
//
//   send(message) --POST request--> handler.handle(req, reader) --respond()/start()+write()--> reader --> receiver
//   start_listening() --GET--> a long-running exchange whose events go to the receiver (reopened with
//                              Last-Event-ID after the server ends it, until close())
//   close()          --DELETE of the session
//
// Not for production: one io_context run by one thread drives both sides. The handler must run on an executor
// of the io_context given to open() (its strands), and that io_context must be run by one thread, so that the
// handler's writes and the client's receiver never run at once. mcp::testing::in_process sets this up.
//
// Invariants: as transport.hpp says (one call of the receiver at a time, on the client's executor; every request
// whose send() succeeded is answered once). Exchanges still running after close() (a tool that is still working)
// see a client that is gone and call nobody; the handler must outlive them: exchanges_in_flight() says when none
// is left.
#pragma once

#include <mcp/client/http_link.hpp>
#include <mcp/client/transport.hpp>
#include <mcp/http/exchange.hpp>
#include <mcp/http/streamable.hpp>

#include <functional>
#include <memory>
#include <string>

namespace mcp::testing {

namespace detail {
struct exchange_state;
} // namespace detail

struct in_process_connection_options {
    // Sent with every request besides the transport's own (Authorization: Bearer ..., say).
    transport::header_list headers;
    // Request metadata the front door vouches for (http::request::trusted): x-authorizer-* as an API Gateway
    // authorizer would set them, for tests of middleware that reads identity.
    http::headers trusted;
    std::string remote_address = "127.0.0.1:0"; // a loopback client: no session creation limit by default
    bool listen = true;                          // open the GET listening stream after initialize
    // Called with every message from the server, in arrival order, just before the client gets it (on the
    // client's executor). The harness records notifications with it.
    std::function<void(boost::json::object const&)> observe;
};

class in_process_connection final : public transport::connection {
public:
    // Exchanges go to `handler`, which must outlive this connection and every exchange it started
    // (exchanges_in_flight() == 0). The target of each request is handler.options().path.
    explicit in_process_connection(http::streamable& handler, in_process_connection_options options = {});
    ~in_process_connection() override;

    task<result<>> open(boost::asio::any_io_executor ex, transport::receiver& r) override;
    // Returns once the handler has answered with a status (a JSON answer is delivered before it returns; an SSE
    // answer as its events are written). Errors as the HTTP transport's: session_expired for a 404 on our
    // session, the server's JSON-RPC error or http_status for other error statuses, bad_answer for a body that
    // is not a JSON-RPC message.
    task<result<>> send(boost::json::object message) override;
    void initialized(std::string_view protocol_version) override;
    // Returns once the handler has answered the GET (the stream is registered) or refused it.
    task<> start_listening() override;
    // DELETE of the session (awaited); from then on nothing reaches the receiver. Idempotent.
    task<> close() override;
    std::optional<std::string> session_id() const override;
    std::string describe() const override;

    // Exchanges (POSTs, the listening loop, the DELETE) whose coroutines have not ended yet.
    std::size_t exchanges_in_flight() const;

private:
    std::shared_ptr<detail::exchange_state> s_;
};

} // namespace mcp::testing
