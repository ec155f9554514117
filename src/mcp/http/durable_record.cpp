#include <mcp/http/durable_record.hpp>

#include <mcp/core/log.hpp>

namespace mcp::http {

durable_session durable_of(storage::session_record const& r) {
    durable_session d;
    d.protocol_version = r.protocol_version;
    d.client_info = r.client_info;
    d.client_capabilities = r.client_capabilities;
    d.operational = r.operational;
    d.level = protocol::log_level_from_string(r.log_level).value_or(log_level::debug);
    d.subscriptions = r.subscriptions;
    d.state = r.state;
    d.lists_seen = r.lists_seen;
    return d;
}

void write_durable(storage::session_record& r, durable_session const& d) {
    r.protocol_version = d.protocol_version;
    r.client_info = d.client_info;
    r.client_capabilities = d.client_capabilities;
    r.operational = d.operational;
    r.log_level = std::string(protocol::to_string(d.level));
    r.subscriptions = d.subscriptions;
    r.state = d.state;
    r.lists_seen = d.lists_seen;
}

task<storage::result<>> persist(std::shared_ptr<http_session> s,
                                std::shared_ptr<storage::session_store> store) {
    auto changes = s->core()->take_changes();
    if (changes.empty())
        co_return storage::result<>{};
    constexpr int attempts = 8;
    for (int i = 0; i < attempts; ++i) {
        auto loaded = co_await store->load(s->id());
        if (!loaded) {
            log::error("session {}: changes not saved, the store failed: {}", s->id(),
                       loaded.error().message());
            co_return loaded.error();
        }
        if (!*loaded)
            co_return storage::result<>{}; // the session ended meanwhile
        auto record = std::move(**loaded);
        auto d = durable_of(record);
        for (auto const& c : changes)
            apply(d, c);
        write_durable(record, d);
        auto saved = co_await store->save(record);
        if (saved) {
            s->set_synced_revision(record.revision);
            co_return storage::result<>{};
        }
        if (saved.error().code() != storage::errc::conflict) {
            log::error("session {}: changes not saved: {}", s->id(), saved.error().message());
            co_return saved.error();
        }
    }
    log::error("session {}: changes not saved after {} conflicting writes", s->id(), attempts);
    co_return storage::error(storage::errc::conflict,
                             "changes not saved after " + std::to_string(attempts) + " conflicting writes");
}

} // namespace mcp::http
