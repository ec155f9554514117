// The auth layer's fetches over aws::http_pool: the URL rule, the status and shape checks, the messages.
#include <mcp/auth/http_fetch.hpp>

#include <boost/json/parse.hpp>

namespace mcp::auth {

result<aws::http_pool> open_pool(boost::asio::any_io_executor ex, std::string_view url, std::string_view what,
                                 fetch_options const& o, std::size_t max_response_bytes) {
    // keep_query: a JWKS URL may carry one; plain HTTP stays limited to loopback (aws::is_local_host).
    auto ep = aws::parse_endpoint(url, {.keep_query = true});
    if (!ep) {
        std::string why = ep.error().message();
        if (auto at = why.find("': "); at != std::string::npos)
            why = why.substr(at + 3); // aws names its own endpoints; this one is ours
        return error(errc::invalid_configuration,
                     std::string(what) + " URL " + std::string(url) + ": " + why);
    }
    auto pool = aws::http_pool::create(std::move(ex), std::move(*ep),
                                       {.timeout = o.timeout,
                                        .max_idle = 2,
                                        .ca_file = o.ca_file,
                                        .max_response_bytes = max_response_bytes});
    if (!pool)
        return error(errc::invalid_configuration, std::string(what) + ": " + pool.error().message());
    return std::move(*pool);
}

task<result<http_answer>> send(aws::http_pool pool, aws::http_request request, std::string what) {
    auto outcome = co_await pool.exchange(std::move(request));
    if (!outcome.response)
        co_return error(errc::unavailable, what + " " + pool.target().url() + ": " + outcome.failure);
    co_return http_answer{.status = outcome.response->status, .body = std::move(outcome.response->body)};
}

task<result<std::string>> get_json_object(aws::http_pool pool, std::string what) {
    aws::http_request request{.method = "GET",
                              .target = pool.target().path,
                              .headers = {{"Accept", "application/json"}},
                              .body = {}};
    auto answer = co_await send(pool, std::move(request), what);
    if (!answer)
        co_return answer.error();
    std::string const where = what + " " + pool.target().url();
    if (answer->status >= 300 && answer->status < 400)
        co_return error(errc::unavailable,
                        where + ": HTTP " + std::to_string(answer->status) + " (redirects are not followed)");
    if (answer->status != 200)
        co_return error(errc::unavailable, where + ": HTTP " + std::to_string(answer->status));
    boost::system::error_code ec;
    auto const parsed = boost::json::parse(answer->body, ec);
    if (ec || !parsed.is_object())
        co_return error(errc::unavailable, where + ": the answer is not a JSON object");
    co_return std::move(answer->body);
}

} // namespace mcp::auth
