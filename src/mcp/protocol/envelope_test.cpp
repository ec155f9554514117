#include <mcp/protocol/envelope.hpp>
#include <mcp/protocol/version.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace mcp::protocol;
namespace json = boost::json;

json::object params_with(json::object meta) {
    return json::object{{"name", "add"}, {"_meta", std::move(meta)}};
}

json::object good_meta() {
    return json::object{{"io.modelcontextprotocol/protocolVersion", "2026-07-28"},
                        {"io.modelcontextprotocol/clientCapabilities", {{"sampling", json::object{}}}},
                        {"io.modelcontextprotocol/clientInfo", {{"name", "probe"}, {"version", "1"}}},
                        {"io.modelcontextprotocol/logLevel", "warning"}};
}

std::string message_of(json::object const& params) {
    auto read = read_envelope(params, 16 << 10);
    EXPECT_FALSE(read) << "the envelope was accepted";
    if (read)
        return {};
    EXPECT_EQ(read.error().code(), code::invalid_params);
    return read.error().message();
}

TEST(Envelope, AWholeEnvelopeIsRead) {
    auto read = read_envelope(params_with(good_meta()), 16 << 10);
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_EQ(read->version, "2026-07-28");
    EXPECT_TRUE(read->client_capabilities.contains("sampling"));
    ASSERT_TRUE(read->client_info);
    EXPECT_EQ(read->client_info->name, "probe");
    EXPECT_EQ(read->level, log_level::warning);
}

TEST(Envelope, ClientInfoAndLogLevelAreOptional) {
    auto meta = good_meta();
    meta.erase("io.modelcontextprotocol/clientInfo");
    meta.erase("io.modelcontextprotocol/logLevel");
    auto read = read_envelope(params_with(meta), 16 << 10);
    ASSERT_TRUE(read) << read.error().message();
    EXPECT_FALSE(read->client_info);
    EXPECT_FALSE(read->level);
}

TEST(Envelope, MissingMetaIsInvalidParams) {
    EXPECT_NE(message_of(json::object{{"name", "add"}}).find("params._meta is missing"), std::string::npos);
    EXPECT_NE(message_of(json::object{{"_meta", "x"}}).find("_meta must be an object"), std::string::npos);
}

TEST(Envelope, EachRequiredFieldIsNamedWhenMissing) {
    for (auto key : {meta_protocol_version, meta_client_capabilities}) {
        auto meta = good_meta();
        meta.erase(key);
        auto message = message_of(params_with(meta));
        EXPECT_NE(message.find(std::string(key) + " is missing"), std::string::npos) << message;
    }
}

TEST(Envelope, WrongTypesAreNamed) {
    auto meta = good_meta();
    meta[meta_protocol_version] = 20260728;
    EXPECT_NE(message_of(params_with(meta)).find("protocolVersion must be a string"), std::string::npos);
    meta = good_meta();
    meta[meta_client_capabilities] = json::array{"sampling"};
    EXPECT_NE(message_of(params_with(meta)).find("clientCapabilities must be an object"), std::string::npos);
    meta = good_meta();
    meta[meta_client_info] = "probe";
    EXPECT_NE(message_of(params_with(meta)).find("clientInfo must be an object"), std::string::npos);
    meta = good_meta();
    meta[meta_log_level] = "loud";
    EXPECT_NE(message_of(params_with(meta)).find("logLevel must be one of"), std::string::npos);
}

TEST(Envelope, OversizedCapabilitiesAreRefusedWithTheBound) {
    auto meta = good_meta();
    meta[meta_client_capabilities] = json::object{{"experimental", {{"x", std::string(5000, 'a')}}}};
    auto read = read_envelope(params_with(meta), 4096);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code(), code::invalid_params);
    EXPECT_NE(read.error().message().find("at most 4096"), std::string::npos);
}

TEST(Envelope, TheCapabilitiesOutliveTheRequestsStorage) {
    json::object caps;
    {
        json::monotonic_resource arena;
        auto params = json::value(params_with(good_meta()), &arena);
        auto read = read_envelope(params.as_object(), 16 << 10);
        ASSERT_TRUE(read);
        caps = std::move(read->client_capabilities);
    }
    EXPECT_TRUE(caps.contains("sampling"));
    EXPECT_TRUE(*caps.storage() == *json::storage_ptr());
}

TEST(Envelope, AnyProtocolVersionKeyClaimsTheModernEra) {
    EXPECT_TRUE(claims_modern(params_with(good_meta())));
    EXPECT_TRUE(claims_modern(params_with({{"io.modelcontextprotocol/protocolVersion", 1}})));
    EXPECT_FALSE(claims_modern(params_with({{"progressToken", 1}})));
    EXPECT_FALSE(claims_modern(json::object{}));
}

TEST(Envelope, OnlyModernVersionsPassTheVersionCheck) {
    EXPECT_TRUE(check_version("2026-07-28"));
    auto refused = check_version("v999.0.0");
    ASSERT_FALSE(refused);
    auto e = refused.error(); // a copy: error() returns by value
    EXPECT_EQ(e.code(), code::unsupported_protocol_version);
    auto const& data = e.data()->as_object();
    EXPECT_EQ(data.at("requested"), "v999.0.0");
    EXPECT_EQ(data.at("supported").as_array().size(), served_versions.size());
    EXPECT_EQ(data.at("supported").as_array().front(), "2026-07-28");
    EXPECT_FALSE(check_version("2025-11-25")) << "a legacy version is negotiated by initialize, not per request";
}

} // namespace
