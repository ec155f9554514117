// everything: the server the official MCP conformance suite runs against (see everything.hpp).
//
//   everything                      serve on the default front door
//   everything --transport stdio    serve newline-delimited JSON-RPC on stdin/stdout
#include "everything.hpp"

int main(int argc, char** argv) {
    mcp::server srv({.name = "mcp-conformance-everything",
                     .version = "1.0.0",
                     .description = "Every feature the MCP conformance suite checks",
                     .lists = mcp::list_mode::dynamic});
    everything::add_tools(srv);
    everything::add_task_tools(srv);
    everything::add_modern_task_tools(srv);
    everything::add_list_tools(srv);
    everything::add_round_tools(srv);
    everything::add_resources(srv);
    everything::add_prompts(srv);
    everything::watched_resource watched(srv, std::chrono::seconds(3));
    return mcp::run(srv, argc, argv);
}
