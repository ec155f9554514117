// Our client's HTTP transport over TLS (http_link.cpp): the fixture server (tests/conversation) behind a
// small TLS-terminating proxy, with certificates of a throwaway CA that the openssl command line makes at
// test start. What is checked: trust through http_link_options::ca_file, SNI for a name and none for an
// address (whose IP subjectAltName must verify), a rejected certificate named in the error, verify_peer =
// false. Not checked here: the system trust store (no public server in tests).
#include "../conversation/fixture_server.hpp"

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/http_server.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using mcp::testing::run;

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

// A throwaway CA and the server certificates it signs (P-256, valid one day), made with the openssl command
// line in a fresh temporary directory that the destructor removes. For tests only. Throws std::runtime_error,
// with openssl's output, when a command fails.
class throwaway_ca {
public:
    struct issued {
        std::string cert_file;
        std::string key_file;
    };

    throwaway_ca() {
        std::string pattern = (std::filesystem::temp_directory_path() / "mcp-tls-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("throwaway_ca: mkdtemp failed");
        dir_ = pattern;
        try {
            // A config of our own: the system's openssl.cnf (and its default extensions) plays no part.
            write("req.cnf", "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = mcp test CA\n");
            openssl(
                "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -config " +
                path("req.cnf") + " -keyout " + path("ca.key") + " -out " + path("ca.pem") +
                " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
        } catch (...) {
            remove();
            throw;
        }
    }
    ~throwaway_ca() { remove(); }
    throwaway_ca(throwaway_ca const&) = delete;
    throwaway_ca& operator=(throwaway_ca const&) = delete;

    std::string ca_file() const { return path("ca.pem"); }

    // A server certificate with subject CN=`name` and these subjectAltNames ("DNS:localhost,IP:127.0.0.1").
    issued issue(std::string const& name, std::string const& alt_names) {
        issued out{path(name + ".pem"), path(name + ".key")};
        std::string const extensions = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                                       "extendedKeyUsage=serverAuth\nsubjectAltName=" +
                                       alt_names + "\n";
        write(name + ".ext", extensions);
        openssl("req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -config " + path("req.cnf") +
                " -subj /CN=" + name + " -keyout " + out.key_file + " -out " + path(name + ".csr"));
        openssl("x509 -req -days 1 -set_serial " + std::to_string(++serial_) + " -in " + path(name + ".csr") +
                " -CA " + ca_file() + " -CAkey " + path("ca.key") + " -extfile " + path(name + ".ext") +
                " -out " + out.cert_file);
        return out;
    }

private:
    std::string path(std::string const& file) const { return (dir_ / file).string(); }

    void remove() const {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    void write(std::string const& file, std::string const& text) const { std::ofstream(path(file)) << text; }

    void openssl(std::string const& args) const {
        std::string const log = path("openssl.log");
        if (std::system(("openssl " + args + " >" + log + " 2>&1").c_str()) == 0)
            return;
        std::ostringstream output;
        output << std::ifstream(log).rdbuf();
        throw std::runtime_error("throwaway_ca: openssl " + args + " failed:\n" + output.str());
    }

    std::filesystem::path dir_;
    int serial_ = 1;
};

// The PKI of every test in this file, made once before the first test and removed after the last.
struct pki : ::testing::Environment {
    void SetUp() override {
        try {
            ca.emplace();
            localhost = ca->issue("localhost", "DNS:localhost,IP:127.0.0.1");
            other_name = ca->issue("example.test", "DNS:example.test");
        } catch (std::exception const& e) {
            FAIL() << e.what(); // a fatal failure here skips every test
        }
    }
    void TearDown() override { ca.reset(); }

    static inline std::optional<throwaway_ca> ca;
    static inline throwaway_ca::issued localhost;
    static inline throwaway_ca::issued other_name;
};
::testing::Environment* const pki_environment = ::testing::AddGlobalTestEnvironment(new pki);

// One proxied connection, shared by its two pumps: the client's TLS side and the plain side to the server.
struct proxied {
    proxied(tcp::socket client, ssl::context& tls)
        : front(std::move(client), tls), back(front.get_executor()) {}
    void close() {
        error_code ignored;
        front.lowest_layer().close(ignored);
        back.close(ignored);
    }
    ssl::stream<tcp::socket> front;
    tcp::socket back;
};

// Copies bytes from one side to the other until either side ends, then closes both (which ends the other
// pump).
template <class From, class To>
asio::awaitable<void> pump(std::shared_ptr<proxied> p, From& from, To& to) {
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
    p->close();
}

// The server names (SNI) of the handshakes a tls_front completed, "" for none. Thread-safe.
class server_names {
public:
    void add(std::string name) {
        std::lock_guard lock(mutex_);
        names_.push_back(std::move(name));
    }
    std::vector<std::string> seen() const {
        std::lock_guard lock(mutex_);
        return names_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> names_;
};

asio::awaitable<void> serve_one(tcp::socket client, ssl::context& tls, unsigned short backend_port,
                                server_names& names) {
    auto p = std::make_shared<proxied>(std::move(client), tls);
    auto [hec] = co_await p->front.async_handshake(ssl::stream_base::server, as_value);
    if (hec)
        co_return; // the client refused our certificate (or gave up): nothing to proxy
    char const* sni = SSL_get_servername(p->front.native_handle(), TLSEXT_NAMETYPE_host_name);
    names.add(sni ? sni : "");
    tcp::endpoint const backend(asio::ip::make_address("127.0.0.1"), backend_port);
    auto [cec] = co_await p->back.async_connect(backend, as_value);
    if (cec)
        co_return;
    auto ex = co_await asio::this_coro::executor;
    asio::co_spawn(ex, pump(p, p->front, p->back), asio::detached);
    asio::co_spawn(ex, pump(p, p->back, p->front), asio::detached);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, ssl::context& tls, unsigned short backend_port,
                                  server_names& names) {
    for (;;) {
        auto [ec, client] = co_await acceptor.async_accept(as_value);
        if (ec)
            co_return;
        asio::co_spawn(acceptor.get_executor(), serve_one(std::move(client), tls, backend_port, names),
                       asio::detached);
    }
}

// A TLS-terminating proxy on 127.0.0.1:<free port>, on a thread of its own, in front of a plain HTTP server
// on 127.0.0.1:`backend_port`, presenting `cert`. Listening when the constructor returns; the destructor
// stops the thread and drops every connection.
class tls_front {
public:
    tls_front(unsigned short backend_port, throwaway_ca::issued const& cert) {
        tls_.use_certificate_chain_file(cert.cert_file);
        tls_.use_private_key_file(cert.key_file, ssl::context::pem);
        acceptor_.open(tcp::v4());
        acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
        acceptor_.listen();
        asio::co_spawn(io_, accept_loop(acceptor_, tls_, backend_port, names_), asio::detached);
        thread_ = std::thread([this] { io_.run(); });
    }
    ~tls_front() {
        io_.stop();
        thread_.join();
    }
    tls_front(tls_front const&) = delete;
    tls_front& operator=(tls_front const&) = delete;

    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    // The server name (SNI) of every connection that completed its handshake, "" for none.
    std::vector<std::string> names_seen() const { return names_.seen(); }

private:
    // Declared before io_: the coroutines the io_context destroys refer to it.
    ssl::context tls_{ssl::context::tls_server};
    server_names names_;
    asio::io_context io_;
    tcp::acceptor acceptor_{io_};
    std::thread thread_;
};

using fixture::add_args;
using fixture::add_result;
using fixture::name_form;

std::atomic<int> questions_answered{0};

mcp::task<mcp::result<mcp::elicitation_answer>> answer_ada(mcp::elicitation_request req) {
    ++questions_answered;
    if (req.message != "Who are you?")
        co_return mcp::elicitation_answer::decline();
    co_return mcp::elicitation_answer::accept(name_form{"Ada"});
}

std::string https_url(std::string const& host, unsigned short port) {
    return "https://" + host + ":" + std::to_string(port) + "/mcp";
}

class ClientTls : public ::testing::Test {
protected:
    std::unique_ptr<mcp::client> make_client(std::string const& host, tls_front const& via,
                                             mcp::transport::http_link_options link) {
        return std::make_unique<mcp::client>(
            io.get_executor(),
            mcp::transport::http({.url = https_url(host, via.port()), .link = link}).value());
    }

    std::unique_ptr<mcp::server> srv = mcp::testing::make_fixture_server();
    mcp::testing::http_server served{*srv};
    tls_front front{served.port(), pki::localhost};
    tls_front other_name_front{served.port(), pki::other_name}; // trusted CA, another name
    asio::io_context io;
};

TEST_F(ClientTls, AServerTrustedThroughTheCaFileServesAWholeSession) {
    auto c = make_client("localhost", front, {.ca_file = pki::ca->ca_file()});
    c->on_elicitation(answer_ada);
    auto init = run(io, c->connect());
    ASSERT_TRUE(init) << init.error().message();
    EXPECT_EQ(init->server_info.name, "fixture");
    auto sum = run(io, c->call_tool<add_result>("add", add_args{2, 3}));
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 5);
    auto tools = run(io, c->list_all_tools());
    ASSERT_TRUE(tools) << tools.error().message();
    EXPECT_EQ(tools->size(), 13u);
    // The server's question comes on the POST's SSE stream, the answer goes back in another POST.
    auto hello = run(io, c->call_tool<std::string>("ask_name", boost::json::object{}));
    ASSERT_TRUE(hello) << hello.error().message();
    EXPECT_EQ(*hello, "Hello, Ada");
    run(io, c->close());
    EXPECT_TRUE(c->closed());
    auto const names = front.names_seen();
    ASSERT_FALSE(names.empty());
    for (auto const& name : names)
        EXPECT_EQ(name, "localhost");
}

// No SNI is sent for an address (RFC 6066, section 3): the certificate's IP subjectAltName is what verifies.
TEST_F(ClientTls, AnAddressIsVerifiedAgainstTheIpSubjectAltName) {
    auto c = make_client("127.0.0.1", front, {.ca_file = pki::ca->ca_file()});
    auto init = run(io, c->connect());
    ASSERT_TRUE(init) << init.error().message();
    auto sum = run(io, c->call_tool<add_result>("add", add_args{20, 22}));
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 42);
    run(io, c->close());
    auto const names = front.names_seen();
    ASSERT_FALSE(names.empty());
    for (auto const& name : names)
        EXPECT_EQ(name, "");
}

TEST_F(ClientTls, AnUntrustedCertificateIsRejectedWithTheReason) {
    auto c = make_client("localhost", front, {});
    auto init = run(io, c->connect());
    ASSERT_FALSE(init);
    EXPECT_EQ(init.error().code(), mcp::transport::code::unreachable);
    std::string const message = init.error().message();
    EXPECT_NE(message.find("certificate of localhost was rejected"), std::string::npos) << message;
    EXPECT_NE(message.find("unable to get local issuer certificate"), std::string::npos) << message;
}

TEST_F(ClientTls, VerifyPeerOffAcceptsAnyCertificate) {
    // verify_peer = false is for tests against a self-signed server only: it accepts any certificate (here
    // one of a CA the client does not trust, for another name), so any server in the middle too.
    auto c = make_client("localhost", other_name_front, {.verify_peer = false});
    auto init = run(io, c->connect());
    ASSERT_TRUE(init) << init.error().message();
    auto sum = run(io, c->call_tool<add_result>("add", add_args{1, 2}));
    ASSERT_TRUE(sum) << sum.error().message();
    EXPECT_EQ(sum->sum, 3);
    run(io, c->close());
}

TEST_F(ClientTls, ACertificateForAnotherNameIsRejectedNamingTheHost) {
    auto c = make_client("localhost", other_name_front, {.ca_file = pki::ca->ca_file()});
    auto init = run(io, c->connect());
    ASSERT_FALSE(init);
    EXPECT_EQ(init.error().code(), mcp::transport::code::unreachable);
    std::string const message = init.error().message();
    EXPECT_NE(message.find("certificate of localhost was rejected"), std::string::npos) << message;
    EXPECT_NE(message.find("hostname mismatch"), std::string::npos) << message;
}

TEST_F(ClientTls, AnAddressNotInTheCertificateIsRejected) {
    auto c = make_client("127.0.0.1", other_name_front, {.ca_file = pki::ca->ca_file()});
    auto init = run(io, c->connect());
    ASSERT_FALSE(init);
    EXPECT_EQ(init.error().code(), mcp::transport::code::unreachable);
    std::string const message = init.error().message();
    EXPECT_NE(message.find("certificate of 127.0.0.1 was rejected"), std::string::npos) << message;
    EXPECT_NE(message.find("IP address mismatch"), std::string::npos) << message;
}

// The server's messages tied to no request go on the GET stream (2025-11-25 basic/transports): a task's
// question asked while nobody waits on tasks/result is one. Its answer reaching the task shows that stream
// works over TLS.
TEST(ClientTlsListening, AQuestionOnTheGetStreamIsAnswered) {
    auto srv = mcp::testing::make_task_fixture_server();
    mcp::testing::http_server served{*srv};
    tls_front front{served.port(), pki::localhost};
    asio::io_context io;
    mcp::client c(io.get_executor(), mcp::transport::http({.url = https_url("localhost", front.port()),
                                                           .link = {.ca_file = pki::ca->ca_file()}})
                                         .value());
    c.on_elicitation(answer_ada);
    ASSERT_TRUE(run(io, c.connect()));
    int const before = questions_answered;
    auto created = run(io, c.call_tool_as_task("ask_task"));
    ASSERT_TRUE(created) << created.error().message();
    for (int i = 0; i < 500 && questions_answered == before; ++i)
        mcp::testing::run_for(io, std::chrono::milliseconds(10));
    EXPECT_EQ(questions_answered, before + 1); // asked and answered before any tasks/result
    auto done = run(io, c.task_result(created->task_id));
    ASSERT_TRUE(done) << done.error().message();
    EXPECT_EQ(mcp::text_of(*done), "Hello, Ada");
    run(io, c.close());
}

} // namespace
