// answer_plan: how the Streamable HTTP transport answers one POST (2025-11-25 basic/transports, sending
// messages to the server), decided without I/O. The coroutines of streamable_post.cpp and post_stream.cpp
// only carry the answer out: they gather the facts, ask, and do what the mode says.
//
//   POST --facts, not_yet--> plan_answer --> refuse_in_use | accepted | relay | drop   (answered now)
//                                       \--> run_inline | run_apart --the handler runs, its first outcome-->
//                                            plan_answer --> json | sse | sse_whole | sse_cut | empty_202
//
// Invariants (answer_plan_test.cpp checks every combination):
// - A request whose id runs already on the session is refused, whatever else holds.
// - Only requests run a handler; notifications and answers are always answered 202 (or 503 by the executor).
// - An answer nobody here awaits is relayed through the store when other processes share it, else dropped.
// - The handler runs inline (one coroutine, the stream opened by its first tied message) unless the exchange
//   has a deadline; then its stream opens at once and it runs in a coroutine of its own.
// - A result that came first is JSON, or with SSE forced one SSE body sent whole (no chunks: the answer is
//   complete); nothing before the end: 202 without body.
//
// Not decided here: the saves before and after the answer and their 503s, the initialize undo, and the
// refusals that come before a session is known (406/415/413/400/429/404).
#pragma once

#include <cstdint>

namespace mcp::http {

// request: a method and an id. notification: a method without id (also an error without id). answer_here: a
// response or error whose id a request of ours on this process awaits; answer_elsewhere: one nobody here
// awaits.
enum class post_kind : std::uint8_t { request, notification, answer_here, answer_elsewhere };

struct post_facts {
    post_kind kind = post_kind::notification;
    bool id_in_use = false;     // a request with this id runs now on this session (when the POST came)
    bool has_deadline = false;  // request::deadline (Lambda): the answer may have to end before the result
    bool stores_shared = false; // other processes may serve the session (and await the answer)
};

struct answer_options {
    bool always_sse = false;
};

// not_yet: asked before the handler runs. result: its result came before any message tied to the request.
// message: a tied message (progress, log, a request to the client) came first. nothing: it ended without an
// answer (the client cancelled, or the session ended). deadline: the exchange's deadline came first.
enum class first_outcome : std::uint8_t { not_yet, result, message, nothing, deadline };

enum class answer_mode : std::uint8_t {
    run_inline,    // run the handler in this coroutine; a tied message opens the stream (and its writer)
    run_apart,     // open the stream now, run the handler in its own coroutine, wait for its first outcome
    refuse_in_use, // 200 application/json, -32600 "Request id N is already in use"
    accepted,      // handle, save, 202 (503 if the save fails)
    relay,         // store the answer for the process that awaits it, save, 202 (503 on either failure)
    drop,          // log at debug, save, 202: no process can want it
    json,          // save, 200 application/json (503 if the save fails)
    sse,           // 200 text/event-stream: priming, events, result last (saved first; cut at a deadline)
    sse_whole,     // 200 text/event-stream with a length: priming and the result, stored and saved first
    sse_cut,       // 200 text/event-stream: priming only, ended now; the request goes on into the store
    empty_202,     // 202 without body: the client expects none
};

char const* to_string(answer_mode m) noexcept;

// The answer for `facts` once `first` is known (not_yet: before the handler runs). Total: every combination
// has a mode. For a request, pass the facts as they were when the POST came (its own stream is in use later).
answer_mode plan_answer(post_facts const& facts, first_outcome first, answer_options const& options) noexcept;

} // namespace mcp::http
