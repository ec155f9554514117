// storage::error: how a session or event store fails, in storage's own terms (an errc and a boost::system
// category, as aws/error.hpp and Boost.MySQL do). Not JSON-RPC and not HTTP: the http boundary
// (http/store_errors.hpp) alone decides what a client sees, and never shows it this message.
//
//   errc                   when                                                     who can fix it
//   unavailable            the backend cannot serve now: unreachable, connection    nobody here: retry later
//                          lost, timed out, busy, disk or I/O failure, throttled,
//                          closed
//   session_limit          create() with max_sessions live sessions already         wait, or raise the limit
//   conflict               a concurrent save won, the session ended meanwhile, or   the caller: reload, retry
//                          create() of an id that is live
//   invalid_configuration  options or environment that cannot work (a bad           the operator
//                          MCP_STORE, table prefix, pool size, path; no AWS region
//                          or credentials)
//   schema_mismatch        the tables or file are not the layout this build uses:   the operator
//                          newer, older in verify mode, missing, other keys
//   malformed_data         what the backend holds or answered is not what this      the operator
//                          library wrote (a damaged row or item, a missing
//                          attribute)
//   rejected               the backend refused the data or the request (too         the caller or operator
//                          large, invalid for it, not permitted); the same call
//                          fails again
//
// Invariants: every backend (memory, sqlite, postgres, dynamodb) uses these codes with these meanings (the
// contract suite in storage/testing checks them); the message is for an operator (it names the backend, the
// file, host or table, and what to do) and never holds a secret.
#pragma once

#include <mcp/core/coded_error.hpp>

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <type_traits>

namespace mcp::storage {

enum class errc {
    unavailable = 1,
    session_limit,
    conflict,
    invalid_configuration,
    schema_mismatch,
    malformed_data,
    rejected,
};

} // namespace mcp::storage

template <>
struct boost::system::is_error_code_enum<mcp::storage::errc> : std::true_type {};

namespace mcp::storage {

// The category of errc: name() is "mcp.storage", message(v) a short phrase per errc ("store unavailable",
// for logs). A single instance.
boost::system::error_category const& error_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

using error = core::coded_error<errc>;

template <class T = void>
using result = boost::system::result<T, error>;

} // namespace mcp::storage
