// The claims of a JWT access token whose signature has been verified (RFC 7519 section 4.1, RFC 9068 section
// 2.2), checked against the configuration and turned into the principal a request acts for.
//
//   claim   required   check                                                  failure
//   iss     yes        a string equal to the configured issuer                wrong_issuer
//   aud     yes        a string, or an array of strings, that holds the      wrong_audience
//                      configured audience (the resource URI, RFC 8707)
//   exp     yes        a NumericDate with now < exp + skew                    expired
//   nbf     no         a NumericDate with nbf <= now + skew                   not_yet_valid
//   iat     no         a NumericDate with iat <= now + skew                   not_yet_valid
//   sub     yes        a string                                               -
//   scope   no         a space-separated string (RFC 8693 section 4.2)        -
//   scp     no         an array of strings, or a space-separated string      -
//
// A required claim that is absent is missing_claim; a claim of the wrong JSON type, or a NumericDate that is
// not a number of seconds within the years -6000 to 9999, is malformed. Times are compared in whole seconds.
//
// Not for: the signature or the key (validator.hpp), scopes required per tool (the middleware, still to
// come).
#pragma once

#include <mcp/auth/error.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <set>
#include <span>
#include <string>

namespace mcp::auth {

// Who a validated token speaks for. `claims` holds the claims validation_options::copied_claims named that
// the token has, as the token wrote them.
struct principal {
    std::string subject;
    std::string issuer;
    std::set<std::string, std::less<>> scopes; // `scope` and `scp` together
    std::chrono::sys_seconds expires_at{};
    boost::json::object claims;
};

// What validate_claims compares with. Views: they must outlive the call only.
struct claims_check {
    std::string_view issuer;
    std::string_view audience;
    std::chrono::seconds skew{60};
    std::chrono::system_clock::time_point now{};
    std::span<std::string const> copied_claims;
};

// The principal of a verified claims set, or the first failed check of the table above (in its order).
result<principal> validate_claims(boost::json::object const& claims, claims_check const& check);

} // namespace mcp::auth
