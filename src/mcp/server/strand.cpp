#include <mcp/server/strand.hpp>

#include <stdexcept>
#include <utility>

namespace mcp {
namespace {

namespace asio = boost::asio;

// The io_context behind `ex` when it holds one of io_context's executor types (the property bits: blocking.never,
// relationship.continuation, outstanding_work.tracked) or a strand of the plain one; nullptr otherwise.
template <unsigned... Bits>
asio::io_context* io_context_of(asio::any_io_executor const& ex, std::integer_sequence<unsigned, Bits...>) {
    asio::io_context* found = nullptr;
    ((found = found ? found : [&]() -> asio::io_context* {
          auto const* io = ex.target<asio::io_context::basic_executor_type<std::allocator<void>, Bits>>();
          return io ? &io->context() : nullptr;
      }()),
     ...);
    if (auto const* strand = ex.target<io_strand>(); !found && strand)
        found = &strand->get_inner_executor().context();
    return found;
}

} // namespace

io_strand make_io_strand(asio::any_io_executor const& ex) {
    if (auto* io = io_context_of(ex, std::make_integer_sequence<unsigned, 8>{}))
        return asio::make_strand(io->get_executor());
    throw std::invalid_argument("mcp: the executor must be a boost::asio::io_context's executor, or a strand of "
                                "one (the HTTP and Lambda front doors make their strands on it)");
}

} // namespace mcp
