// The DynamoDB session store: one item per session, written whole by conditional PutItems (see the design
// note in dynamodb_store.hpp). Requests are built by plain functions first: g++ 12 miscompiles initializer
// lists inside co_await expressions, and the coroutines read better as a list of steps.
#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <mcp/server/log.hpp>

#include <algorithm>

namespace mcp::storage::detail {
namespace {

namespace json = boost::json;
using aws::number_attribute;
using aws::string_attribute;

// Attribute names of a session item.
constexpr std::string_view a_id = "id";
constexpr std::string_view a_record = "record";
constexpr std::string_view a_revision = "revision";
constexpr std::string_view a_expires = "expires_ms";
constexpr std::string_view a_ttl = "ttl";
constexpr std::string_view a_write = "write_id";

std::int64_t ttl_ms(session_table const& t) {
    return t.limits.ttl.count();
}

// The stored expiry is refreshed by load() once it is this far behind now + ttl: min(ttl / 10, 1 minute).
std::int64_t refresh_slack_ms(session_table const& t) {
    return std::min<std::int64_t>(ttl_ms(t) / 10, 60'000);
}

std::string encode_record(session_record const& r) {
    json::array subscriptions;
    for (auto const& s : r.subscriptions)
        subscriptions.emplace_back(s);
    return json::serialize(json::object{{"protocol_version", r.protocol_version},
                                        {"client_info", r.client_info},
                                        {"client_capabilities", r.client_capabilities},
                                        {"operational", r.operational},
                                        {"log_level", r.log_level},
                                        {"subscriptions", std::move(subscriptions)},
                                        {"state", r.state}});
}

result<session_record> decode_record(std::string const& id, json::object const& item) {
    auto bad = [&](std::string_view what) {
        return error(protocol::code::internal_error,
                     "DynamoDB session " + id + ": the stored item is malformed (" + std::string(what) + ")");
    };
    auto const bytes = aws::read_binary(item, a_record);
    auto const revision = aws::read_number(item, a_revision);
    if (!bytes || !revision)
        return bad("record or revision missing");
    boost::system::error_code ec;
    auto parsed = json::parse(*bytes, ec);
    auto const* o = ec ? nullptr : parsed.if_object();
    if (!o)
        return bad("record is not a JSON object");
    session_record r;
    r.id = id;
    try {
        r.protocol_version = json::value_to<std::string>(o->at("protocol_version"));
        r.client_info = o->at("client_info").as_object();
        r.client_capabilities = o->at("client_capabilities").as_object();
        r.operational = o->at("operational").as_bool();
        r.log_level = json::value_to<std::string>(o->at("log_level"));
        r.subscriptions = json::value_to<std::vector<std::string>>(o->at("subscriptions"));
        r.state = o->at("state").as_object();
    } catch (std::exception const& e) {
        return bad(e.what());
    }
    r.revision = *revision;
    return r;
}

json::object key_of(std::string_view id) {
    return {{a_id, string_attribute(id)}};
}

json::object item_of(session_record const& r, std::int64_t revision, std::int64_t expires_ms,
                     std::string const& write_id) {
    return {{a_id, string_attribute(r.id)},
            {a_record, aws::binary_attribute(encode_record(r))},
            {a_revision, number_attribute(revision)},
            {a_expires, number_attribute(expires_ms)},
            {a_ttl, number_attribute(ttl_seconds(expires_ms))},
            {a_write, string_attribute(write_id)}};
}

result<> check_size(json::object const& item, std::string const& id) {
    auto const size = item_size(item);
    if (size <= max_item_bytes)
        return {};
    return error(protocol::code::internal_error,
                 "Session " + id + ": its record is " + std::to_string(size) +
                     " bytes, over DynamoDB's 400 KB item limit; keep session state smaller");
}

// Creates: the id is free (absent, or its session expired).
json::object create_request(session_table const& t, json::object item, std::int64_t now) {
    return {{"TableName", t.name},
            {"Item", std::move(item)},
            {"ConditionExpression", "attribute_not_exists(#id) OR #exp <= :now"},
            {"ExpressionAttributeNames", {{"#id", a_id}, {"#exp", a_expires}}},
            {"ExpressionAttributeValues", {{":now", number_attribute(now)}}}};
}

// Saves: the stored revision is the caller's, and the session is alive.
json::object save_request(session_table const& t, json::object item, std::int64_t revision,
                          std::int64_t now) {
    return {{"TableName", t.name},
            {"Item", std::move(item)},
            {"ConditionExpression", "#rev = :rev AND #exp > :now"},
            {"ExpressionAttributeNames", {{"#rev", a_revision}, {"#exp", a_expires}}},
            {"ExpressionAttributeValues",
             {{":rev", number_attribute(revision)}, {":now", number_attribute(now)}}}};
}

json::object get_request(session_table const& t, std::string_view id) {
    return {{"TableName", t.name}, {"Key", key_of(id)}, {"ConsistentRead", true}};
}

// Pushes the expiry forward, never backward, and only for a session still alive.
json::object refresh_request(session_table const& t, std::string_view id, std::int64_t now,
                             std::int64_t expires) {
    return {{"TableName", t.name},
            {"Key", key_of(id)},
            {"UpdateExpression", "SET #exp = :exp, #ttl = :ttl"},
            {"ConditionExpression", "#exp > :now AND #exp < :exp"},
            {"ExpressionAttributeNames", {{"#exp", a_expires}, {"#ttl", a_ttl}}},
            {"ExpressionAttributeValues",
             {{":exp", number_attribute(expires)},
              {":ttl", number_attribute(ttl_seconds(expires))},
              {":now", number_attribute(now)}}}};
}

// The session counter (with max_sessions > 0): one item of the sessions table, "#live-sessions", holding
// `count`, the live sessions it knows of, and `counted_ms`, when they were last counted. See "Session limit"
// in docs/storage-dynamodb.md for how it stays close to the truth.
//  - create() takes a place with a conditional ADD (count < max), and gives it back if its put fails;
//  - terminate() gives one back when the session it deleted was alive;
//  - sessions that expire are not seen leaving: when the counter says full, create() recounts (a Scan of
//    the live sessions, at most once per min(ttl / 10, 1 minute) across every process) and corrects it.
constexpr std::string_view counter_id = "#live-sessions";
constexpr std::string_view a_count = "count";
constexpr std::string_view a_counted = "counted_ms";

// How long after a recount the next may run.
std::int64_t recount_interval_ms(session_table const& t) {
    return refresh_slack_ms(t);
}

json::object counter_key() {
    return key_of(counter_id);
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
            co_return page.error();
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
    co_return taken.error();
}

// Gives a place back. Never fails: a failure leaves the counter one too high until the next recount (logged).
task<> release(session_table t, std::string id) {
    if (auto released = co_await t.client.call("UpdateItem", release_request(t)); !released)
        log::warn(
            "session {}: its place in the session counter was not given back (the next recount will): {}", id,
            released.error().message());
}

// Recounts the live sessions if no process did for recount_interval_ms, and corrects the counter by the
// difference. Concurrent creates and terminates during the Scan may or may not be in the count: the counter
// is then off by at most their number, until the next recount.
task<result<>> recount_if_due(session_table t) {
    auto const now = now_ms();
    auto claimed = co_await t.client.call("UpdateItem", claim_request(t, now, now - recount_interval_ms(t)));
    if (!claimed)
        co_return aws::is_conditional_check_failed(claimed.error()) ? result<>{} : result<>(claimed.error());
    auto const* attributes = claimed->if_contains("Attributes");
    auto const before = attributes && attributes->is_object()
                            ? aws::read_number(attributes->get_object(), a_count)
                            : std::nullopt;
    if (!before)
        co_return error(protocol::code::internal_error,
                        "DynamoDB UpdateItem: the answer lacks the session count");
    auto live = co_await count_live(t);
    if (!live)
        co_return live.error();
    if (*live == *before)
        co_return result<>{};
    auto corrected = co_await t.client.call("UpdateItem", correct_request(t, now, *live - *before));
    if (!corrected && !aws::is_conditional_check_failed(corrected.error()))
        co_return corrected.error();
    co_return result<>{};
}

// Takes a place for a new session, recounting once when the counter says full.
task<result<>> take_place(session_table t) {
    auto taken = co_await admit(t);
    if (taken && !*taken) {
        if (auto recounted = co_await recount_if_due(t); !recounted)
            co_return recounted.error();
        taken = co_await admit(t);
    }
    if (!taken)
        co_return taken.error();
    if (!*taken)
        co_return error(code::session_limit, "Too many sessions (limit " +
                                                 std::to_string(t.limits.max_sessions) +
                                                 "); retry later, or raise max_sessions");
    co_return result<>{};
}

// Who holds the session after a conditional write failed: our own write (a retry of an attempt that was
// applied), nobody alive, or another writer.
enum class holder { us, nobody, other };

task<result<holder>> holder_of(session_table t, std::string id, std::string write_id) {
    auto got = co_await t.client.call("GetItem", get_request(t, id));
    if (!got)
        co_return got.error();
    auto const* item = got->if_contains("Item");
    if (!item || !item->is_object())
        co_return holder::nobody;
    if (aws::read_string(item->get_object(), a_write) == write_id)
        co_return holder::us;
    auto const expires = aws::read_number(item->get_object(), a_expires);
    co_return expires&&* expires > now_ms() ? holder::other : holder::nobody;
}

// The conditional PutItem of a new session; a failed condition is a conflict unless the write found is ours.
task<result<>> put_new(session_table t, session_record record) {
    auto const now = now_ms();
    auto const write_id = new_write_id();
    auto item = item_of(record, record.revision, now + ttl_ms(t), write_id);
    auto put = co_await t.client.call("PutItem", create_request(t, std::move(item), now));
    if (put || !aws::is_conditional_check_failed(put.error()))
        co_return put ? result<>{} : result<>(put.error());
    auto h = co_await holder_of(t, record.id, write_id);
    if (!h)
        co_return h.error();
    if (*h == holder::us)
        co_return result<>{};
    co_return error(code::conflict, "Session " + record.id + " already exists");
}

task<result<>> create_session(session_table t, session_record record) {
    if (record.id == counter_id)
        co_return error(code::conflict, "Session " + record.id + " already exists");
    if (auto fits = check_size(item_of(record, record.revision, 0, new_write_id()), record.id); !fits)
        co_return fits.error();
    bool const counted = t.limits.max_sessions > 0;
    if (counted)
        if (auto placed = co_await take_place(t); !placed)
            co_return placed.error();
    auto const id = record.id;
    auto created = co_await put_new(t, std::move(record));
    // An outage may hide a put that was applied: the place is given back all the same (a recount corrects).
    if (!created && counted)
        co_await release(t, id);
    co_return created;
}

task<result<std::optional<session_record>>> load_session(session_table t, std::string id) {
    auto got = co_await t.client.call("GetItem", get_request(t, id));
    if (!got)
        co_return got.error();
    auto const* item = got->if_contains("Item");
    if (!item || !item->is_object())
        co_return std::optional<session_record>();
    auto const now = now_ms();
    auto const expires = aws::read_number(item->get_object(), a_expires);
    if (!expires || *expires <= now)
        co_return std::optional<session_record>(); // expired: gone, whether or not DynamoDB deleted it yet
    auto record = decode_record(id, item->get_object());
    if (!record)
        co_return record.error();
    auto const fresh = now + ttl_ms(t);
    if (*expires < fresh - refresh_slack_ms(t)) {
        auto refreshed = co_await t.client.call("UpdateItem", refresh_request(t, id, now, fresh));
        // A failed condition: a concurrent load or save pushed it further, or a terminate won. Both are fine.
        if (!refreshed && !aws::is_conditional_check_failed(refreshed.error()))
            co_return refreshed.error();
    }
    co_return std::optional<session_record>(std::move(*record));
}

// The caller's record stays alive across the suspension: session_store::save's contract.
task<result<>> save_session(session_table t, session_record& record) {
    auto const now = now_ms();
    auto const write_id = new_write_id();
    auto item = item_of(record, record.revision + 1, now + ttl_ms(t), write_id);
    if (auto fits = check_size(item, record.id); !fits)
        co_return fits.error();
    auto put = co_await t.client.call("PutItem", save_request(t, std::move(item), record.revision, now));
    if (!put && !aws::is_conditional_check_failed(put.error()))
        co_return put.error();
    if (!put) {
        auto h = co_await holder_of(t, record.id, write_id);
        if (!h)
            co_return h.error();
        if (*h == holder::nobody)
            co_return error(code::conflict,
                            "Session " + record.id + " no longer exists (terminated or expired)");
        if (*h == holder::other)
            co_return error(code::conflict,
                            "Session " + record.id + " was updated concurrently; reload and retry");
    }
    ++record.revision;
    co_return result<>{};
}

task<result<bool>> terminate_session(session_table t, std::string id) {
    if (id == counter_id)
        co_return false;
    json::object request{{"TableName", t.name}, {"Key", key_of(id)}, {"ReturnValues", "ALL_OLD"}};
    auto deleted = co_await t.client.call("DeleteItem", std::move(request));
    if (!deleted)
        co_return deleted.error();
    auto const* old = deleted->if_contains("Attributes");
    if (!old || !old->is_object())
        co_return false;
    auto const expires = aws::read_number(old->get_object(), a_expires);
    bool const live = expires && *expires > now_ms(); // an expired session was already gone
    // Expired sessions left the count at a recount, or will at the next: only a live one gives its place
    // back.
    if (live && t.limits.max_sessions > 0)
        co_await release(t, id);
    co_return live;
}

} // namespace

task<result<>> dynamodb_session_store::create(session_record record) {
    return create_session(table_, std::move(record));
}

task<result<std::optional<session_record>>> dynamodb_session_store::load(std::string id) {
    return load_session(table_, std::move(id));
}

task<result<>> dynamodb_session_store::save(session_record& record) {
    return save_session(table_, record);
}

task<result<bool>> dynamodb_session_store::terminate(std::string id) {
    return terminate_session(table_, std::move(id));
}

} // namespace mcp::storage::detail
