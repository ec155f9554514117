// Registers the PostgreSQL store with storage::open (backends.hpp) when a program links mcp::storage_postgres:
// the target's link option names mcp_link_storage_postgres, which keeps this object, and so its initialiser, in
// the program.
#include <mcp/storage/backends.hpp>
#include <mcp/storage/postgres/postgres_store.hpp>

namespace mcp::storage {
namespace {

task<result<stores>> open_configured(store_config config, boost::asio::any_io_executor) {
    config.postgres.limits = config.limits;
    co_return open_postgres(std::move(config.postgres));
}

[[maybe_unused]] bool const registered = register_backend(backend::postgres, {.open = open_configured});

} // namespace
} // namespace mcp::storage

extern "C" void mcp_link_storage_postgres() {}
