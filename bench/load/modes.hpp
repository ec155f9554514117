// The generator's modes. Each returns one JSON object (printed as one line by main) and never throws for an
// expected failure: refused connections and bad answers are counted in "errors".
#pragma once

#include "client.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace load {

struct options {
    unsigned short port = 8080;
    std::size_t concurrency = 16;       // connections driven at once
    double duration_s = 3;              // measured time of calls, raw and churn
    std::size_t requests = 0;           // instead of a duration: this many in all (for reproducible profiles)
    load::tool tool = load::tool::echo; // calls and churn
    bool shared_session = false;        // calls: every connection posts on one session (one client, parallel calls)
    load::era era = load::era::legacy;  // calls: 2025-11-25 sessions, or 2026-07-28 requests without one
    std::size_t sessions = 10'000;
    double hold_s = 5;  // streams: how long to keep the streams open after reporting them
    int server_pid = 0; // when set, the server's CPU time during the measured window is reported too
    std::vector<std::string> command; // startup: the server to start; "{port}" is replaced by a free port
};

// tools/call on established sessions (initialize + initialized first, not timed; DELETE after); with
// era::modern, 2026-07-28 tools/call requests on plain connections (no initialize, no session, no DELETE).
boost::json::object run_calls(options const& o);
// A plain POST of the same body to "/", no session: for the raw ceiling.
boost::json::object run_raw(options const& o);
// Whole sessions: initialize + initialized + one tools/call + DELETE, back to back on each connection; one
// "request" is one whole session.
boost::json::object run_churn(options const& o);
// Opens `sessions` sessions (initialize + initialized) over `concurrency` connections and leaves them idle.
boost::json::object run_idle(options const& o);
// Opens `sessions` sessions, each with its standalone GET SSE stream on its own connection; `print`s the
// report when all are open, then holds them open for hold_s seconds (the caller measures the server
// meanwhile).
boost::json::object run_streams(options const& o, void (*print)(boost::json::object const&));
// Starts `command`, polls it with initialize in a tight loop, reports the time from fork to the first answer.
boost::json::object run_startup(options const& o);

} // namespace load
