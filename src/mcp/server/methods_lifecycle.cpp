// initialize, ping and logging/setLevel (2025-11-25 basic/lifecycle, basic/utilities/ping, server/utilities/logging).
#include <mcp/protocol/version.hpp>
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

task<result<boost::json::value>> initialize(method_call c) {
    if (c.sess.initialized()) co_return error::invalid_request("The session is already initialized");
    auto requested = string_param(c.params, "protocolVersion");
    if (!requested) co_return requested.error();
    auto const* caps = c.params.if_contains("capabilities");
    if (caps && !caps->is_object()) co_return error::invalid_params("Parameter capabilities must be an object");
    auto const* info = c.params.if_contains("clientInfo");
    auto client = info ? protocol::implementation_from_json(*info) : std::nullopt;
    if (!client) co_return error::invalid_params("Parameter clientInfo must be an object with a name and a version");
    // Kept for the session's life, in memory and in the store: bounded before anything is kept.
    auto kept = boost::json::serialize(*info).size() + (caps ? boost::json::serialize(*caps).size() : 0);
    if (auto most = c.srv.options().max_client_metadata_bytes; kept > most)
        co_return error::invalid_params("initialize: capabilities and clientInfo take " + std::to_string(kept) +
                                        " bytes of JSON; this server keeps at most " + std::to_string(most) +
                                        " per session");

    auto version = protocol::negotiate_version(*requested);
    // The session keeps the capabilities past this request: out of the request's arena (mcp/json/arena.hpp).
    c.sess.start(std::string(version), std::move(*client),
                 caps ? boost::json::object(caps->as_object(), boost::json::storage_ptr()) : boost::json::object{});
    boost::json::object out{{"protocolVersion", version},
                            {"capabilities", c.srv.capabilities(version)},
                            {"serverInfo", protocol::to_json(c.srv.server_info())}};
    if (c.srv.options().instructions) out["instructions"] = *c.srv.options().instructions;
    co_return out;
}

task<result<boost::json::value>> ping(method_call) { co_return boost::json::object{}; }

task<result<boost::json::value>> set_level(method_call c) {
    auto name = string_param(c.params, "level");
    if (!name) co_return name.error();
    auto level = protocol::log_level_from_string(*name);
    if (!level)
        co_return error::invalid_params("Unknown log level '" + *name +
                                        "' (debug, info, notice, warning, error, critical, alert, emergency)");
    c.sess.set_log_level(*level);
    co_return boost::json::object{};
}

} // namespace

void add_lifecycle_methods(method_table& t) {
    t.emplace("initialize", initialize);
    t.emplace("ping", ping);
    t.emplace("logging/setLevel", set_level);
}

} // namespace mcp::detail
