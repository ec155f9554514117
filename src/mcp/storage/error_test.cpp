// The storage error category (name, messages, comparisons) and the error value.
#include <mcp/storage/error.hpp>

#include <boost/system/errc.hpp>
#include <boost/system/system_error.hpp>

#include <gtest/gtest.h>

#include <set>

namespace {

using namespace mcp::storage;

constexpr errc every_code[] = {
    errc::unavailable,     errc::session_limit,  errc::conflict, errc::invalid_configuration,
    errc::schema_mismatch, errc::malformed_data, errc::rejected};

TEST(StorageErrorCategory, IsNamedForTheLayer) {
    EXPECT_STREQ(error_category().name(), "mcp.storage");
    EXPECT_EQ(&make_error_code(errc::conflict).category(), &error_category());
}

TEST(StorageErrorCategory, EveryCodeHasAMessageOfItsOwn) {
    std::set<std::string> seen;
    for (auto c : every_code) {
        auto const text = make_error_code(c).message();
        EXPECT_FALSE(text.empty());
        EXPECT_EQ(text.find("unknown"), std::string::npos) << text;
        seen.insert(text);
    }
    EXPECT_EQ(seen.size(), std::size(every_code));
    EXPECT_EQ(make_error_code(errc::unavailable).message(), "store unavailable");
}

TEST(StorageErrorCategory, AValueOutsideTheEnumSaysItIsUnknown) {
    EXPECT_EQ(error_category().message(99), "unknown storage error 99");
}

TEST(StorageErrorCategory, CodesCompareWithTheirEnumAndNotWithOtherCategories) {
    boost::system::error_code const ec = errc::unavailable;
    EXPECT_EQ(ec, errc::unavailable);
    EXPECT_NE(ec, errc::conflict);
    EXPECT_TRUE(ec.failed());
    boost::system::error_code const generic(static_cast<int>(errc::unavailable),
                                            boost::system::generic_category());
    EXPECT_NE(ec, generic);
}

TEST(StorageError, CarriesCodeAndMessage) {
    error const e(errc::session_limit, "Too many sessions (limit 2); retry later, or raise max_sessions");
    EXPECT_EQ(e.code(), errc::session_limit);
    EXPECT_EQ(e.message(), "Too many sessions (limit 2); retry later, or raise max_sessions");
}

TEST(StorageError, EqualWhenCodeAndMessageAre) {
    error const a(errc::conflict, "Session a already exists");
    EXPECT_EQ(a, error(errc::conflict, "Session a already exists"));
    EXPECT_NE(a, error(errc::unavailable, "Session a already exists"));
    EXPECT_NE(a, error(errc::conflict, "Session b already exists"));
}

TEST(StorageError, DefaultIsNotAFailure) {
    EXPECT_FALSE(error().code().failed());
    EXPECT_TRUE(error().message().empty());
}

TEST(StorageError, ValueOfAnErrorThrowsASystemErrorWithCodeAndMessage) {
    result<int> const r = error(errc::schema_mismatch, "SQLite store x.db: the file has schema version 7");
    try {
        (void)r.value();
        FAIL() << "value() of an error must throw";
    } catch (boost::system::system_error const& e) {
        EXPECT_EQ(e.code(), errc::schema_mismatch);
        EXPECT_NE(std::string(e.what()).find("schema version 7"), std::string::npos) << e.what();
    }
}

} // namespace
