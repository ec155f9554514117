// Era routing (see era.hpp for the table and its spec sources).
#include <mcp/http/era.hpp>

#include <mcp/protocol/envelope.hpp>
#include <mcp/protocol/version.hpp>

namespace mcp::http {
namespace {

boost::json::object const* params_of(protocol::message const& msg) {
    if (auto const* r = std::get_if<protocol::request>(&msg)) return &r->params;
    if (auto const* n = std::get_if<protocol::notification>(&msg)) return &n->params;
    return nullptr;
}

bool is_initialize(protocol::message const& msg) {
    auto const* r = std::get_if<protocol::request>(&msg);
    return r && r->method == "initialize";
}

} // namespace

era era_of_post(headers const& h, protocol::message const& msg) {
    auto const* params = params_of(msg);
    bool claims = params && protocol::claims_modern(*params);
    bool names_session = h.get("mcp-session-id").has_value();
    if (auto version = h.get("mcp-protocol-version")) {
        if (protocol::is_supported_version(*version)) return era::legacy;
        return names_session && !claims ? era::legacy : era::modern;
    }
    return claims && !names_session && !is_initialize(msg) ? era::modern : era::legacy;
}

era era_of_stream_request(headers const& h) {
    auto version = h.get("mcp-protocol-version");
    bool modern = version && !protocol::is_supported_version(*version) && !h.get("mcp-session-id");
    return modern ? era::modern : era::legacy;
}

} // namespace mcp::http
