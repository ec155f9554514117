// The session counter of the DynamoDB session store (with max_sessions > 0): one item of the sessions table,
// "#live-sessions", holding `count`, the live sessions it knows of, and `counted_ms`, when they were last
// counted. Not a transaction and never a read-modify-write:
//  - create() takes a place with a conditional ADD (count < max) and gives it back if its put fails;
//  - terminate() gives one back when the session it deleted was alive;
//  - sessions that expire (and the items DynamoDB's TTL deletes) are not seen leaving: when the counter says
//    full, create() recounts (a Scan of the live sessions, claimed so that one runs at a time, at most once
//    per min(ttl / 10, 1 minute) across every process) and corrects the counter by the difference.
// docs/storage-dynamodb.md ("Session limit") states how far from the truth that keeps it.
#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <mcp/core/log.hpp>

#include <algorithm>

namespace mcp::storage::detail {
namespace {

namespace json = boost::json;
using aws::number_attribute;
using aws::string_attribute;

constexpr std::string_view a_id = "id";
constexpr std::string_view a_expires = "expires_ms";
constexpr std::string_view a_count = "count";
constexpr std::string_view a_counted = "counted_ms";

// How long after a recount the next may run: min(ttl / 10, 1 minute).
std::int64_t recount_interval_ms(session_table const& t) {
    return std::min<std::int64_t>(t.limits.ttl.count() / 10, 60'000);
}

json::object counter_key() {
    return {{a_id, string_attribute(session_counter_id)}};
}

// Takes a place, if the counter has one (and has been counted once: a counter made by a decrement alone
// would miss the sessions that were live before).
json::object admit_request(session_table const& t) {
    return {{"TableName", t.name},
            {"Key", counter_key()},
            {"UpdateExpression", "ADD #c :one"},
            {"ConditionExpression", "attribute_exists(#at) AND #c < :max"},
            {"ExpressionAttributeNames", {{"#c", a_count}, {"#at", a_counted}}},
            {"ExpressionAttributeValues",
             {{":one", number_attribute(1)},
              {":max", number_attribute(static_cast<std::int64_t>(t.limits.max_sessions))}}}};
}

json::object release_request(session_table const& t) {
    return {{"TableName", t.name},
            {"Key", counter_key()},
            {"UpdateExpression", "ADD #c :minus"},
            {"ExpressionAttributeNames", {{"#c", a_count}}},
            {"ExpressionAttributeValues", {{":minus", number_attribute(-1)}}}};
}

// Claims the next recount for this process: nobody counted since `due`. The answer holds the count then.
json::object claim_request(session_table const& t, std::int64_t now, std::int64_t due) {
    return {
        {"TableName", t.name},
        {"Key", counter_key()},
        {"UpdateExpression", "SET #at = :now, #c = if_not_exists(#c, :zero)"},
        {"ConditionExpression", "attribute_not_exists(#at) OR #at <= :due"},
        {"ExpressionAttributeNames", {{"#c", a_count}, {"#at", a_counted}}},
        {"ExpressionAttributeValues",
         {{":now", number_attribute(now)}, {":due", number_attribute(due)}, {":zero", number_attribute(0)}}},
        {"ReturnValues", "ALL_NEW"}};
}

// Moves the counter by what the recount found, unless a later recount claimed it meanwhile.
json::object correct_request(session_table const& t, std::int64_t claimed, std::int64_t delta) {
    return {{"TableName", t.name},
            {"Key", counter_key()},
            {"UpdateExpression", "ADD #c :delta"},
            {"ConditionExpression", "#at = :claimed"},
            {"ExpressionAttributeNames", {{"#c", a_count}, {"#at", a_counted}}},
            {"ExpressionAttributeValues",
             {{":delta", number_attribute(delta)}, {":claimed", number_attribute(claimed)}}}};
}

json::object count_request(session_table const& t, std::int64_t now) {
    return {{"TableName", t.name},
            {"Select", "COUNT"},
            {"FilterExpression", "#exp > :now"},
            {"ExpressionAttributeNames", {{"#exp", a_expires}}},
            {"ExpressionAttributeValues", {{":now", number_attribute(now)}}},
            {"ConsistentRead", true}};
}

// The live sessions (a Scan of the whole table; the counter item has no expiry, so it does not count).
task<result<std::int64_t>> count_live(session_table t) {
    auto request = count_request(t, now_ms());
    std::int64_t count = 0;
    for (;;) {
        auto page = co_await t.client.call("Scan", request);
        if (!page)
            co_return store_error(page.error());
        if (auto const* n = page->if_contains("Count"); n && n->is_int64())
            count += n->get_int64();
        auto const* last = page->if_contains("LastEvaluatedKey");
        if (!last)
            co_return count;
        request["ExclusiveStartKey"] = *last;
    }
}

// true when a place was taken; false when the counter is full (or was never counted).
task<result<bool>> admit(session_table t) {
    auto taken = co_await t.client.call("UpdateItem", admit_request(t));
    if (taken)
        co_return true;
    if (aws::is_conditional_check_failed(taken.error()))
        co_return false;
    co_return store_error(taken.error());
}

// Recounts the live sessions if no process did for recount_interval_ms, and corrects the counter by the
// difference. Concurrent creates and terminates during the Scan may or may not be in the count: the counter
// is then off by at most their number, until the next recount.
task<result<>> recount_if_due(session_table t) {
    auto const now = now_ms();
    auto claimed = co_await t.client.call("UpdateItem", claim_request(t, now, now - recount_interval_ms(t)));
    if (!claimed)
        co_return aws::is_conditional_check_failed(claimed.error()) ? result<>{}
                                                                    : result<>(store_error(claimed.error()));
    auto const* attributes = claimed->if_contains("Attributes");
    auto const before = attributes && attributes->is_object()
                            ? aws::read_number(attributes->get_object(), a_count)
                            : std::nullopt;
    if (!before)
        co_return error(errc::malformed_data, "DynamoDB UpdateItem: the answer lacks the session count");
    auto live = co_await count_live(t);
    if (!live)
        co_return live.error();
    if (*live == *before)
        co_return result<>{};
    auto corrected = co_await t.client.call("UpdateItem", correct_request(t, now, *live - *before));
    if (!corrected && !aws::is_conditional_check_failed(corrected.error()))
        co_return store_error(corrected.error());
    co_return result<>{};
}

} // namespace

// Takes a place for a new session, recounting once when the counter says full.
task<result<>> take_session_place(session_table t) {
    auto taken = co_await admit(t);
    if (taken && !*taken) {
        if (auto recounted = co_await recount_if_due(t); !recounted)
            co_return recounted.error();
        taken = co_await admit(t);
    }
    if (!taken)
        co_return taken.error();
    if (!*taken)
        co_return error(errc::session_limit, "Too many sessions (limit " +
                                                 std::to_string(t.limits.max_sessions) +
                                                 "); retry later, or raise max_sessions");
    co_return result<>{};
}

// Never fails: a failure leaves the counter one too high until the next recount (logged).
task<> give_session_place_back(session_table t, std::string id) {
    if (auto released = co_await t.client.call("UpdateItem", release_request(t)); !released)
        log::warn(
            "session {}: its place in the session counter was not given back (the next recount will): {}", id,
            released.error().message());
}

} // namespace mcp::storage::detail
