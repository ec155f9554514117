// The task store's items and requests (dynamodb_task_items.hpp). Requests are built here, outside the
// coroutines: g++ 12 miscompiles initializer lists inside co_await expressions.
#include <mcp/storage/dynamodb/dynamodb_task_items.hpp>

#include <array>
#include <cstdio>

namespace mcp::storage::detail {
namespace {

namespace json = boost::json;
using aws::number_attribute;
using aws::string_attribute;

// Attribute names of a task item (the keys, the index's sort key, the record, the store's own).
constexpr std::string_view a_session = "session_id";
constexpr std::string_view a_key = "sort_key";
constexpr std::string_view a_list = "list_key";
constexpr std::string_view a_id = "id";
constexpr std::string_view a_principal = "principal";
constexpr std::string_view a_tool = "tool";
constexpr std::string_view a_status = "status";
constexpr std::string_view a_message = "message";
constexpr std::string_view a_created = "created_ms";
constexpr std::string_view a_updated = "updated_ms";
constexpr std::string_view a_ttl_ms = "ttl_ms";
constexpr std::string_view a_poll = "poll_interval_ms";
constexpr std::string_view a_owner = "owner";
constexpr std::string_view a_lease = "lease_until_ms";
constexpr std::string_view a_revision = "revision";
constexpr std::string_view a_expires = "expires_ms";      // expires_at(record): what reads check
constexpr std::string_view a_ttl = "ttl";                 // DynamoDB's TTL attribute, epoch seconds
constexpr std::string_view a_ttl_seconds = "ttl_seconds"; // ttl_ms rounded up: transitions add it to `ttl`
constexpr std::string_view a_write = "write_id";
constexpr std::string_view a_outcome_error = "outcome_error"; // 1 when the outcome is a JSON-RPC error
constexpr std::string_view a_outcome = "outcome";             // B: the outcome, when stored inline
constexpr std::string_view a_outcome_id = "outcome_id";       // S: names the parts, when stored in parts
constexpr std::string_view a_parts = "outcome_parts";
constexpr std::string_view a_bytes = "outcome_bytes";
constexpr std::string_view a_data = "data"; // B: a part of an outcome
// The claim item's.
constexpr std::string_view a_claimed_by = "claimed_by";
constexpr std::string_view a_claimed_ms = "claimed_ms";

constexpr std::string_view claim_sort_key = "claim";

// What a record needs: what the index projects, and what get() reads.
constexpr std::array<std::string_view, 13> record_attributes{
    a_id,     a_principal, a_tool,  a_status, a_message,  a_created, a_updated,
    a_ttl_ms, a_poll,      a_owner, a_lease,  a_revision, a_expires};

// A claim outlives its task's first expiry by this much: a task whose lease is renewed for longer may lose
// its claim to DynamoDB's TTL (see dynamodb_task_store.cpp).
constexpr std::int64_t claim_margin_ms = 7 * 24 * 3'600'000LL;

std::string digits20(std::uint64_t n) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(n));
    return digits;
}

json::object attribute(std::string_view name, std::string_view type) {
    return {{"AttributeName", name}, {"AttributeType", type}};
}

json::object key(std::string_view name, std::string_view type) {
    return {{"AttributeName", name}, {"KeyType", type}};
}

std::string record_projection(json::object& names) {
    std::string out;
    for (std::size_t i = 0; i < record_attributes.size(); ++i) {
        auto const placeholder = "#r" + std::to_string(i);
        names[placeholder] = record_attributes[i];
        out += (i ? ", " : "") + placeholder;
    }
    names["#w"] = a_write;
    return out + ", #w";
}

// SET of the outcome, inline or by reference to its parts.
void set_outcome(outcome_ref const& o, std::string& set, json::object& names, json::object& values) {
    names["#oe"] = a_outcome_error;
    values[":oe"] = number_attribute(o.is_error ? 1 : 0);
    set += ", #oe = :oe";
    if (o.json) {
        names["#out"] = a_outcome;
        values[":out"] = aws::binary_attribute(*o.json);
        set += ", #out = :out";
        return;
    }
    names["#oid"] = a_outcome_id;
    names["#parts"] = a_parts;
    names["#bytes"] = a_bytes;
    values[":oid"] = string_attribute(o.outcome_id);
    values[":parts"] = number_attribute(o.parts);
    values[":bytes"] = number_attribute(o.bytes);
    set += ", #oid = :oid, #parts = :parts, #bytes = :bytes";
}

