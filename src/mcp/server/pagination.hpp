// Opaque cursors for every list method (2025-11-25 server/utilities/pagination). A cursor names the last item of
// the page it follows (registries are sorted by key), so items added or removed between pages neither repeat nor
// shift the rest. Clients must treat cursors as opaque; we encode them as base64url.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mcp::pagination {

std::string encode_cursor(std::string_view last_key);
// The key a cursor names; nullopt when the cursor is not one of ours.
std::optional<std::string> decode_cursor(std::string_view cursor);

} // namespace mcp::pagination
