// The DynamoDB session store: one item per session, written whole by conditional PutItems (see the design
// note in dynamodb_store.hpp); the session limit's counter is in dynamodb_session_counter.cpp. Requests are
// built by plain functions first: g++ 12 miscompiles initializer lists inside co_await expressions, and the
// coroutines read better as a list of steps.
#include <mcp/storage/dynamodb/dynamodb_items.hpp>

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
// Who created the session: written by create() only when not "" (absent reads as ""), never by save().
constexpr std::string_view a_principal = "principal";

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
                                        {"state", r.state},
                                        {"lists_seen", r.lists_seen}});
}

json::object key_of(std::string_view id) {
    return {{a_id, string_attribute(id)}};
}

json::object item_of(session_record const& r, std::int64_t revision, std::int64_t expires_ms,
                     std::string const& write_id) {
    json::object item{{a_id, string_attribute(r.id)},
                      {a_record, aws::binary_attribute(encode_record(r))},
                      {a_revision, number_attribute(revision)},
                      {a_expires, number_attribute(expires_ms)},
                      {a_ttl, number_attribute(ttl_seconds(expires_ms))},
                      {a_write, string_attribute(write_id)}};
    if (!r.principal.empty())
        item[a_principal] = string_attribute(r.principal);
    return item;
}

