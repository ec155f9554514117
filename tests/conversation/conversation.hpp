// An in-process client for golden conversation tests: feeds JSON-RPC lines to a session and records everything
// the server sends back, on a single-threaded io_context so the order of messages is deterministic.
#pragma once

#include <mcp/server/server.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <deque>
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
    explicit conversation(server& srv);
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

// Compares with wildcards: the string "<any>" in `expected` matches any value. On mismatch, `why` names the path.
bool matches(boost::json::value const& expected, boost::json::value const& actual, std::string& why,
             std::string const& path = "$");

} // namespace mcp::testing
