// The mapping of aws errors to storage errors: every aws::errc, and the message kept as the aws layer wrote
// it.
#include <mcp/storage/dynamodb/dynamodb_error.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp;

TEST(DynamoDbStoreError, AnEndpointThatCannotServeIsUnavailable) {
    for (auto c : {aws::errc::unavailable, aws::errc::malformed_answer}) {
        auto const e = storage::store_error(aws::error(
            c, "DynamoDB at http://127.0.0.1:1/ unavailable for GetItem after 6 attempts: refused"));
        EXPECT_EQ(e.code(), storage::errc::unavailable);
        EXPECT_EQ(e.message(),
                  "DynamoDB at http://127.0.0.1:1/ unavailable for GetItem after 6 attempts: refused");
    }
}

TEST(DynamoDbStoreError, ARefusalOfTheServiceIsRejected) {
    auto const e = storage::store_error(aws::error(
        aws::errc::rejected, "DynamoDB Query: ValidationException: bad key", "ValidationException"));
    EXPECT_EQ(e.code(), storage::errc::rejected);
    EXPECT_EQ(e.message(), "DynamoDB Query: ValidationException: bad key");
}

TEST(DynamoDbStoreError, ConfigurationProblemsAreInvalidConfigurationAndNameWhatToSet) {
    auto const missing = storage::store_error(
        aws::error(aws::errc::missing_configuration, "AWS credentials: AWS_ACCESS_KEY_ID is not set"));
    EXPECT_EQ(missing.code(), storage::errc::invalid_configuration);
    EXPECT_EQ(missing.message(), "AWS credentials: AWS_ACCESS_KEY_ID is not set");
    auto const invalid = storage::store_error(
        aws::error(aws::errc::invalid_configuration, "AWS endpoint 'ftp://x': bad scheme"));
    EXPECT_EQ(invalid.code(), storage::errc::invalid_configuration);
}

} // namespace
