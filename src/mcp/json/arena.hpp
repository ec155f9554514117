// The memory of one decoded message: a refcounted monotonic arena in one heap block, so that parsing a typical
// request (its keys, objects and strings) costs one allocation instead of one per key and container. Every
// value parsed into it shares the arena, and so does every copy of such a value (Boost.JSON copies keep the
// source's storage); the block goes back to the heap with the last of them.
//
// Not for: values that outlive the request or cross threads. A monotonic arena is not synchronised: two
// threads copying arena-backed values at once race. Copy into the default storage to keep one,
// `boost::json::value kept(v, boost::json::storage_ptr())`, as the server does for what a session keeps
// (the client's capabilities) and for every answer and notification a client posts.
#pragma once

#include <boost/json/storage_ptr.hpp>

#include <cstddef>

namespace mcp::json {

// Bytes of the arena's first buffer, in the same heap block: a tools/call of a few hundred bytes fits. A
// bigger message takes further blocks from the heap, each freed with the arena.
inline constexpr std::size_t message_arena_first_block = 2048;

// A fresh arena for one message.
boost::json::storage_ptr make_message_arena();

} // namespace mcp::json
