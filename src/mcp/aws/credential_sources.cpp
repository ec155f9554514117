#include <mcp/aws/credential_sources.hpp>

#include <mcp/aws/credential_answers.hpp>

#include <boost/asio/this_coro.hpp>

#include <fstream>
#include <iterator>
#include <optional>

namespace mcp::aws {

namespace asio = boost::asio;

namespace {

constexpr std::size_t token_file_limit = 64 * 1024;
constexpr std::string_view imds_token_path = "/latest/api/token";
constexpr std::string_view imds_role_path = "/latest/meta-data/iam/security-credentials/";

// A token file's text without its trailing line break; an error naming the variable and the file.
result<std::string> read_token_file(std::string const& path, std::string_view variable) {
    // At most one byte past the limit: a path to an endless source (/dev/zero) is refused, not read whole.
    std::ifstream in(path, std::ios::binary);
    bool const opened = in.is_open();
    std::string text(opened ? token_file_limit + 1 : 0, '\0');
    if (opened) {
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.pop_back();
    }
    if (!opened || in.bad() || text.empty() || text.size() > token_file_limit) {
        return error(errc::invalid_configuration, "AWS credentials: " + std::string(variable) + " names " +
                                                      path +
                                                      ", which cannot be read or is empty or too large");
    }
    return text;
}

// The pool of one fetch, on the executor of the coroutine that runs it.
result<http_pool> pool_for(asio::any_io_executor ex, std::string const& url, http_pool_options const& http,
                           endpoint_rules rules = {}) {
    auto ep = parse_endpoint(url, rules);
    if (!ep) {
        return ep.error();
    }
    return http_pool::create(std::move(ex), std::move(*ep), http);
}

error no_answer(std::string const& from, http_outcome const& o) {
    return error(errc::unavailable, from + ": " + o.failure);
}

task<result<credentials>> assume_role(web_identity_source s) {
    std::string const from = "AWS credentials from STS AssumeRoleWithWebIdentity at " + s.sts_endpoint +
                             " (role " + s.role_arn + ")";
    auto token = read_token_file(s.token_file, "AWS_WEB_IDENTITY_TOKEN_FILE");
    if (!token) {
        co_return token.error();
    }
    auto const ex = co_await asio::this_coro::executor;
    auto pool = pool_for(ex, s.sts_endpoint, s.http);
    if (!pool) {
        co_return pool.error();
    }
    http_request request{.method = "POST",
                         .target = pool->target().path,
                         .headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                                     {"Accept", "application/xml"}},
                         .body = sts_request_body(s.role_arn, s.session_name, *token)};
    auto outcome = co_await pool->exchange(std::move(request));
    if (!outcome.response) {
        co_return no_answer(from, outcome);
    }
    co_return read_sts_answer(*outcome.response, from);
}

// The Authorization header's value: the file's when AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set, else the
// variable's; empty for none.
result<std::string> container_authorization(container_source const& s) {
    std::string token = s.authorization;
    if (!s.authorization_file.empty()) {
        auto read = read_token_file(s.authorization_file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        if (!read) {
            return read.error();
        }
        token = std::move(*read);
    }
    if (token.find_first_of("\r\n") != std::string::npos) {
        return error(errc::invalid_configuration,
                     "AWS credentials: the container authorization token has a line break (check "
                     "AWS_CONTAINER_AUTHORIZATION_TOKEN and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)");
    }
    return token;
}

task<result<credentials>> ask_container(container_source s) {
    std::string const from = "AWS credentials from the container endpoint " + s.url;
    auto authorization = container_authorization(s);
    if (!authorization) {
        co_return authorization.error();
    }
    auto const ex = co_await asio::this_coro::executor;
    auto pool = pool_for(ex, s.url, s.http, {.plain_http_anywhere = true, .keep_query = true});
    if (!pool) {
        co_return pool.error();
    }
    http_request request{
        .method = "GET", .target = pool->target().path, .headers = {{"Accept", "application/json"}}};
    if (!authorization->empty()) {
        request.headers.push_back({"Authorization", *authorization});
    }
    auto outcome = co_await pool->exchange(std::move(request));
    if (!outcome.response) {
        co_return no_answer(from, outcome);
    }
    co_return read_credentials_json(*outcome.response, from);
}

// One IMDS exchange: the answer's body on 200, else an error for `what`.
task<result<std::string>> imds_exchange(http_pool const& pool, http_request request, std::string const& from,
                                        std::string_view what) {
    auto outcome = co_await pool.exchange(std::move(request));
    if (!outcome.response) {
        co_return no_answer(from, outcome);
    }
    auto const status = outcome.response->status;
    if (status == 200) {
        co_return std::move(outcome.response->body);
    }
    bool const later = status >= 500 || status == 429;
    co_return error(later ? errc::unavailable : errc::rejected,
                    from + ": " + std::string(what) + " failed (HTTP " + std::to_string(status) + ")");
}

std::string imds_base_path(endpoint const& ep) {
    std::string base = ep.path;
    while (!base.empty() && base.back() == '/') {
        base.pop_back();
    }
    return base;
}

task<result<credentials>> ask_instance_metadata_once(http_pool pool, std::string from) {
    std::string const base = imds_base_path(pool.target());
    http_request put{.method = "PUT",
                     .target = base + std::string(imds_token_path),
                     .headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}};
    auto token = co_await imds_exchange(pool, std::move(put), from, "getting an IMDSv2 session token");
    if (!token) {
        co_return token.error();
    }
    http_request list{.method = "GET",
                      .target = base + std::string(imds_role_path),
                      .headers = {{"X-aws-ec2-metadata-token", *token}}};
    auto roles =
        co_await imds_exchange(pool, list, from, "listing the instance's IAM role (is one attached?)");
    if (!roles) {
        co_return roles.error();
    }
    std::string const role = roles->substr(0, roles->find_first_of("\r\n"));
    if (role.empty()) {
        co_return error(errc::rejected, from + ": no IAM role is attached to this instance");
    }
    list.target += role;
    auto outcome = co_await pool.exchange(std::move(list));
    if (!outcome.response) {
        co_return no_answer(from, outcome);
    }
    co_return read_credentials_json(*outcome.response, from);
}

task<result<credentials>> ask_instance_metadata(instance_metadata_source s) {
    std::string const from = "AWS credentials from EC2 instance metadata at " + s.endpoint;
    auto const ex = co_await asio::this_coro::executor;
    auto pool = pool_for(ex, s.endpoint, s.http, {.plain_http_anywhere = true});
    if (!pool) {
        co_return pool.error();
    }
    result<credentials> last = error(errc::unavailable, from + ": no attempt");
    for (int attempt = 1; attempt <= std::max(1, s.attempts); ++attempt) {
        last = co_await ask_instance_metadata_once(*pool, from);
        if (last || !cannot_serve(last.error())) {
            break;
        }
    }
    co_return last;
}

} // namespace

credential_fetch fetch_web_identity(web_identity_source s) {
    return [s = std::move(s)] { return assume_role(s); };
}

credential_fetch fetch_container(container_source s) {
    return [s = std::move(s)] { return ask_container(s); };
}

credential_fetch fetch_instance_metadata(instance_metadata_source s) {
    return [s = std::move(s)] { return ask_instance_metadata(s); };
}

} // namespace mcp::aws
