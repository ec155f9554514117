// The durable part of a session: what a store keeps so that any process can rebuild the session and go on
// (ARCHITECTURE.md section 7), and the journal of changes that lets concurrent writers merge instead of
// overwriting each other: a writer that lost a race reloads the newer record and re-applies its own changes.
#pragma once

#include <mcp/protocol/types.hpp>

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace mcp {

struct durable_session {
    std::string protocol_version;
    boost::json::object client_info;         // the initialize request's clientInfo
    boost::json::object client_capabilities; // the initialize request's capabilities
    bool operational = false;                // notifications/initialized received
    log_level level = log_level::debug;
    std::vector<std::string> subscriptions;  // sorted, unique
    boost::json::object state;               // session_state entries
    boost::json::object lists_seen;          // channel -> the list fingerprint the client was last told of
};

struct session_change {
    enum class kind { started, operational, log_level, subscribed, unsubscribed, state_set, state_erased, list_seen };
    kind what;
    std::string key;          // the URI (subscriptions), the state key or the list channel
    boost::json::value value; // the state value, the list's fingerprint; for `started`: {protocolVersion,
                              // clientInfo, capabilities}
};

// Applies one change; applying the same journal to a newer record gives the merge of both writers' changes.
void apply(durable_session& d, session_change const& c);

} // namespace mcp
