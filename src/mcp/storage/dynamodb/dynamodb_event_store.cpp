// The DynamoDB event store: a partition per session holding its counter, one counter per stream, the events
// keyed by stream and sequence, and the order in which they were stored (see the design note in
// dynamodb_store.hpp). Requests are built by plain functions first: g++ 12 miscompiles initializer lists
// inside co_await expressions.
#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace mcp::storage::detail {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace boost::asio::experimental::awaitable_operators;
using aws::number_attribute;
using aws::string_attribute;

// Attribute names of the events table's items.
constexpr std::string_view a_session = "session_id";
constexpr std::string_view a_key = "sort_key";
constexpr std::string_view a_total = "total";
constexpr std::string_view a_stream = "stream";
constexpr std::string_view a_seq = "seq";
constexpr std::string_view a_data = "data";
constexpr std::string_view a_ttl = "ttl";

constexpr std::string_view session_counter = "c";
constexpr std::string_view last_number = "99999999999999999999"; // above every 20-digit number
constexpr std::size_t max_key_bytes = 1024;                      // DynamoDB's limit for a sort key
constexpr std::size_t batch_limit = 25;                          // BatchWriteItem's most requests per call
constexpr int unprocessed_rounds = 8; // BatchWriteItem calls for one batch before giving up

// 20 digits hold every uint64 and keep numbers in order as strings.
std::string digits20(std::uint64_t n) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(n));
    return digits;
}

std::string stream_counter(std::string_view stream) {
    return "c/" + std::string(stream);
}

// "s/<length>:<stream>/": the prefix of every event key of one stream, and of no other stream's (the length
// ends at the first ':', so no stream's prefix starts with another's, whatever characters streams use).
std::string stream_prefix(std::string_view stream) {
    return "s/" + std::to_string(stream.size()) + ":" + std::string(stream) + "/";
}

// "s/3:abc/00000000000000000042": an event, its stream's events adjacent and in order of sequence.
std::string event_key(std::string_view stream, std::uint64_t seq) {
    return stream_prefix(stream) + digits20(seq);
}

// "o/00000000000000000042": the session's 42nd event names its stream and sequence, so the bound can find the
// session's oldest event whatever its stream.
std::string order_key(std::int64_t total) {
    return "o/" + digits20(static_cast<std::uint64_t>(total));
}

bool key_fits(std::string_view stream) {
    return stream_prefix(stream).size() + last_number.size() <= max_key_bytes;
}

json::object key_of(std::string_view session, std::string_view key) {
    return {{a_session, string_attribute(session)}, {a_key, string_attribute(key)}};
}

std::int64_t retention_ttl(event_table const& t) {
    return ttl_seconds(now_ms() + t.retention.count());
}

// ADD 1 to a counter item and refresh its TTL; the answer holds the new value.
json::object bump_request(event_table const& t, std::string_view session, std::string_view key,
                          std::string_view counter, std::int64_t ttl) {
    return {{"TableName", t.name},
            {"Key", key_of(session, key)},
            {"UpdateExpression", "ADD #n :one SET #ttl = :ttl"},
            {"ExpressionAttributeNames", {{"#n", counter}, {"#ttl", a_ttl}}},
            {"ExpressionAttributeValues", {{":one", number_attribute(1)}, {":ttl", number_attribute(ttl)}}},
            {"ReturnValues", "UPDATED_NEW"}};
}

json::object event_item(std::string_view session, std::string_view stream, std::int64_t seq,
                        std::string_view data, std::int64_t ttl) {
    json::object item = key_of(session, event_key(stream, static_cast<std::uint64_t>(seq)));
    item[a_seq] = number_attribute(seq);
    item[a_data] = aws::binary_attribute(data);
    item[a_ttl] = number_attribute(ttl);
    return item;
}

json::object order_item(std::string_view session, std::int64_t total, std::string_view stream,
                        std::int64_t seq, std::int64_t ttl) {
    json::object item = key_of(session, order_key(total));
    item[a_stream] = string_attribute(stream);
    item[a_seq] = number_attribute(seq);
    item[a_ttl] = number_attribute(ttl);
    return item;
}

result<> check_size(json::object const& item, std::string_view session) {
    auto const size = item_size(item);
    if (size <= max_item_bytes)
        return {};
    return error(errc::rejected, "Session " + std::string(session) + ": an event of " + std::to_string(size) +
                                     " bytes is over DynamoDB's 400 KB item limit; not stored");
}

task<result<std::int64_t>> bump(event_table t, std::string session, std::string key, std::string counter,
                                std::int64_t ttl) {
    auto updated = co_await t.client.call("UpdateItem", bump_request(t, session, key, counter, ttl));
    if (!updated)
        co_return store_error(updated.error());
    auto const* attributes = updated->if_contains("Attributes");
    auto const value = attributes && attributes->is_object()
                           ? aws::read_number(attributes->get_object(), counter)
                           : std::nullopt;
    if (!value)
        co_return error(errc::malformed_data, "DynamoDB UpdateItem: the answer lacks the counter " + counter);
    co_return *value;
}

