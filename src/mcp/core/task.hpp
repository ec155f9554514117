// The one async vocabulary type of the framework (ARCHITECTURE.md section 4).
#pragma once

#include <boost/asio/awaitable.hpp>

namespace mcp {
template <class T = void>
using task = boost::asio::awaitable<T>;
} // namespace mcp
