// mcp::error: the one error value of the framework, shaped like a JSON-RPC error object.
// Expected failures travel as `mcp::result<T>` (boost::system::result<T, mcp::error>); exceptions are for
// bugs.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/json.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mcp::protocol {

// JSON-RPC 2.0 and MCP error codes. The server-defined ones (-32000 to -32099) are stable: clients may match
// them.
namespace code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
inline constexpr int unauthenticated = -32001;    // ours: middleware says who you are is unknown
inline constexpr int resource_not_found = -32002; // MCP 2025-11-25 server/resources, error handling
inline constexpr int forbidden = -32003;          // ours: middleware says you may not
inline constexpr int request_timeout = -32004;    // ours: a server-to-client request got no answer in time
inline constexpr int capability_missing = -32005; // ours: the client did not declare the needed capability
inline constexpr int store_unavailable = -32010;  // ours: the session store failed (http/store_errors.hpp)
inline constexpr int session_limit = -32011;      // ours: the server holds as many sessions as it may
inline constexpr int access_unavailable = -32012; // ours: access tokens cannot be verified now (keys unreachable)
// MCP 2026-07-28 basic/index, error codes (-32020 to -32099 belong to the spec; HTTP answers them with 400).
inline constexpr int header_mismatch = -32020;           // an Mcp-* header disagrees with the body
inline constexpr int missing_client_capability = -32021; // data.requiredCapabilities: what to declare
inline constexpr int unsupported_protocol_version = -32022; // data: {supported, requested}
inline constexpr int rate_limited = -32029;       // ours: data.retryAfter says when to retry (seconds)
inline constexpr int url_elicitation_required = -32042; // MCP 2025-11-25 client/elicitation
} // namespace code

class error {
public:
    // boost::system::result<T, error>::error() needs a default; it is a generic internal error.
    explicit error() : code_(code::internal_error), message_("Internal error") {}
    explicit error(int code, std::string message, std::optional<boost::json::value> data = {})
        : code_(code), message_(std::move(message)), data_(std::move(data)) {}

    static error parse_error(std::string message) { return error(code::parse_error, std::move(message)); }
    static error invalid_request(std::string message) {
        return error(code::invalid_request, std::move(message));
    }
    static error method_not_found(std::string method);
    static error invalid_params(std::string message) {
        return error(code::invalid_params, std::move(message));
    }
    static error internal(std::string message = "Internal error") {
        return error(code::internal_error, std::move(message));
    }
    static error unauthenticated(std::string message = "Authentication required") {
        return error(code::unauthenticated, std::move(message));
    }
    static error forbidden(std::string message = "Forbidden") {
        return error(code::forbidden, std::move(message));
    }
    // data: {"retryAfter": seconds}
    static error rate_limited(std::chrono::seconds retry_after, std::string message = "Rate limit exceeded");
    static error resource_not_found(std::string const& uri);
    // 2026-07-28 basic/index: the request needs a capability its _meta did not declare; `required` is a
    // ClientCapabilities object ({"sampling": {}}).
    static error missing_capability(boost::json::object required, std::string message);
    // 2026-07-28 basic/versioning: data {"supported": served_versions, "requested": requested}.
    static error unsupported_version(std::string_view requested);
    static error header_mismatch(std::string message) { return error(code::header_mismatch, std::move(message)); }

    int code() const { return code_; }
    std::string const& message() const { return message_; }
    std::optional<boost::json::value> const& data() const { return data_; }

    // {"code": ..., "message": ..., "data": ...}
    boost::json::object to_json() const;
    // Reads a JSON-RPC error object (a client's error response); nullopt when it is not one.
    static std::optional<error> from_json(boost::json::value const& v);

    friend bool operator==(error const&, error const&) = default;

private:
    int code_;
    std::string message_;
    std::optional<boost::json::value> data_;
};

// What result<T>::value() throws when it holds an error: what() reads "<message> (code <code>)".
class exception : public std::runtime_error {
public:
    explicit exception(error e);
    error const& err() const { return err_; }
    int code() const { return err_.code(); }

private:
    error err_;
};

// boost::system::result calls this (found by ADL) when value() is used on an error; it throws `exception`.
[[noreturn]] void throw_exception_from_error(error const& e, boost::source_location const& loc);

} // namespace mcp::protocol

namespace mcp {
using protocol::error;
template <class T = void>
using result = boost::system::result<T, error>;
} // namespace mcp
