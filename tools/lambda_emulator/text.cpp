#include <lambda_emulator/text.hpp>

#include <array>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>

namespace lambda_emulator {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::mt19937_64& generator() {
    static std::mt19937_64 g{std::random_device{}()};
    return g;
}

std::string random_from(std::string_view chars, std::size_t count) {
    static std::mutex m;
    std::lock_guard lock(m);
    std::uniform_int_distribution<std::size_t> pick(0, chars.size() - 1);
    std::string out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        out += chars[pick(generator())];
    return out;
}

} // namespace




std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string random_hex(std::size_t count) {
    return random_from("0123456789abcdef", count);
}

std::string random_id(std::size_t count) {
    return random_from("abcdefghijklmnopqrstuvwxyz0123456789", count);
}

std::string random_uuid() {
    auto h = random_hex(32);
    h[12] = '4';                                                    // version 4
    h[16] = "89ab"[static_cast<std::size_t>(hex_value(h[16])) % 4]; // RFC 4122 variant
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
           h.substr(20);
}

std::string gateway_time(std::chrono::system_clock::time_point t) {
    std::time_t secs = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&secs, &utc);
    static constexpr std::array<char const*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char out[40];
    std::snprintf(out, sizeof out, "%02d/%s/%04d:%02d:%02d:%02d +0000", utc.tm_mday, months[utc.tm_mon],
                  utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return out;
}

long long epoch_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

} // namespace lambda_emulator
