// Exit 0 when the consumer's tool answers 2 + 40 = 42 in process and 20 + 22 = 42 over HTTP from the program.
#include "server.hpp"

#include <mcp/client/http_connection.hpp>
#include <mcp/testing/in_process.hpp>
#include <mcp/testing/run.hpp>
#include <mcp/testing/server_process.hpp>

#include <iostream>

namespace {

int fail(std::string const& what) {
    std::cerr << "consumer_check: " << what << "\n";
    return 1;
}

} // namespace

int main() {
    auto srv = consumer::make_server();
    mcp::testing::in_process local(*srv);
    auto in_process = local.call_tool<consumer::sum>("add", consumer::operands{2, 40});
    if (!in_process || in_process->value != 42)
        return fail("in process: " + (in_process ? std::to_string(in_process->value) : in_process.error().message()));

    mcp::testing::server_process served({.program = CONSUMER_SERVER});
    boost::asio::io_context io;
    mcp::client c(io.get_executor(), mcp::transport::http({.url = served.url()}).value());
    if (auto connected = mcp::testing::run(io, c.connect()); !connected)
        return fail("connect: " + connected.error().message());
    auto over_http = mcp::testing::run(io, c.call_tool<consumer::sum>("add", consumer::operands{20, 22}));
    if (!over_http || over_http->value != 42)
        return fail("over HTTP: " + (over_http ? std::to_string(over_http->value) : over_http.error().message()));
    mcp::testing::run(io, c.close());
    if (auto stopped = served.stop(); stopped.code != 0)
        return fail("the server exited with " + std::to_string(stopped.code));
    std::cout << "consumer_check: add answered 42 in process and over HTTP at " << served.url() << "\n";
    return 0;
}
