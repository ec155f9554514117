#include <mcp/aws/credential_chain.hpp>

#include <mcp/aws/credential_answers.hpp>
#include <mcp/aws/credential_sources.hpp>
#include <mcp/aws/endpoint.hpp>

#include <charconv>

namespace mcp::aws {
namespace {

constexpr std::string_view how_to_configure =
    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, or "
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI, or run on EC2 with an "
    "instance profile";

std::string value(environment const& env, std::string_view name) {
    return env(name).value_or("");
}

std::string lowercase(std::string v) {
    for (auto& c : v) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return v;
}

http_pool_options http_for(credential_chain_options const& o, http_pool_options base, environment const& env,
                           std::chrono::milliseconds timeout) {
    base.timeout = timeout;
    base.ca_file = o.ca_file.empty() ? value(env, "AWS_CA_BUNDLE") : o.ca_file;
    return base;
}

result<credential_provider> from_web_identity(environment const& env, credential_chain_options const& o) {
    auto role = value(env, "AWS_ROLE_ARN");
    if (role.empty()) {
        return error(errc::missing_configuration,
                     "AWS credentials: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
    }
    auto from_env = region_from_environment(env);
    std::string region = !o.region.empty() ? o.region : from_env ? *from_env : "";
    web_identity_source s{.token_file = value(env, "AWS_WEB_IDENTITY_TOKEN_FILE"),
                          .role_arn = std::move(role),
                          .session_name = value(env, "AWS_ROLE_SESSION_NAME"),
                          .sts_endpoint =
                              endpoint_from_environment("STS", env).value_or(default_sts_endpoint(region))};
    if (s.session_name.empty()) {
        auto const now = std::chrono::system_clock::now().time_since_epoch();
        s.session_name =
            "mcp-cpp-" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    }
    if (auto ep = parse_endpoint(s.sts_endpoint); !ep) {
        return ep.error();
    }
    s.http = http_for(o, s.http, env, o.sts_timeout);
    std::string source = "STS AssumeRoleWithWebIdentity (role " + s.role_arn + ")";
    return credential_provider(std::move(source), fetch_web_identity(std::move(s)), o.refresh);
}

// FULL_URI: https anywhere; plain http only to the hosts the SDKs allow.
result<std::string> checked_full_uri(std::string const& url) {
    auto const ep = parse_endpoint(url, {.plain_http_anywhere = true, .keep_query = true});
    if (!ep) {
        return error(errc::invalid_configuration,
                     "AWS_CONTAINER_CREDENTIALS_FULL_URI: " + ep.error().message());
    }
    if (!ep->tls && !is_allowed_container_host(ep->host)) {
        return error(errc::invalid_configuration,
                     "AWS_CONTAINER_CREDENTIALS_FULL_URI=" + url +
                         ": plain http is allowed only to a loopback address, 169.254.170.2 (ECS) or "
                         "169.254.170.23 / fd00:ec2::23 (EKS Pod Identity); use https for another host");
    }
    return url;
}

result<credential_provider> from_container(environment const& env, credential_chain_options const& o) {
    container_source s{.authorization = value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"),
                       .authorization_file = value(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")};
    if (auto relative = value(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); !relative.empty()) {
        s.url = o.container_base + (relative.starts_with('/') ? "" : "/") + relative;
        if (auto ep = parse_endpoint(s.url, {.plain_http_anywhere = true, .keep_query = true}); !ep) {
            return error(errc::invalid_configuration,
                         "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: " + ep.error().message());
        }
    } else {
        auto full = checked_full_uri(value(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        if (!full) {
            return full.error();
        }
        s.url = std::move(*full);
    }
    s.http = http_for(o, s.http, env, o.container_timeout);
    std::string source = "the container endpoint " + s.url;
    return credential_provider(std::move(source), fetch_container(std::move(s)), o.refresh);
}

result<int> positive(environment const& env, std::string_view name, int fallback) {
    auto const text = value(env, name);
    if (text.empty()) {
        return fallback;
    }
    int n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 1) {
        return error(errc::invalid_configuration,
                     std::string(name) + "=" + text + ": expected a whole number, 1 or more");
    }
    return n;
}

// The fetch, saying what to configure instead when it fails: on a laptop this is where the chain ends.
task<result<credentials>> advised(credential_fetch fetch) {
    auto got = co_await fetch();
    if (!got) {
        co_return error(static_cast<errc>(got.error().code().value()),
                        got.error().message() + " (no other AWS credentials are configured: " +
                            std::string(how_to_configure) + ")",
                        got.error().service_type());
    }
    co_return got;
}

credential_fetch with_advice(credential_fetch fetch) {
    return [fetch = std::move(fetch)] { return advised(fetch); };
}

result<credential_provider> from_instance_metadata(environment const& env,
                                                   credential_chain_options const& o) {
    if (lowercase(value(env, "AWS_EC2_METADATA_DISABLED")) == "true") {
        return error(errc::missing_configuration, "AWS credentials: none found (instance metadata is off: "
                                                  "AWS_EC2_METADATA_DISABLED=true); " +
                                                      std::string(how_to_configure));
    }
    auto timeout = positive(env, "AWS_METADATA_SERVICE_TIMEOUT", 1);
    auto attempts = positive(env, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", 1);
    if (!timeout || !attempts) {
        return timeout ? attempts.error() : timeout.error();
    }
    instance_metadata_source s{.attempts = *attempts};
    s.http.timeout = std::chrono::seconds(*timeout);
    if (auto ep = value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT"); !ep.empty()) {
        s.endpoint = ep;
    } else if (lowercase(value(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")) == "ipv6") {
        s.endpoint = "http://[fd00:ec2::254]";
    }
    if (auto ep = parse_endpoint(s.endpoint, {.plain_http_anywhere = true}); !ep) {
        return error(errc::invalid_configuration,
                     "AWS_EC2_METADATA_SERVICE_ENDPOINT: " + ep.error().message());
    }
    std::string source = "EC2 instance metadata at " + s.endpoint;
    return credential_provider(std::move(source), with_advice(fetch_instance_metadata(std::move(s))),
                               o.refresh);
}

} // namespace

result<credential_provider> credentials_from_chain(environment const& env, credential_chain_options o) {
    if (!value(env, "AWS_ACCESS_KEY_ID").empty() || !value(env, "AWS_SECRET_ACCESS_KEY").empty()) {
        auto c = credentials_from_environment(env);
        if (!c) {
            return c.error();
        }
        return credential_provider(std::move(*c), "environment variables");
    }
    if (!value(env, "AWS_WEB_IDENTITY_TOKEN_FILE").empty()) {
        return from_web_identity(env, o);
    }
    if (!value(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").empty() ||
        !value(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").empty()) {
        return from_container(env, o);
    }
    return from_instance_metadata(env, o);
}

} // namespace mcp::aws
