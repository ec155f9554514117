// The DynamoDB task store: one item per task in its session's partition, listed in order through a local
// secondary index, changed by one conditional UpdateItem (see the design note in dynamodb_store.hpp and the
// task contract in task_store.hpp). The items and requests are in dynamodb_task_items.cpp, outcomes stored in
// parts in dynamodb_task_outcome.cpp.
#include <mcp/storage/dynamodb/dynamodb_task_items.hpp>

namespace mcp::storage::detail {
namespace {

namespace json = boost::json;

// A claim younger than this whose task is not there belongs to a create still under way.
constexpr std::int64_t claim_grace_ms = 60'000;

error conflict(std::string const& id) {
    return error(errc::conflict, "Task " + id + " already exists");
}

// Expiry is read, not left to DynamoDB: dynalite never deletes TTL items, DynamoDB only within days.
bool live(json::object const& item) {
    auto const expires = expires_of_item(item);
    return expires && *expires > now_ms();
}

std::optional<json::object> item_in(json::object const& answer, std::string_view field) {
    auto const* item = answer.if_contains(field);
    return item && item->is_object() ? std::optional<json::object>(item->get_object()) : std::nullopt;
}

// The task's item as stored (expired or not), or nullopt; `whole`: with its outcome.
task<result<std::optional<json::object>>> fetch_task(task_table t, std::string session, std::string id,
                                                     bool whole) {
    auto got = co_await t.client.call("GetItem", get_task_request(t, session, id, whole));
    if (!got)
        co_return store_error(got.error());
    co_return item_in(*got, "Item");
}

// The live record, or nullopt (unknown, expired, another session's: the key names the session).
task<result<std::optional<task_record>>> live_task(task_table t, std::string session, std::string id) {
    auto item = co_await fetch_task(t, session, id, false);
    if (!item)
        co_return item.error();
    if (!*item || !live(**item))
        co_return std::optional<task_record>();
    auto record = task_from_item(session, **item);
    if (!record)
        co_return record.error();
    co_return std::optional<task_record>(std::move(*record));
}

// Takes over a claim whose task is gone (or writes one where none is left): a conditional write on the
// write_id read, so of two takers one wins.
task<result<>> take_claim(task_table t, task_record r, std::string write_id,
                          std::optional<std::string> replacing) {
    auto put =
        co_await t.client.call("PutItem", put_claim_request(t, r, write_id, now_ms(), std::move(replacing)));
    if (put)
        co_return result<>{};
    if (aws::is_conditional_check_failed(put.error()))
        co_return conflict(r.id);
    co_return store_error(put.error());
}

// The contract makes a live id unique across sessions, but task items are keyed by session: a put's
// condition cannot see another session's task. The claim item, keyed by the id alone, can, for one more
// small write per create. (Ids are the server's 128 random bits: this guards against a bug, not chance.)
// A claim found is ours (a retried put), or its task is live (conflict), or its task is gone and it is taken
// over; a claim younger than claim_grace_ms of another session whose task is not there yet is a conflict
// (that create may be about to put it).
task<result<>> claim_id(task_table t, task_record r, std::string write_id) {
    auto const now = now_ms();
    auto put = co_await t.client.call("PutItem", put_claim_request(t, r, write_id, now, std::nullopt));
    if (put)
        co_return result<>{};
    if (!aws::is_conditional_check_failed(put.error()))
        co_return store_error(put.error());
    auto got = co_await t.client.call("GetItem", get_claim_request(t, r.id));
    if (!got)
        co_return store_error(got.error());
    auto const item = item_in(*got, "Item");
    if (!item) // gone meanwhile (DynamoDB's TTL)
        co_return co_await take_claim(t, r, write_id, std::nullopt);
    auto const claim = claim_of_item(*item);
    if (!claim)
        co_return error(errc::malformed_data, "DynamoDB task " + r.id + ": its claim item is malformed");
    if (claim->write_id == write_id)
        co_return result<>{};
    auto held = co_await fetch_task(t, claim->session, r.id, false);
    if (!held)
        co_return held.error();
    if (*held && live(**held))
        co_return conflict(r.id);
    if (!*held && claim->session != r.session && now - claim->claimed_ms < claim_grace_ms)
        co_return conflict(r.id);
    co_return co_await take_claim(t, r, write_id, claim->write_id);
}

task<result<>> create_task(task_table t, task_record record) {
    auto const write_id = new_write_id();
    auto item = task_item(record, write_id);
    if (auto const size = item_size(item); size > max_item_bytes)
        co_return error(errc::rejected, "Task " + record.id + ": its record is " + std::to_string(size) +
                                            " bytes, over DynamoDB's 400 KB item limit");
    if (auto claimed = co_await claim_id(t, record, write_id); !claimed)
        co_return claimed.error();
    auto put = co_await t.client.call("PutItem", put_task_request(t, std::move(item), now_ms()));
    if (put)
        co_return result<>{};
    if (!aws::is_conditional_check_failed(put.error()))
        co_return store_error(put.error());
    // A retry of a put that was applied (its answer lost) fails its own condition: the write found is ours.
    auto found = co_await fetch_task(t, record.session, record.id, false);
    if (!found)
        co_return found.error();
    if (*found && write_id_of_item(**found) == write_id)
        co_return result<>{};
    co_return conflict(record.id);
}

// After a refused UpdateItem: what is stored now. The change is ours when a retry of an applied attempt was
// refused (the write_id says so). DynamoDB could send the item with the refusal
// (ReturnValuesOnConditionCheckFailure), but dynalite cannot, and the aws client keeps only the error's type:
// one consistent read instead.
task<result<task_write>> answer_after_refusal(task_table t, std::string session, std::string id,
                                              std::string write_id) {
    auto item = co_await fetch_task(t, session, id, false);
    if (!item)
        co_return item.error();
    if (!*item || !live(**item))
        co_return task_write{};
    auto record = task_from_item(session, **item);
    if (!record)
        co_return record.error();
    co_return task_write{write_id_of_item(**item) == write_id, std::move(*record)};
}

// Where the change's outcome goes: inline, or in parts written now. Parts need the task's ttl_ms (their TTL
// is the task's), so the task is read first; a change that cannot apply is answered from that read, and
// nothing is written.
struct outcome_plan {
    std::optional<outcome_ref> ref;
    std::optional<task_write> answer;
};

task<result<outcome_plan>> plan_outcome(task_table t, std::string session, std::string id,
                                        task_change const& change) {
    auto const& o = *change.outcome;
    if (o.json.size() <= outcome_part_bytes)
        co_return outcome_plan{outcome_ref{.is_error = o.is_error, .json = o.json}, std::nullopt};
    auto stored = co_await live_task(t, session, id);
    if (!stored)
        co_return stored.error();
    if (!*stored)
        co_return outcome_plan{std::nullopt, task_write{}};
    if (!change_applies(**stored, change))
        co_return outcome_plan{std::nullopt, task_write{false, std::move(*stored)}};
    auto const size = static_cast<std::int64_t>(o.json.size());
    auto const part = static_cast<std::int64_t>(outcome_part_bytes);
    outcome_ref ref{.is_error = o.is_error,
                    .outcome_id = new_write_id(),
                    .parts = (size + part - 1) / part,
                    .bytes = size};
    auto const ttl =
        task_ttl_seconds(expiry_base(change).value_or((*stored)->lease_until_ms), (*stored)->ttl_ms);
    if (auto written = co_await write_parts(t, session, id, ref, o.json, ttl); !written)
        co_return written.error();
    co_return outcome_plan{std::move(ref), std::nullopt};
}

task<result<task_write>> transition_task(task_table t, std::string session, std::string id,
                                         task_change change) {
    if (auto fits = check_outcome_size(id, change); !fits)
        co_return fits.error();
    outcome_plan plan;
    if (change.outcome) {
        auto planned = co_await plan_outcome(t, session, id, change);
        if (!planned)
            co_return planned.error();
        if (planned->answer)
            co_return std::move(*planned->answer);
        plan = std::move(*planned);
    }
    auto const write_id = new_write_id();
    auto const* ref = plan.ref ? &*plan.ref : nullptr;
    auto updated = co_await t.client.call(
        "UpdateItem", transition_request(t, session, id, change, ref, write_id, now_ms()));
    if (updated) {
        auto const item = item_in(*updated, "Attributes");
        if (!item)
            co_return error(errc::malformed_data, "DynamoDB UpdateItem: the answer lacks task " + id);
        auto record = task_from_item(session, *item);
        if (!record)
            co_return record.error();
        co_return task_write{true, std::move(*record)};
    }
    // An outage may hide an update that was applied: parts are dropped only when the refusal is known.
    if (!aws::is_conditional_check_failed(updated.error()))
        co_return store_error(updated.error());
    auto answer = co_await answer_after_refusal(t, session, id, write_id);
    if (answer && !answer->applied && ref && !ref->json)
        co_await drop_parts(t, session, id, *ref);
    co_return answer;
}

// Up to limit + 1 live tasks after the position: one more than the page tells whether there is a next. Each
// Query reads limit + 1 items; further ones only when expired tasks (which stay until DynamoDB's TTL deletes
// them) were skipped.
task<result<task_page>> list_tasks(task_table t, std::string session, std::optional<std::string> after,
                                   std::size_t limit) {
    std::optional<task_position> from;
    if (after && !(from = task_position_from(*after)))
        co_return error(errc::rejected, "Not a task list position: " + *after);
    task_page page;
    if (limit == 0)
        co_return page;
    auto const after_key =
        from ? std::optional<std::string>(list_key(from->created_at_ms, from->id)) : std::nullopt;
    auto request = list_request(t, session, after_key, limit + 1);
    for (;;) {
        auto got = co_await t.client.call("Query", request);
        if (!got)
            co_return store_error(got.error());
        if (auto const* items = got->if_contains("Items"); items && items->is_array())
            for (auto const& i : items->get_array()) {
                if (!i.is_object() || !live(i.get_object()))
                    continue;
                if (page.tasks.size() == limit) {
                    auto const& last = page.tasks.back();
                    page.next = to_string(task_position{last.created_at_ms, last.id});
                    co_return page;
                }
                auto record = task_from_item(session, i.get_object());
                if (!record)
                    co_return record.error();
                page.tasks.push_back(std::move(*record));
            }
        auto const* last = got->if_contains("LastEvaluatedKey");
        if (!last)
            co_return page;
        request["ExclusiveStartKey"] = *last;
    }
}

task<result<std::optional<task_outcome>>> outcome_of(task_table t, std::string session, std::string id) {
    auto item = co_await fetch_task(t, session, id, true);
    if (!item)
        co_return item.error();
    auto const ref = *item && live(**item) ? outcome_of_item(**item) : std::nullopt;
    if (!ref)
        co_return std::optional<task_outcome>();
    if (ref->json)
        co_return task_outcome{ref->is_error, *ref->json};
    auto text = co_await read_parts(t, session, id, *ref);
    if (!text)
        co_return text.error();
    co_return task_outcome{ref->is_error, std::move(*text)};
}

} // namespace

task<result<>> dynamodb_task_store::create(task_record record) {
    return create_task(table_, std::move(record));
}

task<result<std::optional<task_record>>> dynamodb_task_store::get(std::string session, std::string id) {
    return live_task(table_, std::move(session), std::move(id));
}

task<result<task_page>> dynamodb_task_store::list(std::string session, std::optional<std::string> after,
                                                  std::size_t limit) {
    return list_tasks(table_, std::move(session), std::move(after), limit);
}

task<result<task_write>> dynamodb_task_store::transition(std::string session, std::string id,
                                                         task_change change) {
    return transition_task(table_, std::move(session), std::move(id), std::move(change));
}

task<result<std::optional<task_outcome>>> dynamodb_task_store::outcome(std::string session, std::string id) {
    return outcome_of(table_, std::move(session), std::move(id));
}

} // namespace mcp::storage::detail
