// Beast and Asio SSL live here, and only here, in the aws layer.
#include <mcp/aws/http_pool.hpp>

#include <filesystem>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <mutex>
#include <utility>

namespace mcp::aws {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

struct connection {
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;
    std::chrono::steady_clock::time_point idle_since;

    beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
};

std::string describe(error_code ec) {
    if (ec == beast::error::timeout) {
        return "timed out";
    }
    return ec.message();
}

bool is_ip_address(std::string const& host) {
    error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

} // namespace

struct http_pool::state {
    asio::any_io_executor executor;
    endpoint target;
    http_pool_options options;
    std::optional<ssl::context> tls; // set for https endpoints

    mutable std::mutex mutex;
    std::vector<std::unique_ptr<connection>> idle; // most recently used last

    std::unique_ptr<connection> take_idle() {
        std::lock_guard lock(mutex);
        auto const now = std::chrono::steady_clock::now();
        while (!idle.empty()) {
            auto c = std::move(idle.back());
            idle.pop_back();
            if (now - c->idle_since < options.max_idle_time) {
                return c;
            }
        }
        return nullptr;
    }

    void give_back(std::unique_ptr<connection> c) {
        c->idle_since = std::chrono::steady_clock::now();
        std::lock_guard lock(mutex);
        if (idle.size() < options.max_idle) {
            idle.push_back(std::move(c));
        }
    }
};

namespace {

using state_ptr = std::shared_ptr<http_pool::state>;

struct connect_outcome {
    std::unique_ptr<connection> conn;
    std::string failure;
    bool transient = true;
};

task<connect_outcome> handshake(state_ptr s, std::unique_ptr<connection> c) {
    auto& stream = *c->secure;
    // SNI carries a name, never an address (RFC 6066, section 3).
    if (!is_ip_address(s->target.host) &&
        !SSL_set_tlsext_host_name(stream.native_handle(), s->target.host.c_str())) {
        co_return connect_outcome{.failure = "TLS: cannot set the server name"};
    }
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification(s->target.host));
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, as_value);
    if (ec) {
        long const verify = SSL_get_verify_result(stream.native_handle());
        if (verify != X509_V_OK) {
            co_return connect_outcome{.failure = std::string("TLS certificate rejected (") +
                                                 X509_verify_cert_error_string(verify) + ")",
                                      .transient = false};
        }
        co_return connect_outcome{.failure = "TLS handshake failed: " + describe(ec)};
    }
    co_return connect_outcome{.conn = std::move(c)};
}

task<connect_outcome> connect(state_ptr s) {
    tcp::resolver resolver(s->executor);
    auto [rec, addresses] = co_await resolver.async_resolve(s->target.host, s->target.port, as_value);
    if (rec) {
        co_return connect_outcome{.failure = "cannot resolve " + s->target.host + ": " + describe(rec)};
    }
    beast::tcp_stream stream(s->executor);
    stream.expires_after(s->options.timeout);
    auto [cec, peer] = co_await stream.async_connect(addresses, as_value);
    if (cec) {
        co_return connect_outcome{.failure = "cannot connect: " + describe(cec)};
    }
    (void)peer;
    error_code ignored;
    stream.socket().set_option(tcp::no_delay(true), ignored); // small requests, answers awaited one by one
    auto c = std::make_unique<connection>();
    if (!s->tls) {
        c->plain.emplace(std::move(stream));
        co_return connect_outcome{.conn = std::move(c)};
    }
    c->secure.emplace(std::move(stream), *s->tls);
    co_return co_await handshake(s, std::move(c));
}

struct exchange_step {
    std::optional<http_response> response;
    std::string failure;
    bool nothing_received = false; // failed on write, or before the first byte of the answer
    bool keep_alive = false;
};

