#include <mcp/aws/credentials.hpp>

namespace mcp::aws {
namespace {

std::optional<std::string> non_empty(environment const& env, std::string_view name) {
    auto v = env(name);
    if (!v || v->empty()) {
        return std::nullopt;
    }
    return v;
}

} // namespace

result<credentials> credentials_from_environment(environment const& env) {
    auto id = non_empty(env, "AWS_ACCESS_KEY_ID");
    if (!id) {
        return error(errc::missing_configuration, "AWS credentials: AWS_ACCESS_KEY_ID is not set");
    }
    auto secret = non_empty(env, "AWS_SECRET_ACCESS_KEY");
    if (!secret) {
        return error(errc::missing_configuration, "AWS credentials: AWS_SECRET_ACCESS_KEY is not set");
    }
    return credentials{.access_key_id = std::move(*id),
                       .secret_access_key = std::move(*secret),
                       .session_token = non_empty(env, "AWS_SESSION_TOKEN").value_or("")};
}

result<std::string> region_from_environment(environment const& env) {
    if (auto r = non_empty(env, "AWS_REGION")) {
        return std::move(*r);
    }
    if (auto r = non_empty(env, "AWS_DEFAULT_REGION")) {
        return std::move(*r);
    }
    return error(errc::missing_configuration, "AWS region: neither AWS_REGION nor AWS_DEFAULT_REGION is set");
}

std::optional<std::string> endpoint_from_environment(std::string_view service_env_name, environment const& env) {
    std::string const specific = "AWS_ENDPOINT_URL_" + std::string(service_env_name);
    if (auto e = non_empty(env, specific)) {
        return e;
    }
    return non_empty(env, "AWS_ENDPOINT_URL");
}

std::string redacted(credentials const& c) {
    std::string id = c.access_key_id;
    // Key ids are 16 to 128 characters; short test ids are masked whole.
    if (id.size() > 8) {
        for (std::size_t i = 4; i + 4 < id.size(); ++i) {
            id[i] = '*';
        }
    } else {
        id.assign(id.size(), '*');
    }
    return id + (c.session_token.empty() ? " (no session token)" : " (with session token)");
}

} // namespace mcp::aws
