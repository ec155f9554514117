// The calculator server, in a library of its own so that the program (main.cpp) and its tests
// (calculator_test.cpp) serve the same one.
#pragma once

#include <mcp/mcp.hpp>

namespace calculator {

struct operands {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(operands, (), (a, b))

struct answer {
    double value;
};
BOOST_DESCRIBE_STRUCT(answer, (), (value))

// Tools add, divide (dividing by zero is a tool error the model can read) and reset (asks the user first), and
// the resource calc://last.
std::unique_ptr<mcp::server> make_server();

} // namespace calculator