// change_applies(), and the task alive: the condition every backend evaluates atomically, here by DynamoDB.
// Uses #st, #exp and #rev, which the update names too.
std::string transition_condition(task_change const& c, std::int64_t now, json::object& names,
                                 json::object& values) {
    values[":working"] = string_attribute(to_string(task_status::working));
    values[":input"] = string_attribute(to_string(task_status::input_required));
    values[":now"] = number_attribute(now);
    std::string condition = "#st IN (:working, :input) AND #exp > :now";
    if (c.expect_owner) {
        names["#own"] = a_owner;
        values[":own"] = string_attribute(*c.expect_owner);
        condition += " AND #own = :own";
    }
    if (c.expect_revision) {
        values[":rev"] = number_attribute(*c.expect_revision);
        condition += " AND #rev = :rev";
    }
    return condition;
}

} // namespace

std::string task_key(std::string_view id) {
    return "t/" + std::string(id);
}

// The sign bit flipped maps int64 onto uint64 in order, so even negative instants sort right.
std::string list_key(std::int64_t created_at_ms, std::string_view id) {
    auto const biased = static_cast<std::uint64_t>(created_at_ms) ^ (std::uint64_t{1} << 63);
    return digits20(biased) + "/" + std::string(id);
}

// The claim lives in a partition named by the task id, apart from every session's tasks (its sort key is
// neither a task's nor a part's, and it has no list_key, so no index lists it).
json::object claim_key_of(std::string_view id) {
    return {{a_session, string_attribute(id)}, {a_key, string_attribute(claim_sort_key)}};
}

// The id's length ends at the first ':', so no task's parts share a prefix with another task's.
std::string part_key(std::string_view id, std::string_view outcome_id, std::size_t n) {
    char part[8];
    std::snprintf(part, sizeof part, "%06zu", n);
    return "o/" + std::to_string(id.size()) + ":" + std::string(id) + "/" + std::string(outcome_id) + "/" +
           part;
}

json::object key_of_task(std::string_view session, std::string_view sort_key) {
    return {{a_session, string_attribute(session)}, {a_key, string_attribute(sort_key)}};
}

std::int64_t task_ttl_seconds(std::int64_t base_ms, std::int64_t ttl_ms) {
    return ttl_seconds(base_ms) + ttl_seconds(ttl_ms);
}

std::optional<std::int64_t> expiry_base(task_change const& change) {
    if (is_terminal(change.to))
        return change.now_ms;
    return change.lease_until_ms;
}

json::object tasks_table_definition(std::string const& name) {
    json::array projected;
    for (auto const a : record_attributes)
        projected.emplace_back(a);
    json::object index{
        {"IndexName", task_index},
        {"KeySchema", json::array{key(a_session, "HASH"), key(a_list, "RANGE")}},
        {"Projection", {{"ProjectionType", "INCLUDE"}, {"NonKeyAttributes", std::move(projected)}}}};
    return {{"TableName", name},
            {"BillingMode", "PAY_PER_REQUEST"},
            {"AttributeDefinitions",
             json::array{attribute(a_session, "S"), attribute(a_key, "S"), attribute(a_list, "S")}},
            {"KeySchema", json::array{key(a_session, "HASH"), key(a_key, "RANGE")}},
            {"LocalSecondaryIndexes", json::array{std::move(index)}}};
}

json::object task_item(task_record const& r, std::string_view write_id) {
    auto const base = is_terminal(r.status) ? r.updated_at_ms : r.lease_until_ms;
    json::object item = key_of_task(r.session, task_key(r.id));
    item[a_list] = string_attribute(list_key(r.created_at_ms, r.id));
    item[a_id] = string_attribute(r.id);
    item[a_principal] = string_attribute(r.principal);
    item[a_tool] = string_attribute(r.tool);
    item[a_status] = string_attribute(to_string(r.status));
    item[a_message] = string_attribute(r.status_message);
    item[a_created] = number_attribute(r.created_at_ms);
    item[a_updated] = number_attribute(r.updated_at_ms);
    item[a_ttl_ms] = number_attribute(r.ttl_ms);
    item[a_poll] = number_attribute(r.poll_interval_ms);
    item[a_owner] = string_attribute(r.owner);
    item[a_lease] = number_attribute(r.lease_until_ms);
    item[a_revision] = number_attribute(r.revision);
    item[a_expires] = number_attribute(expires_at(r));
    item[a_ttl] = number_attribute(task_ttl_seconds(base, r.ttl_ms));
    item[a_ttl_seconds] = number_attribute(ttl_seconds(r.ttl_ms));
    item[a_write] = string_attribute(write_id);
    return item;
}

