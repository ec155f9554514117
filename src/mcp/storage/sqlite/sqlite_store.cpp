#include <mcp/storage/sqlite/sqlite_store.hpp>

#include <mcp/storage/sqlite/sqlite_event_store.hpp>
#include <mcp/storage/sqlite/sqlite_session_store.hpp>
#include <mcp/storage/sqlite/sqlite_state_store.hpp>
#include <mcp/storage/sqlite/sqlite_task_store.hpp>

namespace mcp::storage {

result<stores> open_sqlite(sqlite_options options) {
    auto const limits = options.limits;
    auto db = detail::sqlite_database::open(std::move(options));
    if (!db)
        return db.error();
    return stores{std::make_shared<detail::sqlite_session_store>(*db),
                  std::make_shared<detail::sqlite_event_store>(*db), limits,
                  std::make_shared<detail::sqlite_task_store>(*db),
                  std::make_shared<detail::sqlite_state_store>(*db)};
}

} // namespace mcp::storage
