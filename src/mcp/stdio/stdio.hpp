// The stdio front door (2025-11-25 basic/transports, stdio): newline-delimited JSON-RPC on stdin/stdout, one
// session per process. stdout carries nothing but protocol messages; diagnostics go to stderr.
//
//   reader thread --line--> strand: parse, session.handle (one coroutine per message) --reply--> writer thread
//
// Requests run concurrently (a tool waiting for an elicitation answer does not block the reader). On EOF the
// server finishes the requests in flight (up to `drain_timeout`), flushes stdout and returns 0. SIGINT and SIGTERM
// do the same.
#pragma once

#include <mcp/server/server.hpp>

#include <chrono>
#include <cstddef>

namespace mcp::stdio {

struct options {
    std::size_t threads = 2;                    // I/O threads running handlers
    std::size_t max_message_bytes = 16 << 20;   // a longer line gets an error reply and is skipped
    std::chrono::milliseconds drain_timeout = std::chrono::seconds(5);
    bool handle_signals = true;                 // SIGINT/SIGTERM end the loop like EOF
};

// Serves `srv` on stdin/stdout until EOF. Returns the process exit code (0 on a clean end).
int run(server& srv, options opts = {});
// The same on any pair of file descriptors (pipes in tests). Does not close them.
int run(server& srv, int in_fd, int out_fd, options opts);

} // namespace mcp::stdio
