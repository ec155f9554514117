// The aws error category (name, messages, comparisons) and the error value.
#include <mcp/aws/error.hpp>

#include <boost/system/errc.hpp>
#include <boost/system/system_error.hpp>

#include <gtest/gtest.h>

#include <set>

namespace {

using namespace mcp::aws;

constexpr errc every_code[] = {errc::missing_configuration, errc::invalid_configuration, errc::rejected,
                               errc::unavailable, errc::malformed_answer};

TEST(AwsErrorCategory, IsNamedForTheLayer) {
    EXPECT_STREQ(error_category().name(), "mcp.aws");
    EXPECT_EQ(&make_error_code(errc::rejected).category(), &error_category());
}

TEST(AwsErrorCategory, EveryCodeHasAMessageOfItsOwn) {
    std::set<std::string> seen;
    for (auto c : every_code) {
        auto const text = make_error_code(c).message();
        EXPECT_FALSE(text.empty());
        EXPECT_EQ(text.find("unknown"), std::string::npos) << text;
        seen.insert(text);
    }
    EXPECT_EQ(seen.size(), std::size(every_code));
    EXPECT_EQ(make_error_code(errc::unavailable).message(),
              "the AWS endpoint cannot serve (unreachable, throttling or failing)");
}

TEST(AwsErrorCategory, AValueOutsideTheEnumSaysItIsUnknown) {
    EXPECT_EQ(error_category().message(99), "unknown AWS error 99");
}

TEST(AwsErrorCategory, CodesCompareWithTheirEnumAndNotWithOtherCategories) {
    boost::system::error_code const ec = errc::unavailable;
    EXPECT_EQ(ec, errc::unavailable);
    EXPECT_NE(ec, errc::rejected);
    EXPECT_TRUE(ec.failed());
    // Same number, other category: not equal.
    boost::system::error_code const generic(static_cast<int>(errc::unavailable),
                                            boost::system::generic_category());
    EXPECT_NE(ec, generic);
}

TEST(AwsError, CarriesCodeMessageAndServiceType) {
    error const e(errc::rejected, "DynamoDB PutItem: ConditionalCheckFailedException: nope",
                  "ConditionalCheckFailedException");
    EXPECT_EQ(e.code(), errc::rejected);
    EXPECT_EQ(e.message(), "DynamoDB PutItem: ConditionalCheckFailedException: nope");
    EXPECT_EQ(e.service_type(), "ConditionalCheckFailedException");
}

TEST(AwsError, EqualWhenCodeMessageAndTypeAre) {
    error const a(errc::unavailable, "down", "ThrottlingException");
    EXPECT_EQ(a, error(errc::unavailable, "down", "ThrottlingException"));
    EXPECT_NE(a, error(errc::malformed_answer, "down", "ThrottlingException"));
    EXPECT_NE(a, error(errc::unavailable, "down"));
    EXPECT_NE(a, error(errc::unavailable, "up", "ThrottlingException"));
}

TEST(AwsError, DefaultIsNotAFailure) {
    EXPECT_FALSE(error().code().failed());
    EXPECT_TRUE(error().message().empty());
}

TEST(AwsError, OnlyUnavailableAndMalformedAnswersMeanTheEndpointCannotServe) {
    for (auto c : every_code) {
        bool const expected = c == errc::unavailable || c == errc::malformed_answer;
        EXPECT_EQ(cannot_serve(error(c, "x")), expected) << make_error_code(c).message();
    }
}

TEST(AwsError, ValueOfAnErrorThrowsASystemErrorWithCodeAndMessage) {
    result<int> const r = error(errc::missing_configuration, "AWS region: neither AWS_REGION nor ... is set");
    try {
        (void)r.value();
        FAIL() << "value() of an error must throw";
    } catch (boost::system::system_error const& e) {
        EXPECT_EQ(e.code(), errc::missing_configuration);
        EXPECT_NE(std::string(e.what()).find("AWS_REGION"), std::string::npos) << e.what();
    }
}

} // namespace
