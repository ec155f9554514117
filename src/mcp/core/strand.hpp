// The strands sessions and connections run on (ARCHITECTURE.md section 4: one strand per session, one per
// connection).
//
// A strand over the io_context's own executor type is 24 bytes and fits in any_io_executor's small-object buffer,
// so the executor copies that every asynchronous operation makes (prefer/require of a work-tracking or blocking
// property) stay on the stack. A strand over an any_io_executor is 72 bytes: each such copy allocates, about 80
// times per tools/call over HTTP.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

namespace mcp {

using io_strand = boost::asio::strand<boost::asio::io_context::executor_type>;

// A new strand on the io_context behind `ex`: an io_context's executor (with any of its properties) or a strand
// of one. A strand given is not nested into: the new strand is its sibling on the same io_context, so work on
// the two is not serialised. Throws std::invalid_argument when `ex` does not run on an io_context (a
// thread_pool, a system executor): the front doors need one.
io_strand make_io_strand(boost::asio::any_io_executor const& ex);

} // namespace mcp
