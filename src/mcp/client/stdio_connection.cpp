#include <mcp/client/stdio_connection.hpp>

#include <mcp/client/child_process.hpp>
#include <mcp/client/line_splitter.hpp>
#include <mcp/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <map>

namespace mcp::transport {

namespace asio = boost::asio;
namespace json = boost::json;

namespace detail {

// What the connection, its read loop and its sends share; each holds it, so none outlives it. Touched only on
// `strand` (the destructor aside, see the header).
struct stdio_state {
    stdio_state(asio::any_io_executor s, receiver& rec, std::unique_ptr<child_process> c,
                stdio_options const& o, std::string described)
        : strand(s), r(&rec), child(std::move(c)), max_message_bytes(o.max_message_bytes),
          grace(o.shutdown_grace), name(std::move(described)), turn(s, 1) {}

    asio::any_io_executor strand;
    receiver* r;
    std::unique_ptr<child_process> child;
    std::size_t max_message_bytes;
    std::chrono::milliseconds grace;
    std::string name; // describe()
    // Holds one token while a write runs: a second send waits in async_send until the first takes it back.
    asio::experimental::channel<void(boost::system::error_code)> turn;
    std::map<std::string, json::value> unanswered; // requests written, by their serialized id
    bool closing = false;                          // close() has begun: no more sends
    bool ended = false; // on_closed was called, or the connection is gone: the receiver hears nothing more
};

} // namespace detail

namespace {

using state_ptr = std::shared_ptr<detail::stdio_state>;

constexpr auto as_value = asio::as_tuple(asio::use_awaitable);

// Deep enough for any structured result a server sends; Boost.JSON's default (32) would turn a deep answer
// into garbage, and its request would never be answered.
json::parse_options const message_parse_options = [] {
    json::parse_options o;
    o.max_depth = 512;
    return o;
}();

bool blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// The first 80 bytes, cut at a UTF-8 character boundary, control characters shown as '?'.
std::string excerpt(std::string_view line) {
    constexpr std::size_t max = 80;
    std::size_t cut = std::min(max, line.size());
    while (cut < line.size() && cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
        --cut;
    std::string out;
    for (char c : line.substr(0, cut)) {
        auto u = static_cast<unsigned char>(c);
        out += u < 0x20 || u == 0x7f ? '?' : c;
    }
    if (cut < line.size())
        out += "... (" + std::to_string(line.size()) + " bytes)";
    return out;
}

// The key of a request (a message with "method" and "id"), to match its answer; nullopt for anything else.
std::optional<std::string> request_key(json::object const& m) {
    auto const* id = m.if_contains("id");
    if (!id || !m.contains("method"))
        return std::nullopt;
    return json::serialize(*id);
}

void note_answered(detail::stdio_state& s, json::object const& m) {
    auto const* id = m.if_contains("id");
    if (id && !m.contains("method"))
        s.unanswered.erase(json::serialize(*id));
}

json::object made_up_error(json::value const& id, std::string const& why) {
    json::object e{{"code", code::unreachable}, {"message", "no answer: " + why}};
    return json::object{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(e)}};
}

// Tells the receiver, once, that the connection is over, answering first what the server left unanswered.
void finish(detail::stdio_state& s, std::string const& reason) {
    if (s.ended)
        return;
    s.ended = true;
    auto unanswered = std::move(s.unanswered);
    s.unanswered.clear();
    for (auto const& entry : unanswered)
        s.r->on_message(made_up_error(entry.second, reason));
    s.r->on_closed(reason);
}

std::string ended_reason(detail::stdio_state const& s, exit_status const& st, std::string const& failure) {
    std::string why = failure.empty() ? "" : failure + "; ";
    if (s.closing)
        why += "closed by the client; ";
    why += "the server process " + st.describe();
    auto last = s.child->last_stderr_line();
    if (!last.empty())
        why += " (its last stderr line: " + excerpt(last) + ")";
    return why;
}

// One line of the server's stdout: a message, or garbage to report.
void deliver(detail::stdio_state& s, std::string_view line) {
    if (s.ended || blank(line))
        return;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec, {}, message_parse_options);
    if (ec) {
        s.r->on_garbage("a line that is not JSON (" + ec.message() + "): " + excerpt(line));
        return;
    }
    auto* o = v.if_object();
    if (!o) {
        s.r->on_garbage("a JSON line that is not an object: " + excerpt(line));
        return;
    }
    note_answered(s, *o);
    s.r->on_message(std::move(*o));
}

void skipped_overlong(detail::stdio_state& s) {
    if (!s.ended)
        s.r->on_garbage("a line longer than max_message_bytes (" + std::to_string(s.max_message_bytes) +
                        " bytes) was skipped");
}

// Reads the server's stdout until EOF; then reaps the server and tells the receiver why it is over.
task<> read_loop(state_ptr s) {
    std::vector<char> buf(64 * 1024);
    line_splitter lines(s->max_message_bytes, line_splitter::overflow::skip);
    auto on_line = [&s](std::string_view line) { deliver(*s, line); };
    auto on_overlong = [&s] { skipped_overlong(*s); };
    std::string failure;
    for (;;) {
        auto [ec, n] = co_await s->child->stdout_pipe().async_read_some(asio::buffer(buf), as_value);
        if (s->ended)
            co_return;
        if (ec) {
            if (ec != asio::error::eof)
                failure = "cannot read from the server: " + ec.message();
            break;
        }
        lines.feed(std::string_view(buf.data(), n), on_line, on_overlong);
    }
    if (auto rest = lines.finish())
        deliver(*s, *rest);
    // EOF normally means the server has exited; one that only closed its stdout is ended as close() would.
    auto status = co_await s->child->terminate(s->grace, s->grace);
    finish(*s, ended_reason(*s, status, failure));
}

void log_read_loop_failure(std::exception_ptr e) {
    if (!e)
        return;
    try {
        std::rethrow_exception(e);
    } catch (std::exception const& x) {
        log::error("stdio client: the read loop stopped: {}", x.what());
    }
}

error closed_error(detail::stdio_state const& s) {
    return error(code::unreachable, "cannot send to " + s.name + ": the connection is closed");
}

void give_turn_back(detail::stdio_state& s) {
    s.turn.try_receive([](boost::system::error_code) {});
}

task<result<>> write_message(state_ptr s, json::object message) {
    if (s->ended || s->closing)
        co_return closed_error(*s);
    std::string line = json::serialize(message); // escapes control characters: no newline inside
    line += '\n';
    boost::system::error_code none;
    auto [turn_ec] = co_await s->turn.async_send(none, as_value);
    if (turn_ec)
        co_return closed_error(*s);
    if (s->ended || s->closing) {
        give_turn_back(*s);
        co_return closed_error(*s);
    }
    // Noted before writing: a fast answer may be read before this coroutine resumes.
    auto key = request_key(message);
    if (key)
        s->unanswered.emplace(*key, message.at("id"));
    auto [ec, n] = co_await asio::async_write(s->child->stdin_pipe(), asio::buffer(line), as_value);
    give_turn_back(*s);
    if (!ec)
        co_return result<>();
    if (key)
        s->unanswered.erase(*key);
    co_return error(code::unreachable, "cannot write to the server (" + s->name + "): " + ec.message());
}

task<> close_on_strand(state_ptr s) {
    s->closing = true;
    auto status = co_await s->child->terminate(s->grace, s->grace);
    // The read loop normally drains stdout, sees EOF and calls on_closed itself; a grandchild that still
    // holds the pipe must not keep close() waiting.
    // Named, not a temporary in the co_await: g++ 12 destroys such temporaries twice.
    std::function<bool()> read_loop_ended = [s] { return s->ended; };
    co_await detail::poll_until(s->strand, read_loop_ended, std::chrono::milliseconds(250));
    finish(*s, ended_reason(*s, status, ""));
    boost::system::error_code ignored;
    s->child->stdout_pipe().close(ignored);
}

process_options process_options_of(stdio_options const& o) {
    return process_options{.program = o.program,
                           .args = o.args,
                           .env = o.env,
                           .working_directory = o.working_directory,
                           .on_stderr_line = o.on_stderr_line};
}

} // namespace

