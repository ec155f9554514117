// Every snippet of the guides in docs/ in one server: build it with `scripts/build dev guides` and try them
// with any client. The token of docs/middleware.md comes from GUIDES_TOKEN; without it there is no
// middleware.
#include "guides.hpp"

#include <cstdlib>

int main(int argc, char** argv) {
    mcp::server srv({.name = "guides", .version = "1.0.0"});
    guides::add_tools(srv);
    guides::add_resources(srv);
    guides::add_prompts(srv);
    guides::add_context_tools(srv);
    if (char const* token = std::getenv("GUIDES_TOKEN"))
        guides::add_middleware(srv, token);
    return mcp::run(srv, argc, argv);
}
