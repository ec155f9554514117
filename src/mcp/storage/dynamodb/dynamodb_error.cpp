// aws::error -> storage::error (dynamodb_error.hpp has the table).
#include <mcp/storage/dynamodb/dynamodb_error.hpp>

namespace mcp::storage {

error store_error(aws::error const& e) {
    if (aws::cannot_serve(e))
        return error(errc::unavailable, e.message());
    if (e.code() == aws::errc::rejected)
        return error(errc::rejected, e.message());
    return error(errc::invalid_configuration, e.message());
}

} // namespace mcp::storage
