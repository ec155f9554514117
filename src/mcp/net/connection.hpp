// One accepted connection of the listener, as the acceptor sees it: start it, tell it to shut down, force it
// closed. Internal to net/ (the Beast code stays in the connection*.cpp files); users include
// <mcp/net/listener.hpp>.
#pragma once

#include <mcp/net/listener_options.hpp>

#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <memory>

namespace mcp::net::detail {

// Owned by shared_ptr: by its own coroutine while it runs, weakly by the listener's table of live
// connections.
class connection {
public:
    virtual ~connection() = default;
    // Starts serving on the socket's strand. Call once, after the connection is in the listener's table.
    virtual void run() = 0;
    // Graceful: close if idle, let a request in flight finish, end a streamed response. Any thread; returns
    // at once.
    virtual void begin_shutdown() = 0;
    // The grace period is over: cancel the handler and close the socket. Any thread; returns at once.
    virtual void force_close() = 0;
};

// `socket` must be bound to a strand of its own. `on_end` runs once, on that strand, when the connection is
// over.
std::shared_ptr<connection> make_connection(boost::asio::ip::tcp::socket socket, listener_options const& opts,
                                            std::shared_ptr<handler const> h,
                                            std::function<void(connection*)> on_end);

} // namespace mcp::net::detail
