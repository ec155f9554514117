// Our SigV4 signer against the reference signer @smithy/signature-v4 (the one inside the AWS SDK for
// JavaScript v3), on every request of sigv4_cases.json: methods, paths that need encoding and normalizing,
// repeated and encoded query keys, header values with extra spaces and repeated names, empty, binary and
// large bodies, with and without a session token and x-amz-content-sha256, several regions, services and
// dates. sigv4_reference.mjs signs them all in one node run; each case here compares the headers sign()
// returns with the reference's, one by one, and the canonical requests, so that a mismatch shows where the
// two differ.
#include <mcp/aws/sigv4.hpp>

#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/wait.h>

#ifndef MCP_NODE_EXECUTABLE
#error "MCP_NODE_EXECUTABLE must name the node binary"
#endif

namespace {

namespace json = boost::json;
using namespace mcp::aws;

std::string const cases_file = MCP_SIGV4_CASES;

json::object read_cases() {
    std::ifstream in(cases_file);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
}

std::vector<std::string> case_names() {
    std::vector<std::string> out;
    auto const spec = read_cases();
    for (auto const& c : spec.at("cases").as_array())
        out.emplace_back(c.at("name").as_string());
    return out;
}

// Runs the reference signer once for every case; an error message instead when node or node_modules is
// missing.
struct reference_run {
    json::object results;
    std::string failure;
};

reference_run run_reference() {
    std::string const command =
        std::string(MCP_NODE_EXECUTABLE) + " " + MCP_SIGV4_REFERENCE + " " + cases_file + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return {.failure = "cannot run " + command};
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe))
        out.append(buf, n);
    int const status = ::pclose(pipe);
    if (status != 0)
        return {.failure = command + " failed (is node_modules installed? run scripts/setup):\n" + out};
    boost::system::error_code ec;
    auto parsed = json::parse(out, ec);
    if (ec || !parsed.is_object())
        return {.failure = "the reference printed no JSON object:\n" + out};
    return {.results = std::move(parsed.as_object())};
}

