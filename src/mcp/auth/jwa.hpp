// The JWS algorithms this validator verifies (RFC 7518 section 3, RFC 8037 section 3.1) and the check of one
// signature with one public key through OpenSSL 3's EVP interface. No symmetric algorithm exists here: a
// resource server holds public keys only, so HS256 cannot be configured and "HS256 signed with the public
// key" has nothing to verify against.
//
//   algorithm   `alg`     key family (key_type)     signature bytes
//   rs256       RS256     RSA, modulus >= 2048      PKCS#1 v1.5 over SHA-256, the modulus' length
//   es256       ES256     EC P-256                  R || S, 32 bytes each (RFC 7518 section 3.4; not DER)
//   eddsa       EdDSA     OKP Ed25519               64 bytes (RFC 8032)
//
// Not for: choosing the key (validator.cpp), parsing keys (jwk.hpp), signing (the tests do it themselves).
#pragma once

#include <openssl/types.h>

#include <optional>
#include <string_view>

namespace mcp::auth {

enum class algorithm { rs256, es256, eddsa };

// The key families of jwk.hpp's public keys: which `alg` a key can verify.
enum class key_type { rsa, ec_p256, ed25519 };

// "RS256", "ES256", "EdDSA".
std::string_view name_of(algorithm alg);

// The algorithm a JWS `alg` value names, or nullopt for anything else ("none", "HS256", "RS384", "es256").
std::optional<algorithm> algorithm_named(std::string_view alg);

// The one key family `alg` verifies with.
key_type key_type_for(algorithm alg);

// True when `signature` is the signature of `signing_input` under `alg` and `key`. `key` must be of
// key_type_for(alg) (a mismatch returns false, never another algorithm). A signature of the wrong length is
// false, so an ES256 signature in DER form is refused. Thread-safe; no allocation kept.
bool verify_signature(algorithm alg, EVP_PKEY* key, std::string_view signing_input,
                      std::string_view signature);

} // namespace mcp::auth
