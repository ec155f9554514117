// What the DynamoDB stores share: time, item sizes, write tokens, and the tables' definitions and checks.
#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <algorithm>
#include <random>

namespace mcp::storage::detail {

namespace json = boost::json;

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t ttl_seconds(std::int64_t epoch_ms) {
    return epoch_ms / 1000 + (epoch_ms % 1000 > 0 ? 1 : 0);
}

std::string new_write_id() {
    static constexpr char digits[] = "0123456789abcdef";
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string out;
    for (int half = 0; half < 2; ++half) {
        auto bits = rng();
        for (int i = 0; i < 16; ++i, bits >>= 4)
            out += digits[bits & 0xf];
    }
    return out;
}

namespace {

// The size of one attribute value (DynamoDB developer guide, "Item sizes": strings and binaries by their
// bytes, numbers by their digits, at most 21 bytes; maps and lists 3 bytes plus 1 per element plus the
// elements).
std::size_t value_size(json::value const& typed) {
    auto const* o = typed.if_object();
    if (!o || o->size() != 1)
        return 0;
    auto const& [type, v] = *o->begin();
    if (type == "S")
        return v.is_string() ? v.get_string().size() : 0;
    if (type == "B") // base64 on the wire, counted as the bytes it decodes to
        return v.is_string() ? v.get_string().size() / 4 * 3 : 0;
    if (type == "N")
        return 21;
    if (type == "BOOL" || type == "NULL")
        return 1;
    std::size_t out = 3;
    if (type == "M" && v.is_object())
        for (auto const& [name, element] : v.get_object())
            out += 1 + name.size() + value_size(element);
    if (type == "L" && v.is_array())
        for (auto const& element : v.get_array())
            out += 1 + value_size(element);
    return out;
}

json::object attribute(std::string_view name, std::string_view type) {
    return {{"AttributeName", name}, {"AttributeType", type}};
}

json::object key(std::string_view name, std::string_view type) {
    return {{"AttributeName", name}, {"KeyType", type}};
}

std::string text_of(json::value const& object, std::string_view name) {
    auto const* o = object.if_object();
    auto const* v = o ? o->if_contains(name) : nullptr;
    return v && v->is_string() ? std::string(v->get_string()) : std::string("?");
}

// "id (S, HASH)" for messages and for the comparison of two tables' keys: the keys of `keyed` (the table or
// one of its indexes), typed by the table's attribute definitions.
std::string describe_keys(json::object const& table, json::object const& keyed) {
    auto const* schema = keyed.if_contains("KeySchema");
    auto const* definitions = table.if_contains("AttributeDefinitions");
    if (!schema || !schema->is_array())
        return "no keys";
    std::string out;
    for (auto const& k : schema->get_array()) {
        auto const name = text_of(k, "AttributeName");
        std::string type = "?";
        if (definitions && definitions->is_array())
            for (auto const& d : definitions->get_array())
                if (text_of(d, "AttributeName") == name)
                    type = text_of(d, "AttributeType");
        out += (out.empty() ? "" : ", ") + name + " (" + type + ", " + text_of(k, "KeyType") + ")";
    }
    return out;
}

std::string describe_keys(json::object const& table) {
    return describe_keys(table, table);
}

json::object const* local_index(json::object const& table, std::string_view name) {
    auto const* indexes = table.if_contains("LocalSecondaryIndexes");
    if (indexes && indexes->is_array())
        for (auto const& i : indexes->get_array())
            if (i.is_object() && text_of(i, "IndexName") == name)
                return &i.get_object();
    return nullptr;
}

// The index projects every attribute `wanted` projects (ALL projects them all).
bool projects(json::object const& index, json::object const& wanted) {
    auto const* p = index.if_contains("Projection");
    if (p && text_of(*p, "ProjectionType") == "ALL")
        return true;
    auto const* want = wanted.at("Projection").as_object().if_contains("NonKeyAttributes");
    auto const* have = p && p->is_object() ? p->get_object().if_contains("NonKeyAttributes") : nullptr;
    if (!want)
        return true;
    if (!have || !have->is_array())
        return false;
    for (auto const& a : want->get_array())
        if (std::find(have->get_array().begin(), have->get_array().end(), a) == have->get_array().end())
            return false;
    return true;
}

// Each local secondary index of `definition` is on the table, with its keys and projected attributes. Such an
// index can only be made with its table, so the fix is a new table.
result<> check_local_indexes(json::object const& table, json::object const& definition) {
    auto const* wanted = definition.if_contains("LocalSecondaryIndexes");
    if (!wanted)
        return {};
    for (auto const& w : wanted->get_array()) {
        auto const name = text_of(w, "IndexName");
        auto const* have = local_index(table, name);
        auto const want_keys = describe_keys(definition, w.get_object());
        if (have && describe_keys(table, *have) == want_keys && projects(*have, w.get_object()))
            continue;
        return error(errc::schema_mismatch,
                     "DynamoDB table '" + text_of(definition, "TableName") +
                         "' lacks the local secondary index '" + name + "' (" + want_keys +
                         ", projecting the task record) the MCP store needs; such an index is made only with "
                         "its table: create a new table (see docs/storage-dynamodb.md, or let the server "
                         "create it with create_tables)");
    }
    return {};
}

// The events table's keys before events were keyed by stream (every read of one stream read the session's
// whole partition).
constexpr std::string_view events_layout_1_keys = "session_id (S, HASH), entry (S, RANGE)";

} // namespace

std::size_t item_size(json::object const& item) {
    std::size_t out = 0;
    for (auto const& [name, value] : item)
        out += name.size() + value_size(value);
    return out;
}

json::object sessions_table_definition(std::string const& name) {
    return {{"TableName", name},
            {"BillingMode", "PAY_PER_REQUEST"},
            {"AttributeDefinitions", json::array{attribute("id", "S")}},
            {"KeySchema", json::array{key("id", "HASH")}}};
}

json::object events_table_definition(std::string const& name) {
    return {{"TableName", name},
            {"BillingMode", "PAY_PER_REQUEST"},
            {"AttributeDefinitions", json::array{attribute("session_id", "S"), attribute("sort_key", "S")}},
            {"KeySchema", json::array{key("session_id", "HASH"), key("sort_key", "RANGE")}}};
}

result<> check_keys(json::object const& described, json::object const& definition) {
    auto const* table = described.if_contains("Table");
    if (!table || !table->is_object())
        return error(errc::malformed_data, "DynamoDB DescribeTable: the answer has no Table");
    auto const have = describe_keys(table->get_object());
    auto const want = describe_keys(definition);
    if (have == want)
        return check_local_indexes(table->get_object(), definition);
    if (have == events_layout_1_keys)
        return error(errc::schema_mismatch,
                     "DynamoDB table '" + text_of(definition, "TableName") +
                         "' holds events in the layout of an earlier version of the MCP store (sort key "
                         "'entry'), which this version no longer reads: create a new events table (let the "
                         "server create it with create_tables, or see docs/storage-dynamodb.md, \"Migrating "
                         "from the first layout\") and use it; the sessions table stays as it is");
    return error(errc::schema_mismatch, "DynamoDB table '" + text_of(definition, "TableName") +
                                            "' has the keys " + have + "; the MCP store needs " + want +
                                            " (use another table name, or see docs/storage-dynamodb.md)");
}

} // namespace mcp::storage::detail
