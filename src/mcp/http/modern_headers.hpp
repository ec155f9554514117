// The request headers that MCP 2026-07-28 mirrors from a POST body (SEP-2243), checked on the server side
// against the parsed body: Mcp-Method, Mcp-Name, and the Mcp-Param-{Name} headers that a tool's
// `x-mcp-header` annotations designate; and the check of those annotations themselves. Pure: no I/O, no
// coroutine, no state.
//
// Not for: MCP-Protocol-Version (negotiation and the body's _meta), turning a problem into a 400 answer with
// HeaderMismatch (-32020; the streamable handler does that), or building the headers on the client side.
//
//   body --parse--> method, params --standard_header_problem(headers, method, params)--> nullopt | message
//   tool's inputSchema --tool_param_headers--> [param_header] --param_header_problem(headers, ...,
//   arguments)-->
//
// Invariants (2026-07-28 basic/transports/streamable-http):
// - Header names compare case-insensitively, values case-sensitively ("Case Sensitivity"); optional
//   whitespace (SP, HTAB) around a value is not part of it (RFC 9110 section 5.5).
// - A mirrored header appears at most once (RFC 9110 section 5.3: none of them is a list), and its value
// holds
//   only field-vchar, SP and HTAB ("Value Encoding"; "Server Validation": invalid characters are a failure).
// - Mcp-Name and Mcp-Param-* may carry `=?base64?{standard, padded base64}?=` and are compared after
// decoding;
//   Mcp-Method never is. Either marker missing or in another case: the value is literal ("Value Encoding").
// - A body value that is absent or null expects no header; a header sent for it is a mismatch (see
//   param_header_problem). A body value with no header is a mismatch ("Server Behavior for Custom Headers").
// Messages quote client values through printable(): they are safe in a JSON error body and a log line.
#pragma once

#include <mcp/http/exchange.hpp>
#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::http {

// Checks Mcp-Method against the body's `method` (every POST of a request or a notification) and Mcp-Name
// against the field the method names it by: params.name for tools/call and prompts/get, params.uri for
// resources/read ("Standard Request Headers"), params.taskId for tasks/get, tasks/update and tasks/cancel
// (the io.modelcontextprotocol/tasks extension, SEP-2663 "Streamable HTTP: Routing Headers"). nullopt when
// they agree, else a message for the client. When that body field is absent or not a string, Mcp-Name is not
// required (the method refuses the params itself) but one that is sent is a mismatch. Mcp-Name on other
// methods is not a mirrored header and is ignored.
std::optional<std::string> standard_header_problem(headers const& h, std::string_view method,
                                                   boost::json::object const& params);

// A header value as the body holds it: the bytes of `=?base64?...?=` (markers exact and lowercase, the base64
// standard, padded, and canonical: it must be what RFC 4648 section 4 encoding of those bytes yields), else
// the value itself. nullopt when the markers are there but what lies between them is not such base64.
// `value` is trimmed already; its characters are not checked here.
std::optional<std::string> decode_header_value(std::string_view value);

// One `x-mcp-header` annotation: header Mcp-Param-{name}, mirroring the argument at `path` (property names
// from the root of `arguments`; two or more for a nested object's property).
struct param_header {
    enum class kind { string, integer, boolean };
    std::string name; // as the annotation spells it ("Region")
    std::vector<std::string> path;
    kind type = kind::string;

    friend bool operator==(param_header const&, param_header const&) = default;
};

// The annotations of a tool's inputSchema, in schema order, or an invalid_params error whose message names
// the bad annotation by its JSON pointer (the caller adds the tool's name: a server refuses to register the
// tool, a client leaves it out of tools/list; 2026-07-28 server/tools "x-mcp-header"). An annotation is valid
// when it is a non-empty RFC 9110 token, case-insensitively unique in the schema, on a property whose "type"
// is "string", "integer" or "boolean", reached from the root through `properties` keys alone (streamable-http
// "Schema Extension"). An annotation anywhere else (items, anyOf, $defs, $ref'd schemas, the root) is
// invalid. Values under const, enum, default and examples are instances, not schemas, and are not searched.
mcp::result<std::vector<param_header>> tool_param_headers(boost::json::object const& input_schema);

// Checks the Mcp-Param-{name} header of each annotation against a tools/call's `arguments`: a string must
// equal the (decoded) header; an integer must equal it as a number (the header a decimal number such as "42",
// "042", "-7" or "42.0"; no exponent, no '+'), and lie within +/-(2^53 - 1); a boolean must be "true" or
// "false". A body value of another JSON type than the annotation's is a mismatch. Mcp-Param-* headers that no
// annotation names are ignored ("Server Behavior for Custom Headers": intermediaries forward them, so they
// mean nothing here). nullopt when every annotated header agrees, else a message for the client.
std::optional<std::string> param_header_problem(headers const& h, std::vector<param_header> const& params,
                                                boost::json::object const& arguments);

} // namespace mcp::http
