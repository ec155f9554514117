// core::sha256 and core::hmac_sha256 cross-checked against OpenSSL on random inputs (a fixed seed, so a
// failure repeats). It lives with auth because auth already links OpenSSL; the core layer must not.
#include <mcp/core/sha256.hpp>

#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <random>
#include <string>

namespace mcp::core {
namespace {

std::string random_bytes(std::mt19937& random, std::size_t max_length) {
    std::uniform_int_distribution<std::size_t> length(0, max_length);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string out(length(random), '\0');
    for (char& c : out)
        c = static_cast<char>(byte(random));
    return out;
}

sha256_digest openssl_sha256(std::string_view bytes) {
    sha256_digest out{};
    unsigned size = 0;
    EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, EVP_sha256(), nullptr), 1);
    EXPECT_EQ(size, out.size());
    return out;
}

sha256_digest openssl_hmac_sha256(std::string_view key, std::string_view message) {
    sha256_digest out{};
    unsigned size = 0;
    EXPECT_NE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                   reinterpret_cast<unsigned char const*>(message.data()), message.size(), out.data(), &size),
              nullptr);
    EXPECT_EQ(size, out.size());
    return out;
}

TEST(Sha256AgainstOpenSsl, AgreesOn200RandomMessagesUpTo300Bytes) {
    std::mt19937 random(20251125);
    for (int i = 0; i < 200; ++i) {
        std::string const message = random_bytes(random, 300);
        ASSERT_EQ(sha256(message), openssl_sha256(message))
            << "message " << i << ", " << message.size() << " bytes";
    }
}

TEST(Sha256AgainstOpenSsl, HmacAgreesOn200RandomKeysUpTo150Bytes) {
    std::mt19937 random(20251126);
    for (int i = 0; i < 200; ++i) {
        std::string const key = random_bytes(random, 150);
        std::string const message = random_bytes(random, 300);
        ASSERT_EQ(hmac_sha256(key, message), openssl_hmac_sha256(key, message))
            << "case " << i << ": key of " << key.size() << " bytes, message of " << message.size();
    }
}

} // namespace
} // namespace mcp::core
