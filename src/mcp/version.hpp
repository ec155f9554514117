// SPDX-License-Identifier: MIT
// The framework's version, the one number of the project: CMakeLists.txt reads MCP_VERSION from this file for
// the CMake project (and package) version, and CHANGELOG.md names it. Servers print it with --version.
#pragma once

#define MCP_VERSION "0.1.0"

namespace mcp {

inline constexpr char const* version = MCP_VERSION;

} // namespace mcp