std::string base64_decode(std::string_view in) {
    static constexpr std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (char c : in) {
        auto const pos = alphabet.find(c);
        if (pos == std::string_view::npos)
            continue; // '=' padding
        bits = (bits << 6) | static_cast<unsigned>(pos);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

std::chrono::system_clock::time_point parse_date(std::string_view iso) {
    // "2015-08-30T12:36:00Z"
    auto num = [&](std::size_t pos, std::size_t len) { return std::stoi(std::string(iso.substr(pos, len))); };
    using namespace std::chrono;
    return sys_days(year(num(0, 4)) / month(static_cast<unsigned>(num(5, 2))) /
                    day(static_cast<unsigned>(num(8, 2)))) +
           hours(num(11, 2)) + minutes(num(14, 2)) + seconds(num(17, 2));
}

// One case with the defaults filled in, as our signer's input. Owns the strings the request's views point to.
struct signing_case {
    std::string method, path, body, region, service;
    sigv4::request request;
    credentials creds;
    std::chrono::system_clock::time_point at;
    sigv4::options options;
};

std::string text_of(json::value const& v) {
    return std::string(v.as_string());
}

std::string body_of(json::object const& c) {
    if (auto const* b = c.if_contains("bodyBase64"))
        return base64_decode(b->as_string());
    if (auto const* r = c.if_contains("bodyRepeat")) {
        std::string out;
        for (std::int64_t i = 0; i < r->at("times").to_number<std::int64_t>(); ++i)
            out += r->at("text").as_string();
        return out;
    }
    return text_of(c.at("body"));
}

std::unique_ptr<signing_case> load_case(json::object const& spec, std::string const& name) {
    json::object c = spec.at("defaults").as_object();
    for (auto const& raw : spec.at("cases").as_array())
        if (raw.at("name").as_string() == name)
            for (auto const& [k, v] : raw.as_object())
                c[k] = v;
    auto out = std::make_unique<signing_case>();
    out->method = text_of(c.at("method"));
    out->path = text_of(c.at("path"));
    out->body = body_of(c);
    out->region = text_of(c.at("region"));
    out->service = text_of(c.at("service"));
    auto const& creds = spec.at("credentials").at(c.at("credentials").as_string()).as_object();
    out->creds.access_key_id = text_of(creds.at("accessKeyId"));
    out->creds.secret_access_key = text_of(creds.at("secretAccessKey"));
    if (auto const* token = creds.if_contains("sessionToken"))
        out->creds.session_token = text_of(*token);
    out->at = parse_date(c.at("date").as_string());
    out->options.content_sha256_header = c.at("contentSha256").as_bool();
    out->request.method = out->method;
    out->request.path = out->path;
    out->request.body = out->body;
    for (auto const& q : c.at("query").as_array())
        out->request.query.push_back({text_of(q.at(0)), text_of(q.at(1))});
    for (auto const& h : c.at("headers").as_array())
        out->request.headers.push_back({text_of(h.at(0)), text_of(h.at(1))});
    return out;
}

// The canonical request sign() hashed: the caller's headers plus the ones it generates and signs.
std::string our_canonical_request(signing_case const& c, sigv4::signature const& sig) {
    auto headers = c.request.headers;
    headers.push_back({"x-amz-date", sig.amz_date});
    if (!sig.security_token.empty())
        headers.push_back({"x-amz-security-token", sig.security_token});
    if (!sig.content_sha256.empty())
        headers.push_back({"x-amz-content-sha256", sig.content_sha256});
    return sigv4::canonical_request(c.request, headers, sigv4::sha256_hex(c.body));
}

class sigv4_reference : public ::testing::TestWithParam<std::string> {
protected:
    static void SetUpTestSuite() {
        spec_ = new json::object(read_cases());
        reference_ = new reference_run(run_reference());
    }
    static void TearDownTestSuite() {
        delete spec_;
        delete reference_;
    }
    static json::object* spec_;
    static reference_run* reference_;
};

json::object* sigv4_reference::spec_ = nullptr;
reference_run* sigv4_reference::reference_ = nullptr;

TEST_P(sigv4_reference, SignsLikeTheReferenceSigner) {
    ASSERT_TRUE(reference_->failure.empty()) << reference_->failure;
    auto const* expected = reference_->results.if_contains(GetParam());
    ASSERT_TRUE(expected) << "the reference did not sign " << GetParam();
    auto const c = load_case(*spec_, GetParam());
    auto const sig =
        sigv4::sign(c->request, c->creds, {.region = c->region, .service = c->service}, c->at, c->options);

    std::map<std::string, std::string> ours;
    for (auto const& h : sig.headers())
        ours[h.name] = h.value;
    std::map<std::string, std::string> theirs;
    for (auto const& [name, value] : expected->at("headers").as_object())
        theirs[std::string(name)] = text_of(value);
    for (auto const& [name, value] : theirs)
        EXPECT_EQ(ours[name], value) << "header " << name;
    for (auto const& [name, value] : ours)
        EXPECT_TRUE(theirs.contains(name)) << "we add " << name << ", the reference does not";
    EXPECT_EQ(our_canonical_request(*c, sig), text_of(expected->at("canonicalRequest")));
}

std::string case_name(::testing::TestParamInfo<std::string> const& p) {
    return p.param;
}

INSTANTIATE_TEST_SUITE_P(cases, sigv4_reference, ::testing::ValuesIn(case_names()), case_name);

// The harness itself: the reference, fed by sigv4_reference.mjs, reproduces the AWS documentation's example,
// so a disagreement above is a disagreement of the signers, not of how the case reached them.
TEST(Sigv4ReferenceHarness, ReferenceReproducesTheDocumentationExample) {
    auto const reference = run_reference();
    ASSERT_TRUE(reference.failure.empty()) << reference.failure;
    auto const& docs = reference.results.at("iam_list_users_documentation_example").at("headers");
    EXPECT_EQ(docs.at("authorization"),
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
              "SignedHeaders=content-type;host;x-amz-date, "
              "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
}

TEST(Sigv4ReferenceHarness, EveryCaseIsSignedByTheReference) {
    auto const reference = run_reference();
    ASSERT_TRUE(reference.failure.empty()) << reference.failure;
    auto const names = case_names();
    EXPECT_GE(names.size(), 30u);
    EXPECT_EQ(reference.results.size(), names.size()) << "case names must be unique";
}

} // namespace
