#include "throwaway_pki.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace mcp::aws::testing {
namespace {

struct key_free {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct cert_free {
    void operator()(X509* c) const { X509_free(c); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, key_free>;
using cert_ptr = std::unique_ptr<X509, cert_free>;

void check(bool ok, char const* what) {
    if (!ok)
        throw std::runtime_error(std::string("throwaway_pki: ") + what + " failed");
}

key_ptr new_key() {
    key_ptr k(EVP_EC_gen("P-256"));
    check(k != nullptr, "EC key generation");
    return k;
}

void add_extension(X509* cert, X509* issuer, int nid, std::string const& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// An unsigned certificate for `key` named `common_name`, issued by `issuer` (nullptr: self-issued).
cert_ptr new_cert(EVP_PKEY* key, std::string const& common_name, X509* issuer, long serial) {
    cert_ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<unsigned char const*>(common_name.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    return cert;
}

void sign(X509* cert, EVP_PKEY* issuer_key) {
    check(X509_sign(cert, issuer_key, EVP_sha256()) > 0, "X509_sign");
}

void write_cert(X509* cert, std::string const& path) {
    FILE* f = std::fopen(path.c_str(), "w");
    check(f != nullptr, "open certificate file");
    bool const ok = PEM_write_X509(f, cert) == 1;
    std::fclose(f);
    check(ok, "PEM_write_X509");
}

void write_key(EVP_PKEY* key, std::string const& path) {
    FILE* f = std::fopen(path.c_str(), "w");
    check(f != nullptr, "open key file");
    bool const ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(f);
    check(ok, "PEM_write_PrivateKey");
}

std::string join(std::vector<std::string> const& names) {
    std::string out;
    for (auto const& n : names)
        out += (out.empty() ? "" : ",") + n;
    return out;
}

} // namespace

throwaway_pki::throwaway_pki(std::vector<std::string> const& names) {
    std::string pattern = (std::filesystem::temp_directory_path() / "mcp-pki-XXXXXX").string();
    check(::mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    directory = pattern;
    ca_file = directory + "/ca.pem";
    cert_file = directory + "/server.pem";
    key_file = directory + "/server.key";

    auto ca_key = new_key();
    auto ca = new_cert(ca_key.get(), "mcp test CA", nullptr, 1);
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    sign(ca.get(), ca_key.get());

    auto server_key = new_key();
    auto server = new_cert(server_key.get(), "mcp test server", ca.get(), 2);
    add_extension(server.get(), ca.get(), NID_basic_constraints, "CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_subject_alt_name, join(names));
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid");
    sign(server.get(), ca_key.get());

    write_cert(ca.get(), ca_file);
    write_cert(server.get(), cert_file);
    write_key(server_key.get(), key_file);
}

throwaway_pki::~throwaway_pki() {
    std::error_code ignored;
    std::filesystem::remove_all(directory, ignored);
}

} // namespace mcp::aws::testing
