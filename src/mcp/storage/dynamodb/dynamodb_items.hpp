// Internals of the DynamoDB stores (dynamodb_store.hpp has the design note): the four store classes, the
// tables they work on, and what they share (time, item size, write tokens). Not a public API.
#pragma once

#include <mcp/aws/dynamodb.hpp>
#include <mcp/storage/dynamodb/dynamodb_error.hpp>
#include <mcp/storage/event_store.hpp>
#include <mcp/storage/session_store.hpp>
#include <mcp/storage/state_store.hpp>
#include <mcp/storage/stores.hpp>
#include <mcp/storage/task_store.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace mcp::storage::detail {

// DynamoDB's item size limit (names and values together; DynamoDB developer guide, "Item sizes").
inline constexpr std::size_t max_item_bytes = 400 * 1024;

// How long event-store items stay after their last write before DynamoDB's TTL may delete them: the session
// TTL, but at least a week, because a stream's counter must outlive any pause of that stream within a live
// session (the event store does not see session activity). Only abandoned sessions' events are ever deleted
// this way.
inline constexpr std::chrono::hours min_event_retention{24 * 7};

// Wall-clock milliseconds since the epoch: expiry instants are compared across processes.
std::int64_t now_ms();
// The epoch-seconds value of DynamoDB's TTL attribute for an instant in milliseconds (rounded up).
std::int64_t ttl_seconds(std::int64_t epoch_ms);
// A random token that names one write (retried writes keep theirs): 32 hex digits.
std::string new_write_id();
// The size DynamoDB counts for an item: attribute names plus values (numbers at their largest, 21 bytes).
std::size_t item_size(boost::json::object const& item);

// A table and the client that reaches it; copied into each operation, so the stores may go while it runs.
struct session_table {
    aws::dynamodb_client client;
    std::string name;
    store_limits limits;
};

struct event_table {
    aws::dynamodb_client client;
    std::string name;
    std::size_t max_events = 0; // per session; 0: no bound
    std::chrono::milliseconds retention{min_event_retention};
};

struct task_table {
    aws::dynamodb_client client;
    std::string name;
};

struct state_table {
    aws::dynamodb_client client;
    std::string name;
};

class dynamodb_session_store final : public session_store {
public:
    explicit dynamodb_session_store(session_table table) : table_(std::move(table)) {}

    task<result<>> create(session_record record) override;
    task<result<std::optional<session_record>>> load(std::string id) override;
    task<result<>> save(session_record& record) override;
    task<result<bool>> terminate(std::string id) override;

private:
    session_table table_;
};

class dynamodb_event_store final : public event_store {
public:
    explicit dynamodb_event_store(event_table table) : table_(std::move(table)) {}

    task<result<std::uint64_t>> append(std::string session, std::string stream, std::string data) override;
    task<result<std::vector<stored_event>>> after(std::string session, std::string stream,
                                                  std::uint64_t sequence) override;
    task<result<>> forget(std::string session) override;

private:
    event_table table_;
};

// The task store: dynamodb_task_store.cpp, its items in dynamodb_task_items.hpp, large outcomes in
// dynamodb_task_outcome.cpp.
class dynamodb_task_store final : public task_store {
public:
    explicit dynamodb_task_store(task_table table) : table_(std::move(table)) {}

    task<result<>> create(task_record record) override;
    task<result<std::optional<task_record>>> get(std::string session, std::string id) override;
    task<result<task_page>> list(std::string session, std::optional<std::string> after,
                                 std::size_t limit) override;
    task<result<task_write>> transition(std::string session, std::string id, task_change change) override;
    task<result<std::optional<task_outcome>>> outcome(std::string session, std::string id) override;

private:
    task_table table_;
};

// The state store (dynamodb_state_store.cpp): one item per key. DynamoDB cannot push, so watch() is the
// default (nullptr): servers look by load() at intervals.
class dynamodb_state_store final : public state_store {
public:
    explicit dynamodb_state_store(state_table table) : table_(std::move(table)) {}

    task<result<std::optional<state_record>>> load(std::string key) override;
    task<result<>> save(state_record& record) override;

private:
    state_table table_;
};

// The session counter (dynamodb_session_counter.cpp), used with limits.max_sessions > 0: its item's id, which
// no session may take.
inline constexpr std::string_view session_counter_id = "#live-sessions";
// Takes a place for a new session: session_limit when the counter is full, even after a recount. Suspends.
task<result<>> take_session_place(session_table t);
// Gives a place back (a create whose put failed, a terminated live session). Never fails (logs).
task<> give_session_place_back(session_table t, std::string id);

// Reading what the service returned (public for fuzz/ and the tests: the answers come from the network). The
// session of a GetItem's "Item" (an error naming the session when the stored item is malformed), and the
// events of one page of a Query appended to `out` (an error when one is malformed; a page without "Items" has
// none).
result<session_record> session_from_item(std::string const& id, boost::json::object const& item);
result<> events_from_page(boost::json::object const& page, std::vector<stored_event>& out);
// The server state of a GetItem's "Item" (malformed_data naming the key when it is not what save() writes).
result<state_record> state_from_item(std::string const& key, boost::json::object const& item);

// CreateTable requests (on-demand capacity) and the check of an existing table's keys against them.
boost::json::object sessions_table_definition(std::string const& name);
boost::json::object events_table_definition(std::string const& name);
boost::json::object tasks_table_definition(std::string const& name);
boost::json::object state_table_definition(std::string const& name);
// The table of a DescribeTable answer has the keys of `definition`, and its local secondary indexes (same
// keys, at least the projected attributes); otherwise an error naming the table.
result<> check_keys(boost::json::object const& described, boost::json::object const& definition);

} // namespace mcp::storage::detail
