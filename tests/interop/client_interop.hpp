// client_interop: OUR client (mcp::client) against real servers, as a sequence of checks (see client_interop.cpp
// for the command line). This header is what the check files share: the setup being tested, the report that
// counts and prints the checks, and small helpers. Not a test framework: a check is a condition and a message.
//
//   client_interop.cpp      command line, connection, the checks every server gets, the report
//   sdk_checks.cpp          what the TypeScript SDK server of sdk_server.mjs offers
//   everything_checks.cpp   what examples/everything offers (over HTTP, stdio, and as examples/lambda)
#pragma once

#include <mcp/client/client.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interop {

// What the program talks to, from its command line.
struct setup {
    std::string expect = "sdk"; // sdk, everything or lambda
    bool stateless = false;     // sdk: no sessions
    bool json = false;          // sdk: answers as application/json
    bool buffered = false;      // lambda: buffered responses (no SSE stream before the result)
    std::string url;            // HTTP
    std::vector<std::string> command; // stdio: the server's program and arguments

    bool over_stdio() const { return !command.empty(); }
    // Whether the server has a session with a GET stream (or a pipe) on which it can send unasked messages
    // and its own requests to the client.
    bool server_can_ask() const {
        if (over_stdio()) return true;
        if (expect == "sdk") return !stateless;
        if (expect == "lambda") return !buffered;
        return true;
    }
    // Whether messages tied to a call (progress, logs) reach the client before the call's answer.
    bool call_messages() const { return !(expect == "sdk" && stateless && json && !over_stdio()); }
};

// Counts the checks and prints one line for each: "ok 3 - what" or "FAIL: what: detail".
class report {
public:
    bool check(bool ok, std::string_view what, std::string const& detail = {});
    // ok when `r` holds a value; otherwise a failure naming the error.
    template <class T>
    bool holds(mcp::result<T> const& r, std::string_view what) {
        return check(bool(r), what, r ? std::string() : describe(r.error()));
    }
    void note(std::string_view what); // a line that is not a check ("skipped: ...")
    int failed() const { return static_cast<int>(failures_.size()); }
    int total() const { return passed_ + failed(); }
    std::vector<std::string> const& failures() const { return failures_; }

    static std::string describe(mcp::error const& e);

private:
    int passed_ = 0;
    std::vector<std::string> failures_;
};

// What the client's callbacks saw; the checks read it.
struct observed {
    std::vector<std::string> logs; // "<level> <data as JSON>"
    std::vector<std::string> elicitations; // the messages of the elicitation requests
    std::vector<std::string> samplings;    // the text of each sampling request's first message
    std::vector<std::string> notifications; // methods of the notifications given to on_notification
};

// Sets the client's handlers (elicitation, sampling, roots, logs, the notifications the checks wait for).
void install_handlers(mcp::client& c, std::shared_ptr<observed> seen);

// Waits, running the client's executor, until `done()` holds or `limit` passes; returns done().
mcp::task<bool> eventually(std::function<bool()> done, std::chrono::milliseconds limit);

// Calls `tool` and cancels it (Asio cancellation) after `after`.
mcp::task<mcp::result<mcp::call_tool_result>> call_then_cancel(mcp::client& c, std::string tool,
                                                               boost::json::object arguments,
                                                               std::chrono::milliseconds after);

// The text blocks of a result, or of an error, for messages.
std::string text_or_error(mcp::result<mcp::call_tool_result> const& r);
std::string joined(std::vector<std::string> const& items);
bool contains(std::vector<std::string> const& items, std::string_view item);
// The numeric value of `progress` in each update.
std::vector<double> progress_values(std::vector<mcp::progress_update> const& updates);

mcp::task<> check_sdk(mcp::client& c, report& r, setup const& s, std::shared_ptr<observed> seen);
mcp::task<> check_everything(mcp::client& c, report& r, setup const& s, std::shared_ptr<observed> seen);

} // namespace interop
