// A throwaway certificate authority for TLS tests, made at test time with OpenSSL (no files committed, no
// openssl command needed): a self-signed CA and a server certificate it signs, valid for one day, written as
// PEM files into a fresh directory that the destructor removes. Not for anything but tests.
#pragma once

#include <string>
#include <vector>

namespace mcp::aws::testing {

struct throwaway_pki {
    // names: the server certificate's subject alternative names, "IP:127.0.0.1" or "DNS:localhost".
    explicit throwaway_pki(std::vector<std::string> const& names);
    ~throwaway_pki();
    throwaway_pki(throwaway_pki const&) = delete;
    throwaway_pki& operator=(throwaway_pki const&) = delete;

    std::string directory;
    std::string ca_file;   // the CA certificate (what a client trusts)
    std::string cert_file; // the server certificate
    std::string key_file;  // the server's private key
};

} // namespace mcp::aws::testing