result<task_record> task_from_item(std::string const& session, json::object const& item) {
    auto const id = aws::read_string(item, a_id);
    auto bad = [&](std::string_view what) {
        return error(errc::malformed_data, "DynamoDB task " + id.value_or("?") + " of session " + session +
                                               ": the stored item is malformed (" + std::string(what) + ")");
    };
    auto const status = aws::read_string(item, a_status);
    auto const parsed = status ? task_status_from(*status) : std::nullopt;
    if (!id || !parsed)
        return bad("id or status missing");
    task_record r;
    r.id = *id;
    r.session = session;
    r.status = *parsed;
    for (auto [field, name] : {std::pair{&r.principal, a_principal},
                               {&r.tool, a_tool},
                               {&r.status_message, a_message},
                               {&r.owner, a_owner}}) {
        auto v = aws::read_string(item, name);
        if (!v)
            return bad(name);
        *field = std::move(*v);
    }
    for (auto [field, name] : {std::pair{&r.created_at_ms, a_created},
                               {&r.updated_at_ms, a_updated},
                               {&r.ttl_ms, a_ttl_ms},
                               {&r.poll_interval_ms, a_poll},
                               {&r.lease_until_ms, a_lease},
                               {&r.revision, a_revision}}) {
        auto v = aws::read_number(item, name);
        if (!v)
            return bad(name);
        *field = *v;
    }
    return r;
}

std::optional<outcome_ref> outcome_of_item(json::object const& item) {
    auto const is_error = aws::read_number(item, a_outcome_error);
    if (!is_error)
        return std::nullopt;
    outcome_ref o{.is_error = *is_error != 0, .json = aws::read_binary(item, a_outcome)};
    if (!o.json) {
        o.outcome_id = aws::read_string(item, a_outcome_id).value_or("");
        o.parts = aws::read_number(item, a_parts).value_or(0);
        o.bytes = aws::read_number(item, a_bytes).value_or(0);
    }
    return o;
}

std::optional<std::int64_t> expires_of_item(json::object const& item) {
    return aws::read_number(item, a_expires);
}

std::optional<std::string> write_id_of_item(json::object const& item) {
    return aws::read_string(item, a_write);
}

std::optional<task_claim> claim_of_item(json::object const& item) {
    auto session = aws::read_string(item, a_claimed_by);
    auto const claimed = aws::read_number(item, a_claimed_ms);
    auto write_id = aws::read_string(item, a_write);
    if (!session || !claimed || !write_id)
        return std::nullopt;
    return task_claim{std::move(*session), *claimed, std::move(*write_id)};
}

json::object part_item(std::string_view session, std::string_view id, outcome_ref const& o, std::size_t n,
                       std::string_view bytes, std::int64_t ttl) {
    json::object item = key_of_task(session, part_key(id, o.outcome_id, n));
    item[a_data] = aws::binary_attribute(bytes);
    item[a_ttl] = number_attribute(ttl);
    return item;
}

std::optional<std::string> part_data(json::object const& item) {
    return aws::read_binary(item, a_data);
}

// Creates: the task is not there, or expired (its id may be used again).
json::object put_task_request(task_table const& t, json::object item, std::int64_t now) {
    return {{"TableName", t.name},
            {"Item", std::move(item)},
            {"ConditionExpression", "attribute_not_exists(#k) OR #exp <= :now"},
            {"ExpressionAttributeNames", {{"#k", a_key}, {"#exp", a_expires}}},
            {"ExpressionAttributeValues", {{":now", number_attribute(now)}}}};
}

// Claims the id for r.session: a new claim, or in place of the claim written by `replacing`.
json::object put_claim_request(task_table const& t, task_record const& r, std::string_view write_id,
                               std::int64_t now, std::optional<std::string> replacing) {
    json::object item = claim_key_of(r.id);
    item[a_claimed_by] = string_attribute(r.session);
    item[a_claimed_ms] = number_attribute(now);
    item[a_write] = string_attribute(write_id);
    item[a_ttl] = number_attribute(ttl_seconds(expires_at(r) + claim_margin_ms));
    json::object request{{"TableName", t.name}, {"Item", std::move(item)}};
    if (replacing) {
        request["ConditionExpression"] = "#w = :old";
        request["ExpressionAttributeNames"] = {{"#w", a_write}};
        request["ExpressionAttributeValues"] = {{":old", string_attribute(*replacing)}};
    } else {
        request["ConditionExpression"] = "attribute_not_exists(#k)";
        request["ExpressionAttributeNames"] = {{"#k", a_key}};
    }
    return request;
}

