// mcp::testing::server_process (server_process.hpp): the program on transport::child_process, its pipes on a
// thread of ours, its URL read from its stderr or made from a port picked here.
#include <mcp/testing/server_process.hpp>

#include <mcp/client/http_link.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace mcp::testing {

namespace asio = boost::asio;

struct server_process::state {
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    std::thread thread;
    std::unique_ptr<transport::child_process> child; // used on `thread` once started
    std::optional<transport::exit_status> status;    // set by stop()

    mutable std::mutex mutex; // guards what the stderr callback writes
    std::condition_variable changed;
    std::vector<std::string> lines;
    std::optional<std::string> printed_url;

    ~state() {
        if (thread.joinable())
            asio::post(io, [this] { child.reset(); }); // closes its pipes; kills and reaps it if stop() did not
        work.reset();
        if (thread.joinable()) thread.join();
    }
};

namespace {

// The first http:// or https:// URL in `line`, its host made reachable when the server names a wildcard bind
// address.
std::optional<std::string> url_in(std::string_view line) {
    auto at = std::min(line.find("http://"), line.find("https://"));
    if (at == std::string_view::npos) return std::nullopt;
    auto end = line.find_first_of(" \t\"'<>,;", at);
    std::string url(line.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    for (std::string_view wildcard : {"//0.0.0.0:", "//[::]:"})
        if (auto w = url.find(wildcard); w != std::string::npos)
            url.replace(w + 2, wildcard.size() - 3, wildcard[2] == '0' ? "127.0.0.1" : "[::1]");
    return url;
}

unsigned short free_port() {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

// LOG_LEVEL above info would hide the line that names the URL: the child gets info then, unless told otherwise.
bool hides_info(char const* level) {
    if (!level) return false;
    std::string l(level);
    for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l == "warn" || l == "warning" || l == "error" || l == "critical" || l == "off";
}

// Reads the child's stdout and drops it, so that the child never blocks on a full pipe.
task<> drain(transport::child_process* child) {
    std::vector<char> buffer(4096);
    for (;;) {
        auto [ec, n] = co_await child->stdout_pipe().async_read_some(asio::buffer(buffer),
                                                                     asio::as_tuple(asio::use_awaitable));
        if (ec) co_return; // EOF, or the pipe closed by kill(): touch nothing of `child` then
    }
}

std::string last_lines(std::vector<std::string> const& lines) {
    std::string out;
    auto first = lines.size() > 10 ? lines.end() - 10 : lines.begin();
    for (auto it = first; it != lines.end(); ++it) out += "\n  " + *it;
    return out.empty() ? " (nothing on stderr)" : ":" + out;
}

} // namespace

server_process::server_process(server_process_options options)
    : options_(std::move(options)), s_(std::make_shared<state>()) {
    transport::process_options o{options_.program, options_.args, options_.env, options_.working_directory};
    bool port_given = false;
    for (auto& arg : o.args)
        if (auto at = arg.find("{port}"); at != std::string::npos) {
            if (!port_) port_ = free_port();
            arg.replace(at, 6, std::to_string(port_));
            port_given = true;
        }
    bool const level_set = std::any_of(o.env.begin(), o.env.end(), [](auto const& e) { return e.first == "LOG_LEVEL"; });
    if (!port_given && !level_set && hides_info(std::getenv("LOG_LEVEL"))) o.env.emplace_back("LOG_LEVEL", "info");
    o.on_stderr_line = [s = s_.get(), echo = options_.echo_stderr, name = options_.program](std::string_view line) {
        if (echo) std::fprintf(stderr, "[%s] %.*s\n", name.c_str(), static_cast<int>(line.size()), line.data());
        std::lock_guard lock(s->mutex);
        s->lines.emplace_back(line);
        if (!s->printed_url) s->printed_url = url_in(line);
        s->changed.notify_all();
    };
    auto started = transport::child_process::start(s_->io.get_executor(), o);
    if (!started) throw std::runtime_error("mcp::testing::server_process: " + started.error().message());
    s_->child = std::move(*started);
    asio::co_spawn(s_->io, drain(s_->child.get()), asio::detached);
    s_->thread = std::thread([s = s_.get()] { s->io.run(); });
    if (port_given) url_ = "http://127.0.0.1:" + std::to_string(port_) + options_.path;
    try {
        wait_until_listening();
    } catch (...) {
        stop();
        throw;
    }
}

server_process::~server_process() {
    try {
        stop();
    } catch (std::exception const& e) { // the state's destructor kills it then
        std::fprintf(stderr, "mcp::testing::server_process: stopping %s: %s\n", options_.program.c_str(), e.what());
    }
}

void server_process::wait_until_listening() {
    auto const deadline = std::chrono::steady_clock::now() + options_.start_timeout;
    auto fail = [this](std::string const& why) {
        std::lock_guard lock(s_->mutex);
        return std::runtime_error("mcp::testing::server_process: " + options_.program + " " + why +
                                  "; its stderr" + last_lines(s_->lines));
    };
    // The child is only polled here until stop(): nothing on our thread touches its status meanwhile.
    while (url_.empty()) {
        std::unique_lock lock(s_->mutex);
        s_->changed.wait_for(lock, std::chrono::milliseconds(20), [this] { return s_->printed_url.has_value(); });
        if (s_->printed_url) url_ = *s_->printed_url;
        lock.unlock();
        if (!url_.empty()) break;
        if (auto ended = s_->child->poll()) throw fail(ended->describe() + " before printing a URL");
        if (std::chrono::steady_clock::now() > deadline)
            throw fail("printed no http:// URL within " + std::to_string(options_.start_timeout.count()) + " ms");
    }
    auto endpoint = transport::http_endpoint::parse(url_);
    if (!endpoint) throw fail("printed a URL that cannot be used: " + url_);
    port_ = static_cast<unsigned short>(std::stoi(endpoint->port));
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    for (;;) {
        boost::system::error_code ec;
        auto addresses = resolver.resolve(endpoint->host, endpoint->port, ec);
        asio::ip::tcp::socket socket(io);
        if (!ec) asio::connect(socket, addresses, ec);
        if (!ec) return;
        if (auto ended = s_->child->poll()) throw fail(ended->describe() + " before accepting a connection");
        if (std::chrono::steady_clock::now() > deadline)
            throw fail("accepted no connection at " + url_ + " within " +
                       std::to_string(options_.start_timeout.count()) + " ms (" + ec.message() + ")");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

pid_t server_process::pid() const {
    return s_->child ? s_->child->pid() : -1;
}

bool server_process::running() {
    return !s_->status && !s_->child->poll();
}

transport::exit_status server_process::stop() {
    if (s_->status) return *s_->status;
    // The child's pipes and timers belong to our thread: the shutdown runs there. No grace with stdin closed
    // first (an HTTP server does not read it): SIGTERM at once.
    auto ended = asio::co_spawn(s_->io, s_->child->terminate(std::chrono::milliseconds(0), options_.stop_timeout),
                                asio::use_future);
    s_->status = ended.get();
    return *s_->status;
}

std::vector<std::string> server_process::stderr_lines() const {
    std::lock_guard lock(s_->mutex);
    return s_->lines;
}

} // namespace mcp::testing
