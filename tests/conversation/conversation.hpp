// An in-process client for golden conversation tests: feeds JSON-RPC lines to a session and records everything
// the server sends back, on a single-threaded io_context so the order of messages is deterministic.
#pragma once

#include <mcp/server/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace mcp::testing {

class recorder : public outbound {
public:
    void send(boost::json::object message, std::optional<protocol::request_id> const&) override {
        std::lock_guard lock(mutex_);
        messages_.push_back(std::move(message));
    }
    std::optional<boost::json::object> pop();
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::deque<boost::json::object> messages_;
};

class conversation {
public:
    // A new session, or (with `id`) a copy of a session another server also serves, as a second process would.
    explicit conversation(server& srv, std::optional<std::string> id = std::nullopt);
    // Delivers one client message (a JSON text) and runs the server until it has nothing left to do now.
    void send(std::string_view json_text, request_metadata metadata = {});
    // Lets time pass (timers fire) for `ms` milliseconds, then settles.
    void wait(int ms);
    // The next message the server sent, if any.
    std::optional<boost::json::object> next() { return out_->pop(); }
    std::size_t pending() const { return out_->size(); }
    session& current() { return *session_; }

private:
    void settle();

    boost::asio::io_context io_;
    std::shared_ptr<recorder> out_;
    std::shared_ptr<session> session_;
};

// Values a golden script took from the server's messages, by name (a task id the server chose).
using captures = std::map<std::string, std::string, std::less<>>;

// Compares with wildcards: the string "<any>" in `expected` matches any value; "<=name>" matches any string and
// keeps it as `name` the first time, and must equal it after. On mismatch, `why` names the path.
bool matches(boost::json::value const& expected, boost::json::value const& actual, std::string& why,
             std::string const& path = "$", captures* kept = nullptr);
// `text` with every "<=name>" replaced by the value kept as `name`.
std::string substitute(std::string text, captures const& kept);

} // namespace mcp::testing
