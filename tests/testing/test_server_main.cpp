// The server program server_process_test starts: mcp::run with one tool, as a user's server is.
#include <mcp/mcp.hpp>

struct add_args {
    double a;
    double b;
};
BOOST_DESCRIBE_STRUCT(add_args, (), (a, b))

struct add_result {
    double sum;
};
BOOST_DESCRIBE_STRUCT(add_result, (), (sum))

add_result add(add_args in) { return {in.a + in.b}; }

int main(int argc, char** argv) {
    mcp::server srv({.name = "testing-test-server", .version = "1.0.0"});
    srv.add_tool({.name = "add", .description = "Add two numbers"}, add);
    return mcp::run(srv, argc, argv);
}
