#include <mcp/http/testing/exchange_harness.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::http::testing {
namespace {

// As on a socket, starting and writing a stream complete later: the writer's coroutine suspends, and what the
// handler does meanwhile happens before it goes on.
task<> later() {
    co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
}

} // namespace

task<> recording_writer::respond(int s, headers h, std::string b) {
    status = s;
    response_headers = std::move(h);
    body = std::move(b);
    finished = true;
    co_return;
}

task<> recording_writer::start(int s, headers h) {
    co_await later();
    status = s;
    response_headers = std::move(h);
    streamed = true;
    co_return;
}

task<bool> recording_writer::write(std::string bytes) {
    if (gone) {
        ++writes_after_gone;
        co_return false;
    }
    co_await later();
    body += bytes;
    co_return true;
}

task<> recording_writer::finish() {
    finished = true;
    co_return;
}

std::vector<sse::event> recording_writer::events() const {
    sse::parser p;
    p.feed(body);
    std::vector<sse::event> out;
    while (auto e = p.next()) out.push_back(std::move(*e));
    return out;
}

std::vector<boost::json::object> recording_writer::messages() const {
    std::vector<boost::json::object> out;
    for (auto const& e : events())
        if (!e.data.empty()) out.push_back(boost::json::parse(e.data).as_object());
    return out;
}

namespace {
task<> run(streamable& h, request req, std::shared_ptr<recording_writer> w) { co_await h.handle(std::move(req), *w); }
} // namespace

harness::harness(server& srv, streamable_options options, storage::stores stores)
    : handler_(srv, io_.get_executor(), std::move(options), std::move(stores)) {}

std::shared_ptr<recording_writer> harness::send(request req) {
    auto w = std::make_shared<recording_writer>();
    boost::asio::co_spawn(io_, run(handler_, std::move(req), w), boost::asio::detached);
    settle();
    return w;
}

std::shared_ptr<recording_writer> harness::post(std::string const& body, std::optional<std::string> session) {
    request req{"POST", "/mcp", {{"accept", "application/json, text/event-stream"}, {"content-type", "application/json"},
                                 {"host", "127.0.0.1:8080"}}, body, "127.0.0.1:5000"};
    if (session) {
        req.headers.add("mcp-session-id", *session);
        req.headers.add("mcp-protocol-version", "2025-11-25");
    }
    return send(std::move(req));
}

std::shared_ptr<recording_writer> harness::get(std::string const& session, std::optional<std::string> last_event_id) {
    request req{"GET", "/mcp", {{"accept", "text/event-stream"}, {"mcp-session-id", session},
                                {"mcp-protocol-version", "2025-11-25"}, {"host", "localhost:8080"}}, "", "127.0.0.1:5001"};
    if (last_event_id) req.headers.add("last-event-id", *last_event_id);
    return send(std::move(req));
}

std::string harness::open_session() {
    auto w = post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
                  R"("capabilities":{"elicitation":{}},"clientInfo":{"name":"t","version":"0"}}})");
    auto id = std::string(w->response_headers.get("mcp-session-id").value_or(""));
    post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", id);
    return id;
}

void harness::settle() {
    for (int quiet = 0; quiet < 3;) {
        io_.restart();
        quiet = io_.poll() == 0 ? quiet + 1 : 0;
        if (quiet) io_.run_for(std::chrono::milliseconds(1));
    }
}

void harness::run_for(int ms) {
    io_.restart();
    io_.run_for(std::chrono::milliseconds(ms));
    settle();
}

} // namespace mcp::http::testing
