#include <mcp/storage/task_store.hpp>

#include <array>
#include <charconv>

namespace mcp::storage {
namespace {

constexpr std::array<std::string_view, 5> status_names{"working", "input_required", "completed", "failed",
                                                       "cancelled"};

} // namespace

bool is_terminal(task_status s) {
    return s == task_status::completed || s == task_status::failed || s == task_status::cancelled;
}

std::string_view to_string(task_status s) { return status_names[static_cast<std::size_t>(s)]; }

std::optional<task_status> task_status_from(std::string_view name) {
    for (std::size_t i = 0; i < status_names.size(); ++i)
        if (status_names[i] == name) return static_cast<task_status>(i);
    return std::nullopt;
}

std::int64_t expires_at(task_record const& r) {
    return (is_terminal(r.status) ? r.updated_at_ms : r.lease_until_ms) + r.ttl_ms;
}

std::string to_string(task_position const& p) { return std::to_string(p.created_at_ms) + ":" + p.id; }

std::optional<task_position> task_position_from(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return std::nullopt;
    task_position p;
    auto [end, ec] = std::from_chars(text.data(), text.data() + colon, p.created_at_ms);
    if (ec != std::errc() || end != text.data() + colon) return std::nullopt;
    p.id = std::string(text.substr(colon + 1));
    return p;
}

result<> check_outcome_size(std::string_view id, task_change const& change) {
    if (!change.outcome || change.outcome->json.size() <= max_task_outcome_bytes) return {};
    return error(errc::rejected, "Task " + std::string(id) + ": its outcome takes " +
                                     std::to_string(change.outcome->json.size()) + " bytes, over the " +
                                     std::to_string(max_task_outcome_bytes) + " a task may keep");
}

bool change_applies(task_record const& stored, task_change const& change) {
    if (is_terminal(stored.status)) return false;
    if (change.expect_owner && *change.expect_owner != stored.owner) return false;
    return !change.expect_revision || *change.expect_revision == stored.revision;
}

task_record apply(task_record stored, task_change const& change) {
    stored.status = change.to;
    stored.status_message = change.message;
    if (change.lease_until_ms) stored.lease_until_ms = *change.lease_until_ms;
    stored.updated_at_ms = change.now_ms;
    stored.revision += 1;
    return stored;
}

} // namespace mcp::storage
