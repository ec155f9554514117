// Fuzzes SigV4 canonicalisation and signing (aws/sigv4.hpp). An input is a request in lines: the method, the
// path, the query ("a=1&b=2", decoded names and values), then "name: value" header lines up to an empty line,
// then the body. Checked: encoding keeps only unreserved characters and %XX, the canonical path and header
// values have the canonical form, the query is sorted, and signing is deterministic.
#include "fuzz_input.hpp"

#include <mcp/aws/sigv4.hpp>

#include <algorithm>

namespace {

using namespace mcp::aws;

bool unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

bool upper_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

// Only unreserved characters (and '/' when kept) and %XX with uppercase hex digits.
void check_encoded(std::string_view s, bool keep_slash) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            MCP_FUZZ_CHECK(i + 2 < s.size() && upper_hex(s[i + 1]) && upper_hex(s[i + 2]));
            i += 2;
            continue;
        }
        MCP_FUZZ_CHECK(unreserved(s[i]) || (keep_slash && s[i] == '/'));
    }
}

void check_path(std::string_view path) {
    auto const canonical = sigv4::canonical_uri(path);
    MCP_FUZZ_CHECK(canonical.starts_with('/'));
    MCP_FUZZ_CHECK(canonical.find("//") == std::string::npos);
    MCP_FUZZ_CHECK(canonical.find("/./") == std::string::npos && canonical.find("/../") == std::string::npos);
    check_encoded(canonical, true);
}

void check_header_value(std::string_view value) {
    auto const canonical = sigv4::canonical_header_value(value);
    MCP_FUZZ_CHECK(canonical.find_first_of("\t\r\n") == std::string::npos);
    MCP_FUZZ_CHECK(canonical.find("  ") == std::string::npos);
    MCP_FUZZ_CHECK(canonical.empty() || (canonical.front() != ' ' && canonical.back() != ' '));
}

// "name=value" pairs joined with '&', each part encoded, sorted.
void check_query(std::string_view query) {
    std::string_view previous;
    while (!query.empty()) {
        auto const pair = query.substr(0, query.find('&'));
        query.remove_prefix(std::min(query.size(), pair.size() + 1));
        auto const eq = pair.find('=');
        MCP_FUZZ_CHECK(eq != std::string_view::npos);
        check_encoded(pair.substr(0, eq), false);
        check_encoded(pair.substr(eq + 1), false);
        MCP_FUZZ_CHECK(previous.substr(0, previous.find('=')) <= pair.substr(0, eq));
        previous = pair;
    }
}

std::vector<sigv4::query_param> query_of(std::string_view text) {
    std::vector<sigv4::query_param> out;
    while (!text.empty()) {
        auto const pair = text.substr(0, text.find('&'));
        text.remove_prefix(std::min(text.size(), pair.size() + 1));
        auto const eq = pair.find('=');
        out.push_back({std::string(pair.substr(0, eq)),
                       eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1))});
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    sigv4::request r;
    r.method = in.line();
    r.path = in.line();
    r.query = query_of(in.line());
    for (auto line = in.line(); !line.empty(); line = in.line()) {
        auto const colon = line.find(':');
        r.headers.push_back({std::string(line.substr(0, colon)), colon == std::string_view::npos
                                                                     ? std::string()
                                                                     : std::string(line.substr(colon + 1))});
    }
    r.body = in.rest();

    check_path(r.path);
    check_encoded(sigv4::uri_encode(r.path, true), true);
    check_encoded(sigv4::uri_encode(r.body), false);
    for (auto const& h : r.headers)
        check_header_value(h.value);
    check_query(sigv4::canonical_query(r.query));

    mcp::aws::credentials const keys{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token"};
    auto const at = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160 + size));
    auto const a = sigv4::sign(r, keys, {.region = "us-east-1", .service = "dynamodb"}, at,
                               {.content_sha256_header = true});
    auto const b = sigv4::sign(r, keys, {.region = "us-east-1", .service = "dynamodb"}, at,
                               {.content_sha256_header = true});
    MCP_FUZZ_CHECK(a.authorization == b.authorization && a.amz_date == b.amz_date);
    MCP_FUZZ_CHECK(a.authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    MCP_FUZZ_CHECK(a.content_sha256 == sigv4::sha256_hex(r.body));
    return 0;
}
