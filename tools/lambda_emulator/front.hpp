// The emulator's HTTP front, served by the framework's listener (mcp::net): every request becomes one
// invocation event (events.hpp) queued on the pool, and the parts of its response are relayed to the client
// as they come: a buffered response in one piece with Content-Length, a streamed one chunked (status and
// headers first, then body bytes as the function produces them; a failure mid-stream cuts the client's
// stream, without the last chunk). A client that goes away is noticed; the function still runs to the end and
// its answer is dropped.
//
// Control endpoints under the reserved prefix /_emulator/ (never passed to the function):
//   GET  /_emulator/stats             per copy: pid, state, invocations, cold start time, resident memory
//   POST /_emulator/restart[?copy=N]  kill (all copies or copy N): the next invocation finds it cold
#pragma once

#include <lambda_emulator/events.hpp>
#include <lambda_emulator/pool.hpp>

#include <mcp/http/exchange.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/value.hpp>

#include <utility>

namespace lambda_emulator {

class front {
public:
    // `p` must outlive the front.
    front(boost::asio::any_io_executor ex, pool& p, gateway_identity id);

    // The port clients use (x-forwarded-port in events); set once the listener is bound.
    void set_port(unsigned short port) { port_ = port; }

    // The listener's handler. Runs on the emulator's I/O thread.
    mcp::task<> handle(mcp::http::request req, mcp::http::response_writer& out);

private:
    mcp::task<> invoke(mcp::http::request req, mcp::http::response_writer& out);
    mcp::task<> control(mcp::http::request req, mcp::http::response_writer& out);
    std::pair<int, boost::json::value> control_answer(mcp::http::request const& req);

    boost::asio::any_io_executor ex_;
    pool& pool_;
    gateway_identity id_;
    unsigned short port_ = 0;
};

} // namespace lambda_emulator
