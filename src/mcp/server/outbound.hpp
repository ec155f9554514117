// outbound: where a session puts the messages it sends to its client. Each front door implements it
// (stdio writes lines; HTTP routes to the POST's SSE stream or to the session's GET stream).
#pragma once

#include <mcp/protocol/jsonrpc.hpp>

#include <boost/json.hpp>

#include <optional>

namespace mcp {

class outbound {
public:
    virtual ~outbound() = default;

    // Queues one JSON-RPC message (notification or server-to-client request) for the client. `related` names the
    // client request it belongs to (progress, logs or a sampling request made during a call); nullopt for
    // session-level messages (list_changed, resource updates). Never blocks; safe to call from any thread.
    virtual void send(boost::json::object message, std::optional<protocol::request_id> const& related) = 0;
};

} // namespace mcp
