// event_store: the SSE events of each session's streams, kept so a client can resume a broken stream with
// Last-Event-ID (2025-11-25 basic/transports, resumability and redelivery).
//
// Contract for every backend (storage/testing):
//  - append() numbers events per (session, stream) from 1 with no gaps and no duplicates, even with
//    concurrent writers;
//  - after() returns the events of that one stream with a greater sequence, in order, never another stream's;
//  - a bounded store drops the oldest events of a session first; after() of a dropped range returns what is
//    left;
//  - the event store does not know which sessions exist (the session store does): after() for a session or
//    stream it never saw returns nothing, and forget() of an unknown session succeeds;
//  - errors are values of storage::error (error.hpp): a store that cannot serve (`errc::unavailable`), an
//    event the backend cannot hold (`errc::rejected`: over DynamoDB's item size), stored data it cannot read
//    (`errc::malformed_data`).
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/error.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace mcp::storage {

struct stored_event {
    std::uint64_t sequence = 0;
    std::string data; // one JSON-RPC message, as sent
};

class event_store {
public:
    virtual ~event_store() = default;

    // Stores `data` as the next event of the stream; returns its sequence.
    virtual task<result<std::uint64_t>> append(std::string session, std::string stream, std::string data) = 0;
    // The events of `stream` after `sequence`, in order.
    virtual task<result<std::vector<stored_event>>> after(std::string session, std::string stream,
                                                          std::uint64_t sequence) = 0;
    // Forgets every event of the session (on DELETE or expiry).
    virtual task<result<>> forget(std::string session) = 0;
};

} // namespace mcp::storage
