// dynalite for tests: a DynamoDB-compatible server (npm, pinned) run as a child process on 127.0.0.1, started
// and stopped by the test itself. Not for production, and not a mock: it implements the DynamoDB API (no
// transactions, no TTL expiry, signatures checked for shape only). Unlike plain dynalite it answers
// UpdateTimeToLive and DescribeTimeToLive (keeping the setting per table), as DynamoDB does.
//
// The child dies with the test: its stdin is a pipe from this process (it exits at EOF), it gets SIGKILL if
// this process dies (PR_SET_PDEATHSIG), and the destructor stops it.
#pragma once

#include <mcp/aws/dynamodb.hpp>

#include <cstdint>
#include <string>
#include <sys/types.h>

namespace mcp::aws::testing {

struct dynalite_options {
    std::string path;      // a LevelDB directory that survives stop()/start(); empty: in memory
    std::string cert_file; // with key_file: serve HTTPS with this certificate (PEM)
    std::string key_file;
};

class dynalite {
public:
    // Starts it on a free port. Throws std::runtime_error when it cannot (node or node_modules missing).
    explicit dynalite(dynalite_options o = {});
    ~dynalite();
    dynalite(dynalite const&) = delete;
    dynalite& operator=(dynalite const&) = delete;

    // Stops the child (idempotent): the endpoint refuses connections until start().
    void stop();
    // Starts it again on the same port (data survives only with options.path).
    void start();

    // The next `operation` request ("PutItem") is applied but its answer is lost: the server closes the
    // connection instead of answering, as when the network fails after DynamoDB did the work. A fault the
    // tests cannot cause otherwise. Returns once the server has taken the command.
    void drop_next_answer(std::string const& operation);

    // The items read since the server started: the ScannedCount of every Query and Scan (items evaluated
    // before a FilterExpression, which DynamoDB bills too) plus one per GetItem that found its item. Tests of
    // read amplification compare two of these.
    std::uint64_t items_read();

    std::uint16_t port() const { return port_; }
    // "http://127.0.0.1:<port>" (https with a certificate).
    std::string endpoint() const;
    // Client options for it: dummy credentials, region us-east-1, short retries.
    dynamodb_options client_options() const;

private:
    void launch(std::uint16_t port);

    dynalite_options options_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1; // the launcher's answers: its port, then one line per command
};

} // namespace mcp::aws::testing
