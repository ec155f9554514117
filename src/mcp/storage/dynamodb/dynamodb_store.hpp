// DynamoDB session and event stores: for AWS Lambda (every container a new process) and fleets of instances
// that share sessions and SSE events without running a database server (ARCHITECTURE.md section 8). Through
// the aws layer's DynamoDB client; the table layout, the IAM policy and the environment are in
// docs/storage-dynamodb.md. Not for one process alone (memory or SQLite are simpler and faster).
//
// Design note
//
//   sessions table   id (S) | record (B), revision (N), expires_ms (N), ttl (N), write_id (S)
//   events table     session_id (S) + entry (S):
//                      "c"            total (N), ttl                  the session's counter
//                      "c/<stream>"   seq (N), ttl                    one counter per stream
//                      "e/<total>"    stream, seq, data (B), ttl      one per event (20 digits: keys sort)
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
//  - append() is two round trips: ADD to the session's counter (the event's key) and to the stream's (its
//    sequence) at once, then the PutItem of the event and the DeleteItem of the event max_events_per_session
//    keys back at once. ADDs give concurrent appends distinct numbers without a read; a failed step leaves a
//    gap, never a duplicate. after() is a Query of the session's events filtered to the stream, sorted by
//    sequence; forget() a Query of the whole partition and BatchWriteItem deletes.
//  - The session limit costs a Scan (Select COUNT) of the sessions table on every create(), so it is off (0)
//    by default here; with a limit, concurrent creates may overshoot it by their number.
//  - Items over DynamoDB's 400 KB limit are refused before anything is written, with an error that says so.
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
    bool create_tables = false; // CreateTable (on-demand billing) when missing, and enable TTL on `ttl`
    // max_sessions = 0: no limit, because counting live sessions is a Scan of the whole table (see above).
    store_limits limits{.max_sessions = 0};
};

// Checks the tables (DescribeTable: they exist, with the expected keys) or, with create_tables, creates them
// and enables TTL; then returns both stores. Suspends. Errors, as values:
//  - store_unavailable: the endpoint cannot be reached (the message names it);
//  - internal_error: no region or credentials, a bad endpoint, a table that is missing (create_tables off) or
//    has other keys (the message names the table and says how to fix it), or any other refusal of the
//    service.
// `ex` runs the connections: its execution context must outlive the stores. The stores may be used from any
// thread and any executor, by any number of coroutines at once.
task<result<stores>> open_dynamodb(boost::asio::any_io_executor ex, dynamodb_store_options options);

// The stores over an existing client, without checking the tables (open_dynamodb does that first): for tests,
// and for callers that checked them already.
stores dynamodb_stores(aws::dynamodb_client client, dynamodb_store_options const& options);

} // namespace mcp::storage
