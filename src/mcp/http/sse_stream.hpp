// sse_stream: one SSE stream of a session (a POST answered with SSE, or the session's standalone GET stream).
//
//   producers (the session's outbound, on the strand) --push()--> pending --drain()--> event store + recent
//                                                                                 \--> notify() --> writers
//
// Exactly one coroutine drains a stream (the POST handler for a POST stream, the session for the GET stream),
// so events are stored in the order they were sent and numbered without gaps whether or not a client is
// connected. Writers (the connection that opened the stream, or a GET resuming it with Last-Event-ID) read
// what was stored. All members are used on the session's strand only.
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/event_store.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <deque>
#include <list>
#include <memory>
#include <optional>
#include <string>

namespace mcp::http {

class sse_stream {
public:
    sse_stream(std::string id, boost::asio::any_io_executor strand);

    std::string const& id() const { return id_; }

    // Producer side: queue a message for this stream; `last` ends the stream after it (the response to the
    // POST).
    void push(boost::json::object message, bool last = false);
    // Ends the stream without another message (the request was cancelled, or the session is going away).
    void close();

    // Drainer side: the next queued message, waiting for one; nullopt once the stream is closed and empty.
    struct item {
        boost::json::object message;
        bool last = false;
    };
    task<std::optional<item>> next();
    // The next queued message if there is one now.
    std::optional<item> try_next();
    // Closed and nothing left to drain.
    bool drained() const { return closed_ && pending_.empty(); }
    // Closed: push() drops what it is given.
    bool closed() const { return closed_; }
    // Records an event the drainer stored, for writers, and wakes them.
    void stored(storage::stored_event e);
    void finish(); // the drainer is done: no more events will be stored

    // Writer side. Events stored after `sequence`, from memory when they are still there (nullopt: ask the
    // store).
    std::optional<std::vector<storage::stored_event>> recent_after(std::uint64_t sequence) const;
    std::uint64_t last_sequence() const { return last_sequence_; }
    bool finished() const { return finished_; }
    // Waits until something is stored, the stream finishes, or `timeout` passes (false: timed out).
    task<bool> wait(std::chrono::milliseconds timeout);

    // A stream has at most one connected writer (the spec's "one stream, one connection").
    bool writer_attached() const { return writer_attached_; }
    void set_writer_attached(bool attached) { writer_attached_ = attached; }

private:
    void wake_all();

    std::string id_;
    boost::asio::any_io_executor strand_;
    std::deque<item> pending_;
    bool closed_ = false;
    bool finished_ = false;
    bool writer_attached_ = false;
    std::uint64_t last_sequence_ = 0;
    std::deque<storage::stored_event> recent_; // the latest events, for writers on this process
    std::list<boost::asio::steady_timer*> waiters_;
};

} // namespace mcp::http
