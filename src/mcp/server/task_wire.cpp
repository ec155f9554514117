// The wire side of tasks shared by the runner and the method table: the Task object, the related-task _meta, the
// principal a task is bound to, and what a client is told when the task store fails (task_runner.hpp declares
// them).
#include <mcp/core/log.hpp>
#include <mcp/server/task_runner.hpp>
#include <mcp/server/task_state.hpp>

namespace mcp::detail {

std::string principal_of(request_metadata const& metadata) {
    return principal_from(metadata);
}

void add_related_task(boost::json::object& params, std::string const& task_id) {
    auto& meta = params["_meta"];
    if (!meta.is_object()) meta = boost::json::object{};
    meta.as_object()["io.modelcontextprotocol/related-task"] = {{"taskId", task_id}};
}

boost::json::object task_json(storage::task_record const& r) {
    boost::json::object o{{"taskId", r.id},
                          {"status", storage::to_string(r.status)},
                          {"createdAt", iso8601(r.created_at_ms)},
                          {"lastUpdatedAt", iso8601(r.updated_at_ms)},
                          {"ttl", r.ttl_ms},
                          {"pollInterval", r.poll_interval_ms}};
    if (!r.status_message.empty()) o["statusMessage"] = r.status_message;
    return o;
}

namespace {

boost::json::object modern_task_fields(storage::task_record const& r) {
    boost::json::object o{{"taskId", r.id},
                          {"status", storage::to_string(r.status)},
                          {"createdAt", iso8601(r.created_at_ms)},
                          {"lastUpdatedAt", iso8601(r.updated_at_ms)},
                          {"ttlMs", r.ttl_ms},
                          {"pollIntervalMs", r.poll_interval_ms}};
    if (!r.status_message.empty()) o["statusMessage"] = r.status_message;
    return o;
}

} // namespace

boost::json::object created_task_json(storage::task_record const& r) {
    auto o = modern_task_fields(r);
    o["resultType"] = "task";
    return o;
}

boost::json::object detailed_task_json(storage::task_record const& r, storage::task_outcome const* outcome) {
    auto o = modern_task_fields(r);
    if (!outcome) return o;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(outcome->json, ec);
    if (ec || !parsed.is_object()) {
        o["status"] = "failed";
        o["error"] = error::internal("The stored result of task " + r.id + " is damaged").to_json();
    } else if (outcome->is_error) {
        o["status"] = "failed";
        o["error"] = std::move(parsed);
    } else {
        o["status"] = "completed"; // a tool's isError result completes the task (SEP-2663); 2025 stored it failed
        o["result"] = std::move(parsed);
    }
    return o;
}

error task_store_error(storage::error const& e, std::string_view context) {
    log::error("task store: {}: {}", context, e.message());
    return error(protocol::code::store_unavailable, "Service unavailable: the task store cannot serve now; try again later");
}

} // namespace mcp::detail
