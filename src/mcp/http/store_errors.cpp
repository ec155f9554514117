// storage::error -> HTTP status and JSON-RPC error (store_errors.hpp has the table).
#include <mcp/http/store_errors.hpp>

#include <mcp/core/log.hpp>
#include <mcp/http/negotiation.hpp>

namespace mcp::http {
namespace {

constexpr int service_unavailable = 503;

public_failure unavailable() {
    return {service_unavailable,
            error(protocol::code::store_unavailable,
                  "Service unavailable: the session store cannot be reached; try again later")};
}

} // namespace

public_failure public_store_error(storage::error const& e) {
    if (e.code().category() != storage::error_category())
        return unavailable(); // not a failure of a store (a default error): never shown as a success
    switch (static_cast<storage::errc>(e.code().value())) {
    case storage::errc::session_limit:
        return {service_unavailable,
                error(protocol::code::session_limit,
                      "Too many sessions: the server holds as many as it may; try again later")};
    case storage::errc::unavailable:
    case storage::errc::conflict:
    case storage::errc::invalid_configuration:
    case storage::errc::schema_mismatch:
    case storage::errc::malformed_data:
    case storage::errc::rejected:
        return unavailable();
    }
    return unavailable();
}

task<> reply_store_error(response_writer& out, storage::error const& e, std::string_view context,
                         headers base, std::optional<protocol::request_id> const& id) {
    log::error("{}: store failure: {} ({})", context, e.message(), e.code().message());
    auto shown = public_store_error(e);
    co_await reply_error(out, shown.status, shown.json_rpc, std::move(base), id);
}

} // namespace mcp::http
