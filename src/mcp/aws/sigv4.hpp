// AWS Signature Version 4 for requests signed in the Authorization header, as pure functions: no clock, no I/O,
// no environment. The caller passes the time, so the same inputs always give the same signature; the tests
// compare ours with the reference signer @smithy/signature-v4 (tests/aws/sigv4_reference.mjs).
//
// Not for: presigned URLs, S3 (single-encoded paths, unsigned or chunked payloads), SigV4a.
//
//   request + credentials + scope + time
//        -> canonical request  (method, canonical URI, canonical query, canonical headers, signed headers, hash)
//        -> string to sign     (algorithm, x-amz-date, credential scope, hash of the canonical request)
//        -> signature          (HMAC-SHA256 with the key derived from the secret, date, region, service)
//        -> Authorization, x-amz-date [, x-amz-security-token] [, x-amz-content-sha256]
#pragma once

#include <mcp/aws/credentials.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::aws::sigv4 {

struct header {
    std::string name;
    std::string value;
};

// A query parameter, decoded (the signer encodes it).
struct query_param {
    std::string name;
    std::string value;
};

// What is signed. Views into the caller's data: sign() does not keep them.
struct request {
    std::string_view method = "POST";
    // The path as sent on the wire (already percent-encoded where needed). It is normalized ("." and ".." and
    // empty segments removed) and encoded once more, as every service but S3 expects.
    std::string_view path = "/";
    std::vector<query_param> query;
    // Every header to sign, `host` included. Not authorization, x-amz-date, x-amz-security-token or
    // x-amz-content-sha256: sign() makes those. Names are case-insensitive; a repeated name is signed as the
    // values joined with ','.
    std::vector<header> headers;
    std::string_view body;
};

struct scope {
    std::string_view region;  // "us-east-1"
    std::string_view service; // "dynamodb"
};

struct options {
    bool content_sha256_header = false; // also sign and return x-amz-content-sha256
};

// The headers to add to the request, verbatim.
struct signature {
    std::string authorization;
    std::string amz_date;       // x-amz-date
    std::string security_token; // x-amz-security-token; empty when the credentials have no session token
    std::string content_sha256; // x-amz-content-sha256; empty unless options asked for it

    // The non-empty ones as (name, value) pairs, names lowercase.
    std::vector<header> headers() const;
};

signature sign(request const& r, credentials const& c, scope s, std::chrono::system_clock::time_point at,
               options o = {});

// The steps, public for the tests (AWS docs, "Create a signed AWS API request", SigV4).

// Percent-encodes every byte but A-Z a-z 0-9 - _ . ~ (and '/' when keep_slash), with uppercase hex digits.
std::string uri_encode(std::string_view s, bool keep_slash = false);
// The normalized, double-encoded path ("/" when empty).
std::string canonical_uri(std::string_view path);
// Encoded names and values sorted by name then value, joined with '&'.
std::string canonical_query(std::vector<query_param> const& query);
// A header value with line breaks turned into spaces, runs of spaces and tabs collapsed, and ends trimmed.
std::string canonical_header_value(std::string_view value);
// "20150830T123600Z" (UTC).
std::string amz_date(std::chrono::system_clock::time_point at);
// Lowercase hex SHA-256.
std::string sha256_hex(std::string_view data);
// The canonical request for the given headers (the caller's plus the generated ones) and payload hash.
std::string canonical_request(request const& r, std::vector<header> const& headers, std::string_view payload_hash);

} // namespace mcp::aws::sigv4
