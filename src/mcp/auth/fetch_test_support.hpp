// What the verifier suites against sockets share (not installed): a test clock, a local authorization server
// (mcp_aws_testing's local_http_server on 127.0.0.1) whose answers a test changes as it goes, and running
// coroutines on one io_context.
#pragma once

#include <mcp/auth/verifier.hpp>
#include <mcp/aws/testing/local_http_server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mcp::auth::testing {

constexpr std::int64_t start_s = 1767225600; // 2026-01-01T00:00:00Z

// A clock the test moves; copies share the time.
struct test_clock {
    std::shared_ptr<std::atomic<std::int64_t>> seconds = std::make_shared<std::atomic<std::int64_t>>(start_s);

    std::function<std::chrono::system_clock::time_point()> fn() const {
        return
            [s = seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(s->load())); };
    }
    void advance(std::chrono::seconds by) const { *seconds += by.count(); }
    std::int64_t now() const { return seconds->load(); }
};

// Canned answers by request target, changed by the test while the server runs; 404 for other targets.
class routes {
public:
    void set(std::string const& target, aws::testing::canned_answer a) {
        std::lock_guard lock(mutex_);
        answers_[target] = std::move(a);
    }
    void set_json(std::string const& target, std::string body) {
        set(target,
            {.status = 200, .body = std::move(body), .headers = {{"Content-Type", "application/json"}}});
    }
    aws::testing::canned_answer answer(aws::testing::recorded_request const& r) const {
        std::lock_guard lock(mutex_);
        auto it = answers_.find(r.target);
        return it == answers_.end() ? aws::testing::canned_answer{.status = 404} : it->second;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, aws::testing::canned_answer> answers_;
};

// A local server answering from `r` (which must outlive it).
inline std::unique_ptr<aws::testing::local_http_server> serve(routes& r) {
    return std::make_unique<aws::testing::local_http_server>(
        [&r](aws::testing::recorded_request const& req) { return r.answer(req); });
}

// An http URL of 127.0.0.1 where nothing listens (a server's port, once that server is gone).
inline std::string closed_url() {
    routes none;
    return serve(none)->url();
}

// Runs `verifier->verify(token)` for each token at once on `io`, and returns the outcomes in order.
inline std::vector<result<principal>> verify_all(boost::asio::io_context& io, token_verifier& verifier,
                                                 std::vector<std::string> const& tokens) {
    std::vector<std::future<result<principal>>> futures;
    for (auto const& t : tokens)
        futures.push_back(boost::asio::co_spawn(io, verifier.verify(t), boost::asio::use_future));
    io.restart();
    io.run();
    std::vector<result<principal>> out;
    for (auto& f : futures)
        out.push_back(f.get());
    return out;
}

inline result<principal> verify_one(boost::asio::io_context& io, token_verifier& verifier,
                                    std::string token) {
    return verify_all(io, verifier, {std::move(token)}).front();
}

} // namespace mcp::auth::testing