template <class Stream>
task<exchange_step> write_read(Stream& stream, connection& c, bhttp::request<bhttp::string_body> const& msg,
                               std::size_t max_body) {
    exchange_step out;
    auto [wec, written] = co_await bhttp::async_write(stream, msg, as_value);
    (void)written;
    if (wec) {
        out.failure = describe(wec);
        out.nothing_received = true;
        co_return out;
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(max_body);
    auto [rec, read] = co_await bhttp::async_read(stream, c.buffer, parser, as_value);
    if (rec) {
        out.failure = describe(rec);
        out.nothing_received =
            read == 0 && (rec == bhttp::error::end_of_stream || rec == asio::error::eof ||
                          rec == asio::error::connection_reset || rec == asio::error::broken_pipe);
        co_return out;
    }
    auto& res = parser.get();
    http_response r;
    r.status = res.result_int();
    for (auto const& field : res) {
        r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    r.body = std::move(res.body());
    out.keep_alive = res.keep_alive();
    out.response = std::move(r);
    co_return out;
}

bhttp::request<bhttp::string_body> to_message(http_pool::state const& s, http_request& r) {
    bhttp::request<bhttp::string_body> msg;
    msg.method_string(r.method);
    msg.target(r.target);
    msg.version(11);
    msg.set(bhttp::field::host, s.target.host_header);
    for (auto const& h : r.headers) {
        msg.insert(h.name, h.value);
    }
    msg.body() = std::move(r.body);
    msg.keep_alive(true);
    msg.prepare_payload();
    return msg;
}

task<http_outcome> run_exchange(state_ptr s, http_request request) {
    auto const msg = to_message(*s, request);
    for (;;) {
        auto c = s->take_idle();
        bool const reused = c != nullptr;
        if (!c) {
            auto connected = co_await connect(s);
            if (!connected.conn) {
                co_return http_outcome{.failure = std::move(connected.failure),
                                       .transient = connected.transient};
            }
            c = std::move(connected.conn);
        }
        c->lowest().expires_after(s->options.timeout);
        exchange_step step;
        if (c->secure) {
            step = co_await write_read(*c->secure, *c, msg, s->options.max_response_bytes);
        } else {
            step = co_await write_read(*c->plain, *c, msg, s->options.max_response_bytes);
        }
        if (step.response) {
            if (step.keep_alive) {
                c->lowest().expires_never();
                s->give_back(std::move(c));
            }
            co_return http_outcome{.response = std::move(step.response)};
        }
        if (reused && step.nothing_received) {
            continue; // the server closed this idle connection first: another one, the request is unsent
        }
        co_return http_outcome{.failure = "request failed: " + step.failure};
    }
}

} // namespace

std::string_view http_response::header(std::string_view name) const {
    for (auto const& h : headers) {
        if (beast::iequals(h.name, name)) {
            return h.value;
        }
    }
    return {};
}

// The bundle files of the common distributions, loaded besides OpenSSL's compiled-in default paths: a binary
// built on Debian and run elsewhere (Lambda's Amazon Linux) looks for Debian's paths, which are not there.
void load_known_bundles(ssl::context& tls) {
    for (char const* bundle : {"/etc/pki/tls/certs/ca-bundle.crt",      // Amazon Linux, RHEL, Fedora
                               "/etc/ssl/certs/ca-certificates.crt"}) { // Debian, Ubuntu, Alpine
        error_code ec;
        if (std::filesystem::exists(bundle, ec))
            tls.load_verify_file(bundle, ec); // unreadable: the others remain
    }
}

result<http_pool> http_pool::create(asio::any_io_executor ex, endpoint ep, http_pool_options o) {
    auto s = std::make_shared<state>();
    s->executor = std::move(ex);
    s->target = std::move(ep);
    s->options = std::move(o);
    if (s->target.tls) {
        s->tls.emplace(ssl::context::tls_client);
        error_code ec;
        s->tls->set_default_verify_paths(ec);
        if (ec) {
            return error(errc::invalid_configuration,
                         "TLS: cannot load the system CA store: " + ec.message());
        }
        load_known_bundles(*s->tls);
        if (!s->options.ca_file.empty()) {
            s->tls->load_verify_file(s->options.ca_file, ec);
            if (ec) {
                return error(errc::invalid_configuration,
                             "TLS: cannot load the CA file " + s->options.ca_file + ": " + ec.message());
            }
        }
        s->tls->set_verify_mode(ssl::verify_peer);
        s->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                            ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    }
    return http_pool(std::move(s));
}

task<http_outcome> http_pool::exchange(http_request request) const {
    return run_exchange(state_, std::move(request));
}

endpoint const& http_pool::target() const {
    return state_->target;
}

std::size_t http_pool::idle_connections() const {
    std::lock_guard lock(state_->mutex);
    return state_->idle.size();
}

} // namespace mcp::aws
