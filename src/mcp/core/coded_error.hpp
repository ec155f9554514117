// core::coded_error<Errc>: a layer's failure in that layer's own terms: one of its error codes (an enum that
// boost::system knows, with the layer's category) and a message for an operator. storage::error is one;
// aws::error extends one with the service's error type. Not JSON-RPC and not HTTP: the http boundary decides
// what a client sees.
//
//   storage::result<int> r = storage::error(storage::errc::conflict, "session a1b2: saved meanwhile");
//   if (!r && r.error().code() == storage::errc::conflict) ...   // compare with the enum directly
//   r.value();   // on an error: throws boost::system::system_error with the code and the message
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <string>
#include <utility>

namespace mcp::core {

// Errc must have make_error_code(Errc) findable by ADL (boost::system's convention for error code enums).
template <class Errc>
class coded_error {
public:
    // A default value (what result<T, E>::error() gives when it holds a value): a success code, no text.
    coded_error() = default;
    coded_error(Errc code, std::string message) : code_(make_error_code(code)), message_(std::move(message)) {}

    boost::system::error_code code() const { return code_; }
    std::string const& message() const { return message_; }

    friend bool operator==(coded_error const&, coded_error const&) = default;

    // boost::system::result calls this (found by ADL) when value() is used on an error.
    [[noreturn]] friend void throw_exception_from_error(coded_error const& e, boost::source_location const& loc) {
        boost::throw_exception(boost::system::system_error(e.code(), e.message()), loc);
    }

private:
    boost::system::error_code code_;
    std::string message_;
};

} // namespace mcp::core
