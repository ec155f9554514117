#include <mcp/http/list_announce.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/durable_record.hpp>
#include <mcp/http/http_session.hpp>

namespace mcp::http {

namespace {

// Marks in `record` the unseen lists its writer has not already told; returns their channels.
std::vector<std::string> claim(storage::session_record& record,
                               std::vector<std::pair<std::string, std::string>> const& unseen) {
    std::vector<std::string> claimed;
    for (auto const& [channel, fingerprint] : unseen) {
        auto const* told = record.lists_seen.if_contains(channel);
        if (told && told->is_string() && told->as_string() == fingerprint)
            continue; // another process told the client
        record.lists_seen[channel] = fingerprint;
        claimed.push_back(channel);
    }
    return claimed;
}

} // namespace

bool lists_unseen(http_session const& s) { return !s.core()->unseen_lists().empty(); }

task<> announce_lists(std::weak_ptr<http_session> weak, std::shared_ptr<storage::session_store> store) {
    constexpr int attempts = 8;
    for (int i = 0; i < attempts; ++i) {
        auto s = weak.lock();
        if (!s)
            co_return;
        auto unseen = s->core()->unseen_lists();
        if (unseen.empty())
            co_return;
        auto loaded = co_await store->load(s->id());
        if (!loaded) {
            log::warn("session {}: list changes not told yet, the store failed: {}", s->id(),
                      loaded.error().message());
            co_return;
        }
        if (!*loaded)
            co_return; // the session ended
        auto record = std::move(**loaded);
        auto claimed = claim(record, unseen);
        if (!claimed.empty()) {
            auto saved = co_await store->save(record);
            if (!saved && saved.error().code() == storage::errc::conflict)
                continue; // another writer: look again at what it wrote
            if (!saved) {
                log::warn("session {}: list changes not told yet, the store failed: {}", s->id(),
                          saved.error().message());
                co_return;
            }
        }
        s->core()->restore(durable_of(record));
        s->set_synced_revision(record.revision);
        for (auto const& channel : claimed)
            s->core()->notify(detail::list_changed_method(channel), {});
        co_return;
    }
    log::warn("list changes not told yet: the session record changed {} times meanwhile", attempts);
}

} // namespace mcp::http
