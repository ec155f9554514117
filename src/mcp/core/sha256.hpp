// core::sha256: SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104, FIPS 198-1) in plain C++, so that the core
// layer can integrity-protect a token (the MCP requestState) without linking OpenSSL: a program on memory
// stores loads no libcrypto (tests/run/link_footprint.sh). It is not a general crypto library: no other
// digest, no key derivation, no streaming HMAC. Verify a MAC with equal_in_constant_time, never with ==.
//
//   auto digest = core::sha256("abc");                      // 32 bytes
//   core::sha256_hasher h; h.update("ab"); h.update("c");   // the same digest, fed in pieces
//   auto mac = core::hmac_sha256(key, message);
//   bool ok = core::equal_in_constant_time(received, expected);
//
// Pure functions over bytes: no allocation, no shared state; a hasher belongs to one thread at a time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mcp::core {

using sha256_digest = std::array<unsigned char, 32>;

// SHA-256 fed in pieces: update() any number of times, then finish(). Messages are processed in 64-byte
// blocks as they arrive; at most one partial block is kept.
class sha256_hasher {
public:
    sha256_hasher() { reset(); }

    // Adds `bytes` to the message.
    void update(std::string_view bytes);

    // The digest of everything given to update() since construction or the last finish(); the hasher is then
    // empty again, ready for a new message.
    sha256_digest finish();

private:
    void reset();
    void absorb(unsigned char const* bytes, std::size_t size);
    void compress(unsigned char const* block);

    std::array<std::uint32_t, 8> state_{};
    std::array<unsigned char, 64> block_{}; // the partial block, buffered_ bytes long
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0; // message length in bytes
};

// The SHA-256 digest of `bytes`.
sha256_digest sha256(std::string_view bytes);

// HMAC-SHA256 of `message` under `key` (RFC 2104). A key longer than the 64-byte block is hashed first; any
// key length is accepted, RFC 2104 section 3 advises at least 32 bytes of random key.
sha256_digest hmac_sha256(std::string_view key, std::string_view message);

// Whether `a` and `b` hold the same bytes, in a time that depends on their length only, not on where they
// differ (a MAC compared with == tells an attacker how many leading bytes of a forgery are right).
bool equal_in_constant_time(std::string_view a, std::string_view b);

} // namespace mcp::core
