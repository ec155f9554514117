// core::sha256: the FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf" and the long messages), the lengths
// around the padding boundary, the RFC 4231 HMAC-SHA256 test cases 1 to 7, and the constant-time comparison.
#include <mcp/core/sha256.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mcp::core {
namespace {

std::string to_hex(sha256_digest const& digest, std::size_t size = 32) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[digest[i] >> 4];
        out += digits[digest[i] & 0xf];
    }
    return out;
}

// The bytes from..to (inclusive), as RFC 4231 case 4 writes its key.
std::string byte_run(int from, int to) {
    std::string out;
    for (int b = from; b <= to; ++b)
        out += static_cast<char>(b);
    return out;
}

sha256_digest hash_in_chunks(std::string_view message, std::size_t chunk) {
    sha256_hasher h;
    for (std::size_t at = 0; at < message.size(); at += chunk)
        h.update(message.substr(at, chunk));
    return h.finish();
}

TEST(Sha256, HashesTheEmptyMessage) {
    EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, HashesTheOneBlockMessageAbc) {
    EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// 448 bits: the padding does not fit after it, so the message takes two blocks.
TEST(Sha256, HashesThe448BitTwoBlockMessage) {
    EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, HashesThe896BitMessage) {
    EXPECT_EQ(
        to_hex(sha256(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmn"
            "opqrsmnopqrstnopqrstu")),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

// Chunks of 997 bytes straddle the block boundaries differently each time.
TEST(Sha256, HashesOneMillionAFedInOddSizedChunks) {
    std::string const million(1'000'000, 'a');
    EXPECT_EQ(to_hex(hash_in_chunks(million, 997)),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// 55 bytes leave room for the 1 bit and the length in the block; 56 do not; 64 fill it exactly.
TEST(Sha256, HashesTheLengthsAroundThePaddingBoundary) {
    std::pair<std::size_t, char const*> const cases[] = {
        {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
        {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
        {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
    };
    for (auto [length, expected] : cases)
        EXPECT_EQ(to_hex(sha256(std::string(length, 'a'))), expected) << length << " bytes";
}

// Every split point of every length from 0 to 130 bytes: the pieces give the one-shot digest.
TEST(Sha256, IncrementalMatchesOneShotAtEverySplit) {
    std::string message;
    for (std::size_t length = 0; length <= 130; ++length) {
        sha256_digest const whole = sha256(message);
        for (std::size_t split = 0; split <= length; ++split) {
            sha256_hasher h;
            h.update(std::string_view(message).substr(0, split));
            h.update(std::string_view(message).substr(split));
            ASSERT_EQ(h.finish(), whole) << length << " bytes split at " << split;
        }
        ASSERT_EQ(hash_in_chunks(message, 1), whole) << length << " bytes one at a time";
        message += static_cast<char>('0' + length % 75);
    }
}

TEST(Sha256, FinishLeavesTheHasherReadyForANewMessage) {
    sha256_hasher h;
    h.update("something else first");
    (void)h.finish();
    h.update("abc");
    EXPECT_EQ(h.finish(), sha256("abc"));
}

TEST(HmacSha256, Rfc4231Case1KeyOf20Bytes) {
    EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, Rfc4231Case2KeyShorterThanTheDigest) {
    EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, Rfc4231Case3KeyAndDataOfRepeatedBytes) {
    EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\xaa'), std::string(50, '\xdd'))),
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

TEST(HmacSha256, Rfc4231Case4KeyOf25DistinctBytes) {
    EXPECT_EQ(to_hex(hmac_sha256(byte_run(0x01, 0x19), std::string(50, '\xcd'))),
              "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

// The RFC gives only the first 128 bits for this case.
TEST(HmacSha256, Rfc4231Case5TruncatedTo128Bits) {
    EXPECT_EQ(to_hex(hmac_sha256(std::string(20, '\x0c'), "Test With Truncation"), 16),
              "a3b6167473100ee06e0c796c2955552b");
}

TEST(HmacSha256, Rfc4231Case6KeyLongerThanABlock) {
    EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacSha256, Rfc4231Case7KeyAndDataLongerThanABlock) {
    std::string const data =
        "This is a test using a larger than block-size key and a larger than block-size data. The "
        "key needs to be hashed before being used by the HMAC algorithm.";
    EXPECT_EQ(to_hex(hmac_sha256(std::string(131, '\xaa'), data)),
              "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

std::string text_of(sha256_digest const& d) {
    return {reinterpret_cast<char const*>(d.data()), d.size()};
}

// RFC 2104 section 2: a key longer than the block is replaced by its digest.
TEST(HmacSha256, AKeyOf65BytesActsAsItsDigest) {
    std::string const key(65, 'k');
    EXPECT_EQ(hmac_sha256(key, "message"), hmac_sha256(text_of(sha256(key)), "message"));
}

// A key of exactly one block is used as it is: hashing it would change the MAC.
TEST(HmacSha256, AKeyOf64BytesIsNotHashed) {
    std::string const key(64, 'k');
    EXPECT_NE(hmac_sha256(key, "message"), hmac_sha256(text_of(sha256(key)), "message"));
}

TEST(EqualInConstantTime, SameBytesAreEqual) {
    EXPECT_TRUE(equal_in_constant_time("", ""));
    EXPECT_TRUE(equal_in_constant_time("requestState", "requestState"));
    EXPECT_TRUE(equal_in_constant_time(std::string("a\0b", 3), std::string("a\0b", 3)));
}

TEST(EqualInConstantTime, ADifferenceAnywhereMakesThemUnequal) {
    std::string const mac = text_of(sha256("token"));
    for (std::size_t i = 0; i < mac.size(); ++i) {
        std::string forged = mac;
        forged[i] = static_cast<char>(forged[i] ^ 0x01);
        EXPECT_FALSE(equal_in_constant_time(mac, forged)) << "byte " << i;
    }
}

TEST(EqualInConstantTime, APrefixIsNotEqual) {
    EXPECT_FALSE(equal_in_constant_time("abc", "ab"));
    EXPECT_FALSE(equal_in_constant_time("", "a"));
    EXPECT_FALSE(equal_in_constant_time(std::string("a\0", 2), "a"));
}

} // namespace
} // namespace mcp::core
