// principal_cache alone: digests, an entry's time (min of ttl and exp), the bound and which entry a full
// cache drops, and the basis an entry counts for.
#include <mcp/auth/principal_cache.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp::auth;
using std::chrono::seconds;
using time_point = std::chrono::system_clock::time_point;

time_point const t0{seconds(1767225600)};

principal who(std::string subject, std::chrono::sys_seconds exp = {}) {
    return {.subject = std::move(subject), .issuer = {}, .scopes = {}, .expires_at = exp, .claims = {}};
}

TEST(PrincipalCache, TheDigestIsTheSha256OfTheToken) {
    auto const d = token_digest("abc");
    ASSERT_EQ(d.size(), 32u);
    EXPECT_EQ(static_cast<unsigned char>(d[0]), 0xbau);
    EXPECT_EQ(static_cast<unsigned char>(d[31]), 0xadu);
}

TEST(PrincipalCache, AnEntryLastsTheTtlButNeverPastExp) {
    principal_cache c(seconds(300), 10);
    c.keep("a", who("a"), t0);
    c.keep("b", who("b", std::chrono::sys_seconds(std::chrono::floor<seconds>(t0) + seconds(100))), t0);
    EXPECT_TRUE(c.find("a", t0 + seconds(299)));
    EXPECT_FALSE(c.find("a", t0 + seconds(300)));
    EXPECT_TRUE(c.find("b", t0 + seconds(99)));
    EXPECT_FALSE(c.find("b", t0 + seconds(100)));
}

TEST(PrincipalCache, AFullCacheDropsExpiredEntriesThenTheSoonestToExpire) {
    principal_cache c(seconds(300), 2);
    c.keep("a", who("a"), t0);
    c.keep("b", who("b"), t0 + seconds(1));
    c.keep("c", who("c"), t0 + seconds(2));
    EXPECT_EQ(c.size(), 2u);
    EXPECT_FALSE(c.find("a", t0 + seconds(3)));
    EXPECT_TRUE(c.find("b", t0 + seconds(3)));
    c.keep("d", who("d"), t0 + seconds(301)); // b (until t0 + 301) has expired: c stays
    EXPECT_TRUE(c.find("c", t0 + seconds(301)));
    EXPECT_TRUE(c.find("d", t0 + seconds(301)));
}

TEST(PrincipalCache, AnEntryCountsOnlyForTheBasisItWasKeptWith) {
    principal_cache c(seconds(300), 10);
    auto const first = std::make_shared<int const>(1);
    auto const second = std::make_shared<int const>(2);
    c.keep("a", who("a"), t0, first);
    EXPECT_TRUE(c.find("a", t0, first));
    EXPECT_FALSE(c.find("a", t0, second));
    EXPECT_FALSE(c.find("a", t0));
    c.keep("b", who("b"), t0, second); // another basis: what was kept before is gone
    EXPECT_FALSE(c.find("a", t0, first));
    EXPECT_TRUE(c.find("b", t0, second));
}

TEST(PrincipalCache, ZeroTtlOrZeroEntriesKeepsNothing) {
    principal_cache off(seconds(0), 10);
    EXPECT_FALSE(off.enabled());
    off.keep("a", who("a"), t0);
    EXPECT_EQ(off.size(), 0u);
    principal_cache none(seconds(300), 0);
    none.keep("a", who("a"), t0);
    EXPECT_EQ(none.size(), 0u);
}

} // namespace
