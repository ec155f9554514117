// The two tools every peer of bench/run has: `echo {text}` -> text and `add {a, b}` -> structured {sum}. Used by
// bench_server and by the micro benchmarks, so both measure the same handlers.
#pragma once

#include <mcp/server/server.hpp>

#include <string>
#include <utility>

namespace bench {

struct echo_args {
    std::string text;
};
BOOST_DESCRIBE_STRUCT(echo_args, (), (text))

struct add_args {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(add_args, (), (a, b))

struct add_result {
    double sum;
};
BOOST_DESCRIBE_STRUCT(add_result, (), (sum))

inline std::string echo(echo_args in) {
    return std::move(in.text);
}
inline add_result add(add_args in) {
    return {in.a + in.b};
}

inline void add_tools(mcp::server& srv) {
    srv.add_tool({.name = "echo", .description = "Echo the text back"}, echo);
    srv.add_tool({.name = "add", .description = "Add two numbers"}, add);
}

} // namespace bench
