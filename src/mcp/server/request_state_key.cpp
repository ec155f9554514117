#include <mcp/server/request_state_key.hpp>

#include <mcp/json/bytes.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

storage::result<std::string> key_in(storage::state_record const& record) {
    auto const* text = record.value.if_contains("key");
    auto bytes = text && text->is_string() ? json::base64_decode(text->as_string()) : std::nullopt;
    if (!bytes || bytes->size() < 32)
        return storage::error(storage::errc::malformed_data,
                              "state " + record.key + ": not a requestState key (base64 of at least 32 bytes)");
    return std::move(*bytes);
}

} // namespace

std::string random_request_state_key() { return random_bytes(32); }

task<storage::result<std::string>> shared_request_state_key(storage::state_store& store, std::string key) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto loaded = co_await store.load(key);
        if (!loaded) co_return loaded.error();
        if (*loaded) co_return key_in(**loaded);
        auto fresh = random_request_state_key();
        storage::state_record record{key, {{"key", json::base64_encode(fresh)}}, 0};
        auto saved = co_await store.save(record);
        if (saved) co_return fresh;
        if (saved.error().code() != storage::errc::conflict) co_return saved.error();
        // another instance created it first: load theirs
    }
    co_return storage::error(storage::errc::unavailable, "state " + key + ": the requestState key kept changing");
}

} // namespace mcp::detail
