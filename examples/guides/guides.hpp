// The code of the guides in docs/ (tools.md, resources.md, prompts.md, call-context.md, middleware.md), as
// one server whose parts guides_test.cpp drives in process. The guides quote these files between their
// `// [name]` and `// [end]` markers; docs/check_snippets.py fails when a quote no longer matches.
#pragma once

#include <mcp/mcp.hpp>

#include <string>

namespace guides {

void add_tools(mcp::server& srv);
void add_resources(mcp::server& srv);
void add_prompts(mcp::server& srv);
void add_context_tools(mcp::server& srv);
// `token`: the bearer token every request must carry (Authorization header).
void add_middleware(mcp::server& srv, std::string token);

} // namespace guides
