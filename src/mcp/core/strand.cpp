#include <mcp/core/strand.hpp>

#include <stdexcept>
#include <utility>

namespace mcp {
namespace {

namespace asio = boost::asio;

// io_context's executor with the property bits set (blocking.never, relationship.continuation,
// outstanding_work.tracked): a distinct type for each combination.
template <unsigned Bits>
using io_executor = asio::io_context::basic_executor_type<std::allocator<void>, Bits>;

template <class Executor>
asio::io_context* context_of_target(asio::any_io_executor const& ex) {
    if (auto const* e = ex.target<Executor>())
        return &e->context();
    if (auto const* s = ex.target<asio::strand<Executor>>())
        return &s->get_inner_executor().context();
    return nullptr;
}

// The io_context behind `ex`: one of io_context's executor types, a strand of one, or a strand of an
// any_io_executor holding one of those; nullptr for anything else.
template <unsigned... Bits>
asio::io_context* io_context_of(asio::any_io_executor const& ex, std::integer_sequence<unsigned, Bits...> bits) {
    asio::io_context* found = nullptr;
    ((found = found ? found : context_of_target<io_executor<Bits>>(ex)), ...);
    if (auto const* s = ex.target<asio::strand<asio::any_io_executor>>(); !found && s)
        found = io_context_of(s->get_inner_executor(), bits);
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
