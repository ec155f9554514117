// The framework in one include: the server value, typed definitions, and mcp::run.
#pragma once

#include <mcp/json/reflect.hpp>
#include <mcp/run.hpp>
#include <mcp/server/server.hpp>
