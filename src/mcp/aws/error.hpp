// aws::error: how the aws layer fails, in its own terms (an errc and a boost::system category, as Boost.MySQL
// names its client errors). Not JSON-RPC: a layer above maps it to its own errors (storage/dynamodb does, to
// store_unavailable and internal_error), and only the http boundary decides what a client sees.
//
//   errc                    when                                                        retried first?
//   missing_configuration   no region or no credentials                                 -
//   invalid_configuration   a malformed or unsafe endpoint URL, a TLS context that      -
//                           cannot be set up (an unreadable CA file)
//   rejected                the service said no (a 4xx other than throttling);          never
//                           service_type() names why ("ConditionalCheckFailedException")
//   unavailable             the endpoint cannot serve: unreachable, refused, timed      yes (not a rejected
//                           out, TLS certificate rejected, throttling or 5xx still      certificate)
//                           there when the attempts are spent, a table never ACTIVE
//   malformed_answer        an answer that breaks the protocol (x-amz-crc32 mismatch,   yes
//                           a 200 whose body is not a JSON object) on the last attempt
//
// Invariants: the message is for an operator (it names the endpoint, the operation and what went wrong) and
// never holds a secret (credentials.hpp); service_type() is the short AWS error type when the service named
// one, else empty.
#pragma once

#include <mcp/core/coded_error.hpp>

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <type_traits>

namespace mcp::aws {

enum class errc {
    missing_configuration = 1,
    invalid_configuration,
    rejected,
    unavailable,
    malformed_answer,
};

} // namespace mcp::aws

template <>
struct boost::system::is_error_code_enum<mcp::aws::errc> : std::true_type {};

namespace mcp::aws {

// The category of errc: name() is "mcp.aws", message(v) one sentence per errc. A single instance.
boost::system::error_category const& error_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

// An aws errc and a message (core::coded_error), plus the AWS error type when the service named one.
class error : public core::coded_error<errc> {
public:
    error() = default;
    error(errc code, std::string message, std::string service_type = {})
        : coded_error(code, std::move(message)), service_type_(std::move(service_type)) {}

    // The short AWS error type of the service's answer ("ResourceNotFoundException"); empty without one.
    std::string const& service_type() const { return service_type_; }

    friend bool operator==(error const&, error const&) = default;

private:
    std::string service_type_;
};

// true for the codes that mean "the endpoint cannot serve now" (unavailable, malformed_answer): a caller may
// try again later; the others will fail the same way until the configuration or the request changes.
bool cannot_serve(error const& e);

template <class T = void>
using result = boost::system::result<T, error>;

} // namespace mcp::aws
