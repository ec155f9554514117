#include <mcp/client/http_link.hpp>

#include <mcp/client/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <array>
#include <filesystem>
#include <variant>

namespace mcp::transport {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t piece_bytes = 64 * 1024;

error unreachable(std::string what) {
    return error(code::unreachable, std::move(what));
}

bool ieq(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

error bad_url(std::string_view url, std::string_view why) {
    return error::invalid_params("the server URL \"" + std::string(url) + "\" " + std::string(why));
}

std::shared_ptr<ssl::context> make_tls(http_link_options const& o, std::string& failure) {
    auto tls = std::make_shared<ssl::context>(ssl::context::tls_client);
    error_code ec;
    tls->set_default_verify_paths(ec);
    for (char const* bundle : {"/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/certs/ca-certificates.crt"})
        if (std::filesystem::exists(bundle, ec)) tls->load_verify_file(bundle, ec);
    if (!o.ca_file.empty()) {
        tls->load_verify_file(o.ca_file, ec);
        if (ec) failure = "TLS: cannot load the CA file " + o.ca_file + ": " + ec.message();
    }
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    return tls;
}

} // namespace

result<http_endpoint> http_endpoint::parse(std::string_view url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return bad_url(url, "is not an absolute URL");
    auto const& u = *parsed;
    http_endpoint ep;
    if (u.scheme_id() == boost::urls::scheme::https) ep.tls = true;
    else if (u.scheme_id() != boost::urls::scheme::http) return bad_url(url, "must start with http:// or https://");
    if (u.has_userinfo()) return bad_url(url, "must not carry user info (send credentials in a header)");
    ep.host = u.host_type() == boost::urls::host_type::ipv6 ? std::string(u.host_address()) : std::string(u.host());
    if (ep.host.empty()) return bad_url(url, "has no host");
    ep.port = u.has_port() ? std::string(u.port()) : (ep.tls ? "443" : "80");
    if (u.has_port() && (u.port_number() == 0)) return bad_url(url, "has a bad port (1 to 65535)");
    ep.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
    if (u.has_query()) ep.target += "?" + std::string(u.encoded_query());
    ep.host_header = std::string(u.encoded_authority());
    return ep;
}

std::optional<std::string_view> http_head::header(std::string_view name) const {
    for (auto const& [n, v] : headers)
        if (ieq(n, name)) return std::string_view(v);
    return std::nullopt;
}

struct http_link::state {
    explicit state(asio::any_io_executor ex) : plain(ex) {}
    beast::tcp_stream plain;
    std::shared_ptr<ssl::context> tls_context;
    std::optional<beast::ssl_stream<beast::tcp_stream&>> secure;
    beast::flat_buffer buffer;
    std::optional<bhttp::response_parser<bhttp::buffer_body>> parser;
    http_endpoint endpoint;
    http_link_options options;
    bool broken = false;
    bool unused = false; // the last send failed before the server could see the request

    template <class Op>
    auto on_stream(Op&& op) {
        return secure ? op(*secure) : op(plain);
    }
};

http_link::http_link(std::unique_ptr<state> s) : s_(std::move(s)) {}
http_link::~http_link() = default;

namespace {

task<result<>> handshake(http_link::state& s) {
    auto& stream = *s.secure;
    error_code ip_ec;
    asio::ip::make_address(s.endpoint.host, ip_ec);
    bool const is_address = !ip_ec;
    // SNI carries a name, never an address (RFC 6066, section 3).
    if (!is_address && !SSL_set_tlsext_host_name(stream.native_handle(), s.endpoint.host.c_str()))
        co_return unreachable("TLS: cannot set the server name");
    if (s.options.verify_peer) {
        stream.set_verify_mode(ssl::verify_peer);
        // OpenSSL checks the name (or the address) as asio's host_name_verification would (X509_check_host,
        // X509_check_ip_asc, flags 0) but records a mismatch as the verify result ("hostname mismatch",
        // "IP address mismatch"), which that callback left "unspecified certificate verification error".
        X509_VERIFY_PARAM* param = SSL_get0_param(stream.native_handle());
        char const* host = s.endpoint.host.c_str();
        bool const named = is_address ? X509_VERIFY_PARAM_set1_ip_asc(param, host) == 1
                                      : X509_VERIFY_PARAM_set1_host(param, host, 0) == 1;
        if (!named) co_return unreachable("TLS: cannot set the name to verify");
    }
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, as_value);
    if (!ec) co_return result<>{};
    long const verify = SSL_get_verify_result(stream.native_handle());
    if (verify != X509_V_OK)
        co_return unreachable("TLS: the certificate of " + s.endpoint.host + " was rejected (" +
                              X509_verify_cert_error_string(verify) + ")");
    co_return unreachable("TLS handshake with " + s.endpoint.host + " failed: " + ec.message());
}

} // namespace

