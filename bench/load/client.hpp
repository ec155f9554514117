// The load generator's HTTP/1.1 client: one keep-alive connection that speaks just enough Streamable HTTP to
// open an MCP session, post JSON-RPC messages, open a GET stream and end the session, or to send 2026-07-28
// requests, which need no session (docs/eras.md). Its own HTTP/1.1 on Asio (Beast only for the GET stream's
// head), not the framework's, so the generator measures every peer with the same code and shares none with
// ours.
//
// A connection is used by one coroutine at a time, on a single-threaded io_context. Expected outcomes
// (refused, reset, a non-2xx status) are values: reply::status is 0 when the exchange failed on the socket.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/verb.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace load {

template <class T = void>
using task = boost::asio::awaitable<T>;

inline constexpr std::string_view protocol_version = "2025-11-25";
inline constexpr std::string_view modern_protocol_version = "2026-07-28";

// Which protocol era a `calls` run speaks: 2025-11-25 calls on an initialized session, or 2026-07-28 calls
// that carry their version and capabilities in every request and need no initialize.
enum class era { legacy, modern };

struct reply {
    int status = 0; // 0: the socket failed (refused, reset, closed by the peer)
    std::string session_id;
    std::string content_type;
    std::string body; // an SSE body is the whole (dechunked) stream
};

// `"result"` somewhere in the body, and `expect` too: a JSON answer or an SSE stream that carried the result.
bool answered(reply const& r, std::string_view expect = {});
bool is_sse(reply const& r);

// The tool a `calls` run sends: echo {text: "hello"} -> "hello", or add {a: 2, b: 3} -> {"sum": 5}.
enum class tool { echo, add };

// The JSON-RPC texts the generator sends.
std::string initialize_body(std::int64_t id);
// Pads every initialize's capabilities with `bytes` of text (an initialize flood with large capabilities).
void set_initialize_padding(std::size_t bytes);
std::string initialized_body();
// Adds these "Name: value" headers to every request (load --header; bench/auth_cost's Authorization: Bearer).
// Set once by main before any connection runs; false (and nothing set) when one has no ':' or no name.
bool set_extra_headers(std::vector<std::string> const& lines);
std::string call_body(std::int64_t id, tool t);
// The same call as a 2026-07-28 request: params._meta carries the protocol version and (empty) client
// capabilities (2026-07-28 basic, request metadata).
std::string modern_call_body(std::int64_t id, tool t);
// What a successful answer to call_body(t) or modern_call_body(t) contains.
std::string_view call_answer(tool t);
// A 2026-07-28 answer: answered(r, expect), and a result whose resultType is "complete" (not input_required).
bool answered_complete(reply const& r, std::string_view expect);

class connection {
public:
    connection(boost::asio::io_context& io, unsigned short port);

    task<bool> connect();
    // initialize, then notifications/initialized; on success later requests carry the session's headers.
    task<bool> open_session();
    // POSTs one JSON-RPC message (with the session headers when a session is open) and reads the whole
    // answer.
    task<reply> post(std::string target, std::string body);
    // tools/call with a fresh id; the reply (check it with answered(r, call_answer(t))).
    task<reply> call(tool t);
    // tools/call as a 2026-07-28 request with a fresh id: the MCP-Protocol-Version, Mcp-Method and Mcp-Name
    // headers and modern_call_body (check it with answered_complete). For a connection without a session (a
    // session's headers would repeat MCP-Protocol-Version).
    task<reply> call_modern(tool t);
    // POSTs `body` to `target` with the same headers as a call on a session (the raw ceiling's request).
    task<reply> post_as_session(std::string target, std::string body);
    // The raw ceiling's request: post_as_session of a tools/call echo with a fresh id.
    task<reply> post_raw(std::string_view target);
    // DELETE the session; true on 200 or 204. The connection then has no session.
    task<bool> close_session();
    // GET the session's standalone SSE stream and read its headers only: true on 200 text/event-stream. The
    // stream stays open on this connection (it can carry nothing else afterwards).
    task<bool> open_stream();
    void close();
    // Posts on the session `owner` opened (parallel calls of one client), drawing request ids from the same
    // counter: one session's requests in flight must have distinct ids (a server refuses a repeated one).
    // close_session on this connection would end the session for all of them.
    void adopt_session(connection const& owner) {
        session_ = owner.session_;
        next_id_ = owner.next_id_;
    }

private:
    // `headers`: more header lines for this request only, each preceded by CRLF.
    task<reply> send(boost::beast::http::verb verb, std::string_view target, std::string_view body,
                     std::string_view headers = {});
    task<reply> read_reply();
    task<bool> fill();
    task<bool> need(std::size_t count);
    task<std::size_t> find(std::string_view text, std::size_t from);

    boost::asio::ip::tcp::socket socket_;
    boost::asio::ip::tcp::endpoint endpoint_;
    boost::beast::flat_buffer buffer_; // open_stream's (Beast reads that answer's head)
    std::string out_;                  // the request being sent, reused
    std::vector<char> in_;             // bytes read and not yet consumed: [0, have_)
    std::size_t have_ = 0;
    std::string host_;
    std::string session_;
    bool fake_session_ = false; // post_as_session: the session headers without a session
    std::shared_ptr<std::int64_t> next_id_ = std::make_shared<std::int64_t>(1); // shared by adopt_session
};

} // namespace load
