// What the credential tests share: local servers that speak as STS, the container credential endpoint and
// IMDSv2 (on local_http_server), an environment from a map, token files, and running a coroutine.
#pragma once

#include <mcp/aws/credential_chain.hpp>
#include <mcp/aws/testing/local_http_server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

namespace mcp::aws::testing {

template <class T>
T run(boost::asio::io_context& io, task<T> t) {
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.restart();
    io.run();
    return f.get();
}

inline environment env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

inline std::string iso8601(std::chrono::system_clock::time_point t) {
    auto const secs = std::chrono::floor<std::chrono::seconds>(t);
    auto const day = std::chrono::floor<std::chrono::days>(secs);
    std::chrono::year_month_day const ymd(day);
    std::chrono::hh_mm_ss const hms(secs - day);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()));
    return text;
}

// A file holding `text`, removed with the object.
struct temp_file {
    std::string path;
    explicit temp_file(std::string const& text) {
        static std::atomic<int> next{0};
        path = (std::filesystem::temp_directory_path() /
                ("mcp-credential-test-" + std::to_string(::getpid()) + "-" + std::to_string(++next)))
                   .string();
        write(text);
    }
    void write(std::string const& text) const {
        std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    }
    ~temp_file() { std::filesystem::remove(path); }
};

// Credentials numbered by the fetch that made them ("ASIA<prefix><n>"), valid for `lifetime`.
struct numbered_credentials {
    std::string prefix;
    std::chrono::seconds lifetime{3600};
    std::atomic<int> issued{0};

    std::string next_json() {
        int const n = ++issued;
        auto const expiration = iso8601(std::chrono::system_clock::now() + lifetime);
        return R"({"AccessKeyId":"ASIA)" + prefix + std::to_string(n) + R"(","SecretAccessKey":"secret-)" +
               prefix + std::to_string(n) + R"(","Token":"token-)" + prefix + std::to_string(n) +
               R"(","Expiration":")" + expiration + R"("})";
    }

    std::string next_sts_xml() {
        int const n = ++issued;
        return "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
               "<AccessKeyId>ASIA" +
               prefix + std::to_string(n) + "</AccessKeyId><SecretAccessKey>secret-" + prefix +
               std::to_string(n) + "</SecretAccessKey><SessionToken>token-" + prefix + std::to_string(n) +
               "</SessionToken><Expiration>" + iso8601(std::chrono::system_clock::now() + lifetime) +
               "</Expiration></Credentials></AssumeRoleWithWebIdentityResult></"
               "AssumeRoleWithWebIdentityResponse>";
    }
};

// IMDSv2 as EC2 serves it: a session token from PUT /latest/api/token (with the TTL header), and 401 for any
// GET without that token.
inline canned_answer imds_answer(recorded_request const& r, numbered_credentials& creds,
                                 std::string const& role) {
    constexpr std::string_view token = "imds-session-token";
    if (r.target == "/latest/api/token") {
        if (r.method != "PUT" || r.header("X-aws-ec2-metadata-token-ttl-seconds").empty()) {
            return {.status = 400};
        }
        return {.body = std::string(token)};
    }
    if (r.method != "GET" || r.header("X-aws-ec2-metadata-token") != token) {
        return {.status = 401};
    }
    std::string const list = "/latest/meta-data/iam/security-credentials/";
    if (r.target == list) {
        return {.body = role + "\n"};
    }
    if (r.target == list + role) {
        auto json = creds.next_json();
        json.insert(1, R"("Code":"Success","Type":"AWS-HMAC",)");
        return {.body = json};
    }
    return {.status = 404};
}

} // namespace mcp::aws::testing
