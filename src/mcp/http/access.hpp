// Access policy: who may use the endpoint, decided at the HTTP level before any JSON-RPC work (MCP 2025-11-25
// basic/authorization). The streamable handler asks it; an implementation decides. mcp::auth's
// resource_server (auth/resource_server.hpp) is the OAuth 2.1 bearer-token one; a team with API keys or mTLS
// headers from a trusted proxy writes its own.
//
//   POST/GET/DELETE /mcp --admit(req)--> refusal: answered as it is (401 + WWW-Authenticate, 503), nothing else
//                              |           runs: no session is looked up, no store is read, no handler runs
//                              | admitted: req.trusted now holds what the policy vouches for (x-mcp-auth-*)
//                              v
//        each JSON-RPC request of a POST --permit(req, method, params)--> refusal (403 insufficient_scope)
//                              v
//        the session named must have been made by the same principal (request_metadata.hpp principal_from),
//        else 404 as an unknown session
//   GET <a path of document()> --> 200 application/json, no credentials needed (protected-resource metadata)
//
// OPTIONS (CORS preflight, which browsers send without credentials), /health, the metrics path and the extra
// routes of streamable_options::routes are not asked about. The policy runs on many connections at once: admit may suspend (a key fetch, an introspection)
// and must be safe to call concurrently.
#pragma once

#include <mcp/core/env.hpp>
#include <mcp/core/task.hpp>
#include <mcp/http/exchange.hpp>
#include <mcp/protocol/error.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::http {

struct access_refusal {
    int status = 401;      // 401, 403 or 503
    http::headers headers; // WWW-Authenticate (RFC 6750 section 3), Retry-After
    error reason;          // the JSON-RPC error of the body, whose message says what to do
};

class access_policy {
public:
    virtual ~access_policy() = default;

    // Before anything else on the endpoint. To admit, add the principal's metadata to `req.trusted` (names
    // that is_reserved_metadata_name() accepts, which no client header can set; x-mcp-auth-subject is the one
    // that binds sessions and tasks) and return nullopt.
    virtual task<std::optional<access_refusal>> admit(request& req) = 0;
    // Whether the admitted request may call `method` with `params` (a tool's or prompt's name, a URI): scopes
    // per method, tool or prompt. Pure: what admit() put in req.trusted is what it knows.
    virtual std::optional<access_refusal> permit(request const& req, std::string_view method,
                                                 boost::json::object const& params) const = 0;
    // A JSON document this policy publishes at `path` (RFC 9728 protected-resource metadata), or nullopt.
    virtual std::optional<std::string> document(std::string_view path) const = 0;
};

// How streamable_options_from_environment (environment.hpp) reaches mcp::auth without linking it, as
// storage::open reaches the store backends: mcp::auth registers its factory from a static initialiser when a
// program links it. The factory reads MCP_AUTH_* (docs/auth.md); errors name the variable.
using access_factory = result<std::shared_ptr<access_policy>> (*)(environment const& env);
bool register_access_factory(access_factory factory); // returns true, for a namespace-scope initialiser
access_factory registered_access_factory();           // nullptr when the program does not link mcp::auth

// Answers with `refusal`: its status, its headers after `base` (the CORS headers), its error as the body.
task<> reply_refusal(response_writer& out, access_refusal refusal, headers base);

} // namespace mcp::http
