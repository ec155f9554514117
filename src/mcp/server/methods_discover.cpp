// server/discover (2026-07-28 server/discover): what a stateless client learns before its first call, in place
// of initialize. The caching hints and the server's identity are added with every modern result
// (modern_result.hpp).
#include <mcp/protocol/version.hpp>
#include <mcp/server/methods.hpp>
#include <mcp/server/server.hpp>

namespace mcp::detail {
namespace {

task<result<boost::json::value>> discover(method_call c) {
    boost::json::array versions;
    for (auto v : protocol::served_versions) versions.emplace_back(v);
    boost::json::object out{{"supportedVersions", std::move(versions)},
                            {"capabilities", c.srv.capabilities(c.sess.protocol_version())}};
    if (c.srv.options().instructions) out["instructions"] = *c.srv.options().instructions;
    co_return out;
}

} // namespace

void add_discover_method(method_table& t) { t.emplace("server/discover", discover); }

} // namespace mcp::detail
