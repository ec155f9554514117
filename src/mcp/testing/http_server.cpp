#include <mcp/testing/http_server.hpp>

#include <mcp/net/listener.hpp>

#include <boost/asio/io_context.hpp>

#include <thread>

namespace mcp::testing {

struct http_server::state {
    state(mcp::server& srv, http::streamable_options options, storage::stores stores)
        : handler(srv, io.get_executor(), std::move(options), std::move(stores)),
          listener(io.get_executor(), {.port = 0}, [this](http::request req, http::response_writer& out) {
              return handler.handle(std::move(req), out);
          }) {}

    boost::asio::io_context io;
    http::streamable handler;
    net::listener listener;
    std::thread thread;
    bool stopped = false;
};

http_server::http_server(mcp::server& srv, http::streamable_options options, storage::stores stores)
    : s_(std::make_unique<state>(srv, std::move(options), std::move(stores))) {
    s_->listener.start();
    s_->thread = std::thread([s = s_.get()] { s->io.run(); });
}

http_server::~http_server() {
    stop();
}

unsigned short http_server::port() const {
    return s_->listener.port();
}

std::string http_server::url() const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/mcp";
}

void http_server::stop() {
    if (s_->stopped) return;
    s_->stopped = true;
    boost::asio::post(s_->io, [s = s_.get()] {
        s->handler.shutdown();
        s->listener.stop([s] { s->io.stop(); });
    });
    s_->thread.join();
}

} // namespace mcp::testing
