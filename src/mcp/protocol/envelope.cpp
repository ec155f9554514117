// Reading the 2026-07-28 request envelope (basic/index, _meta; schema RequestMetaObject).
#include <mcp/protocol/envelope.hpp>

#include <mcp/protocol/version.hpp>

namespace mcp::protocol {
namespace {

boost::json::object const* meta_of(boost::json::object const& params) {
    auto const* meta = params.if_contains("_meta");
    return meta && meta->is_object() ? &meta->as_object() : nullptr;
}

error malformed(std::string what) {
    return error::invalid_params("Invalid request _meta: " + what +
                                 " (2026-07-28 requests carry io.modelcontextprotocol/protocolVersion and "
                                 "io.modelcontextprotocol/clientCapabilities in params._meta)");
}

result<std::optional<implementation>> read_client_info(boost::json::object const& meta) {
    auto const* info = meta.if_contains(meta_client_info);
    if (!info)
        return std::optional<implementation>();
    auto read = implementation_from_json(*info);
    if (!read)
        return malformed(std::string(meta_client_info) + " must be an object with a name and a version");
    return std::optional<implementation>(std::move(*read));
}

result<std::optional<log_level>> read_level(boost::json::object const& meta) {
    auto const* level = meta.if_contains(meta_log_level);
    if (!level)
        return std::optional<log_level>();
    auto named = level->is_string() ? log_level_from_string(level->as_string()) : std::nullopt;
    if (!named)
        return malformed(std::string(meta_log_level) +
                         " must be one of debug, info, notice, warning, error, critical, alert, emergency");
    return std::optional<log_level>(*named);
}

} // namespace

bool claims_modern(boost::json::object const& params) {
    auto const* meta = meta_of(params);
    return meta && meta->contains(meta_protocol_version);
}

std::optional<std::string_view> envelope_version(boost::json::object const& params) {
    auto const* meta = meta_of(params);
    auto const* v = meta ? meta->if_contains(meta_protocol_version) : nullptr;
    if (!v || !v->is_string())
        return std::nullopt;
    return std::string_view(v->as_string());
}

result<request_envelope> read_envelope(boost::json::object const& params, std::size_t max_metadata_bytes) {
    auto const* meta = meta_of(params);
    if (!meta)
        return malformed(params.contains("_meta") ? "_meta must be an object" : "params._meta is missing");
    auto version = envelope_version(params);
    if (!version)
        return malformed(std::string(meta_protocol_version) + (meta->contains(meta_protocol_version)
                                                                   ? " must be a string"
                                                                   : " is missing"));
    auto const* caps = meta->if_contains(meta_client_capabilities);
    if (!caps || !caps->is_object())
        return malformed(std::string(meta_client_capabilities) + (caps ? " must be an object" : " is missing"));
    auto info = read_client_info(*meta);
    if (!info)
        return info.error();
    auto level = read_level(*meta);
    if (!level)
        return level.error();
    auto const* raw_info = meta->if_contains(meta_client_info);
    auto kept = boost::json::serialize(*caps).size() + (raw_info ? boost::json::serialize(*raw_info).size() : 0);
    if (kept > max_metadata_bytes)
        return malformed("clientCapabilities and clientInfo take " + std::to_string(kept) +
                         " bytes of JSON; this server reads at most " + std::to_string(max_metadata_bytes));
    return request_envelope{std::string(*version), boost::json::object(caps->as_object(), boost::json::storage_ptr()),
                            std::move(*info), *level};
}

result<> check_version(std::string_view version) {
    if (is_modern_version(version))
        return {};
    return error::unsupported_version(version);
}

} // namespace mcp::protocol
