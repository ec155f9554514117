// Registers the SQLite store with storage::open (backends.hpp) when a program links mcp::storage_sqlite: the
// target's link option names mcp_link_storage_sqlite, which keeps this object, and so its initialiser, in the
// program.
#include <mcp/storage/backends.hpp>
#include <mcp/storage/sqlite/sqlite_store.hpp>

namespace mcp::storage {
namespace {

task<result<stores>> open_configured(store_config config, boost::asio::any_io_executor) {
    config.sqlite.limits = config.limits;
    co_return open_sqlite(std::move(config.sqlite));
}

[[maybe_unused]] bool const registered = register_backend(backend::sqlite, {.open = open_configured});

} // namespace
} // namespace mcp::storage

extern "C" void mcp_link_storage_sqlite() {}
