#include <mcp/protocol/error.hpp>

#include <gtest/gtest.h>

namespace {

using mcp::protocol::error;
namespace code = mcp::protocol::code;
namespace json = boost::json;

TEST(Error, DefaultIsInternalError) {
    error e;
    EXPECT_EQ(e.code(), code::internal_error);
    EXPECT_EQ(e.message(), "Internal error");
    EXPECT_FALSE(e.data());
}

TEST(Error, MethodNotFoundNamesTheMethod) {
    auto e = error::method_not_found("tools/frobnicate");
    EXPECT_EQ(e.code(), -32601);
    EXPECT_EQ(e.message(), "Method not found: tools/frobnicate");
}

TEST(Error, NamedConstructorsUseTheirCodes) {
    EXPECT_EQ(error::parse_error("x").code(), -32700);
    EXPECT_EQ(error::invalid_request("x").code(), -32600);
    EXPECT_EQ(error::invalid_params("x").code(), -32602);
    EXPECT_EQ(error::internal().code(), -32603);
    EXPECT_EQ(error::unauthenticated().code(), -32001);
    EXPECT_EQ(error::forbidden().code(), -32003);
}

TEST(Error, RateLimitedCarriesRetryAfterSeconds) {
    auto e = error::rate_limited(std::chrono::seconds(30));
    EXPECT_EQ(e.code(), code::rate_limited);
    EXPECT_EQ(e.message(), "Rate limit exceeded");
    ASSERT_TRUE(e.data());
    EXPECT_EQ(*e.data(), json::parse(R"({"retryAfter":30})"));
}

TEST(Error, ResourceNotFoundHasSpecCodeMessageAndUri) {
    auto e = error::resource_not_found("test://missing");
    EXPECT_EQ(json::value(e.to_json()),
              json::parse(R"({"code":-32002,"message":"Resource not found: test://missing",
                              "data":{"uri":"test://missing"}})"));
}

TEST(Error, ToJsonOmitsAbsentData) {
    EXPECT_EQ(json::value(error::invalid_params("bad").to_json()),
              json::parse(R"({"code":-32602,"message":"bad"})"));
}

TEST(Error, FromJsonReadsCodeMessageAndData) {
    auto e = error::from_json(json::parse(R"({"code":-32000,"message":"boom","data":[1,2]})"));
    ASSERT_TRUE(e);
    EXPECT_EQ(*e, error(-32000, "boom", json::parse("[1,2]")));
}

TEST(Error, FromJsonWithoutDataLeavesDataEmpty) {
    auto e = error::from_json(json::parse(R"({"code":-32601,"message":"nope"})"));
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->data());
}

TEST(Error, FromJsonKeepsNullData) {
    auto e = error::from_json(json::parse(R"({"code":1,"message":"m","data":null})"));
    ASSERT_TRUE(e);
    ASSERT_TRUE(e->data());
    EXPECT_TRUE(e->data()->is_null());
}

TEST(Error, FromJsonRejectsNonIntegerCode) {
    EXPECT_FALSE(error::from_json(json::parse(R"({"code":"-32600","message":"m"})")));
    EXPECT_FALSE(error::from_json(json::parse(R"({"code":-32600.0,"message":"m"})")));
    EXPECT_FALSE(error::from_json(json::parse(R"({"code":null,"message":"m"})")));
}

TEST(Error, FromJsonRejectsCodeOutsideIntRange) {
    EXPECT_FALSE(error::from_json(json::parse(R"({"code":9999999999,"message":"m"})")));
    EXPECT_FALSE(error::from_json(json::parse(R"({"code":18446744073709551615,"message":"m"})")));
}

TEST(Error, FromJsonRejectsMissingOrNonStringMessage) {
    EXPECT_FALSE(error::from_json(json::parse(R"({"code":1})")));
    EXPECT_FALSE(error::from_json(json::parse(R"({"code":1,"message":5})")));
}

TEST(Error, FromJsonRejectsMissingCode) {
    EXPECT_FALSE(error::from_json(json::parse(R"({"message":"m"})")));
}

TEST(Error, FromJsonRejectsNonObject) {
    EXPECT_FALSE(error::from_json(json::parse(R"("oops")")));
    EXPECT_FALSE(error::from_json(json::parse(R"([-32600,"m"])")));
}

TEST(Error, RoundTripsThroughJson) {
    auto e = error::rate_limited(std::chrono::seconds(5), "slow down");
    EXPECT_EQ(error::from_json(e.to_json()), e);
}

TEST(Error, ResultValueThrowsExceptionCarryingTheError) {
    mcp::result<int> r = error::method_not_found("x");
    try {
        (void)r.value();
        FAIL() << "value() did not throw";
    } catch (mcp::protocol::exception const& ex) {
        EXPECT_EQ(ex.code(), code::method_not_found);
        EXPECT_EQ(ex.err(), error::method_not_found("x"));
        EXPECT_STREQ(ex.what(), "Method not found: x (code -32601)");
    }
}

TEST(Error, ExceptionIsARuntimeError) {
    mcp::result<void> r = error::forbidden();
    EXPECT_THROW(r.value(), std::runtime_error);
}

TEST(Error, ResultKeepsImplicitValueConstruction) {
    mcp::result<int> r = 7;
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, 7);
}

} // namespace
