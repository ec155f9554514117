// A scriptable fake HTTP server for the client's bad-server tests: it listens on 127.0.0.1 and a free port,
// on a thread of its own, records every request it reads, and answers each one as the test's script says: a
// status with headers and a body, raw bytes, a body cut off mid-way, an SSE stream written event by event
// with delays, or nothing at all. Not an MCP server: it knows JSON-RPC only as far as the tests' replies need
// (standard()).
//
//   fake_http_server fake([](seen_request const& r) {
//       if (r.rpc_method() == "ping") return reply::http(500, "text/html", "<h1>oops</h1>");
//       return standard(r);                  // initialize, notifications, GET 405, DELETE 200
//   });
//   mcp::client c(io.get_executor(), mcp::transport::http({.url = fake.url()}).value());
//
// The script runs on the server's thread, one request at a time; what it captures by reference must stay
// alive until the server is stopped. requests() may be called from any thread.
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bad_servers {

using header_list = std::vector<std::pair<std::string, std::string>>;

// One request as the fake server read it.
struct seen_request {
    std::size_t index = 0; // 0 for the first request the server read, then 1, 2, ...
    std::string method;    // "POST", "GET", "DELETE"
    std::string target;
    header_list headers;
    std::string body;
    boost::json::value message;               // the body as JSON; null when it is not JSON
    std::chrono::steady_clock::time_point at; // when the whole request had been read

    std::optional<std::string> header(std::string_view name) const; // case-insensitive, first value
    std::string rpc_method() const;    // the JSON-RPC method of a POST, "" when it has none
    boost::json::value rpc_id() const; // the JSON-RPC id of a POST, null when it has none
};

// How the fake server answers one request: bytes written in order, each after its delay, and then what
// becomes of the connection.
struct reply {
    struct step {
        std::chrono::milliseconds delay{0};
        std::string bytes;
    };
    enum class then {
        keep_alive, // read the connection's next request
        close,      // shut the socket down (a body without a length, or cut off, ends here)
        hold,       // write nothing more; keep the socket open until the client closes it
    };
    std::vector<step> steps;
    then end = then::close;

    // A whole response with Content-Length; the connection is kept alive.
    static reply http(unsigned status, std::string content_type, std::string body, header_list extra = {});
    // 200 application/json with `message` as its body.
    static reply json(boost::json::value const& message, header_list extra = {});
    // 202 Accepted, no body.
    static reply accepted();
    // Exactly these bytes (no HTTP framing added), then the socket is closed.
    static reply raw(std::string bytes);
    // A head announcing Content-Length `announced`, the first bytes of the body, then the socket is closed.
    static reply cut_body(unsigned status, std::string content_type, std::string body_start,
                          std::size_t announced);
    // Reads the request and never answers.
    static reply silence();
    // The head of a 200 text/event-stream answer in chunked encoding; add events, then finish(), cut() or
    // hold().
    static reply sse(header_list extra = {});
    reply& event(std::string text, std::chrono::milliseconds delay = {}); // one chunk, written as given
    reply& finish(std::chrono::milliseconds delay = {}); // the last chunk: the stream ends cleanly
    reply& cut(std::chrono::milliseconds delay = {});    // the socket closes mid-stream
    reply& hold();                                       // the stream stays open, silent
};

// SSE event text ("id: ...\nretry: ...\ndata: ...\n\n") for reply::event.
std::string sse_event(std::string const& data, std::optional<std::string> id = {},
                      std::optional<std::uint32_t> retry_ms = {});
std::string sse_message(boost::json::value const& message, std::optional<std::string> id = {});

// JSON-RPC bodies.
boost::json::object rpc_result(boost::json::value const& id, boost::json::value result);
boost::json::object rpc_error(boost::json::value const& id, int code, std::string message);
// A valid initialize result (2025-11-25, tools capability, serverInfo "fake").
boost::json::object initialize_result(std::string version = "2025-11-25");

// A well-behaved answer: initialize gets initialize_result() with MCP-Session-Id `session`; any other request
// an empty result; notifications and responses 202; GET 405 (no listening stream); DELETE 200.
reply standard(seen_request const& r, std::string const& session = "fake-session");

class fake_http_server {
public:
    using script = std::function<reply(seen_request const&)>;

    // Listening when the constructor returns.
    explicit fake_http_server(script answer);
    ~fake_http_server(); // stop()
    fake_http_server(fake_http_server const&) = delete;
    fake_http_server& operator=(fake_http_server const&) = delete;

    unsigned short port() const;
    std::string url() const; // "http://127.0.0.1:<port>/mcp"
    // Every request read so far, in order; only those of one HTTP method; only the POSTs of one JSON-RPC
    // method.
    std::vector<seen_request> requests() const;
    std::vector<seen_request> requests(std::string_view http_method) const;
    std::vector<seen_request> posts(std::string_view rpc_method) const;
    // Closes the listening socket and every connection, then ends the thread. Idempotent.
    void stop();

    struct state;

private:
    std::unique_ptr<state> s_;
};

} // namespace bad_servers
