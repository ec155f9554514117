#include <mcp/aws/dynamodb.hpp>

#include <mcp/aws/sigv4.hpp>
#include <mcp/json/bytes.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/crc.hpp>

#include <algorithm>
#include <charconv>
#include <random>

namespace mcp::aws {

namespace asio = boost::asio;
namespace json = boost::json;

struct dynamodb_client::state {
    dynamodb_options options;
    http_pool pool;
    std::string url; // of the endpoint, for messages
};

namespace {

using state_ptr = std::shared_ptr<dynamodb_client::state>;

constexpr std::string_view target_prefix = "DynamoDB_20120810.";
constexpr std::string_view content_type = "application/x-amz-json-1.0";
constexpr std::size_t quoted_body_limit = 200; // of a non-JSON error body, in messages

double uniform_draw() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

http_request signed_request(dynamodb_client::state const& s, credentials const& c, std::string const& operation,
                            std::string const& body) {
    std::string const target = std::string(target_prefix) + operation;
    auto const& ep = s.pool.target();
    sigv4::request to_sign{.method = "POST",
                           .path = ep.path,
                           .headers = {{"host", ep.host_header},
                                       {"content-type", std::string(content_type)},
                                       {"x-amz-target", target}},
                           .body = body};
    auto const sig =
        sigv4::sign(to_sign, c, {.region = s.options.region, .service = "dynamodb"},
                    std::chrono::system_clock::now());
    http_request out{.method = "POST", .target = ep.path, .body = body};
    out.headers = {{"Content-Type", std::string(content_type)},
                   {"X-Amz-Target", target},
                   {"Accept-Encoding", "identity"},
                   {"User-Agent", "mcp-cpp-aws/0.1"}};
    for (auto& h : sig.headers()) {
        out.headers.push_back(std::move(h));
    }
    return out;
}

// "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" -> "ConditionalCheckFailedException";
// the x-amzn-ErrorType header form "Type:http://..." -> "Type".
std::string short_type(std::string_view t) {
    if (auto hash = t.rfind('#'); hash != std::string_view::npos) {
        t.remove_prefix(hash + 1);
    }
    if (auto colon = t.find(':'); colon != std::string_view::npos) {
        t = t.substr(0, colon);
    }
    return std::string(t);
}

answer judge_error(http_response const& r) {
    answer v{.status = r.status};
    boost::system::error_code ec;
    auto body = json::parse(r.body, ec);
    json::object const* o = ec ? nullptr : body.if_object();
    if (o) {
        if (auto const* t = o->if_contains("__type"); t && t->is_string()) {
            v.type = short_type(t->get_string());
        }
        for (auto const* key : {"message", "Message"}) {
            if (auto const* m = o->if_contains(key); m && m->is_string()) {
                v.detail = std::string(m->get_string());
            }
        }
    }
    if (v.type.empty()) {
        v.type = short_type(r.header("x-amzn-ErrorType"));
    }
    if (!o && v.detail.empty()) {
        v.detail = "HTTP " + std::to_string(r.status) + ": " + r.body.substr(0, quoted_body_limit);
    }
    v.kind = classify(r.status, v.type);
    return v;
}

bool crc_matches(http_response const& r) {
    auto const expected = r.header("x-amz-crc32");
    if (expected.empty()) {
        return true;
    }
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(expected.data(), expected.data() + expected.size(), value);
    boost::crc_32_type crc;
    crc.process_bytes(r.body.data(), r.body.size());
    return ec == std::errc() && end == expected.data() + expected.size() && crc.checksum() == value;
}

// One attempt judged: the response object, or why not.
answer judge(http_outcome& o) {
    if (!o.response) {
        return answer{.transient = o.transient, .detail = std::move(o.failure)};
    }
    return read_answer(*o.response);
}

task<result<json::object>> run_call(state_ptr s, std::string operation, json::object request) {
    std::string const body = json::serialize(request);
    auto const executor = co_await asio::this_coro::executor;
    for (int attempt = 1;; ++attempt) {
        auto creds = co_await s->options.credentials.get();
        if (!creds) {
            auto const& e = creds.error();
            co_return error(static_cast<errc>(e.code().value()), "DynamoDB " + operation + ": " + e.message(),
                            e.service_type());
        }
        auto req = signed_request(*s, *creds, operation, body);
        auto outcome = co_await s->pool.exchange(std::move(req));
        auto v = judge(outcome);
        if (v.value) {
            co_return std::move(*v.value);
        }
        auto const delay =
            v.transient ? retry_delay(s->options.retry, attempt, v.kind, uniform_draw()) : std::nullopt;
        if (!delay) {
            co_return call_error(v, s->url, operation, attempt);
        }
        asio::steady_timer timer(executor, *delay);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            co_return call_error(v, s->url, operation, attempt);
        }
    }
}

bool is_active(json::object const& describe) {
    auto const* table = describe.if_contains("Table");
    auto const* status =
        table && table->is_object() ? table->as_object().if_contains("TableStatus") : nullptr;
    return status && status->is_string() && status->get_string() == "ACTIVE";
}

task<result<bool>> run_ensure_table(dynamodb_client client, json::object create,
                                    std::chrono::milliseconds poll, int attempts) {
    json::object describe;
    if (auto const* name = create.if_contains("TableName")) {
        describe["TableName"] = *name;
    }
    std::string create_op = "CreateTable";
    auto created = co_await client.call(std::move(create_op), std::move(create));
    if (!created && service_error_type(created.error()) != "ResourceInUseException") {
        co_return created.error();
    }
    auto const executor = co_await asio::this_coro::executor;
    for (int i = 0; i < attempts; ++i) {
        std::string describe_op = "DescribeTable";
        auto described = co_await client.call(std::move(describe_op), describe);
        if (!described) {
            co_return described.error();
        }
        if (is_active(*described)) {
            co_return created.has_value();
        }
        // Local servers finish at once and DynamoDB within seconds: 10, 20, 40 ms... up to `poll`.
        asio::steady_timer timer(executor,
                                 std::min(poll, std::chrono::milliseconds(10) * (1 << std::min(i, 16))));
        co_await timer.async_wait(asio::use_awaitable);
    }
    co_return error(errc::unavailable, "DynamoDB at " + client.endpoint_url() + ": table " +
                                           json::serialize(describe["TableName"]) + " is not ACTIVE yet");
}

} // namespace

