// Telling an HTTP session's client that a list changed, once, whichever processes serve the session
// (docs/dynamic-tools.md). Every process holding a copy of the session may notice the change (a push, a look at
// the state store, a request); the one whose write of the session record's lists_seen lands first tells the
// client, on the session's listening stream (stored in the event store, so a client without a GET stream open
// gets it by replay); the others find it told and only adopt the record.
//
//   unseen lists --load record--> told already? --yes--> adopt, done
//                                      \--no--> lists_seen := now --save (conditional)--> conflict: again
//                                                                                  \--> saved: notify, adopt
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/session_store.hpp>

#include <memory>

namespace mcp::http {

class http_session;

// Runs on the session's strand. Store failures are logged (the client is told at a later request instead).
task<> announce_lists(std::weak_ptr<http_session> session, std::shared_ptr<storage::session_store> store);

// Whether the session has lists its client was not told of (thread-safe, no store call): front doors check
// after each request and run announce_lists() on the strand only then.
bool lists_unseen(http_session const& s);

} // namespace mcp::http
