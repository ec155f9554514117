// Registers the Lambda front door with mcp::run (front_door.hpp) when a program links mcp::lambda: the target's
// link option names mcp_link_lambda, which keeps this object, and so its initialiser, in the program.
#include <mcp/front_door.hpp>
#include <mcp/lambda/runtime.hpp>

namespace {

int serve_on_lambda(mcp::server& srv) {
    return mcp::lambda::run(srv, mcp::lambda::production());
}

[[maybe_unused]] bool const registered = mcp::detail::register_lambda_front_door(serve_on_lambda);

} // namespace

extern "C" void mcp_link_lambda() {}
