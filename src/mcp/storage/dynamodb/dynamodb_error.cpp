// aws::error -> storage error (dynamodb_error.hpp has the table).
#include <mcp/storage/dynamodb/dynamodb_error.hpp>

#include <mcp/storage/session_store.hpp>

namespace mcp::storage {

error store_error(aws::error const& e) {
    if (aws::cannot_serve(e))
        return error(code::store_unavailable, e.message());
    return error::internal(e.message());
}

} // namespace mcp::storage