task<result<>> put_item(event_table t, json::object item) {
    json::object put{{"TableName", t.name}, {"Item", std::move(item)}};
    auto stored = co_await t.client.call("PutItem", std::move(put));
    if (!stored)
        co_return store_error(stored.error());
    co_return result<>{};
}

// The order entry of the session's event `total`, deleted; the answer holds what it named.
json::object drop_order_request(event_table const& t, std::string_view session, std::int64_t total) {
    return {{"TableName", t.name}, {"Key", key_of(session, order_key(total))}, {"ReturnValues", "ALL_OLD"}};
}

// Deletes the event `max_events` places before `total` and its order entry, if the bound says so: two
// DeleteItems, the first telling which event the second deletes. Never fails: a failure leaves one old event
// more (until forget() or its TTL), which is logged.
task<result<>> drop_oldest(event_table t, std::string session, std::int64_t total) {
    auto const bound = static_cast<std::int64_t>(t.max_events);
    if (bound == 0 || total <= bound)
        co_return result<>{};
    auto order = co_await t.client.call("DeleteItem", drop_order_request(t, session, total - bound));
    auto const* old = order ? order->if_contains("Attributes") : nullptr;
    auto const* named = old ? old->if_object() : nullptr;
    auto const stream = named ? aws::read_string(*named, a_stream) : std::nullopt;
    auto const seq = named ? aws::read_number(*named, a_seq) : std::nullopt;
    if (!order || !stream || !seq) {
        // Gone already (a failed append left no entry, or forget() ran) is not a failure.
        if (!order)
            log::warn("session {}: the oldest event beyond the bound was not dropped: {}", session,
                      order.error().message());
        co_return result<>{};
    }
    json::object drop{{"TableName", t.name},
                      {"Key", key_of(session, event_key(*stream, static_cast<std::uint64_t>(*seq)))}};
    if (auto dropped = co_await t.client.call("DeleteItem", std::move(drop)); !dropped)
        log::warn("session {}: the oldest event beyond the bound was not dropped: {}", session,
                  dropped.error().message());
    co_return result<>{};
}

// Two round trips: both counters at once, then the event, its order entry and the bound's deletes at once.
task<result<std::uint64_t>> append_event(event_table t, std::string session, std::string stream,
                                         std::string data) {
    if (!key_fits(stream))
        co_return error(errc::rejected, "Session " + session + ": a stream id of " +
                                            std::to_string(stream.size()) +
                                            " bytes is too long for a DynamoDB key; not stored");
    auto const ttl = retention_ttl(t);
    // Checked before the counters move, so a refused event leaves no gap (the key has its full 20 digits and
    // numbers count at their largest).
    auto item = event_item(session, stream, 0, data, ttl);
    if (auto fits = check_size(item, session); !fits)
        co_return fits.error();
    auto [total, seq] = co_await (bump(t, session, std::string(session_counter), std::string(a_total), ttl) &&
                                  bump(t, session, stream_counter(stream), std::string(a_seq), ttl));
    if (!total)
        co_return total.error();
    if (!seq)
        co_return seq.error();
    item = event_item(session, stream, *seq, data, ttl);
    auto order = order_item(session, *total, stream, *seq, ttl);
    // Should the event's put fail after the deletes, the session holds one event fewer than the bound:
    // nothing is lost that was acknowledged.
    auto [stored, ordered, dropped] = co_await (
        put_item(t, std::move(item)) && put_item(t, std::move(order)) && drop_oldest(t, session, *total));
    (void)dropped;
    if (!stored)
        co_return stored.error();
    if (!ordered)
        log::warn("session {}: an event's order entry was not stored, so the bound will not drop that event "
                  "(forget() or its TTL will): {}",
                  session, ordered.error().message());
    co_return static_cast<std::uint64_t>(*seq);
}

// The stream's events after `sequence`, and nothing else: a key range, so DynamoDB reads only those.
json::object after_request(event_table const& t, std::string_view session, std::string_view stream,
                           std::uint64_t sequence) {
    auto const prefix = stream_prefix(stream);
    return {{"TableName", t.name},
            {"KeyConditionExpression", "#s = :s AND #k BETWEEN :from AND :to"},
            {"ExpressionAttributeNames", {{"#s", a_session}, {"#k", a_key}}},
            {"ExpressionAttributeValues",
             {{":s", string_attribute(session)},
              {":from", string_attribute(prefix + digits20(sequence + 1))},
              {":to", string_attribute(prefix + std::string(last_number))}}},
            {"ConsistentRead", true}};
}

