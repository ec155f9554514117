// mcp::testing::http_server: an mcp::server served over real HTTP on 127.0.0.1 and a free port, by a thread of
// its own, for tests that talk to it through sockets (our client, the official SDK clients, curl).
//
//   mcp::testing::http_server served(srv);                 // listening when the constructor returns
//   auto c = mcp::client(io.get_executor(), mcp::transport::http({.url = served.url()}).value());
#pragma once

#include <mcp/http/streamable.hpp>
#include <mcp/server/server.hpp>
#include <mcp/storage/stores.hpp>

#include <memory>
#include <string>

namespace mcp::testing {

class http_server {
public:
    // Serves `srv` (which must outlive this) at http://127.0.0.1:<free port>/mcp.
    explicit http_server(mcp::server& srv, http::streamable_options options = {}, storage::stores stores = {});
    ~http_server(); // stop()
    http_server(http_server const&) = delete;
    http_server& operator=(http_server const&) = delete;

    unsigned short port() const;
    std::string url() const; // "http://127.0.0.1:<port>/mcp"
    // Ends every stream and connection, then the thread. Idempotent.
    void stop();

    struct state;

private:
    std::unique_ptr<state> s_;
};

} // namespace mcp::testing
