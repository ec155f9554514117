// The client in one include: mcp::client and its two transports (docs/client.md).
//
//   auto conn = mcp::transport::http({.url = "http://127.0.0.1:8080/mcp"}).value();   // or
//   auto conn = mcp::transport::stdio({.program = "./server", .args = {"--transport", "stdio"}});
//   mcp::client c(io.get_executor(), std::move(conn));
#pragma once

#include <mcp/client/client.hpp>
#include <mcp/client/http_connection.hpp>
#include <mcp/client/stdio_connection.hpp>
