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

#include <boost/assert/source_location.hpp>
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

class error {
public:
    // A default value (what result<T, error>::error() gives when it holds a value): a success code, no text.
    error() = default;
    error(errc code, std::string message, std::string service_type = {})
        : code_(make_error_code(code)), message_(std::move(message)), service_type_(std::move(service_type)) {
    }

    // Compare with an errc directly: `e.code() == aws::errc::rejected`.
    boost::system::error_code code() const { return code_; }
    std::string const& message() const { return message_; }
    // The short AWS error type of the service's answer ("ResourceNotFoundException"); empty without one.
    std::string const& service_type() const { return service_type_; }

    friend bool operator==(error const&, error const&) = default;

private:
    boost::system::error_code code_;
    std::string message_;
    std::string service_type_;
};

// true for the codes that mean "the endpoint cannot serve now" (unavailable, malformed_answer): a caller may
// try again later; the others will fail the same way until the configuration or the request changes.
bool cannot_serve(error const& e);

// boost::system::result calls this (found by ADL) when value() is used on an error: it throws
// boost::system::system_error with the code and the message.
[[noreturn]] void throw_exception_from_error(error const& e, boost::source_location const& loc);

template <class T = void>
using result = boost::system::result<T, error>;

} // namespace mcp::aws
