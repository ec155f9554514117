#include <mcp/http/listen_slots.hpp>

namespace mcp::http {

std::shared_ptr<void> listen_slots::take(std::string const& client) {
    {
        std::lock_guard lock(counts_->mutex);
        auto& held = counts_->per_client[client];
        if (held >= counts_->limits.per_client || counts_->total >= counts_->limits.total) {
            if (held == 0)
                counts_->per_client.erase(client);
            return nullptr;
        }
        ++held;
        ++counts_->total;
    }
    return std::shared_ptr<void>(counts_.get(), [c = counts_, client](void*) { c->release(client); });
}

void listen_slots::counts::release(std::string const& client) {
    std::lock_guard lock(mutex);
    if (auto it = per_client.find(client); it != per_client.end() && --it->second == 0)
        per_client.erase(it);
    --total;
}

std::size_t listen_slots::open() const {
    std::lock_guard lock(counts_->mutex);
    return counts_->total;
}

} // namespace mcp::http