task<result<std::unique_ptr<http_link>>> http_link::connect(asio::any_io_executor ex, http_endpoint const& ep,
                                                            http_link_options const& options) {
    auto s = std::make_unique<state>(ex);
    s->endpoint = ep;
    s->options = options;
    tcp::resolver resolver(ex);
    auto [rec, addresses] = co_await resolver.async_resolve(ep.host, ep.port, as_value);
    if (rec) co_return unreachable("cannot resolve " + ep.host + ": " + rec.message());
    s->plain.expires_after(options.connect_timeout);
    auto [cec, peer] = co_await s->plain.async_connect(addresses, as_value);
    if (cec) co_return unreachable("cannot connect to " + ep.host_header + ": " + cec.message());
    s->plain.socket().set_option(tcp::no_delay(true));
    if (ep.tls) {
        std::string failure;
        s->tls_context = make_tls(options, failure);
        if (!failure.empty()) co_return unreachable(failure);
        s->secure.emplace(s->plain, *s->tls_context);
        auto shaken = co_await handshake(*s);
        if (!shaken) co_return shaken.error();
    }
    s->plain.expires_never();
    co_return std::unique_ptr<http_link>(new http_link(std::move(s)));
}

task<result<http_head>> http_link::send(std::string_view method, std::string_view target, header_list const& headers,
                                        std::string_view body) {
    auto written = co_await write(method, target, headers, body);
    if (!written) co_return written.error();
    co_return co_await read_head(s_->options.head_timeout);
}

task<result<>> http_link::write(std::string_view method, std::string_view target, header_list const& headers,
                                std::string_view body) {
    auto& s = *s_;
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), std::string(target), 11};
    req.set(bhttp::field::host, s.endpoint.host_header);
    for (auto const& [name, value] : headers) req.insert(name, value);
    req.body() = std::string(body);
    if (!body.empty() || method == "POST") req.prepare_payload();
    s.plain.expires_after(s.options.head_timeout);
    auto [ec, written] = co_await s.on_stream([&](auto& stream) { return bhttp::async_write(stream, req, as_value); });
    s.plain.expires_never();
    if (ec) {
        s.broken = true;
        s.unused = ec != beast::error::timeout;
        co_return unreachable("cannot send to " + s.endpoint.host_header + ": " + ec.message());
    }
    s.unused = false;
    co_return result<>{};
}

task<result<http_head>> http_link::read_head(std::optional<std::chrono::milliseconds> head_limit) {
    auto& s = *s_;
    s.parser.emplace();
    s.parser->body_limit(boost::none);
    if (head_limit) s.plain.expires_after(*head_limit);
    auto [ec, got] = co_await s.on_stream(
        [&](auto& stream) { return bhttp::async_read_header(stream, s.buffer, *s.parser, as_value); });
    s.plain.expires_never();
    if (ec) {
        s.broken = true;
        s.unused = ec == bhttp::error::end_of_stream || ec == asio::error::connection_reset;
        if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category() &&
            ec != bhttp::error::end_of_stream)
            co_return error(code::bad_answer, "the answer from " + s.endpoint.host_header + " is not HTTP/1.1 (" +
                                                  ec.message() + ")");
        co_return unreachable("no answer from " + s.endpoint.host_header + ": " + ec.message());
    }
    auto const& msg = s.parser->get();
    http_head head{msg.result_int(), {}, msg.keep_alive()};
    for (auto const& f : msg) head.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    co_return head;
}

task<result<std::string>> http_link::read_some() {
    auto& s = *s_;
    std::string piece(piece_bytes, '\0');
    // A read may end on a chunk's framing with no body bytes: read again until there are some, or the end.
    while (s.parser && !s.parser->is_done()) {
        auto& body = s.parser->get().body();
        body.data = piece.data();
        body.size = piece.size();
        auto [ec, n] = co_await s.on_stream(
            [&](auto& stream) { return bhttp::async_read_some(stream, s.buffer, *s.parser, as_value); });
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec) {
            s.broken = true;
            co_return unreachable("the answer from " + s.endpoint.host_header + " broke off: " + ec.message());
        }
        std::size_t const got = piece.size() - s.parser->get().body().size;
        if (got > 0) {
            piece.resize(got);
            co_return piece;
        }
    }
    co_return std::string();
}

task<result<std::string>> http_link::read_all(std::size_t limit) {
    std::string all;
    for (;;) {
        auto piece = co_await read_some();
        if (!piece) co_return piece.error();
        if (piece->empty()) co_return all;
        if (all.size() + piece->size() > limit) {
            s_->broken = true;
            co_return error(code::bad_answer, "the answer from " + s_->endpoint.host_header + " is larger than " +
                                                  std::to_string(limit) + " bytes");
        }
        all += *piece;
    }
}

bool http_link::unused() const {
    return s_->unused;
}

bool http_link::reusable() const {
    return !s_->broken && s_->parser && s_->parser->is_done() && s_->parser->get().keep_alive();
}

void http_link::close() {
    s_->broken = true;
    error_code ec;
    s_->plain.socket().shutdown(tcp::socket::shutdown_both, ec);
    s_->plain.close();
}

} // namespace mcp::transport
