// session_store: where Streamable HTTP sessions live between requests (ARCHITECTURE.md sections 7 and 8).
// Any process that reaches the same store can serve any request of any session: the record holds everything
// a process needs to rebuild the session (negotiated version, client capabilities, log level, subscriptions,
// state).
//
// Contract for every backend (checked by the contract suite in storage/testing):
//  - ids are unique: create() of a live id fails with `errc::conflict` (an expired one is free again);
//  - load() of an unknown, expired or terminated id returns nullopt; load() and save() refresh the TTL (ttl
//    after the last activity), so a busy session does not expire;
//  - save() is conditional on `revision` (the value load() returned): a concurrent writer's update is never
//    lost; on success the stored revision is revision + 1, and the caller's record is updated to it; a stale
//    revision, and a session that ended meanwhile, are `errc::conflict` (reload: the session is newer, or
//    gone);
//  - `principal` is stored by create() and never changed by save() (whatever the caller's record says): a
//    session stays bound to whoever created it (ARCHITECTURE.md 7a); records written before the field
//    existed load with "";
//  - terminate() returns false for a session that is unknown, terminated or expired;
//  - expired and terminated sessions do not count towards the session limit;
//  - errors are values of storage::error (error.hpp): limits (`errc::session_limit`), conflicts
//    (`errc::conflict`), a store that cannot serve (`errc::unavailable`), each with a message a person can
//    act on. What a client sees of them is the http layer's business (http/store_errors.hpp).
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/error.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::storage {

struct session_record {
    std::string id;
    // Who created the session, as the front door named them (the validated token's principal, the Lambda
    // authorizer's); "" when it knew none. Set at create, kept by save: the http layer answers another
    // principal's requests for the session as if it did not exist.
    std::string principal;
    std::string protocol_version;
    boost::json::object client_info;
    boost::json::object client_capabilities;
    bool operational = false; // notifications/initialized received
    std::string log_level = "debug";
    std::vector<std::string> subscriptions;
    boost::json::object state;
    // What the client was last told of each list (server/list_state.hpp): {"tools": fingerprint, ...}, so a
    // session that no process served while a list changed learns of it at its next request.
    boost::json::object lists_seen;
    std::int64_t revision = 0;
};

class session_store {
public:
    virtual ~session_store() = default;

    virtual task<result<>> create(session_record record) = 0;
    virtual task<result<std::optional<session_record>>> load(std::string id) = 0;
    virtual task<result<>> save(session_record& record) = 0;
    // true when a live session was terminated; false when it was unknown (already gone).
    virtual task<result<bool>> terminate(std::string id) = 0;
};

} // namespace mcp::storage
