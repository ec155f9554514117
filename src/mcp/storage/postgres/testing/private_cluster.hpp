// private_cluster: a throwaway PostgreSQL server of the tests' own (initdb + pg_ctl into a temporary
// directory, on a free port of 127.0.0.1), so a test can stop and start a real server under a running store.
// Test support only: fsync is off, trust authentication, and the directory is deleted on destruction.
//
// As root the server runs as the `postgres` user (it refuses root), as scripts/services does. The binaries
// come from /usr/lib/postgresql/15/bin, or from MCP_TEST_PG_BIN when set.
#pragma once

#include <string>

namespace mcp::storage::testing {

class private_cluster {
public:
    // Creates the data directory (initdb) and picks a port; does not start the server.
    // Throws std::runtime_error with initdb's output when that fails.
    private_cluster();
    ~private_cluster(); // stops the server (immediate) and deletes the directory
    private_cluster(private_cluster const&) = delete;
    private_cluster& operator=(private_cluster const&) = delete;

    // Starts the server and waits until it accepts connections; the same port and data every time.
    // Throws std::runtime_error with the server log when it does not come up.
    void start();
    // Stops it the way an operator would (pg_ctl stop -m fast: clients are disconnected, data is kept).
    void stop();

    // postgresql://postgres@127.0.0.1:<port>/postgres
    std::string url() const;
    int port() const { return port_; }

private:
    std::string dir_;
    int port_ = 0;
    bool running_ = false;
};

// A port on 127.0.0.1 that nothing listens on (bound, then closed, so it was free a moment ago).
int closed_port();

} // namespace mcp::storage::testing
