// The DynamoDB state store: one item per key, replaced whole by one conditional PutItem (see the design note
// in dynamodb_store.hpp and the contract in state_store.hpp). A PutItem is atomic on its own: a reader, or a
// writer killed mid-request, sees the old item or the new one. Not a push source: watch() stays the default.
// Requests are built by plain functions, as in the other DynamoDB stores (g++ 12 and initializer lists inside
// co_await expressions).
#include <mcp/storage/dynamodb/dynamodb_items.hpp>

namespace mcp::storage::detail {
namespace {

namespace json = boost::json;
using aws::number_attribute;
using aws::string_attribute;

// Attribute names of a state item. `key` and `value` are DynamoDB reserved words: expressions name them
// through placeholders.
constexpr std::string_view a_key = "key";
constexpr std::string_view a_value = "value";
constexpr std::string_view a_revision = "revision";
constexpr std::string_view a_write = "write_id";

json::object key_of(std::string_view key) {
    return {{a_key, string_attribute(key)}};
}

json::object item_of(state_record const& r, std::string_view text, std::string_view write_id) {
    return {{a_key, string_attribute(r.key)},
            {a_value, string_attribute(text)},
            {a_revision, number_attribute(r.revision + 1)},
            {a_write, string_attribute(write_id)}};
}

// Revision 0 creates (no item has the key); n replaces the item at revision n, which a missing item is not.
json::object put_request(state_table const& t, state_record const& r, std::string_view text,
                         std::string_view write_id) {
    json::object request{{"TableName", t.name}, {"Item", item_of(r, text, write_id)}};
    if (r.revision == 0) {
        request["ConditionExpression"] = "attribute_not_exists(#k)";
        request["ExpressionAttributeNames"] = {{"#k", a_key}};
    } else {
        request["ConditionExpression"] = "#rev = :rev";
        request["ExpressionAttributeNames"] = {{"#rev", a_revision}};
        request["ExpressionAttributeValues"] = {{":rev", number_attribute(r.revision)}};
    }
    return request;
}

// Consistent: a server checking for changes made by another process must not read a copy that predates them.
json::object get_request(state_table const& t, std::string_view key) {
    return {{"TableName", t.name}, {"Key", key_of(key)}, {"ConsistentRead", true}};
}

json::object get_write_request(state_table const& t, std::string_view key) {
    auto request = get_request(t, key);
    request["ProjectionExpression"] = "#rev, #w";
    request["ExpressionAttributeNames"] = {{"#rev", a_revision}, {"#w", a_write}};
    return request;
}

// What a refused save found stored: its revision (0: no item) and the token of the write that made it.
struct stored_write {
    std::int64_t revision = 0;
    std::string write_id;
};

task<result<stored_write>> read_stored_write(state_table t, std::string key) {
    auto got = co_await t.client.call("GetItem", get_write_request(t, key));
    if (!got)
        co_return store_error(got.error());
    auto const* item = got->if_contains("Item");
    if (!item || !item->is_object())
        co_return stored_write{};
    auto const& o = item->get_object();
    co_return stored_write{aws::read_number(o, a_revision).value_or(0),
                           aws::read_string(o, a_write).value_or("")};
}

error conflict(state_record const& r, std::int64_t stored) {
    return error(errc::conflict, "server state '" + r.key + "' is at revision " + std::to_string(stored) +
                                     " in DynamoDB, not " + std::to_string(r.revision) +
                                     ": reload and retry");
}

// The caller's record stays alive across the suspensions: state_store::save's contract.
task<result<>> save_state(state_table t, state_record& record) {
    auto text = serialized_state(record); // max_state_bytes, well under DynamoDB's 400 KB item limit
    if (!text)
        co_return text.error();
    auto const write_id = new_write_id();
    auto put = co_await t.client.call("PutItem", put_request(t, record, *text, write_id));
    if (!put && !aws::is_conditional_check_failed(put.error()))
        co_return store_error(put.error());
    if (!put) {
        // The client retries a request whose answer was lost; when the first attempt was applied, the retry
        // fails its own condition. The write token tells that apart from another writer's save.
        auto stored = co_await read_stored_write(t, record.key);
        if (!stored)
            co_return stored.error();
        if (stored->write_id != write_id)
            co_return conflict(record, stored->revision);
    }
    ++record.revision;
    co_return result<>{};
}

task<result<std::optional<state_record>>> load_state(state_table t, std::string key) {
    auto got = co_await t.client.call("GetItem", get_request(t, key));
    if (!got)
        co_return store_error(got.error());
    auto const* item = got->if_contains("Item");
    if (!item || !item->is_object())
        co_return std::optional<state_record>();
    auto record = state_from_item(key, item->get_object());
    if (!record)
        co_return record.error();
    co_return std::optional<state_record>(std::move(*record));
}

} // namespace

json::object state_table_definition(std::string const& name) {
    return {
        {"TableName", name},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions", json::array{json::object{{"AttributeName", a_key}, {"AttributeType", "S"}}}},
        {"KeySchema", json::array{json::object{{"AttributeName", a_key}, {"KeyType", "HASH"}}}}};
}

result<state_record> state_from_item(std::string const& key, json::object const& item) {
    auto bad = [&](std::string_view what) {
        return error(errc::malformed_data, "DynamoDB server state '" + key +
                                               "': the stored item is malformed (" + std::string(what) + ")");
    };
    auto const text = aws::read_string(item, a_value);
    auto const revision = aws::read_number(item, a_revision);
    if (!text || !revision)
        return bad("value or revision missing");
    boost::system::error_code ec;
    auto parsed = json::parse(*text, ec, {}, state_parse_options());
    if (ec || !parsed.is_object())
        return bad("the value is not a JSON object");
    return state_record{key, std::move(parsed.get_object()), *revision};
}

task<result<std::optional<state_record>>> dynamodb_state_store::load(std::string key) {
    return load_state(table_, std::move(key));
}

task<result<>> dynamodb_state_store::save(state_record& record) {
    return save_state(table_, record);
}

} // namespace mcp::storage::detail
