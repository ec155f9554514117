// The principal cache: an unordered_map under one mutex, and the SHA-256 of a token.
#include <mcp/auth/principal_cache.hpp>

#include <openssl/evp.h>

#include <stdexcept>

namespace mcp::auth {

std::string token_digest(std::string_view token) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!EVP_Digest(token.data(), token.size(), digest, &size, EVP_sha256(), nullptr))
        throw std::runtime_error("SHA-256 failed");
    return std::string(reinterpret_cast<char const*>(digest), size);
}

std::optional<principal> principal_cache::find(std::string const& digest, time_point now,
                                               basis_ptr const& basis) {
    std::lock_guard lock(mutex_);
    // basis_ is held, so an equal address is the same object, never a new one where a freed one was.
    if (basis != basis_)
        return std::nullopt;
    auto it = entries_.find(digest);
    if (it == entries_.end())
        return std::nullopt;
    if (now >= it->second.until) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.who;
}

void principal_cache::keep(std::string digest, principal const& who, time_point now, basis_ptr basis) {
    auto until = now + ttl_;
    if (who.expires_at != std::chrono::sys_seconds{} && who.expires_at < until)
        until = who.expires_at;
    if (!enabled() || until <= now)
        return;
    std::lock_guard lock(mutex_);
    if (basis != basis_) {
        // Checked against another key set: what was kept before no longer counts. (A verification that
        // started with the set before a swap may still keep with it; the next one with the new set turns the
        // cache back, at the cost of a few validations.)
        entries_.clear();
        basis_ = std::move(basis);
    }
    if (entries_.size() >= max_entries_ && !entries_.contains(digest))
        make_room_locked(now);
    entries_.insert_or_assign(std::move(digest), entry{who, until});
}

std::size_t principal_cache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

// Linear in the entries, and only when the cache is full of tokens still valid: each insertion then scans
// them once. Only tokens that passed verification get in, so no client can fill it with made-up ones.
void principal_cache::make_room_locked(time_point now) {
    std::erase_if(entries_, [now](auto const& e) { return now >= e.second.until; });
    while (!entries_.empty() && entries_.size() >= max_entries_) {
        auto soonest = entries_.begin();
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->second.until < soonest->second.until)
                soonest = it;
        entries_.erase(soonest);
    }
}

} // namespace mcp::auth
