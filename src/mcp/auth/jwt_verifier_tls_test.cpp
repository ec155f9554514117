// make_jwt_verifier over HTTPS: the JWKS served by the local server behind a small TLS-terminating front
// whose certificate (for 127.0.0.1) a throwaway CA signed; the openssl command line makes both at test start.
// What is checked: the keys come over TLS when ca_file trusts that CA, and the certificate is rejected (no
// request reaches the server) when nothing does. The system trust store itself is not tested (no public
// server).
#include <mcp/auth/jwt_verifier.hpp>

#include <mcp/auth/auth_test_support.hpp>
#include <mcp/auth/fetch_test_support.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

using namespace mcp::auth;
using namespace mcp::auth::testing;
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

// A CA and a server certificate for 127.0.0.1 in a temporary directory (removed with the object).
struct test_pki {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("mcp-auth-tls-" + std::to_string(::getpid()));

    test_pki() {
        std::filesystem::create_directories(dir);
        std::ofstream(file("req.cnf"))
            << "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = auth test CA\n";
        std::ofstream(file("srv.ext")) << "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                                          "subjectAltName=IP:127.0.0.1\n";
        std::string const ec =
            " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -config " + file("req.cnf");
        openssl("req -x509" + ec + " -days 1 -keyout " + file("ca.key") + " -out " + file("ca.pem") +
                " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign");
        openssl("req -new" + ec + " -subj /CN=127.0.0.1 -keyout " + file("srv.key") + " -out " +
                file("srv.csr"));
        openssl("x509 -req -days 1 -set_serial 2 -in " + file("srv.csr") + " -CA " + file("ca.pem") +
                " -CAkey " + file("ca.key") + " -extfile " + file("srv.ext") + " -out " + file("srv.pem"));
    }
    ~test_pki() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    std::string file(std::string const& name) const { return (dir / name).string(); }
    void openssl(std::string const& args) const {
        ASSERT_EQ(std::system(("openssl " + args + " >" + file("openssl.log") + " 2>&1").c_str()), 0) << args;
    }
};

// Copies bytes one way until either side ends, then closes both sockets (which ends the other direction).
template <class From, class To>
asio::awaitable<void> pump(std::shared_ptr<void> keep, From& from, To& to, tcp::socket& a, tcp::socket& b) {
    (void)keep; // held, not used: the streams live in it until both directions ended
    std::array<char, 16 * 1024> bytes;
    for (;;) {
        auto [rec, n] = co_await from.async_read_some(asio::buffer(bytes), as_value);
        if (n > 0) {
            auto [wec, written] = co_await asio::async_write(to, asio::buffer(bytes.data(), n), as_value);
            if (wec)
                break;
        }
        if (rec)
            break;
    }
    boost::system::error_code ignored;
    a.close(ignored);
    b.close(ignored);
}

struct tls_link {
    tls_link(tcp::socket client, ssl::context& tls)
        : front(std::move(client), tls), back(front.get_executor()) {}
    ssl::stream<tcp::socket> front;
    tcp::socket back;
};

asio::awaitable<void> relay(tcp::socket client, ssl::context& tls, unsigned short backend) {
    auto link = std::make_shared<tls_link>(std::move(client), tls);
    auto [hec] = co_await link->front.async_handshake(ssl::stream_base::server, as_value);
    if (hec)
        co_return; // the client refused our certificate: nothing reaches the server
    tcp::endpoint const to(asio::ip::make_address("127.0.0.1"), backend);
    auto [cec] = co_await link->back.async_connect(to, as_value);
    if (cec)
        co_return;
    auto ex = co_await asio::this_coro::executor;
    auto& raw = link->front.next_layer();
    asio::co_spawn(ex, pump(link, link->front, link->back, raw, link->back), asio::detached);
    asio::co_spawn(ex, pump(link, link->back, link->front, raw, link->back), asio::detached);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, ssl::context& tls, unsigned short backend) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(as_value);
        if (ec)
            co_return;
        asio::co_spawn(acceptor.get_executor(), relay(std::move(socket), tls, backend), asio::detached);
    }
}

// TLS on 127.0.0.1 (a free port) in front of a plain server's port, on a thread of its own.
struct tls_front {
    asio::io_context io;
    ssl::context tls{ssl::context::tls_server};
    tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
    std::thread thread;

    tls_front(test_pki const& pki, unsigned short backend) {
        tls.use_certificate_chain_file(pki.file("srv.pem"));
        tls.use_private_key_file(pki.file("srv.key"), ssl::context::pem);
        asio::co_spawn(io, accept_loop(acceptor, tls, backend), asio::detached);
        thread = std::thread([this] { io.run(); });
    }
    ~tls_front() {
        io.stop();
        thread.join();
    }
    std::string url() const {
        return "https://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
    }
};

class JwtVerifierTls : public ::testing::Test {
protected:
    static inline std::unique_ptr<test_pki> pki;
    static void SetUpTestSuite() { pki = std::make_unique<test_pki>(); }
    static void TearDownTestSuite() { pki.reset(); }

    asio::io_context io;
    routes answers;
    std::unique_ptr<mcp::aws::testing::local_http_server> server = serve(answers);
    tls_front front{*pki, server->port()};
    signing_key key = make_key(algorithm::es256, "tls-1");

    JwtVerifierTls() { answers.set_json("/jwks", jwks_text({public_jwk(key)})); }

    result<principal> verify_with(std::string ca_file) {
        jwt_verifier_options o{
            .validation = {.issuer = "https://as.example", .audience = "https://mcp.example/mcp"},
            .jwks_url = front.url() + "/jwks",
            .ca_file = std::move(ca_file)};
        auto v = make_jwt_verifier(io.get_executor(), o);
        EXPECT_TRUE(v) << v.error().message();
        boost::json::object const claims{{"iss", "https://as.example"},
                                         {"aud", "https://mcp.example/mcp"},
                                         {"sub", "alice"},
                                         {"exp", std::time(nullptr) + 600}};
        return verify_one(io, **v, sign_token(key, claims));
    }
};

TEST_F(JwtVerifierTls, TheKeysComeOverHttpsFromAServerTheCaFileTrusts) {
    auto p = verify_with(pki->file("ca.pem"));
    EXPECT_TRUE(p) << p.error().message();
    EXPECT_EQ(server->count("/jwks"), 1u);
}

TEST_F(JwtVerifierTls, ACertificateNothingTrustsIsRejectedBeforeAnyRequest) {
    auto r = verify_with("");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::unavailable);
    EXPECT_NE(r.error().message().find("certificate rejected"), std::string::npos) << r.error().message();
    EXPECT_EQ(server->count("/jwks"), 0u);
}

} // namespace