json::object get_task_request(task_table const& t, std::string_view session, std::string_view id,
                              bool whole) {
    json::object request{
        {"TableName", t.name}, {"Key", key_of_task(session, task_key(id))}, {"ConsistentRead", true}};
    if (!whole) { // DynamoDB bills the whole item all the same; the answer is smaller
        json::object names;
        request["ProjectionExpression"] = record_projection(names);
        request["ExpressionAttributeNames"] = std::move(names);
    }
    return request;
}

json::object get_claim_request(task_table const& t, std::string_view id) {
    return {{"TableName", t.name}, {"Key", claim_key_of(id)}, {"ConsistentRead", true}};
}

json::object parts_request(task_table const& t, std::string_view session, std::string_view id,
                           outcome_ref const& o) {
    return {{"TableName", t.name},
            {"KeyConditionExpression", "#s = :s AND #k BETWEEN :from AND :to"},
            {"ExpressionAttributeNames", {{"#s", a_session}, {"#k", a_key}}},
            {"ExpressionAttributeValues",
             {{":s", string_attribute(session)},
              {":from", string_attribute(part_key(id, o.outcome_id, 0))},
              {":to", string_attribute(part_key(id, o.outcome_id, 999'999))}}},
            {"ConsistentRead", true}};
}

json::object list_request(task_table const& t, std::string_view session,
                          std::optional<std::string> const& after_key, std::size_t limit) {
    json::object names{{"#s", a_session}};
    json::object values{{":s", string_attribute(session)}};
    std::string condition = "#s = :s";
    if (after_key) { // DynamoDB refuses names and values the expressions do not use
        names["#l"] = a_list;
        values[":after"] = string_attribute(*after_key);
        condition += " AND #l > :after";
    }
    return {{"TableName", t.name},
            {"IndexName", task_index},
            {"KeyConditionExpression", condition},
            {"ExpressionAttributeNames", std::move(names)},
            {"ExpressionAttributeValues", std::move(values)},
            {"ConsistentRead", true},
            {"Limit", limit}};
}

json::object transition_request(task_table const& t, std::string_view session, std::string_view id,
                                task_change const& c, outcome_ref const* outcome, std::string_view write_id,
                                std::int64_t now) {
    json::object names{{"#st", a_status},    {"#msg", a_message}, {"#upd", a_updated},
                       {"#rev", a_revision}, {"#exp", a_expires}, {"#w", a_write}};
    json::object values{{":to", string_attribute(to_string(c.to))},
                        {":msg", string_attribute(c.message)},
                        {":at", number_attribute(c.now_ms)},
                        {":one", number_attribute(1)},
                        {":w", string_attribute(write_id)}};
    std::string set = "SET #st = :to, #msg = :msg, #upd = :at, #rev = #rev + :one, #w = :w";
    if (c.lease_until_ms) {
        names["#lease"] = a_lease;
        values[":lease"] = number_attribute(*c.lease_until_ms);
        set += ", #lease = :lease";
    }
    // expires_at() of the new record, from the ttl stored at create: ttl_ms is never changed.
    if (auto const base = expiry_base(c)) {
        names["#ttlms"] = a_ttl_ms;
        names["#ttl"] = a_ttl;
        names["#ttls"] = a_ttl_seconds;
        values[":base"] = number_attribute(*base);
        values[":bases"] = number_attribute(ttl_seconds(*base));
        set += ", #exp = :base + #ttlms, #ttl = :bases + #ttls";
    }
    if (outcome)
        set_outcome(*outcome, set, names, values);
    auto condition = transition_condition(c, now, names, values);
    return {{"TableName", t.name},
            {"Key", key_of_task(session, task_key(id))},
            {"UpdateExpression", std::move(set)},
            {"ConditionExpression", std::move(condition)},
            {"ExpressionAttributeNames", std::move(names)},
            {"ExpressionAttributeValues", std::move(values)},
            {"ReturnValues", "ALL_NEW"}};
}

} // namespace mcp::storage::detail
