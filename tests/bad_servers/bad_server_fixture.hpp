// The fixture of the bad-server tests: a fake HTTP server scripted by the test, an mcp::client over
// Streamable HTTP with small limits (each test ends within about two seconds), the client's on_problem
// reports, and each call's outcome with the time it took. A call that does not end within its limit throws
// (the test fails instead of hanging).
#pragma once

#include "fake_http_server.hpp"

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/testing/run.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace bad_servers {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using ms = std::chrono::milliseconds;

inline ::testing::AssertionResult contains(std::string const& text, std::string_view part) {
    if (text.find(part) != std::string::npos)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

inline bool any_contains(std::vector<std::string> const& texts, std::string_view part) {
    for (auto const& t : texts)
        if (t.find(part) != std::string::npos)
            return true;
    return false;
}

inline ms since(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
    return std::chrono::duration_cast<ms>(to - from);
}

// A call's outcome and how long it took.
template <class T>
struct timed {
    T value;
    ms took;
};

class BadServer : public ::testing::Test {
protected:
    // Reconnects after 50 ms doubling to 400 ms, two resume attempts, a 1.5 s request timeout.
    mcp::transport::http_options http_options() const {
        mcp::transport::http_options o;
        o.url = fake->url();
        o.reconnect_delay = 50ms;
        o.max_reconnect_delay = 400ms;
        o.max_resume_attempts = 2;
        o.link.connect_timeout = 1000ms;
        o.link.head_timeout = 2000ms;
        return o;
    }
    static mcp::client_options client_options() {
        mcp::client_options o;
        o.request_timeout = 1500ms;
        return o;
    }

    fake_http_server& serve(fake_http_server::script s) {
        fake = std::make_unique<fake_http_server>(std::move(s));
        return *fake;
    }
    mcp::client& client(mcp::transport::http_options o, mcp::client_options co = client_options()) {
        c = std::make_unique<mcp::client>(io.get_executor(), mcp::transport::http(std::move(o)).value(),
                                          std::move(co));
        c->on_problem([this](std::string const& what) { problems.push_back(what); });
        return *c;
    }
    mcp::client& client() { return client(http_options()); }
    // client(), connected; the test fails at once when connect() does.
    mcp::client& connected(mcp::transport::http_options o) {
        auto& made = client(std::move(o));
        auto init = mcp::testing::run(io, made.connect(), 4s);
        EXPECT_TRUE(init) << init.error().message();
        return made;
    }
    mcp::client& connected() { return connected(http_options()); }

    template <class T>
    timed<T> time(mcp::task<T> work, ms limit = 4s) {
        auto start = std::chrono::steady_clock::now();
        auto v = mcp::testing::run(io, std::move(work), limit);
        return {std::move(v), since(start, std::chrono::steady_clock::now())};
    }
    // Runs the client's background work (the listening stream, resumptions) for `d`.
    void idle(ms d) { mcp::testing::run_for(io, d); }

    void TearDown() override {
        if (c) {
            try {
                mcp::testing::run(io, c->close(), 5s);
            } catch (std::exception const& e) {
                ADD_FAILURE() << "close(): " << e.what();
            }
        }
        idle(20ms);
        fake.reset();
    }

    asio::io_context io;
    std::unique_ptr<fake_http_server> fake;
    std::unique_ptr<mcp::client> c;
    std::vector<std::string> problems; // what the client reported through on_problem
};

} // namespace bad_servers
