// The 2026-07-28 requests of one stdio connection (2026-07-28 basic/transports/stdio): beside the 2025
// session, per message. Not for: reading or writing lines (line_reader, line_writer), or the 2025 session
// (stdio.cpp).
//
//   stdio.cpp, connection strand: takes(msg)? ──yes──> modern_requests::handle ──> envelope checks
//                                     │ no                      │ ok: a request scope on its own strand,
//                                     v                         v     its progress and logs as lines
//                              the 2025 session          the reply (nothing when cancelled)
//
// Routing (2026-07-28 basic/versioning, backward compatibility: a request carrying modern _meta is served
// statelessly; initialize selects the 2025 era):
// - a request whose params._meta names io.modelcontextprotocol/protocolVersion is modern, but initialize;
// - a notification that claims the era is modern, and so is a notifications/cancelled whose requestId names a
//   modern request in flight (basic/patterns/cancellation: on stdio the client cancels with it);
// - everything else (responses included) is the session's, exactly as before.
//
// Invariants: every member runs on the connection's strand (the strand stdio.cpp spawns each line's coroutine
// on, in the order the lines were read), so a request is in the map before the next line is looked at, and a
// notifications/cancelled read after it finds it. A request's scope never touches the 2025 session; its
// messages stop at its reply or its cancellation.
#pragma once

#include <mcp/core/strand.hpp>
#include <mcp/server/server.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mcp::stdio::detail {

class request_lines; // the outbound of one request's scope (stdio_modern.cpp)

class modern_requests {
public:
    // Past `max_requests` modern requests in flight, a new one is refused with -32603 "too many requests in
    // flight" (its id answered at once). 1024 by default: stdio's max_in_flight (64 by default) stops the
    // reader well before, so the bound only matters when that option is raised; it keeps a client from making
    // the map, and the scopes in it, grow without end.
    modern_requests(server& srv, std::shared_ptr<outbound> out, io_strand connection,
                    std::size_t max_requests = 1024);

    // Whether `msg` is this era's (the routing above).
    bool takes(protocol::message const& msg) const;

    // Answers one message takes() accepted: a request's reply (result or error), or nothing when it was
    // cancelled; nothing for a notification. Not a coroutine: a notification is taken and a request's
    // envelope checked and its entry put in the map at the call; the request then runs on a strand of its own
    // (concurrently with other lines) while the task suspends. The task must not outlive this object.
    task<std::optional<boost::json::object>> handle(protocol::message msg);

    // Modern requests in flight.
    std::size_t size() const { return requests_.size(); }

private:
    struct in_flight {
        std::shared_ptr<session> scope;
        std::shared_ptr<request_lines> lines;
    };

    result<std::shared_ptr<in_flight>> open(protocol::request const& r);
    task<std::optional<boost::json::object>> serve(std::shared_ptr<in_flight> mine, protocol::request r);
    void forget(std::string const& key, std::shared_ptr<in_flight> const& mine);
    void on_notification(protocol::notification const& n);
    void cancel(protocol::request_id const& id);

    server& srv_;
    std::shared_ptr<outbound> out_;
    io_strand connection_;
    std::size_t max_requests_;
    std::map<std::string, std::shared_ptr<in_flight>> requests_; // by protocol::to_string(id)
};

} // namespace mcp::stdio::detail
