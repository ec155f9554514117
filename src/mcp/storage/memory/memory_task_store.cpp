#include <mcp/storage/memory/memory_task_store.hpp>

#include <chrono>
#include <limits>

namespace mcp::storage {
namespace {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

memory_task_store::entry* memory_task_store::find(std::string const& session, std::string const& id) {
    auto at = by_id_.find(id);
    if (at == by_id_.end() || std::get<0>(at->second) != session) return nullptr;
    auto it = tasks_.find(at->second);
    if (expires_at(it->second.record) <= now_ms()) {
        tasks_.erase(it);
        by_id_.erase(at);
        return nullptr;
    }
    return &it->second;
}

void memory_task_store::purge_expired() {
    auto now = now_ms();
    for (auto it = tasks_.begin(); it != tasks_.end();) {
        if (expires_at(it->second.record) > now) {
            ++it;
            continue;
        }
        by_id_.erase(std::get<2>(it->first));
        it = tasks_.erase(it);
    }
}

task<result<>> memory_task_store::create(task_record record) {
    std::lock_guard lock(mutex_);
    if (tasks_.size() >= options_.max_tasks) purge_expired(); // a scan only when full
    if (tasks_.size() >= options_.max_tasks)
        co_return error(errc::rejected, "The memory task store holds " + std::to_string(options_.max_tasks) +
                                            " tasks, its max_tasks: none may be added until some expire");
    if (auto at = by_id_.find(record.id); at != by_id_.end()) {
        auto it = tasks_.find(at->second);
        if (expires_at(it->second.record) > now_ms())
            co_return error(errc::conflict, "Task " + record.id + " already exists");
        tasks_.erase(it); // expired: the id is free again
        by_id_.erase(at);
    }
    key k{record.session, record.created_at_ms, record.id};
    by_id_.emplace(record.id, k);
    tasks_.emplace(std::move(k), entry{std::move(record), std::nullopt});
    co_return result<>{};
}

task<result<std::optional<task_record>>> memory_task_store::get(std::string session, std::string id) {
    std::lock_guard lock(mutex_);
    auto* e = find(session, id);
    co_return e ? std::optional<task_record>(e->record) : std::nullopt;
}

task<result<task_page>> memory_task_store::list(std::string session, std::optional<std::string> after,
                                                std::size_t limit) {
    std::optional<task_position> from;
    if (after && !(from = task_position_from(*after)))
        co_return error(errc::rejected, "Not a task list position: " + *after);
    if (limit == 0) co_return task_page{};
    std::lock_guard lock(mutex_);
    auto it = from ? tasks_.upper_bound(key{session, from->created_at_ms, from->id})
                   : tasks_.lower_bound(key{session, std::numeric_limits<std::int64_t>::min(), {}});
    auto now = now_ms();
    task_page page;
    for (; it != tasks_.end() && std::get<0>(it->first) == session; ++it) {
        if (expires_at(it->second.record) <= now) continue;
        if (page.tasks.size() == limit) {
            auto const& last = page.tasks.back();
            page.next = to_string(task_position{last.created_at_ms, last.id});
            break;
        }
        page.tasks.push_back(it->second.record);
    }
    co_return page;
}

task<result<task_write>> memory_task_store::transition(std::string session, std::string id, task_change change) {
    if (auto fits = check_outcome_size(id, change); !fits) co_return fits.error();
    std::lock_guard lock(mutex_);
    auto* e = find(session, id);
    if (!e) co_return task_write{};
    if (!change_applies(e->record, change)) co_return task_write{false, e->record};
    e->record = apply(std::move(e->record), change);
    if (change.outcome) e->outcome = std::move(change.outcome);
    co_return task_write{true, e->record};
}

task<result<std::optional<task_outcome>>> memory_task_store::outcome(std::string session, std::string id) {
    std::lock_guard lock(mutex_);
    auto* e = find(session, id);
    co_return e ? e->outcome : std::nullopt;
}

std::size_t memory_task_store::size() const {
    std::lock_guard lock(mutex_);
    return tasks_.size();
}

} // namespace mcp::storage
