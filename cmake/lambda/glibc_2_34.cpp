// What a Lambda bootstrap (mcp_add_lambda_package) needs from glibc newer than Amazon Linux 2023's 2.34, defined
// here so that the binary built on Debian 12 (glibc 2.36) does not ask the loader for it. Not for any other target.
//
// arc4random (GLIBC_2.36): the static libstdc++ of GCC 12 refers to it from std::random_device. A definition in the
// executable wins over libc's at link time, so the binary carries no GLIBC_2.36 reference. Same contract as glibc's:
// 32 bits from the kernel's cryptographic source, never fails (it aborts if the kernel cannot answer, as glibc's
// does).
#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include <sys/random.h>

extern "C" std::uint32_t arc4random() noexcept {
    std::uint32_t value = 0;
    auto* out = reinterpret_cast<unsigned char*>(&value);
    std::size_t got = 0;
    while (got < sizeof value) {
        auto n = ::getrandom(out + got, sizeof value - got, 0); // GLIBC_2.25
        if (n > 0)
            got += static_cast<std::size_t>(n);
        else if (n < 0 && errno != EINTR)
            std::abort();
    }
    return value;
}
