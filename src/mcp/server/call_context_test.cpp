// Pieces of the call context that are pure: how progress values become JSON.
#include <mcp/server/call_context.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace {

using mcp::detail::progress_number;

TEST(progress_number, WholeNumbersBecomeIntegers) {
    EXPECT_EQ(progress_number(50.0), boost::json::value(std::int64_t(50)));
    EXPECT_EQ(progress_number(-3.0), boost::json::value(std::int64_t(-3)));
    EXPECT_TRUE(progress_number(0.5).is_double());
}

// Finding: the value was cast to int64 before its range was checked (undefined behaviour; UBSan's
// float-cast-overflow stops the sanitizer build on it).
TEST(progress_number, ValuesOutsideTheIntegerRangeStayDoubles) {
    EXPECT_TRUE(progress_number(1e300).is_double());
    EXPECT_TRUE(progress_number(-1e19).is_double());
    EXPECT_TRUE(progress_number(std::numeric_limits<double>::infinity()).is_double());
    EXPECT_TRUE(progress_number(std::numeric_limits<double>::quiet_NaN()).is_double());
    EXPECT_TRUE(progress_number(9.5e15).is_double());
}

} // namespace
