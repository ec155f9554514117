// resource_server_from_environment (environment.hpp) and its registration: the program's link option names
// mcp_link_auth (src/mcp/auth/CMakeLists.txt), which keeps this object, and so the initialiser below, in it.
#include <mcp/auth/environment.hpp>

#include <mcp/auth/introspection.hpp>
#include <mcp/auth/jwt_verifier.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <functional>
#include <mutex>

namespace mcp::auth {
namespace {

using verifier_maker = std::function<result<std::shared_ptr<token_verifier>>(boost::asio::any_io_executor)>;

// A verifier made at the first verify(), on that request's executor: the environment is read before the front
// door's io_context exists (mcp::run, the Lambda loop). resource_server_from_environment still makes one at
// once on a placeholder executor, so that a configuration error stops the program at start: the verifiers do
// no I/O before verify().
class lazy_verifier final : public token_verifier {
public:
    explicit lazy_verifier(verifier_maker make) : make_(std::move(make)) {}

    task<result<principal>> verify(std::string token) override {
        auto ex = co_await boost::asio::this_coro::executor;
        auto made = made_on(ex);
        if (!made)
            co_return made.error();
        co_return co_await (*made)->verify(std::move(token));
    }

private:
    result<std::shared_ptr<token_verifier>> made_on(boost::asio::any_io_executor const& ex) {
        std::lock_guard lock(mutex_);
        if (!made_)
            made_ = make_(ex);
        return *made_;
    }

    verifier_maker make_;
    std::mutex mutex_;
    std::optional<result<std::shared_ptr<token_verifier>>> made_;
};

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        auto space = text.find_first_of(" \t");
        if (auto word = text.substr(0, space); !word.empty())
            out.emplace_back(word);
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    }
    return out;
}

void add_unique(std::vector<std::string>& to, std::vector<std::string> const& from) {
    for (auto const& s : from)
        if (std::find(to.begin(), to.end(), s) == to.end())
            to.push_back(s);
}

mcp::error bad(std::string_view name, std::string_view expected) {
    return mcp::error::invalid_params(std::string(name) + ": " + std::string(expected));
}

// The verifier the variables name: introspection when MCP_AUTH_INTROSPECTION_URL is set, else JWTs.
mcp::result<verifier_maker> verifier_from(environment const& env, std::string const& issuer,
                                          std::string const& audience) {
    auto ca_file = env("MCP_AUTH_CA_FILE").value_or("");
    if (auto endpoint = env("MCP_AUTH_INTROSPECTION_URL")) {
        introspection_options o;
        o.endpoint = *endpoint;
        o.client_id = env("MCP_AUTH_CLIENT_ID").value_or("");
        o.client_secret = env("MCP_AUTH_CLIENT_SECRET").value_or("");
        o.issuer = issuer;
        o.audience = audience;
        o.ca_file = ca_file;
        if (o.client_id.empty())
            return bad("MCP_AUTH_CLIENT_ID", "required with MCP_AUTH_INTROSPECTION_URL (the client that asks)");
        return verifier_maker([o](boost::asio::any_io_executor ex) { return make_introspection_verifier(ex, o); });
    }
    jwt_verifier_options o;
    o.validation.issuer = issuer;
    o.validation.audience = audience;
    o.validation.required_type = env("MCP_AUTH_TOKEN_TYPE").value_or("");
    o.jwks_url = env("MCP_AUTH_JWKS_URL").value_or("");
    o.ca_file = ca_file;
    return verifier_maker([o](boost::asio::any_io_executor ex) { return make_jwt_verifier(ex, o); });
}

mcp::result<resource_options> options_from(environment const& env) {
    resource_options o;
    o.resource = env("MCP_AUTH_RESOURCE").value_or("");
    if (o.resource.empty())
        return bad("MCP_AUTH_RESOURCE", "required: this endpoint's URL as clients use it, such as "
                                        "https://mcp.example.com/mcp");
    auto issuer = env("MCP_AUTH_ISSUER").value_or("");
    if (issuer.empty())
        return bad("MCP_AUTH_ISSUER", "required: the authorization server's issuer identifier");
    o.authorization_servers = {issuer};
    o.required_scopes = words(env("MCP_AUTH_SCOPES").value_or(""));
    auto tools = parse_tool_scopes(env("MCP_AUTH_TOOL_SCOPES").value_or(""));
    if (!tools)
        return bad("MCP_AUTH_TOOL_SCOPES", "expected tool=scope scope;tool=scope");
    o.tool_scopes = std::move(*tools);
    if (auto supported = env("MCP_AUTH_SCOPES_SUPPORTED")) {
        o.scopes_supported = words(*supported);
    } else {
        add_unique(o.scopes_supported, o.required_scopes);
        for (auto const& [tool, scopes] : o.tool_scopes)
            add_unique(o.scopes_supported, scopes);
    }
    if (auto problem = resource_options_problem(o))
        return bad("MCP_AUTH_RESOURCE", *problem);
    return o;
}

} // namespace

std::optional<scope_map> parse_tool_scopes(std::string_view text) {
    scope_map out;
    while (!text.empty()) {
        auto end = text.find(';');
        auto part = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (part.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        auto eq = part.find('=');
        if (eq == std::string_view::npos)
            return std::nullopt;
        auto name = words(part.substr(0, eq));
        if (name.size() != 1)
            return std::nullopt;
        out[name.front()] = words(part.substr(eq + 1));
    }
    return out;
}

mcp::result<std::shared_ptr<http::access_policy>> resource_server_from_environment(environment const& env) {
    auto options = options_from(env);
    if (!options)
        return options.error();
    auto maker = verifier_from(env, options->authorization_servers.front(), options->resource);
    if (!maker)
        return maker.error();
    // Made once here on a placeholder executor (no I/O happens), so that a bad MCP_AUTH_JWKS_URL stops the
    // program now rather than failing every request.
    boost::asio::io_context probe;
    if (auto checked = (*maker)(probe.get_executor()); !checked)
        return bad(env("MCP_AUTH_INTROSPECTION_URL") ? "MCP_AUTH_INTROSPECTION_URL" : "MCP_AUTH_JWKS_URL",
                   checked.error().message());
    auto verifier = std::make_shared<lazy_verifier>(std::move(*maker));
    return std::shared_ptr<http::access_policy>(std::make_shared<resource_server>(verifier, std::move(*options)));
}

} // namespace mcp::auth

extern "C" void mcp_link_auth() {}

namespace {
bool const registered = mcp::http::register_access_factory(&mcp::auth::resource_server_from_environment);
}
