// DynamoDB session, event, task and state stores: for AWS Lambda (every container a new process) and fleets
// of instances that share sessions, SSE events, tasks and server state without running a database server
// (ARCHITECTURE.md section 8). Through the aws layer's DynamoDB client; the table layout, the IAM policy and
// the environment are in docs/storage-dynamodb.md. Not for one process alone (memory or SQLite are simpler
// and faster).
//
// Design note
//
//   sessions table   id (S) | record (B), revision (N), expires_ms (N), ttl (N), write_id (S)
//                    "#live-sessions" | count (N), counted_ms (N)    the session counter (max_sessions > 0)
//   events table     session_id (S) + sort_key (S):
//                      "c"                      total (N), ttl         the session's counter
//                      "c/<stream>"             seq (N), ttl           one counter per stream
//                      "s/<len>:<stream>/<seq>" seq, data (B), ttl     an event (a stream's are adjacent)
//                      "o/<total>"              stream, seq, ttl       the session's total-th event
//                    (numbers in keys: 20 digits, so keys sort as the numbers do)
//   tasks table      session_id (S) + sort_key (S), local secondary index by_created on list_key (S):
//                      "t/<id>"                 the record, expires_ms, ttl, write_id, list_key =
//                                               "<created_at_ms, 20 digits>/<id>", the outcome (B) when small
//                      "o/<len>:<id>/<outcome id>/<n>"   data (B), ttl: part n of a larger outcome
//                    <task id> + "claim"         claimed_by (S), claimed_ms, write_id, ttl: one live id
//                                               across sessions
//   state table      key (S) | value (S: the JSON document), revision (N), write_id (S); no TTL, kept
//
//  - No transactions (dynalite, the test server, has none): every step is one single-item write, atomic by
//    itself. save() is one PutItem conditional on the revision; create() one PutItem conditional on the id
//    being free (absent or expired); terminate() one DeleteItem. A retried write whose first attempt was
//    applied (its answer lost) fails its own condition: write_id, a random token per write, tells that apart.
//  - Expiry is ours: dynalite never deletes TTL items and DynamoDB only eventually, so every read treats a
//    session whose expires_ms (epoch milliseconds, wall clock: keep the hosts' clocks in sync) is past as
//    gone; ttl (epoch seconds) is for DynamoDB's TTL deletion only. load() pushes the expiry forward with a
//    small conditional update, skipped while the stored expiry is less than min(ttl / 10, 1 min) behind: a
//    busy session costs one write per that interval instead of one per request.
//  - append() is two round trips: ADD to the session's counter (its place in the session) and to the
//    stream's (its sequence) at once, then the PutItems of the event and of its order entry, and the deletes
//    of the event max_events_per_session places back (its order entry, then the event it names) at once.
//    ADDs give concurrent appends distinct numbers without a read; a failed step leaves a gap, never a
//    duplicate. after() is a Query of one key range, the stream's events after the sequence: a follower's
//    poll reads the new events of its stream and nothing else. forget() is a Query of the whole partition's
//    keys and BatchWriteItem deletes. An events table of the first layout (sort key "entry") is refused at
//    open with a message saying to create a new one.
//  - The session limit is a counter item: create() takes a place with a conditional ADD (count < max) and
//    gives it back if its put fails, terminate() of a live session gives one back. Expiry is not seen, so a
//    create() that finds the counter full recounts the live sessions (a Scan, at most once per
//    min(ttl / 10, 1 minute) across every process) and corrects the counter by the difference.
//  - Items over DynamoDB's 400 KB limit are refused before anything is written, with an error that says so.
//  - Tasks: get() one consistent GetItem; list() a consistent Query of the session's index range after the
//    position (the index orders by (created_at_ms, id), as the contract does); transition() one UpdateItem
//    whose condition is change_applies() and "not expired", ALL_NEW, and after a refusal one GetItem for the
//    winner's record. create() claims the id first (a PutItem conditional on no claim) and then puts the task
//    (conditional on no live task): task items are keyed by session, the claim keeps ids unique across them.
//    Outcomes over 256 KB go in parts written before the UpdateItem that names them
//    (dynamodb_task_outcome.cpp).
//  - Server state: load() one consistent GetItem; save() one PutItem conditional on attribute_not_exists(key)
//    (revision 0) or on revision = n, atomic as every single-item write is. No push (DynamoDB Streams would
//    need a poller of their own): watch() returns nullptr and servers load() at intervals.
#pragma once

#include <mcp/aws/dynamodb.hpp>
#include <mcp/storage/stores.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <string>

namespace mcp::storage {

struct dynamodb_store_options {
    aws::dynamodb_options client; // region, credentials, endpoint, retries (aws/dynamodb.hpp)
    std::string sessions_table = "mcp-sessions";
    std::string events_table = "mcp-events";
    std::string tasks_table = "mcp-tasks";
    std::string state_table = "mcp-state"; // server state (state_store.hpp)
    // CreateTable (on-demand billing) when missing, and enable TTL on `ttl` (not on the state table, whose
    // items never expire).
    bool create_tables = false;
    store_limits limits; // max_sessions: a counter item (see above); 0, no limit, writes no counter
};

// Checks the four tables (DescribeTable: they exist, with the expected keys and index) or, with
// create_tables, creates them and enables TTL; then returns the stores. Suspends. Errors, as values:
//  - errc::unavailable: the endpoint cannot be reached (the message names it);
//  - errc::invalid_configuration: no region or credentials, a bad endpoint;
//  - errc::schema_mismatch: a table that is missing (create_tables off) or has other keys (the message names
//    the table and says how to fix it);
//  - errc::rejected: any other refusal of the service (permissions, validation).
// `ex` runs the connections: its execution context must outlive the stores. The stores may be used from any
// thread and any executor, by any number of coroutines at once.
task<result<stores>> open_dynamodb(boost::asio::any_io_executor ex, dynamodb_store_options options);

// The stores over an existing client, without checking the tables (open_dynamodb does that first): for tests,
// and for callers that checked them already.
stores dynamodb_stores(aws::dynamodb_client client, dynamodb_store_options const& options);

} // namespace mcp::storage
