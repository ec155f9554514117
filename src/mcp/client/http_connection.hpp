// The client's Streamable HTTP transport (2025-11-25 basic/transports): every message is a POST to one URL; a
// request's answer comes back as JSON or as an SSE stream (which may carry the server's requests and
// notifications first); after initialize a GET stream listens for what the server sends unasked.
//
//   send(request) --POST--> 200 application/json ---------------------------> receiver
//                            200 text/event-stream --events--> receiver
//                                   | broken before the answer: wait `retry`, GET + Last-Event-ID, go on
//                            404 on our session --> error session_expired (the client starts a new session)
//   initialized()  --GET (listening stream)--> events --> receiver; reconnects with backoff and Last-Event-ID
//   close()        --DELETE of the session
//
// The session id from initialize's answer and the negotiated version are sent with every later request. The
// older HTTP+SSE transport of 2024-11-05 (a GET stream that names a POST endpoint) is not supported: servers of
// that version that also speak Streamable HTTP work; those that speak only the old transport do not.
#pragma once

#include <mcp/client/http_link.hpp>
#include <mcp/client/oauth.hpp>
#include <mcp/client/transport.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace mcp::transport {

struct http_options {
    std::string url; // http:// or https://
    header_list headers; // sent with every request (Authorization, ...)
    std::size_t max_message_bytes = 4 * 1024 * 1024; // one JSON answer or one SSE event
    bool listen = true; // open the GET stream after initialize (a server may answer 405: it has none)
    // Reconnecting a broken stream: after the server's `retry` when it gave one, else this delay, doubled after
    // each failure up to max_reconnect_delay.
    std::chrono::milliseconds reconnect_delay{1000};
    std::chrono::milliseconds max_reconnect_delay{30000};
    int max_resume_attempts = 5; // a POST's stream broken before its answer came
    std::size_t max_idle_links = 4; // kept-alive connections reused for later POSTs
    http_link_options link;
    // The 2025-11-25 authorization flow (oauth.hpp): a 401 or 403 is answered by getting a token and sending
    // the request again. nullopt: a 401 is an error like any other status.
    std::optional<authorization_options> authorization;
};

// Errors: the URL cannot be used (invalid_params, naming why).
result<std::unique_ptr<connection>> http(http_options options);

} // namespace mcp::transport
