// The fields of every 2026-07-28 result (basic/index, server/utilities/caching).
#include <mcp/server/modern_result.hpp>

#include <mcp/protocol/envelope.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

cache_hint const* hint_for(std::string_view method, cache_hints const& hints) {
    if (method == "tools/list") return &hints.tools;
    if (method == "prompts/list") return &hints.prompts;
    if (method == "resources/list") return &hints.resources;
    if (method == "resources/templates/list") return &hints.resource_templates;
    if (method == "resources/read") return &hints.read;
    if (method == "server/discover") return &hints.discover;
    return nullptr;
}

void add_cache_fields(boost::json::object& out, cache_hint const& hint) {
    if (!out.contains("ttlMs")) out["ttlMs"] = static_cast<std::int64_t>(hint.ttl.count());
    if (!out.contains("cacheScope")) out["cacheScope"] = hint.shared ? "public" : "private";
}

void add_server_info(boost::json::object& out, mcp::server const& srv) {
    auto& meta = out["_meta"];
    if (!meta.is_object()) meta = boost::json::object{};
    meta.as_object()[protocol::meta_server_info] = protocol::to_json(srv.server_info());
}

} // namespace

void finish_modern(result<boost::json::value>& outcome, std::string_view method, mcp::server const& srv) {
    if (!outcome) {
        auto const& e = outcome.error();
        if (e.code() == protocol::code::resource_not_found)
            outcome = error(protocol::code::invalid_params, e.message(), e.data());
        return;
    }
    if (!outcome->is_object()) return;
    auto& out = outcome->as_object();
    if (!out.contains("resultType")) out["resultType"] = "complete";
    if (out.at("resultType") == "complete")
        if (auto const* hint = hint_for(method, srv.options().caching)) add_cache_fields(out, *hint);
    if (srv.options().advertise_server_info) add_server_info(out, srv);
}

} // namespace mcp::detail
