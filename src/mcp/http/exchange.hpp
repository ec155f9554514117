// The exchange: one HTTP request and the means to answer it, independent of sockets (ARCHITECTURE.md section
// 3). The Beast listener, the Lambda runtime and the tests each turn their input into an exchange and hand it
// to the same streamable handler, so HTTP and Lambda agree by construction.
//
//   front door --request--> streamable handler --respond() or start()/write()/finish()--> response_writer
#pragma once

#include <mcp/core/field_list.hpp>
#include <mcp/core/task.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mcp::http {

// ASCII lowercase: header names, host names and media types compare case-insensitively.
std::string lowercase(std::string_view s);
// ASCII case-insensitive equality, without the locale.
bool iequals(std::string_view a, std::string_view b);
// RFC 9110 section 5.6.2: 1*tchar (a header name, a method, a media type's parts).
bool is_token(std::string_view s);
// A client-sent value (a header, a path, a method) as it may be quoted in a message: error bodies are JSON,
// which must be UTF-8, and a log entry should stay one line. Bytes outside printable ASCII, and the
// backslash, become \xNN; past `limit` bytes the rest is cut to "...". (fuzz/http: a Host header of invalid
// UTF-8 was echoed into a 403's JSON body, which no client could parse.)
std::string printable(std::string_view value, std::size_t limit = 120);

// Header fields with lowercase names, in arrival order (a name may repeat), their text in one buffer
// (core/field_list.hpp): a view from get() or fields() is valid until the next change.
class headers {
public:
    headers() = default;
    headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);

    // The first value of `name` (case-insensitive); nullopt when absent.
    std::optional<std::string_view> get(std::string_view name) const;
    // Every value of `name`, joined with ", " as RFC 9110 allows for list-valued fields.
    std::optional<std::string> get_joined(std::string_view name) const;
    // The same, as a view: of the one value when `name` comes once (no copy), else of `buffer`, joined there.
    std::optional<std::string_view> get_joined(std::string_view name, std::string& buffer) const;
    void add(std::string_view name, std::string_view value);
    void set(std::string_view name, std::string_view value); // replaces every value of `name`
    void erase(std::string_view name);
    // (name, value) string_view pairs, in arrival order.
    core::field_list const& fields() const { return fields_; }
    // Moves every field out, leaving no field.
    core::field_list take_fields() { return std::exchange(fields_, {}); }
    void reserve(std::size_t fields, std::size_t text_bytes) { fields_.reserve(fields, text_bytes); }

private:
    core::field_list fields_;
};

struct request {
    std::string method; // "POST", "GET", "DELETE", "OPTIONS", ...
    std::string target; // path and query, e.g. "/mcp?x=1"
    http::headers headers;
    std::string body;
    std::string remote_address; // for logs and rate limits; never trusted for identity
    // When the front door must have the whole answer (Lambda: the invocation's deadline). SSE streams end by
    // then (the client resumes with Last-Event-ID); the work behind them goes on. nullopt: no deadline.
    std::optional<std::chrono::steady_clock::time_point> deadline;
    // Metadata that the front door's own code vouches for (the Lambda invocation's x-lambda-*, an API Gateway
    // authorizer's x-authorizer-*): it reaches middleware and handlers as request metadata. Names that are
    // reserved for such metadata (is_reserved_metadata_name) are dropped from `headers` by the handler, on
    // every front door, so a client can never pose as them.
    http::headers trusted;
};

// How the handler answers. A writer is used from one coroutine at a time (the handler's).
// Either respond() once, or start() then any number of write() then finish().
class response_writer {
public:
    virtual ~response_writer() = default;

    // The whole response at once.
    virtual task<> respond(int status, http::headers headers, std::string body) = 0;
    // Sends the status and headers of a streamed response (chunked over HTTP/1.1).
    virtual task<> start(int status, http::headers headers) = 0;
    // Sends bytes of a started response; false when the client is gone (the handler then stops writing).
    virtual task<bool> write(std::string bytes) = 0;
    // Ends a started response.
    virtual task<> finish() = 0;
    // True when the client has gone away (the handler polls it between events of a long stream).
    virtual bool client_gone() const { return false; }
};

} // namespace mcp::http
