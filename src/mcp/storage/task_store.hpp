// task_store: where MCP tasks live (2025-11-25 basic/utilities/tasks; ARCHITECTURE.md section 7a), so that any
// process sharing the store can answer tasks/get, tasks/result, tasks/list and tasks/cancel for a task another
// process runs, and a cancel reaches the process that runs it. Not the task's state machine (server/task_state.hpp
// decides what a writer wants); the store decides who wins when two writers race.
//
//   create --> working <--> input_required --> completed | failed | cancelled      (terminal: never changes)
//                 \________ transition(): one conditional write, one winner ______/
//
// Contract for every backend (checked by the task contract suite in storage/testing):
//  - ids are the caller's (unguessable: server/task_runner makes 128 random bits); create() of a live id is
//    `errc::conflict`;
//  - a task belongs to one session (its scope): get(), list(), transition() and outcome() with another session's
//    id see nothing, exactly as for an unknown id;
//  - transition() writes only when the stored task is not terminal, and (when the change names them) is owned by
//    `expect_owner` and at `expect_revision`. Of two racing transitions exactly one is applied; the other learns
//    the winner's record from its answer, without a second read. An applied change stores revision + 1 and
//    updated_at = change.now_ms. A terminal change stores its outcome in the same write;
//  - expiry (expires_at() below): a running task never expires while its lease is renewed; a terminal one is
//    kept `ttl_ms` after it ended. get() and list() of an expired task see nothing;
//  - outcome() gives the stored outcome byte for byte; a backend with an item size limit stores large outcomes
//    whole (in parts) up to max_task_outcome_bytes; past that, transition() fails with `errc::rejected`;
//  - a store that cannot serve answers `errc::unavailable` and changes nothing.
// Time is epoch milliseconds from the writer's clock: instances sharing a store must keep their clocks within a
// small fraction of the lease (NTP does).
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::storage {

enum class task_status { working, input_required, completed, failed, cancelled };

bool is_terminal(task_status s);
// The wire names (2025-11-25 TaskStatus): "working", "input_required", "completed", "failed", "cancelled".
std::string_view to_string(task_status s);
std::optional<task_status> task_status_from(std::string_view name);

struct task_record {
    std::string id;
    std::string session;   // the scope: the session that created it
    std::string principal; // who created it, when the front door knows ("" otherwise)
    std::string tool;      // the tool it runs, for logs
    task_status status = task_status::working;
    std::string status_message;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::int64_t ttl_ms = 0;           // kept this long after it ends
    std::int64_t poll_interval_ms = 0; // suggested to the client
    std::string owner;                 // the server instance running it
    std::int64_t lease_until_ms = 0;   // the owner renews it while the handler runs
    std::int64_t revision = 0;
};

// When a task may be deleted: ttl after it ended; while it runs, ttl after its lease (a lost owner's task stays
// readable, as failed, for ttl).
std::int64_t expires_at(task_record const& r);

// What tasks/result returns: the tool's result, or a JSON-RPC error object {code, message, data?}, as JSON text.
struct task_outcome {
    bool is_error = false;
    std::string json;
    friend bool operator==(task_outcome const&, task_outcome const&) = default;
};

struct task_change {
    task_status to = task_status::working;
    std::string message;                       // the new statusMessage
    std::optional<std::string> expect_owner;   // condition: the stored owner
    std::optional<std::int64_t> expect_revision; // condition: the stored revision
    std::optional<std::int64_t> lease_until_ms;  // a new lease (renewal)
    std::optional<task_outcome> outcome;         // with a terminal `to` only
    std::int64_t now_ms = 0;
};

// transition()'s answer: whether this change was written, and the stored record after the call (this change's,
// or the winner's when it lost). `current` is nullopt when the task is unknown, expired or another session's.
struct task_write {
    bool applied = false;
    std::optional<task_record> current;
};

struct task_page {
    std::vector<task_record> tasks; // oldest first
    std::optional<std::string> next; // pass to list() for the next page
};

// Larger outcomes are refused (errc::rejected) by every backend, so what a task may return does not depend on
// where it is stored.
inline constexpr std::size_t max_task_outcome_bytes = 8u << 20;

class task_store {
public:
    virtual ~task_store() = default;

    virtual task<result<>> create(task_record record) = 0;
    virtual task<result<std::optional<task_record>>> get(std::string session, std::string id) = 0;
    // A page of at most `limit` tasks of `session`, oldest first, after the position `after` names (nullopt: from
    // the first). `after` is a `next` that list() returned (a position, so tasks that ended meanwhile do not break
    // paging); text that is not one is errc::rejected.
    virtual task<result<task_page>> list(std::string session, std::optional<std::string> after,
                                         std::size_t limit) = 0;
    virtual task<result<task_write>> transition(std::string session, std::string id, task_change change) = 0;
    virtual task<result<std::optional<task_outcome>>> outcome(std::string session, std::string id) = 0;
};

// A list position: tasks order by (created_at_ms, id). Backends write `next` with this and read `after` with it.
struct task_position {
    std::int64_t created_at_ms = 0;
    std::string id;
};
std::string to_string(task_position const& p);
std::optional<task_position> task_position_from(std::string_view text);

// errc::rejected when `change` carries an outcome over max_task_outcome_bytes (every backend checks it first).
result<> check_outcome_size(std::string_view id, task_change const& change);

// Whether `change` may be written over `stored` (the condition every backend evaluates atomically).
bool change_applies(task_record const& stored, task_change const& change);
// `stored` with `change` written over it.
task_record apply(task_record stored, task_change const& change);

} // namespace mcp::storage
