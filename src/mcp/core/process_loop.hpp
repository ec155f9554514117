// The one loop every front door runs its io_context in (HTTP, stdio, Lambda, the bare listener): a pool of
// threads, each guarded against an exception escaping a handler, and the process signals.
//
//   first SIGINT or SIGTERM   stop.graceful(done): the front door winds down, then calls done(), which stops io
//   a second one              io.stop() at once
//
// Not for: choosing a front door (run.hpp) or configuring one (each front door's options).
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <functional>

namespace mcp {

struct process_stop {
    // Begins a graceful stop on the first signal; calls its argument once when done (from any thread). Empty:
    // the first signal stops io at once.
    std::function<void(std::function<void()> done)> graceful;
    // False: no signal handling here (stdio embedded in a program that has its own; Lambda, where the runtime
    // ends the process).
    bool handle_signals = true;
};

// 0 means one thread per core; never less than one.
std::size_t io_threads(std::size_t asked);

// Runs `io` on `threads` threads, the calling one included, until io stops or runs out of work; returns when
// every thread has joined. An exception escaping a handler is logged and that thread goes on running io.
// Signals are handled as above while io runs.
void run_process(boost::asio::io_context& io, std::size_t threads, process_stop stop = {});

} // namespace mcp