stdio_connection::stdio_connection(stdio_options options) : options_(std::move(options)) {}

stdio_connection::~stdio_connection() {
    if (!state_)
        return;
    state_->ended = true;
    state_->child->kill();
}

task<result<>> stdio_connection::open(asio::any_io_executor ex, receiver& r) {
    if (state_)
        co_return error(code::unreachable, describe() + ": already open");
    asio::any_io_executor strand = asio::make_strand(ex);
    auto child = child_process::start(strand, process_options_of(options_));
    if (!child)
        co_return child.error();
    state_ = std::make_shared<detail::stdio_state>(strand, r, std::move(*child), options_, describe());
    asio::co_spawn(strand, read_loop(state_), log_read_loop_failure);
    co_return result<>();
}

task<result<>> stdio_connection::send(json::object message) {
    if (!state_)
        co_return error(code::unreachable, "cannot send to " + describe() + ": the connection is not open");
    auto s = state_;
    co_return co_await asio::co_spawn(s->strand, write_message(s, std::move(message)), asio::use_awaitable);
}

task<> stdio_connection::close() {
    if (!state_)
        co_return;
    auto s = state_;
    co_await asio::co_spawn(s->strand, close_on_strand(s), asio::use_awaitable);
}

std::string stdio_connection::describe() const {
    std::string d = "stdio: " + options_.program;
    for (auto const& a : options_.args)
        d += " " + a;
    return d;
}

std::unique_ptr<connection> stdio(stdio_options options) {
    return std::make_unique<stdio_connection>(std::move(options));
}

} // namespace mcp::transport
