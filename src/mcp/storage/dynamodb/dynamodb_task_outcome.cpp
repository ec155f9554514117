// Outcomes over outcome_part_bytes, stored in parts: DynamoDB holds at most 400 KB in an item, and the task
// contract keeps outcomes whole up to max_task_outcome_bytes (8 MiB). The parts are written before the
// conditional UpdateItem that names them (outcome_id, outcome_parts) in the task item, so a reader never
// finds a task naming parts that are not all there. Each writer names its parts with an outcome id of its
// own: the loser of a race cannot overwrite the winner's, and deletes its own afterwards (best effort; their
// TTL is the task's, so DynamoDB removes what is left). Not where the decision to use parts is made
// (dynamodb_task_store.cpp).
#include <mcp/storage/dynamodb/dynamodb_task_items.hpp>

#include <mcp/core/log.hpp>

#include <algorithm>

namespace mcp::storage::detail {

namespace json = boost::json;

// One PutItem at a time: at most 33 parts (8 MiB), and only for the rare outcome over 256 KB.
task<result<>> write_parts(task_table t, std::string session, std::string id, outcome_ref o,
                           std::string_view text, std::int64_t ttl) {
    for (std::size_t n = 0; n < static_cast<std::size_t>(o.parts); ++n) {
        auto const bytes = text.substr(n * outcome_part_bytes, outcome_part_bytes);
        json::object put{{"TableName", t.name}, {"Item", part_item(session, id, o, n, bytes, ttl)}};
        auto stored = co_await t.client.call("PutItem", std::move(put));
        if (!stored) {
            o.parts = static_cast<std::int64_t>(n + 1); // the failed put may have been applied
            co_await drop_parts(t, session, id, o);
            co_return store_error(stored.error());
        }
    }
    co_return result<>{};
}

task<> drop_parts(task_table t, std::string session, std::string id, outcome_ref o) {
    for (std::size_t n = 0; n < static_cast<std::size_t>(o.parts); ++n) {
        json::object drop{{"TableName", t.name},
                          {"Key", key_of_task(session, part_key(id, o.outcome_id, n))}};
        auto dropped = co_await t.client.call("DeleteItem", std::move(drop));
        if (!dropped) {
            log::warn(
                "task {} of session {}: the parts of an outcome that was not stored stay until their TTL: "
                "{}",
                id, session, dropped.error().message());
            co_return;
        }
    }
}

// Pages of at most 1 MB come in key order, that is in the order of the parts.
task<result<std::string>> read_parts(task_table t, std::string session, std::string id, outcome_ref o) {
    std::string out;
    out.reserve(static_cast<std::size_t>(std::max<std::int64_t>(o.bytes, 0)));
    std::int64_t seen = 0;
    auto request = parts_request(t, session, id, o);
    for (;;) {
        auto page = co_await t.client.call("Query", request);
        if (!page)
            co_return store_error(page.error());
        if (auto const* items = page->if_contains("Items"); items && items->is_array())
            for (auto const& i : items->get_array()) {
                auto data = i.is_object() ? part_data(i.get_object()) : std::nullopt;
                if (!data)
                    co_return error(errc::malformed_data, "DynamoDB task " + id + " of session " + session +
                                                              ": a part is malformed");
                out += *data;
                ++seen;
            }
        auto const* last = page->if_contains("LastEvaluatedKey");
        if (!last)
            break;
        request["ExclusiveStartKey"] = *last;
    }
    if (seen != o.parts || static_cast<std::int64_t>(out.size()) != o.bytes)
        co_return error(errc::malformed_data,
                        "DynamoDB task " + id + " of session " + session + ": its outcome has " +
                            std::to_string(seen) + " of its " + std::to_string(o.parts) + " parts (" +
                            std::to_string(out.size()) + " of " + std::to_string(o.bytes) + " bytes)");
    co_return out;
}

} // namespace mcp::storage::detail
