// The items of the DynamoDB task store (dynamodb_store.hpp has the layout): their keys, a task record as an
// item and back, and the requests the task store sends, as pure functions (dynamodb_task_items.cpp); and the
// reads and writes of outcomes stored in parts (dynamodb_task_outcome.cpp). Not a public API.
#pragma once

#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::storage::detail {

// The local secondary index that orders a session's tasks by (created_at_ms, id).
inline constexpr std::string_view task_index = "by_created";
// Outcomes up to this size are stored in the task item itself; larger ones in parts of this size, each an
// item of its own: DynamoDB items hold at most 400 KB, names and the record included.
inline constexpr std::size_t outcome_part_bytes = 256 * 1024;

// "t/<id>": a task's sort key in its session's partition.
std::string task_key(std::string_view id);
// "<created_at_ms, 20 digits>/<id>": the index's sort key; sorts as (created_at_ms, id) does.
std::string list_key(std::int64_t created_at_ms, std::string_view id);
// The key of the id's claim, which keeps a live id unique across sessions (dynamodb_task_store.cpp).
boost::json::object claim_key_of(std::string_view id);
// "o/<length of id>:<id>/<outcome id>/<part, 6 digits>": part `n` of outcome `outcome_id` of task `id`.
std::string part_key(std::string_view id, std::string_view outcome_id, std::size_t n);
boost::json::object key_of_task(std::string_view session, std::string_view sort_key);

// Where a stored outcome is: in the task item (`json`), or in `parts` items named by `outcome_id`.
struct outcome_ref {
    bool is_error = false;
    std::optional<std::string> json;
    std::string outcome_id;
    std::int64_t parts = 0;
    std::int64_t bytes = 0;
};

// The epoch-seconds TTL of a task whose expiry is `base_ms` + `ttl_ms`, as the update expression computes it
// (each rounded up, so never before the expiry itself).
std::int64_t task_ttl_seconds(std::int64_t base_ms, std::int64_t ttl_ms);
// What the task's expiry is counted from after `change` (expires_at): its end, a new lease, or (a change that
// keeps the lease of a running task) nothing new.
std::optional<std::int64_t> expiry_base(task_change const& change);

boost::json::object task_item(task_record const& r, std::string_view write_id);
// The record of an item from GetItem, Query (of the index) or UpdateItem's ALL_NEW; malformed_data when an
// attribute the store writes is missing.
result<task_record> task_from_item(std::string const& session, boost::json::object const& item);
std::optional<outcome_ref> outcome_of_item(boost::json::object const& item);
std::optional<std::int64_t> expires_of_item(boost::json::object const& item);
std::optional<std::string> write_id_of_item(boost::json::object const& item);

// Who claimed an id (see create_task in dynamodb_task_store.cpp).
struct task_claim {
    std::string session;
    std::int64_t claimed_ms = 0;
    std::string write_id;
};
std::optional<task_claim> claim_of_item(boost::json::object const& item);

// Part `n` of an outcome: `bytes`, kept until `ttl` (epoch seconds, the task's own).
boost::json::object part_item(std::string_view session, std::string_view id, outcome_ref const& o,
                              std::size_t n, std::string_view bytes, std::int64_t ttl);
std::optional<std::string> part_data(boost::json::object const& item);

// Requests. `now` is this process's wall clock (epoch ms), against which stored expiries are compared.
boost::json::object put_task_request(task_table const& t, boost::json::object item, std::int64_t now);
boost::json::object put_claim_request(task_table const& t, task_record const& r, std::string_view write_id,
                                      std::int64_t now, std::optional<std::string> replacing);
// A consistent GetItem; `whole`: the outcome too, else only what a record needs.
boost::json::object get_task_request(task_table const& t, std::string_view session, std::string_view id,
                                     bool whole);
boost::json::object list_request(task_table const& t, std::string_view session,
                                 std::optional<std::string> const& after_key, std::size_t limit);
boost::json::object get_claim_request(task_table const& t, std::string_view id);
// A consistent Query of the parts of `o`, in order.
boost::json::object parts_request(task_table const& t, std::string_view session, std::string_view id,
                                  outcome_ref const& o);
// The one conditional UpdateItem of transition(): written only over a live task, not terminal, of the
// expected owner and revision; answers ALL_NEW.
boost::json::object transition_request(task_table const& t, std::string_view session, std::string_view id,
                                       task_change const& change, outcome_ref const* outcome,
                                       std::string_view write_id, std::int64_t now);

// Writes the parts of `text` that `o` names (o.parts of them), one PutItem each; on a failure, deletes those
// written (best effort) and returns the error. Suspends; `text` must outlive the call.
task<result<>> write_parts(task_table t, std::string session, std::string id, outcome_ref o,
                           std::string_view text, std::int64_t ttl);
// Deletes the parts of `o`, best effort: a failure is logged and the rest left to DynamoDB's TTL.
task<> drop_parts(task_table t, std::string session, std::string id, outcome_ref o);
// The outcome text put together again; malformed_data when a part is missing.
task<result<std::string>> read_parts(task_table t, std::string session, std::string id, outcome_ref o);

} // namespace mcp::storage::detail
