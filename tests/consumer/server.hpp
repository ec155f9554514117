// The consumer's server: one typed tool.
#pragma once

#include <mcp/mcp.hpp>

#include <memory>

namespace consumer {

struct operands {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(operands, (), (a, b))

struct sum {
    double value;
};
BOOST_DESCRIBE_STRUCT(sum, (), (value))

inline std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(mcp::server_options{.name = "consumer", .version = "1.0.0"});
    srv->add_tool({.name = "add", .description = "Add two numbers"}, [](operands in) { return sum{in.a + in.b}; });
    return srv;
}

} // namespace consumer