result<> check_size(json::object const& item, std::string const& id) {
    auto const size = item_size(item);
    if (size <= max_item_bytes)
        return {};
    return error(errc::rejected, "Session " + id + ": its record is " + std::to_string(size) +
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

// Saves: the stored revision is the caller's, and the session is alive. An UpdateItem of the attributes a
// save changes (those of item_of), not a PutItem of the whole item, so the principal stays as create() wrote
// it.
json::object save_request(session_table const& t, json::object item, std::int64_t revision,
                          std::int64_t now) {
    json::object values{{":rev", number_attribute(revision)}, {":now", number_attribute(now)}};
    for (auto name : {a_record, a_revision, a_expires, a_ttl, a_write})
        values[":new_" + std::string(name)] = std::move(item.at(name));
    return {{"TableName", t.name},
            {"Key", {{a_id, std::move(item.at(a_id))}}},
            {"UpdateExpression", "SET #rec = :new_record, #rev = :new_revision, #exp = :new_expires_ms, "
                                 "#ttl = :new_ttl, #write = :new_write_id"},
            {"ConditionExpression", "#rev = :rev AND #exp > :now"},
            {"ExpressionAttributeNames",
             {{"#rec", a_record},
              {"#rev", a_revision},
              {"#exp", a_expires},
              {"#ttl", a_ttl},
              {"#write", a_write}}},
            {"ExpressionAttributeValues", std::move(values)}};
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

// Who holds the session after a conditional write failed: our own write (a retry of an attempt that was
// applied), nobody alive, or another writer.
enum class holder { us, nobody, other };

task<result<holder>> holder_of(session_table t, std::string id, std::string write_id) {
    auto got = co_await t.client.call("GetItem", get_request(t, id));
    if (!got)
        co_return store_error(got.error());
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
        co_return put ? result<>{} : result<>(store_error(put.error()));
    auto h = co_await holder_of(t, record.id, write_id);
    if (!h)
        co_return h.error();
    if (*h == holder::us)
        co_return result<>{};
    co_return error(errc::conflict, "Session " + record.id + " already exists");
}

task<result<>> create_session(session_table t, session_record record) {
    if (record.id == session_counter_id)
        co_return error(errc::conflict, "Session " + record.id + " already exists");
    if (auto fits = check_size(item_of(record, record.revision, 0, new_write_id()), record.id); !fits)
        co_return fits.error();
    bool const counted = t.limits.max_sessions > 0;
    if (counted)
        if (auto placed = co_await take_session_place(t); !placed)
            co_return placed.error();
    auto const id = record.id;
    auto created = co_await put_new(t, std::move(record));
    // An outage may hide a put that was applied: the place is given back all the same (a recount corrects).
    if (!created && counted)
        co_await give_session_place_back(t, id);
    co_return created;
}

task<result<std::optional<session_record>>> load_session(session_table t, std::string id) {
    auto got = co_await t.client.call("GetItem", get_request(t, id));
    if (!got)
        co_return store_error(got.error());
    auto const* item = got->if_contains("Item");
    if (!item || !item->is_object())
        co_return std::optional<session_record>();
    auto const now = now_ms();
    auto const expires = aws::read_number(item->get_object(), a_expires);
    if (!expires || *expires <= now)
        co_return std::optional<session_record>(); // expired: gone, whether or not DynamoDB deleted it yet
    auto record = session_from_item(id, item->get_object());
    if (!record)
        co_return record.error();
    auto const fresh = now + ttl_ms(t);
    if (*expires < fresh - refresh_slack_ms(t)) {
        auto refreshed = co_await t.client.call("UpdateItem", refresh_request(t, id, now, fresh));
        // A failed condition: a concurrent load or save pushed it further, or a terminate won. Both are fine.
        if (!refreshed && !aws::is_conditional_check_failed(refreshed.error()))
            co_return store_error(refreshed.error());
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
    auto put = co_await t.client.call("UpdateItem", save_request(t, std::move(item), record.revision, now));
    if (!put && !aws::is_conditional_check_failed(put.error()))
        co_return store_error(put.error());
    if (!put) {
        auto h = co_await holder_of(t, record.id, write_id);
        if (!h)
            co_return h.error();
        if (*h == holder::nobody)
            co_return error(errc::conflict,
                            "Session " + record.id + " no longer exists (terminated or expired)");
        if (*h == holder::other)
            co_return error(errc::conflict,
                            "Session " + record.id + " was updated concurrently; reload and retry");
    }
    ++record.revision;
    co_return result<>{};
}

task<result<bool>> terminate_session(session_table t, std::string id) {
    if (id == session_counter_id)
        co_return false;
    json::object request{{"TableName", t.name}, {"Key", key_of(id)}, {"ReturnValues", "ALL_OLD"}};
    auto deleted = co_await t.client.call("DeleteItem", std::move(request));
    if (!deleted)
        co_return store_error(deleted.error());
    auto const* old = deleted->if_contains("Attributes");
    if (!old || !old->is_object())
        co_return false;
    auto const expires = aws::read_number(old->get_object(), a_expires);
    bool const live = expires && *expires > now_ms(); // an expired session was already gone
    // Expired sessions left the count at a recount, or will at the next: only a live one gives its place
    // back.
    if (live && t.limits.max_sessions > 0)
        co_await give_session_place_back(t, id);
    co_return live;
}

} // namespace

result<session_record> session_from_item(std::string const& id, boost::json::object const& item) {
    auto bad = [&](std::string_view what) {
        return error(errc::malformed_data,
                     "DynamoDB session " + id + ": the stored item is malformed (" + std::string(what) + ")");
    };
    auto const bytes = aws::read_binary(item, a_record);
    auto const revision = aws::read_number(item, a_revision);
    if (!bytes || !revision)
        return bad("record or revision missing");
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*bytes, ec);
    auto const* o = ec ? nullptr : parsed.if_object();
    if (!o)
        return bad("record is not a JSON object");
    session_record r;
    r.id = id;
    try {
        r.protocol_version = boost::json::value_to<std::string>(o->at("protocol_version"));
        r.client_info = o->at("client_info").as_object();
        r.client_capabilities = o->at("client_capabilities").as_object();
        r.operational = o->at("operational").as_bool();
        r.log_level = boost::json::value_to<std::string>(o->at("log_level"));
        r.subscriptions = boost::json::value_to<std::vector<std::string>>(o->at("subscriptions"));
        r.state = o->at("state").as_object();
        // Absent from items written before the field existed: nothing told yet.
        if (auto const* seen = o->if_contains("lists_seen"))
            r.lists_seen = seen->as_object();
    } catch (std::exception const& e) {
        return bad(e.what());
    }
    r.revision = *revision;
    r.principal = aws::read_string(item, a_principal).value_or(""); // absent: created before it existed
    return r;
}

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
