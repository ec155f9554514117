// How storage::open (open.hpp) reaches the durable backends without linking them. Each backend library
// (mcp::sqlite, mcp::postgres, mcp::dynamodb) registers itself when a program links it: its CMake target carries
// a link option that keeps its registering object in the program. A program that links none of them opens
// memory stores only, and links no libpq, SQLite or OpenSSL; asking it for another backend is an
// invalid_configuration error that says which target to link.
//
//   link mcp::sqlite --(static initialiser)--> register_backend(backend::sqlite, hooks)
//   open(config) --> registered_backend(config.backend) --> hooks.open(config)
#pragma once

#include <mcp/storage/open.hpp>

#include <string_view>

namespace mcp::storage {

struct backend_hooks {
    // Reads the backend's own variables into `config` (MCP_STORE and the limits are read already); null when
    // store_config_from_environment reads them itself.
    result<> (*read_environment)(environment const& env, store_config& config) = nullptr;
    // Opens the stores; config.limits are the ones to apply.
    task<result<stores>> (*open)(store_config config, boost::asio::any_io_executor ex) = nullptr;
};

// Called once per backend by its library's registering object; a second registration replaces the first.
// Returns true, so a namespace-scope `bool const` can hold the call.
bool register_backend(backend which, backend_hooks hooks);

// The hooks of a linked backend; nullptr for memory (always there, opened directly) and for a backend this
// program does not link.
backend_hooks const* registered_backend(backend which);

// Reading a backend's own variables, the same way for every backend (open.cpp): `variable`'s value, or
// `fallback` when it is unset; a flag is true/1/yes or false/0/no, anything else an invalid_configuration error
// naming the variable.
std::string text_variable(environment const& env, std::string_view variable, std::string fallback);
result<bool> flag_variable(environment const& env, std::string_view variable, bool fallback);

// "sqlite", "postgres", "dynamodb", "memory": MCP_STORE's spelling.
std::string_view backend_name(backend which);

} // namespace mcp::storage
