// The connection's pure state machine: see connection_state.hpp for the diagram and the invariants.
#include <mcp/net/connection_state.hpp>

namespace mcp::net::detail {

bool conn_state::handler_runs() const {
    return phase == conn_phase::awaiting_answer || phase == conn_phase::responded ||
           phase == conn_phase::streaming || phase == conn_phase::finished;
}

namespace {

conn_step misuse(conn_state const& s) {
    return {.next = s, .actions = act_misuse};
}

// The keep-alive rule, for the response the handler begins now.
bool allows_keep_alive(conn_state const& s, bool asks_close, bool stream) {
    return s.request.keep_alive && !s.stopping && !asks_close && !(stream && s.raw_stream());
}

// The request is answered: read the next one, or end.
conn_step next_request_or_close(conn_state s) {
    bool stays = s.keep && !s.peer_gone && !s.stopping && !s.failed;
    s.phase = stays ? conn_phase::idle : conn_phase::closed;
    if (!stays)
        return {.next = s};
    return {.next = s, .actions = act_read_idle, .timer = conn_timer::idle};
}

conn_step reject(conn_state s, int status) {
    s.phase = conn_phase::closed;
    return {.next = s, .actions = act_send_error | act_linger, .timer = conn_timer::body, .status = status};
}

// Idle: the connection starts, or the first bytes of a request arrive.
conn_step on_idle(conn_state s, conn_event e) {
    if (s.phase != conn_phase::idle || (e == conn_event::opened && !s.first))
        return misuse(s);
    if (s.stopping) {
        s.phase = conn_phase::closed;
        return {.next = s};
    }
    if (e == conn_event::opened)
        return {.next = s, .actions = act_read_idle, .timer = conn_timer::header};
    // The first request's header deadline runs from the connect; a later one's from its first byte.
    auto timer = s.first ? conn_timer::keep : conn_timer::header;
    s.phase = conn_phase::reading;
    s.first = false;
    return {.next = s, .actions = act_read_request, .timer = timer};
}

// Reading a request, or failing to.
conn_step on_reading(conn_state s, conn_event e, conn_input const& in) {
    if (e == conn_event::read_failed && s.phase == conn_phase::idle) {
        s.phase = conn_phase::closed;
        return {.next = s};
    }
    if (s.phase != conn_phase::reading)
        return misuse(s);
    switch (e) {
    case conn_event::expect_continue:
        return {.next = s, .actions = act_send_100};
    case conn_event::body_follows:
        return {.next = s, .actions = act_read_body, .timer = conn_timer::body};
    case conn_event::request_read:
        s.phase = conn_phase::awaiting_answer;
        s.request = in.request;
        s.keep = s.woken = s.failed = false;
        return {.next = s, .actions = act_spawn_handler};
    case conn_event::body_too_large:
        return reject(s, 413);
    case conn_event::header_too_large:
        return reject(s, 431);
    case conn_event::malformed:
        return reject(s, 400);
    default: // read_failed
        s.phase = conn_phase::closed;
        return {.next = s};
    }
}

// The handler's first writer call: respond() or start().
conn_step on_answer(conn_state s, conn_event e, conn_input const& in) {
    if (s.phase != conn_phase::awaiting_answer)
        return misuse(s);
    bool stream = e == conn_event::start;
    s.phase = stream ? conn_phase::streaming : conn_phase::responded;
    s.keep = allows_keep_alive(s, in.asks_close, stream);
    conn_action write = stream ? (s.raw_stream() ? act_write_raw_stream_head : act_write_stream_head)
                               : (s.request.head ? act_write_response_head : act_write_response);
    return {.next = s, .actions = write, .timer = conn_timer::body};
}

// A started stream: its header is out, then the handler's write() and finish().
conn_step on_stream(conn_state s, conn_event e, conn_input const& in) {
    if (s.phase != conn_phase::streaming)
        return misuse(s);
    if (e == conn_event::stream_head_sent) {
        if (s.watch != watch_phase::off)
            return misuse(s);
        s.watch = watch_phase::armed;
        auto actions = s.request.get ? act_arm_watch | act_release_buffer : act_arm_watch;
        return {.next = s, .actions = actions, .timer = conn_timer::never};
    }
    if (e == conn_event::finish) {
        s.phase = conn_phase::finished;
        if (s.peer_gone || s.request.head || s.raw_stream())
            return {.next = s};
        return {.next = s, .actions = act_write_last_chunk, .timer = conn_timer::body};
    }
    if (s.peer_gone || s.stopping)
        return {.next = s, .result = false};
    if (in.empty || s.request.head) // an empty chunk would end the body
        return {.next = s, .result = true};
    return {.next = s,
            .actions = s.raw_stream() ? act_write_raw : act_write_chunk,
            .timer = conn_timer::body,
            .result = true};
}

// A response write failed: the client is gone, whatever the phase.
conn_step on_write_failed(conn_state s) {
    s.peer_gone = true;
    return {.next = s};
}

// The watch read of an open stream.
conn_step on_watch(conn_state s, conn_event e, conn_input const& in) {
    if (e == conn_event::watch_joined) {
        if (s.phase != conn_phase::settling)
            return misuse(s);
        s.watch = watch_phase::off;
        return next_request_or_close(s);
    }
    if (s.watch == watch_phase::off)
        return misuse(s);
    if (s.watch == watch_phase::stopping) {
        s.watch = watch_phase::off;
        return {.next = s, .actions = act_watch_stopped};
    }
    if (e == conn_event::watch_bytes && !in.buffer_full)
        return {.next = s, .actions = act_arm_watch};
    // Bytes over the read-ahead limit stop the watch; an error means the client left.
    s.watch = watch_phase::off;
    if (e == conn_event::watch_failed)
        s.peer_gone = true;
    return {.next = s};
}

// The handler's task completed.
conn_step on_handler_end(conn_state s, conn_event e) {
    if (!s.handler_runs())
        return misuse(s);
    bool woken_cancel = e == conn_event::handler_cancelled && s.woken;
    s.failed = e != conn_event::handler_done;
    switch (s.phase) {
    case conn_phase::awaiting_answer:
        s.phase = conn_phase::closed;
        return {.next = s, .actions = act_send_error, .timer = conn_timer::body, .status = 500};
    case conn_phase::streaming: {
        // Woken by the shutdown, or returned without finish(): end the body cleanly. A failure mid-stream is
        // left unterminated (the close without a last chunk tells the client the response is incomplete).
        s.phase = conn_phase::closed;
        bool last = (!s.failed || woken_cancel) && !s.peer_gone && !s.request.head && !s.raw_stream();
        if (!last)
            return {.next = s};
        return {.next = s, .actions = act_write_last_chunk, .timer = conn_timer::body};
    }
    case conn_phase::finished:
        if (s.watch == watch_phase::off)
            return next_request_or_close(s);
        s.phase = conn_phase::settling;
        s.watch = watch_phase::stopping;
        return {.next = s, .actions = act_cancel_watch};
    default: // responded
        return next_request_or_close(s);
    }
}

// From the listener, and the end of the serve loop.
conn_step on_lifetime(conn_state s, conn_event e) {
    switch (e) {
    case conn_event::shutdown:
        if (s.stopping)
            return {.next = s};
        s.stopping = true;
        if (s.phase == conn_phase::idle)
            return {.next = s, .actions = act_cancel_read};
        if (s.phase != conn_phase::streaming)
            return {.next = s};
        s.woken = true;
        return {.next = s, .actions = act_wake_handler};
    case conn_event::force_close: {
        s.stopping = true;
        if (!s.handler_runs())
            return {.next = s, .actions = act_close};
        s.woken = true;
        return {.next = s, .actions = act_wake_handler | act_close};
    }
    default: // ended: a watch read still pending ends with the close; that is not the client leaving
        s.phase = conn_phase::closed;
        if (s.watch == watch_phase::armed)
            s.watch = watch_phase::stopping;
        return {.next = s, .actions = act_close};
    }
}

} // namespace

conn_step step(conn_state const& s, conn_event e, conn_input const& in) noexcept {
    switch (e) {
    case conn_event::opened:
    case conn_event::bytes:
        return on_idle(s, e);
    case conn_event::read_failed:
    case conn_event::expect_continue:
    case conn_event::body_follows:
    case conn_event::request_read:
    case conn_event::body_too_large:
    case conn_event::header_too_large:
    case conn_event::malformed:
        return on_reading(s, e, in);
    case conn_event::respond:
    case conn_event::start:
        return on_answer(s, e, in);
    case conn_event::stream_head_sent:
    case conn_event::write:
    case conn_event::finish:
        return on_stream(s, e, in);
    case conn_event::write_failed:
        return on_write_failed(s);
    case conn_event::watch_bytes:
    case conn_event::watch_failed:
    case conn_event::watch_joined:
        return on_watch(s, e, in);
    case conn_event::handler_done:
    case conn_event::handler_failed:
    case conn_event::handler_cancelled:
        return on_handler_end(s, e);
    case conn_event::shutdown:
    case conn_event::force_close:
    case conn_event::ended:
        return on_lifetime(s, e);
    }
    return misuse(s);
}

std::string_view name_of(conn_phase p) {
    constexpr std::string_view names[] = {"idle",      "reading",  "awaiting_answer", "responded",
                                          "streaming", "finished", "settling",        "closed"};
    return names[static_cast<int>(p)];
}

std::string_view name_of(conn_event e) {
    constexpr std::string_view names[] = {"opened",
                                          "bytes",
                                          "read_failed",
                                          "expect_continue",
                                          "body_follows",
                                          "request_read",
                                          "body_too_large",
                                          "header_too_large",
                                          "malformed",
                                          "respond",
                                          "start",
                                          "stream_head_sent",
                                          "write",
                                          "finish",
                                          "write_failed",
                                          "watch_bytes",
                                          "watch_failed",
                                          "watch_joined",
                                          "handler_done",
                                          "handler_failed",
                                          "handler_cancelled",
                                          "shutdown",
                                          "force_close",
                                          "ended"};
    return names[static_cast<int>(e)];
}

} // namespace mcp::net::detail