error call_error(answer const& last, std::string_view url, std::string_view operation, int attempts) {
    std::string const why = last.type.empty() ? last.detail : last.type + ": " + last.detail;
    if (last.kind == failure::rejected) {
        return error(errc::rejected, "DynamoDB " + std::string(operation) + ": " + why, last.type);
    }
    // Only an answer read by read_answer has a status without being throttling, 5xx or a rejection.
    bool const malformed = last.kind == failure::connection && last.status != 0;
    return error(malformed ? errc::malformed_answer : errc::unavailable,
                 "DynamoDB at " + std::string(url) + " unavailable for " + std::string(operation) +
                     " after " + std::to_string(attempts) + (attempts == 1 ? " attempt: " : " attempts: ") +
                     why,
                 last.type);
}

answer read_answer(http_response const& r) {
    if (r.status != 200) {
        return judge_error(r);
    }
    if (!crc_matches(r)) {
        return answer{.detail = "the answer's x-amz-crc32 does not match its body", .status = r.status};
    }
    boost::system::error_code ec;
    auto body = json::parse(r.body, ec);
    if (ec || !body.is_object()) {
        return answer{.detail = "the answer is not a JSON object", .status = r.status};
    }
    return answer{.value = std::move(body.as_object())};
}

result<dynamodb_options> dynamodb_options_from_environment(environment const& env) {
    auto region = region_from_environment(env);
    if (!region) {
        return region.error();
    }
    std::string ca_file = env("AWS_CA_BUNDLE").value_or(""); // the AWS CLI's and SDKs' variable for extra CAs
    auto creds = credentials_from_chain(env, {.region = *region, .ca_file = ca_file});
    if (!creds) {
        return creds.error();
    }
    dynamodb_options o{.region = std::move(*region),
                       .credentials = std::move(*creds),
                       .endpoint = endpoint_from_environment("DYNAMODB", env).value_or("")};
    o.http.ca_file = std::move(ca_file);
    return o;
}

result<dynamodb_client> dynamodb_client::create(asio::any_io_executor ex, dynamodb_options o) {
    if (o.region.empty()) {
        return error(errc::missing_configuration, "DynamoDB: no region (set AWS_REGION)");
    }
    if (!o.credentials) {
        return error(errc::missing_configuration,
                     "DynamoDB: no credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or another "
                     "source: docs/storage-dynamodb.md, Credentials)");
    }
    auto ep = parse_endpoint(o.endpoint.empty() ? default_dynamodb_endpoint(o.region) : o.endpoint);
    if (!ep) {
        return ep.error();
    }
    auto pool = http_pool::create(std::move(ex), std::move(*ep), o.http);
    if (!pool) {
        return pool.error();
    }
    std::string url = pool->target().url();
    return dynamodb_client(std::make_shared<state>(
        state{.options = std::move(o), .pool = std::move(*pool), .url = std::move(url)}));
}

task<result<json::object>> dynamodb_client::call(std::string operation, json::object request) const {
    return run_call(state_, std::move(operation), std::move(request));
}

task<result<bool>> dynamodb_client::ensure_table(json::object create_table_request,
                                                 std::chrono::milliseconds poll, int attempts) const {
    return run_ensure_table(*this, std::move(create_table_request), poll, attempts);
}

std::string const& dynamodb_client::endpoint_url() const {
    return state_->url;
}

http_pool const& dynamodb_client::pool() const {
    return state_->pool;
}

std::string service_error_type(error const& e) {
    return e.service_type();
}

bool is_conditional_check_failed(error const& e) {
    return service_error_type(e) == "ConditionalCheckFailedException";
}

json::object string_attribute(std::string_view value) {
    return json::object{{"S", value}};
}

json::object number_attribute(std::int64_t value) {
    return json::object{{"N", std::to_string(value)}};
}

json::object binary_attribute(std::string_view bytes) {
    return json::object{{"B", mcp::json::base64_encode(bytes)}};
}

std::optional<std::string> read_binary(json::object const& item, std::string_view name) {
    auto const* a = item.if_contains(name);
    auto const* o = a ? a->if_object() : nullptr;
    auto const* b = o ? o->if_contains("B") : nullptr;
    return b && b->is_string() ? mcp::json::base64_decode(b->get_string()) : std::nullopt;
}

std::optional<std::string> read_string(json::object const& item, std::string_view name) {
    auto const* a = item.if_contains(name);
    auto const* o = a ? a->if_object() : nullptr;
    auto const* s = o ? o->if_contains("S") : nullptr;
    return s && s->is_string() ? std::optional<std::string>(std::string(s->get_string())) : std::nullopt;
}

std::optional<std::int64_t> read_number(json::object const& item, std::string_view name) {
    auto const* a = item.if_contains(name);
    auto const* o = a ? a->if_object() : nullptr;
    auto const* n = o ? o->if_contains("N") : nullptr;
    if (!n || !n->is_string()) {
        return std::nullopt;
    }
    auto const text = n->get_string();
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace mcp::aws
