// Fuzzes the Streamable HTTP handler (http/streamable.hpp) over the exchange seam, in process: no sockets,
// one io_context polled on this thread until nothing is ready (no timer fires, so a run is deterministic).
//
// The server (tools that answer, report progress and logs, and elicit; a resource, two resource templates, a
// prompt) is built once, before the first input, with the one thread of its blocking pool (unused: no tool
// blocks). Per input: its own io_context, handler and in-memory stores, so nothing of one input reaches the
// next; a session opened with initialize + notifications/initialized; then the input's requests in turn.
// Requests are separated by a line "~~~"; each is "METHOD /target", header lines "name: value", an empty
// line, and the body. In header values and bodies, "$session" becomes the newest session id, "$request" the
// id of the newest server-to-client request, "$event" the newest SSE event id, so one input can walk a
// session: call a tool, answer its elicitation, resume its stream, delete the session.
// Checked: every exchange is answered (a status, or a stream that started), never with a 5xx, and what it
// sends as JSON parses.
#include "fuzz_input.hpp"

#include <mcp/http/testing/exchange_harness.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fuzzed {

struct echo_args {
    std::string text;
    std::optional<int> times;
};
BOOST_DESCRIBE_STRUCT(echo_args, (), (text, times))

struct name_form {
    std::string name;
};
BOOST_DESCRIBE_STRUCT(name_form, (), (name))

struct item_vars {
    int id;
};
BOOST_DESCRIBE_STRUCT(item_vars, (), (id))

struct file_vars {
    std::string path;
};
BOOST_DESCRIBE_STRUCT(file_vars, (), (path))

struct greet_args {
    std::string name;
    std::optional<std::string> tone;
};
BOOST_DESCRIBE_STRUCT(greet_args, (), (name, tone))

std::string echo(echo_args in) {
    std::string out;
    for (int i = 0; i < std::min(in.times.value_or(1), 4); ++i)
        out += in.text;
    return out;
}

std::string chatty(mcp::call_context& ctx) {
    ctx.progress(1, 2, "half way");
    ctx.log(mcp::log_level::info, "working", "fuzz");
    ctx.progress(2, 2);
    return "done";
}

mcp::task<std::string> ask(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("Who are you?");
    if (!answer)
        co_return "elicitation failed: " + answer.error().message();
    co_return answer->content ? "hello " + answer->content->name : "no name";
}

mcp::resource_contents item(item_vars v) {
    return {"", "application/json", "{\"id\":" + std::to_string(v.id) + "}", std::nullopt};
}

std::string file(file_vars v) {
    return "contents of " + v.path;
}

std::string greet(greet_args in) {
    return "Say " + in.tone.value_or("hello") + " to " + in.name;
}

std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(
        mcp::server_options{.name = "fuzz", .version = "1", .blocking_threads = 1});
    srv->add_tool({.name = "echo", .description = "Echoes"}, echo);
    srv->add_tool({.name = "chatty", .description = "Progress and logs"}, chatty);
    srv->add_tool({.name = "ask", .description = "Elicits a name"}, ask);
    srv->add_resource({.uri = "test://readme", .name = "readme", .mime_type = "text/plain"},
                      [] { return std::string("readme"); });
    srv->add_resource_template({.uri_template = "test://items/{id}", .name = "item"}, item);
    srv->add_resource_template({.uri_template = "file:///{+path}", .name = "file"}, file);
    srv->add_prompt({.name = "greet", .description = "Greets"}, greet);
    return srv;
}

} // namespace fuzzed

namespace {

namespace json = boost::json;
namespace http = mcp::http;
using http::testing::recording_writer;

constexpr std::size_t max_requests = 8;

std::string replaced(std::string_view text, std::string_view name, std::string_view by) {
    std::string out(text);
    for (auto at = out.find(name); at != std::string::npos; at = out.find(name, at + by.size()))
        out.replace(at, name.size(), by);
    return out;
}

// What the requests of one input share: the placeholders' values.
struct names {
    std::string session;
    std::string request = "0";
    std::string event;