// Keys sort by sequence within a stream: the pages come in the stream's order.
task<result<std::vector<stored_event>>> events_after(event_table t, std::string session, std::string stream,
                                                     std::uint64_t sequence) {
    std::vector<stored_event> out;
    // Sequences are stored as signed 64-bit numbers: nothing lies beyond the largest. A stream whose key
    // cannot exist was never stored.
    if (sequence >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) || !key_fits(stream))
        co_return out;
    auto request = after_request(t, session, stream, sequence);
    for (;;) {
        auto page = co_await t.client.call("Query", request);
        if (!page)
            co_return store_error(page.error());
        if (auto ok = events_from_page(*page, out); !ok)
            co_return ok.error();
        auto const* last = page->if_contains("LastEvaluatedKey");
        if (!last)
            co_return out;
        request["ExclusiveStartKey"] = *last;
    }
}

json::object keys_request(event_table const& t, std::string_view session) {
    return {{"TableName", t.name},
            {"KeyConditionExpression", "#s = :s"},
            {"ProjectionExpression", "#s, #k"},
            {"ExpressionAttributeNames", {{"#s", a_session}, {"#k", a_key}}},
            {"ExpressionAttributeValues", {{":s", string_attribute(session)}}},
            {"ConsistentRead", true}};
}

// Every key of the session's partition: counters, events and order entries.
task<result<json::array>> partition_keys(event_table t, std::string session) {
    auto request = keys_request(t, session);
    json::array keys;
    for (;;) {
        auto page = co_await t.client.call("Query", request);
        if (!page)
            co_return store_error(page.error());
        if (auto const* items = page->if_contains("Items"); items && items->is_array())
            for (auto const& k : items->get_array())
                keys.push_back(json::object{{"DeleteRequest", json::object{{"Key", k}}}});
        auto const* last = page->if_contains("LastEvaluatedKey");
        if (!last)
            co_return keys;
        request["ExclusiveStartKey"] = *last;
    }
}

// One BatchWriteItem of at most 25 deletes, sending back what DynamoDB left unprocessed (it does so when
// throttled) after a growing wait.
task<result<>> delete_batch(event_table t, json::array deletes) {
    auto const executor = co_await asio::this_coro::executor;
    aws::retry_policy const backoff{.max_attempts = unprocessed_rounds};
    for (int round = 1;; ++round) {
        json::object request{{"RequestItems", json::object{{t.name, std::move(deletes)}}}};
        auto written = co_await t.client.call("BatchWriteItem", std::move(request));
        if (!written)
            co_return store_error(written.error());
        auto const* unprocessed = written->if_contains("UnprocessedItems");
        auto const* left =
            unprocessed && unprocessed->is_object() ? unprocessed->get_object().if_contains(t.name) : nullptr;
        if (!left || !left->is_array() || left->get_array().empty())
            co_return result<>{};
        auto const wait = aws::retry_delay(backoff, round, aws::failure::throttled, 0.5);
        if (!wait)
            co_return error(errc::unavailable, "DynamoDB left " + std::to_string(left->get_array().size()) +
                                                   " event deletes unprocessed (throttled); retry later");
        deletes = left->get_array();
        asio::steady_timer timer(executor, *wait);
        co_await timer.async_wait(asio::use_awaitable);
    }
}

task<result<>> forget_events(event_table t, std::string session) {
    auto keys = co_await partition_keys(t, session);
    if (!keys)
        co_return keys.error();
    for (std::size_t i = 0; i < keys->size(); i += batch_limit) {
        auto const end = std::min(keys->size(), i + batch_limit);
        json::array batch(keys->begin() + static_cast<std::ptrdiff_t>(i),
                          keys->begin() + static_cast<std::ptrdiff_t>(end));
        if (auto deleted = co_await delete_batch(t, std::move(batch)); !deleted)
            co_return deleted.error();
    }
    co_return result<>{};
}

} // namespace

result<> events_from_page(boost::json::object const& page, std::vector<stored_event>& out) {
    auto const* items = page.if_contains("Items");
    if (!items || !items->is_array())
        return {};
    for (auto const& i : items->get_array()) {
        auto const* item = i.if_object();
        auto const seq = item ? aws::read_number(*item, a_seq) : std::nullopt;
        auto data = item ? aws::read_binary(*item, a_data) : std::nullopt;
        if (!seq || *seq < 1 || !data)
            return error(errc::malformed_data, "DynamoDB events: a stored event is malformed");
        out.push_back({static_cast<std::uint64_t>(*seq), std::move(*data)});
    }
    return {};
}

task<result<std::uint64_t>> dynamodb_event_store::append(std::string session, std::string stream,
                                                         std::string data) {
    return append_event(table_, std::move(session), std::move(stream), std::move(data));
}

task<result<std::vector<stored_event>>> dynamodb_event_store::after(std::string session, std::string stream,
                                                                    std::uint64_t sequence) {
    return events_after(table_, std::move(session), std::move(stream), sequence);
}

task<result<>> dynamodb_event_store::forget(std::string session) {
    return forget_events(table_, std::move(session));
}

} // namespace mcp::storage::detail
