// state_store: server-wide state that every instance of a server shares (ARCHITECTURE.md section 9, server
// state): which registered tools, prompts and resources are active (server/list_state.hpp owns the document's
// layout; a store only keeps it). One small JSON document per key (a server's name), written whole and
// conditionally, so that a fleet converges on one set.
//
//   instance A --save(rev n)--> store --(push: PostgreSQL NOTIFY)--> instance B reloads
//                                     \--(no push)--> instance B load()s at its next check
//
// Contract for every backend (checked by the contract suite in storage/testing/state_contract.cpp):
//  - load() of a key never saved returns nullopt;
//  - save() is conditional on record.revision: 0 creates the key (errc::conflict when it exists), n replaces
//    revision n (errc::conflict when the stored revision is another, or the key is missing). On success
//    record.revision is the stored one, n + 1. Of writers racing at one revision exactly one wins;
//  - a save is atomic: a reader, or a process killed while saving, sees the old document or the new one;
//  - the document round-trips exactly (any JSON object) up to max_state_bytes serialized; a larger one is
//    errc::rejected and nothing is written;
//  - keys are independent;
//  - watch(): a backend that can push calls `changed(key)` after each save that lands, whichever process made
//    it, and `changed("")` when it may have missed some (its listening connection came back): reload every key
//    then. The watch lasts while the returned token lives. A backend that cannot push returns nullptr; callers
//    then look by load() at intervals. `changed` runs on a thread of the store's and must not block;
//  - errc::unavailable when the store cannot serve (nothing changes), errc::malformed_data for a stored document
//    that is not a JSON object.
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/error.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace mcp::storage {

// The largest document a state store keeps, serialized (DynamoDB's item limit is 400 KB).
inline constexpr std::size_t max_state_bytes = 256 << 10;

struct state_record {
    std::string key;
    boost::json::object value;
    std::int64_t revision = 0; // 0: not stored yet
};

class state_store {
public:
    virtual ~state_store() = default;

    virtual task<result<std::optional<state_record>>> load(std::string key) = 0;
    virtual task<result<>> save(state_record& record) = 0;
    // Push notification of saves (see above); nullptr when this backend cannot push.
    using watcher = std::function<void(std::string const& key)>;
    virtual std::shared_ptr<void> watch(watcher changed) {
        (void)changed;
        return nullptr;
    }
};

// The size check every backend makes before writing: errc::rejected naming the key and both sizes.
result<std::string> serialized_state(state_record const& record);
// How every backend parses a stored document back: any depth the size cap allows (Boost.JSON stops at 32 by
// default, which would refuse a deep document that was saved).
boost::json::parse_options state_parse_options();

} // namespace mcp::storage
