// The stdio front door (2025-11-25 and 2026-07-28 basic/transports, stdio): newline-delimited JSON-RPC on
// stdin/stdout. stdout carries nothing but protocol messages; diagnostics go to stderr. Both eras on one
// connection, chosen per message (stdio_modern.hpp): a request whose params._meta names
// io.modelcontextprotocol/protocolVersion (initialize excepted) runs in a request scope of its own; every other
// message goes to the one 2025 session of the process, which needs initialize as before.
//
//   reader thread --line--> strand: parse, route (one coroutine per message) --reply--> writer thread
//                                     |-- 2025: session.handle
//                                     '-- 2026-07-28: a request scope on its own strand
//
// Requests run concurrently (a tool waiting for an elicitation answer does not block the reader). On EOF the
// server finishes the requests in flight (up to `drain_timeout`), flushes stdout and returns 0. SIGINT and SIGTERM
// do the same. SIGPIPE is ignored from the first run() on (process-wide): a client that closes its end of stdout
// makes writes fail with EPIPE, which is logged, instead of killing the process.
#pragma once

#include <mcp/server/server.hpp>

#include <chrono>
#include <cstddef>

namespace mcp::stdio {

struct options {
    std::size_t threads = 2;                    // I/O threads running handlers
    std::size_t max_message_bytes = 16 << 20;   // a longer line gets an error reply and is skipped
    // Messages being handled at once; past it the reader stops reading stdin until one finishes (the client is
    // slowed down through the pipe rather than the server's memory growing).
    std::size_t max_in_flight = 64;
    // Replies waiting for the client to read them; past it a sender waits, at most write_stall_limit, after which
    // the message is dropped and logged (a client that reads nothing must not grow the server's memory).
    std::size_t max_queued_bytes = 32 << 20;
    std::chrono::milliseconds write_stall_limit = std::chrono::seconds(30);
    std::chrono::milliseconds drain_timeout = std::chrono::seconds(5);
    bool handle_signals = true;                 // SIGINT/SIGTERM end the loop like EOF
};

// Serves `srv` on stdin/stdout until EOF. Returns the process exit code (0 on a clean end).
int run(server& srv, options opts = {});
// The same on any pair of file descriptors (pipes in tests). Does not close them.
int run(server& srv, int in_fd, int out_fd, options opts);

} // namespace mcp::stdio
