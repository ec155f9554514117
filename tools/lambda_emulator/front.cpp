#include <lambda_emulator/front.hpp>

#include <lambda_emulator/log.hpp>
#include <lambda_emulator/text.hpp>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace lambda_emulator {
namespace {

namespace json = boost::json;
constexpr std::string_view control_prefix = "/_emulator/";

// Ends the front's interest in an invocation however the handler leaves (finished, client gone, shutdown).
struct abandon_on_exit {
    std::shared_ptr<invocation> inv;
    ~abandon_on_exit() { inv->abandon(); }
};

mcp::task<> answer_json(mcp::http::response_writer& out, int status, json::value body) {
    mcp::http::headers headers;
    headers.add("content-type", "application/json");
    auto text = json::serialize(body);
    co_await out.respond(status, std::move(headers), std::move(text));
}

// "1-5e6a9b2e-0123456789abcdef01234567": the Root of an X-Ray trace id.
std::string trace_root() {
    char epoch[16];
    std::snprintf(epoch, sizeof epoch, "%08lx", static_cast<unsigned long>(std::time(nullptr)));
    return "1-" + std::string(epoch) + "-" + random_hex(24);
}

// Relays a streamed response after its head; throws when the stream failed, so the listener closes the
// connection without the last chunk and the client sees an incomplete response.
mcp::task<> relay_stream(std::shared_ptr<invocation> inv, mcp::http::response_writer& out) {
    bool client_there = true;
    for (;;) {
        auto p = co_await inv->next();
        if (p.k == part::kind::data) {
            bool written = client_there;
            if (client_there)
                written = co_await out.write(std::move(p.bytes));
            if (client_there && !written) {
                client_there = false;
                log::info("invocation {}: the client went away; the rest of the response is dropped",
                          inv->id());
            }
        } else if (p.k == part::kind::end) {
            co_await out.finish();
            co_return;
        } else {
            throw std::runtime_error("invocation " + inv->id() +
                                     ": the response stream failed; the client's " + "stream is cut");
        }
    }
}

std::optional<std::size_t> copy_parameter(std::string_view target) {
    auto q = target.find("copy=");
    if (q == std::string_view::npos)
        return std::nullopt;
    auto digits = target.substr(q + 5);
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || (end != digits.data() + digits.size() && *end != '&'))
        throw std::invalid_argument("copy must be a copy number");
    return n;
}

} // namespace

front::front(boost::asio::any_io_executor ex, pool& p, gateway_identity id)
    : ex_(ex), pool_(p), id_(std::move(id)) {}

mcp::task<> front::handle(mcp::http::request req, mcp::http::response_writer& out) {
    if (std::string_view(req.target).starts_with(control_prefix))
        co_await control(std::move(req), out);
    else
        co_await invoke(std::move(req), out);
}

mcp::task<> front::invoke(mcp::http::request req, mcp::http::response_writer& out) {
    request_facts facts{random_uuid(),
                        random_id(16) + "=",
                        std::chrono::system_clock::now(),
                        address_only(req.remote_address),
                        port_,
                        trace_root()};
    auto inv =
        std::make_shared<invocation>(ex_, facts.invocation_id, json::serialize(make_event(id_, facts, req)));
    abandon_on_exit guard{inv};
    log::debug("{} {}: invocation {}", req.method, req.target, inv->id());
    pool_.submit(inv);
    auto first = co_await inv->next();
    first.answer.headers.set("x-amzn-requestid", inv->id());
    if (first.k == part::kind::whole) {
        co_await out.respond(first.answer.status, std::move(first.answer.headers),
                             std::move(first.answer.body));
        co_return;
    }
    co_await out.start(first.answer.status, std::move(first.answer.headers));
    co_await relay_stream(inv, out);
}

mcp::task<> front::control(mcp::http::request req, mcp::http::response_writer& out) {
    auto [status, body] = control_answer(req);
    co_await answer_json(out, status, std::move(body));
}

std::pair<int, json::value> front::control_answer(mcp::http::request const& req) {
    auto message = [](std::string_view m) { return json::value(json::object{{"message", m}}); };
    std::string_view target = req.target;
    auto path = target.substr(0, target.find('?'));
    if (path == "/_emulator/stats")
        return req.method == "GET" ? std::pair{200, pool_.stats()} : std::pair{405, message("use GET")};
    if (path != "/_emulator/restart")
        return {404, message("unknown control endpoint")};
    if (req.method != "POST")
        return {405, message("use POST")};
    std::optional<std::size_t> which;
    try {
        which = copy_parameter(target);
    } catch (std::invalid_argument const& e) {
        return {400, message(e.what())};
    }
    auto restarted = pool_.restart(which);
    if (restarted.empty())
        return {404, message("no such copy")};
    json::array list;
    for (auto i : restarted)
        list.push_back(i);
    return {200, json::object{{"restarted", std::move(list)}}};
}

} // namespace lambda_emulator
