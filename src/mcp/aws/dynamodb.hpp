// The DynamoDB client of the aws layer: JSON 1.0 calls (POST, X-Amz-Target: DynamoDB_20120810.<Operation>),
// signed with SigV4, over the kept-alive connections of an http_pool, retried with backoff and jitter. It
// knows the wire protocol, not any table: the DynamoDB session and event stores are built on top of it.
//
//   call("UpdateItem", {...})
//     -> body = serialize(request)
//     -> attempt n: credentials.get() (no credentials: that error, final)
//                   sign(now) -> http_pool::exchange -> 200: parse, check x-amz-crc32 -> the response object
//                                                    -> 4xx (not throttling): the service's answer, final
//                                                    -> throttling, 5xx, connection failure, timeout:
//                                                       wait retry_delay(n, uniform draw), attempt n + 1
//     -> attempts spent: errc::unavailable (errc::malformed_answer when the last answer broke the protocol)
//
// What the client guarantees (what a store built on it may rely on):
//  - Errors are values (aws::error, error.hpp), never exceptions (an exception means a bug or a cancelled
//    coroutine):
//      * the service said no (a 4xx other than throttling): errc::rejected, the message reads
//        "DynamoDB <Operation>: <Type>: <service message>", and service_error_type(e) gives the short type
//        ("ConditionalCheckFailedException", "ResourceNotFoundException", "ValidationException", ...); such
//        answers are never retried. is_conditional_check_failed(e) recognizes a failed ConditionExpression;
//      * the endpoint cannot serve: unreachable, refused, timed out, TLS certificate rejected (not
//        retried), or throttling / 5xx still there after retry_policy::max_attempts attempts:
//        errc::unavailable; an answer that breaks the protocol (x-amz-crc32 mismatch, not a JSON object) on
//        the last attempt: errc::malformed_answer. Both have a message naming the endpoint URL and the
//        operation (cannot_serve(e) is true for both); service_error_type(e) is the last throttling or 5xx
//        type, if any.
//  - The response object is exactly the JSON the service returned (for example "Attributes" of UpdateItem
//    with ReturnValues, "Items" and "LastEvaluatedKey" of Query): no unmarshalling, no pagination.
//  - Each attempt is signed anew (fresh x-amz-date) with the provider's current credentials (temporary ones
//    are refreshed before they expire: credential_provider.hpp); the request body is the same byte for byte.
//    When the provider cannot give credentials, the call ends with its error (its code, and a message that
//    starts "DynamoDB <Operation>: " and names the credential source), not retried: the provider has its own.
//  - A retried write may have been applied once already (the answer, not the request, was lost). Conditional
//    writes may then fail on the retry with ConditionalCheckFailedException against their own first attempt,
//    and an ADD counter may skip a value; values it returns are still distinct. Design writes for that.
//  - Calls may run concurrently from any number of coroutines and threads; each has its own connection for
//    its duration. DynamoDB orders nothing between concurrent calls: atomicity comes from single-item
//    conditional writes (no transactions are used: dynalite, the test server, has none).
//  - Secrets are never put in messages, errors or logs.
#pragma once

#include <mcp/aws/credential_chain.hpp>
#include <mcp/aws/credential_provider.hpp>
#include <mcp/aws/error.hpp>
#include <mcp/aws/http_pool.hpp>
#include <mcp/aws/retry.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::aws {

struct dynamodb_options {
    std::string region; // signs the requests; names the default endpoint
    // Fixed keys (`aws::credentials{...}` converts) or a source refreshed as needed (credential_chain.hpp).
    credential_provider credentials;
    std::string endpoint; // empty: https://dynamodb.<region>.amazonaws.com
    retry_policy retry{};
    http_pool_options http{};
};

// Region, credentials and endpoint from the standard variables: AWS_REGION or AWS_DEFAULT_REGION (credentials.hpp),
// the credential chain (credential_chain.hpp: keys, web identity, container, EC2 instance metadata),
// AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL, and AWS_CA_BUNDLE (extra trusted CAs, PEM). Errors
// (missing_configuration, invalid_configuration) name the variable to set or fix.
result<dynamodb_options> dynamodb_options_from_environment(environment const& env = process_environment);

// A handle: copies share one connection pool; a call in flight keeps what it needs alive, so the handle may
// go before the call ends. The io_context behind `ex` must outlive every handle and every call.
class dynamodb_client {
public:
    // Errors: missing region or credentials (missing_configuration); a malformed endpoint, plain HTTP to a
    // host that is not local, a TLS context that cannot be set up (invalid_configuration).
    static result<dynamodb_client> create(boost::asio::any_io_executor ex, dynamodb_options o);

    // One DynamoDB operation ("PutItem", "Query", ...) with its request object; the response object, or an
    // error as described above. Suspends; may be called concurrently.
    task<result<boost::json::object>> call(std::string operation, boost::json::object request) const;

    // CreateTable, unless the table exists (ResourceInUseException), then DescribeTable until it is ACTIVE
    // (polling after 10 ms, then twice as long each time up to `poll`, at most `attempts` times). true when
    // this call created it.
    task<result<bool>> ensure_table(boost::json::object create_table_request,
                                    std::chrono::milliseconds poll = std::chrono::milliseconds(200),
                                    int attempts = 150) const;

    // The endpoint URL, for messages and logs.
    std::string const& endpoint_url() const;
    http_pool const& pool() const;

    struct state;

private:
    explicit dynamodb_client(std::shared_ptr<state> s) : state_(std::move(s)) {}
    std::shared_ptr<state> state_;
};

// One answer of the service as call() reads it (pure; public for the tests and fuzz/): the response object of
// a 200 whose body is a JSON object and whose x-amz-crc32, when sent, matches it; otherwise what went wrong,
// with the AWS error type from the body's "__type" or the x-amzn-ErrorType header, and whether retrying may
// help.
struct answer {
    std::optional<boost::json::object> value;
    failure kind = failure::connection;
    bool transient = true;
    std::string detail; // what went wrong
    std::string type;   // the AWS error type ("ConditionalCheckFailedException"), when the service named one
    unsigned status = 0;
};
answer read_answer(http_response const& r);

// The error call() returns when its attempt number `attempts` failed with `last` and it gives up (pure;
// public for the tests): see the guarantees above. `url` is the endpoint's, for the message.
error call_error(answer const& last, std::string_view url, std::string_view operation, int attempts);

// The short AWS error type carried by an error of call() ("ConditionalCheckFailedException"), that is
// e.service_type(); empty when the error does not come from an answer of the service.
std::string service_error_type(error const& e);
bool is_conditional_check_failed(error const& e);

// DynamoDB JSON attribute values: {"S": "..."}, {"N": "42"} and {"B": "<base64>"}, and reading them back from
// an item. S must be valid UTF-8 (the service rejects or alters anything else); B carries any bytes. The read
// functions return nullopt when the attribute is absent, of another type, or (numbers) not an int64, or
// (binary) not valid base64.
boost::json::object string_attribute(std::string_view value);
boost::json::object number_attribute(std::int64_t value);
boost::json::object binary_attribute(std::string_view bytes);
std::optional<std::string> read_string(boost::json::object const& item, std::string_view name);
std::optional<std::int64_t> read_number(boost::json::object const& item, std::string_view name);
std::optional<std::string> read_binary(boost::json::object const& item, std::string_view name);

} // namespace mcp::aws
