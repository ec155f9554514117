#include <mcp/run.hpp>

#include <mcp/stdio/stdio.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace mcp {

int run(server& srv, int argc, char const* const* argv) {
    char const* env = std::getenv("MCP_TRANSPORT");
    std::string transport = env && *env ? env : "stdio";
    CLI::App app{srv.options().name + " (MCP server)"};
    app.add_option("--transport", transport, "Front door: stdio")->check(CLI::IsMember({"stdio"}));
    if (argc > 0 && argv) {
        try {
            app.parse(argc, argv);
        } catch (CLI::ParseError const& e) {
            return app.exit(e, std::cerr, std::cerr);
        }
    }
    return stdio::run(srv);
}

} // namespace mcp