    std::string substituted(std::string_view text) const {
        return replaced(replaced(replaced(text, "$session", session), "$request", request), "$event", event);
    }
    // Learns the newest session, server-to-client request and event id from an answer.
    void learn(recording_writer const& w) {
        if (auto id = w.response_headers.get("mcp-session-id"))
            session = std::string(*id);
        if (!w.streamed)
            return;
        for (auto const& e : w.events()) {
            if (e.id && !e.id->empty())
                event = *e.id;
            boost::system::error_code ec;
            auto const message = json::parse(e.data, ec);
            auto const* o = ec ? nullptr : message.if_object();
            if (o && o->contains("method") && o->contains("id"))
                request = json::serialize(o->at("id"));
        }
    }
};

http::request request_of(std::string_view text, names const& n) {
    mcp::fuzz::input in(reinterpret_cast<std::uint8_t const*>(text.data()), text.size());
    http::request r;
    auto const start = in.line();
    auto const space = start.find(' ');
    r.method = std::string(start.substr(0, space));
    r.target = space == std::string_view::npos ? std::string() : std::string(start.substr(space + 1));
    for (auto line = in.line(); !line.empty(); line = in.line()) {
        auto const colon = line.find(':');
        auto value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        if (value.starts_with(' '))
            value.remove_prefix(1);
        r.headers.add(line.substr(0, colon), n.substituted(value));
    }
    r.body = n.substituted(in.rest());
    r.remote_address = "127.0.0.1:5000";
    return r;
}

mcp::task<> run(http::streamable& h, http::request req, std::shared_ptr<recording_writer> w) {
    co_await h.handle(std::move(req), *w);
}

std::unique_ptr<mcp::server> the_server;
bool verbose =
    false; // MCP_FUZZ_VERBOSE=1: each request and the start of its answer on stderr (writing seeds)

// The io_context and the handler of one input, in the order they must go.
class exchanges {
public:
    exchanges() : handler_(*the_server, io_.get_executor()) {}
    ~exchanges() {
        handler_.shutdown();
        drain();
    }

    std::shared_ptr<recording_writer> send(http::request req) {
        auto w = std::make_shared<recording_writer>();
        boost::asio::co_spawn(io_, run(handler_, std::move(req), w), boost::asio::detached);
        drain();
        return w;
    }

    http::request post(std::string body, names const& n) const {
        http::request r{"POST",
                        "/mcp",
                        {{"accept", "application/json, text/event-stream"},
                         {"content-type", "application/json"},
                         {"host", "127.0.0.1:8080"}},
                        std::move(body),
                        "127.0.0.1:5000"};
        if (!n.session.empty()) {
            r.headers.add("mcp-session-id", n.session);
            r.headers.add("mcp-protocol-version", "2025-11-25");
        }
        return r;
    }

private:
    // Everything ready, until nothing is; timers are never due (the shortest is seconds away).
    void drain() {
        io_.restart();
        while (io_.poll() > 0)
            io_.restart();
    }

    boost::asio::io_context io_;
    http::streamable handler_;
};

bool is_json(std::string_view text) {
    boost::system::error_code ec;
    json::parse(text, ec);
    return !ec;
}

// An exchange ended with a status, or is a stream still open; never a 5xx (the store is in memory and up);
// what it sent as JSON, in a body or in SSE events, is JSON.
void check(recording_writer const& w) {
    MCP_FUZZ_CHECK(w.status >= 200 && w.status < 500);
    MCP_FUZZ_CHECK(w.finished || w.streamed);
    if (w.streamed) {
        for (auto const& e : w.events())
            MCP_FUZZ_CHECK(e.data.empty() || is_json(e.data));
    } else if (w.response_headers.get("content-type").value_or("").starts_with("application/json")) {
        MCP_FUZZ_CHECK(is_json(w.body));
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mcp::log::framework().set_level(
        spdlog::level::err); // a warning for every refused request drowns the output
    the_server = fuzzed::make_server();
    verbose = std::getenv("MCP_FUZZ_VERBOSE") != nullptr;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    exchanges x;
    names n;
    n.learn(*x.send(
        x.post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
               R"("capabilities":{"elicitation":{}},"clientInfo":{"name":"fuzz","version":"0"}}})",
               n)));
    check(*x.send(x.post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", n)));
    for (std::size_t i = 0; i < max_requests && !in.empty(); ++i) {
        auto req = request_of(in.until("\n~~~\n"), n);
        auto const what = req.method + " " + req.target;
        auto const w = x.send(std::move(req));
        if (verbose)
            std::fprintf(stderr, "%s -> %d %s\n", what.c_str(), w->status, w->body.substr(0, 300).c_str());
        check(*w);
        n.learn(*w);
    }
    return 0;
}
