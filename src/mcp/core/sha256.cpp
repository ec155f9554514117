// SHA-256 as FIPS 180-4 describes it (section numbers below are that document's), and HMAC over it (RFC
// 2104).
#include <mcp/core/sha256.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <span>

namespace mcp::core {
namespace {

// 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::array<std::uint32_t, 64> round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// 5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
constexpr std::array<std::uint32_t, 8> initial_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

constexpr std::size_t block_size = 64;

// 4.1.2: the six logical functions.
constexpr std::uint32_t choose(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
    return (x & y) ^ (~x & z);
}
constexpr std::uint32_t majority(std::uint32_t x, std::uint32_t y, std::uint32_t z) {
    return (x & y) ^ (x & z) ^ (y & z);
}
constexpr std::uint32_t big_sigma0(std::uint32_t x) {
    return std::rotr(x, 2) ^ std::rotr(x, 13) ^ std::rotr(x, 22);
}
constexpr std::uint32_t big_sigma1(std::uint32_t x) {
    return std::rotr(x, 6) ^ std::rotr(x, 11) ^ std::rotr(x, 25);
}
constexpr std::uint32_t small_sigma0(std::uint32_t x) {
    return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3);
}
constexpr std::uint32_t small_sigma1(std::uint32_t x) {
    return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10);
}

// 3.1: words are big-endian.
std::uint32_t load_big_endian(unsigned char const* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
           std::uint32_t{p[3]};
}

unsigned char const* bytes_of(std::string_view s) {
    return reinterpret_cast<unsigned char const*>(s.data());
}

std::string_view text_of(std::span<unsigned char const> bytes) {
    return {reinterpret_cast<char const*>(bytes.data()), bytes.size()};
}

} // namespace

void sha256_hasher::reset() {
    state_ = initial_state;
    buffered_ = 0;
    length_ = 0;
}

void sha256_hasher::update(std::string_view bytes) {
    absorb(bytes_of(bytes), bytes.size());
}

void sha256_hasher::absorb(unsigned char const* bytes, std::size_t size) {
    if (size == 0) // an empty string_view may carry a null pointer, which memcpy must not see
        return;
    length_ += size;
    if (buffered_ > 0) {
        std::size_t const taken = std::min(size, block_size - buffered_);
        std::memcpy(block_.data() + buffered_, bytes, taken);
        buffered_ += taken;
        bytes += taken;
        size -= taken;
        if (buffered_ < block_size)
            return;
        compress(block_.data());
        buffered_ = 0;
    }
    for (; size >= block_size; bytes += block_size, size -= block_size)
        compress(bytes);
    std::memcpy(block_.data(), bytes, size);
    buffered_ = size;
}

// 6.2.2: one 512-bit block into the state.
void sha256_hasher::compress(unsigned char const* block) {
    std::array<std::uint32_t, 64> schedule;
    for (std::size_t t = 0; t < 16; ++t)
        schedule[t] = load_big_endian(block + 4 * t);
    for (std::size_t t = 16; t < 64; ++t)
        schedule[t] = small_sigma1(schedule[t - 2]) + schedule[t - 7] + small_sigma0(schedule[t - 15]) +
                      schedule[t - 16];

    auto [a, b, c, d, e, f, g, h] = state_;
    for (std::size_t t = 0; t < 64; ++t) {
        std::uint32_t const t1 = h + big_sigma1(e) + choose(e, f, g) + round_constants[t] + schedule[t];
        std::uint32_t const t2 = big_sigma0(a) + majority(a, b, c);
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    std::array<std::uint32_t, 8> const worked = {a, b, c, d, e, f, g, h};
    for (std::size_t i = 0; i < 8; ++i)
        state_[i] += worked[i];
}

// 5.1.1: a 1 bit, zeros up to 56 bytes into the last block, then the message length in bits as 64 big-endian
// bits. 6.2.2 step 4: the digest is the state, big-endian.
sha256_digest sha256_hasher::finish() {
    std::uint64_t const bits = length_ * 8;
    std::array<unsigned char, block_size + 8> padding{};
    padding[0] = 0x80;
    std::size_t const zeros_end = buffered_ < 56 ? 56 : 56 + block_size;
    absorb(padding.data(), zeros_end - buffered_);
    std::array<unsigned char, 8> length;
    for (std::size_t i = 0; i < 8; ++i)
        length[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    absorb(length.data(), length.size());

    sha256_digest digest;
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 4; ++j)
            digest[4 * i + j] = static_cast<unsigned char>(state_[i] >> (24 - 8 * j));
    reset();
    return digest;
}

sha256_digest sha256(std::string_view bytes) {
    sha256_hasher h;
    h.update(bytes);
    return h.finish();
}

// RFC 2104 section 2: H(K ^ opad, H(K ^ ipad, text)), K the key zero-padded to the block (hashed first when
// longer than the block).
sha256_digest hmac_sha256(std::string_view key, std::string_view message) {
    std::array<unsigned char, block_size> padded_key{};
    if (key.size() > block_size) {
        sha256_digest const hashed = sha256(key);
        std::copy(hashed.begin(), hashed.end(), padded_key.begin());
    } else {
        std::copy(bytes_of(key), bytes_of(key) + key.size(), padded_key.begin());
    }
    std::array<unsigned char, block_size> inner_pad, outer_pad;
    for (std::size_t i = 0; i < block_size; ++i) {
        inner_pad[i] = padded_key[i] ^ 0x36;
        outer_pad[i] = padded_key[i] ^ 0x5c;
    }
    sha256_hasher h;
    h.update(text_of(inner_pad));
    h.update(message);
    sha256_digest const inner = h.finish();
    h.update(text_of(outer_pad));
    h.update(text_of(inner));
    return h.finish();
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    // Every byte is looked at whatever the earlier ones were: no early exit for the compiler to keep.
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace mcp::core
