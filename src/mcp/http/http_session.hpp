// http_session: what the HTTP front door keeps, in this process, for one live MCP session: the transport-free
// mcp::session, its strand, and the SSE streams its messages are routed to.
//
//   mcp::session --send(msg, related)--> router --related request's POST stream--> sse_stream
//                                              \--no related request-------------> the listening stream
//
// Messages tied to a request go to that request's stream; the others go to exactly one stream, the session's
// listening stream, where they are stored whether or not a GET is connected (2025-11-25 basic/transports,
// multiple connections). Its id is the same on every process (listen_stream), so the store holds one such
// stream per session, fed by every process that serves it and followed by a GET on any of them.
#pragma once

#include <mcp/core/strand.hpp>
#include <mcp/http/reply_relay.hpp>
#include <mcp/http/sse_stream.hpp>
#include <mcp/server/server.hpp>
#include <mcp/storage/event_store.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace mcp::http {

using session_strand = io_strand;

class http_session : public std::enable_shared_from_this<http_session> {
public:
    // A new session (fresh id), or the session named `id` that a store knows (rebuilt on this process).
    // `reply_poll`: how often a waiting request of ours looks for an answer relayed by another process, at
    // first; 0 when no other process shares the stores (nothing is relayed then). Looks that find nothing
    // double the wait up to `reply_poll_max` (poll_backoff.hpp).
    static std::shared_ptr<http_session>
    create(server& srv, boost::asio::any_io_executor executor, std::shared_ptr<storage::event_store> events,
           std::optional<std::string> id = std::nullopt,
           std::chrono::milliseconds reply_poll = std::chrono::milliseconds(100),
           std::chrono::milliseconds reply_poll_max = std::chrono::seconds(1));

    std::shared_ptr<mcp::session> const& core() const { return core_; }
    session_strand const& strand() const { return strand_; }
    std::string const& id() const { return core_->id(); }
    // Who made the session (request_metadata.hpp principal_from; "" when the front door knew nobody): a request
    // of another principal is answered as for an unknown session. Set before the session is shared.
    std::string const& principal() const { return principal_; }
    void set_principal(std::string principal) { principal_ = std::move(principal); }

    // Strand-only. A new POST stream for `request`, registered for routing and resumption.
    std::shared_ptr<sse_stream> open_post_stream(protocol::request_id const& request);
    // Strand-only. A POST stream for `request` that is opened only when the first message tied to the request
    // is sent (most requests send none and are answered with JSON): it is then registered as
    // open_post_stream() does and handed to `opened`, which starts writing it, before the message is queued
    // on it. close_all() opens a deferred stream already closed, so that its answer ends at once. `opened` is
    // kept here: it owns what it uses (the request's post_answer.hpp), never a reference into a coroutine frame.
    using stream_opened = std::function<void(std::shared_ptr<sse_stream> const&)>;
    void defer_post_stream(protocol::request_id const& request, stream_opened opened);
    // Ends either kind.
    void close_post_stream(protocol::request_id const& request);
    // A request with this id is being answered on a POST stream (opened or deferred) now.
    bool has_post_stream(protocol::request_id const& request) const;
    // The listening stream (listen_stream: messages tied to no request), created (and its drainer started) on
    // first use.
    std::shared_ptr<sse_stream> standalone();
    // A stream of this session by id (live on this process), or nullptr.
    std::shared_ptr<sse_stream> find_stream(std::string const& id) const;

    // Stores a stream's messages as events, in order, until it ends. Runs on the strand and owns the session
    // for as long as it runs: a store call in flight when the session ends (DELETE, expiry) must find it
    // alive. After stop_storing(), what is left of the stream is not stored.
    static task<> drain(std::shared_ptr<http_session> self, std::shared_ptr<sse_stream> stream);
    // Stores one message as the next event of `stream` and tells its writers. Runs on the strand.
    task<std::optional<storage::stored_event>> store(sse_stream& stream, boost::json::object const& message);

    // Ends every stream (DELETE, expiry).
    void close_all();
    // The session's events were forgotten (DELETE, expiry): what its streams still carry is not stored, which
    // would orphan it in the event store. Strand only.
    void stop_storing() { stop_storing_ = true; }
    // Ends the listening stream only (shutdown: requests in flight still answer on their POST streams).
    void close_standalone();

    storage::event_store& events() { return *events_; }

    // The relay of answers through the shared stores (reply_relay.hpp); null when no other process shares
    // them (nothing is relayed then). Strand only.
    std::shared_ptr<reply_relay> const& relay() const { return relay_; }

    // Activity, for the idle sweeper (thread-safe): the last request, and the streams a client holds open.
    void touch() { last_active_.store(std::chrono::steady_clock::now().time_since_epoch().count()); }
    std::chrono::steady_clock::duration idle_for() const {
        return std::chrono::steady_clock::now().time_since_epoch() -
               std::chrono::steady_clock::duration(last_active_.load());
    }
    bool streaming() const { return open_streams_.load() > 0; }
    // Nothing queued for the listening stream is waiting to be stored (thread-safe): a front door about to be
    // frozen (Lambda, before asking for the next invocation) waits for this, or what it sent would be lost.
    bool quiet() const { return unstored_.load() == 0; }
    // The store revision this process's copy reflects (thread-safe): a newer one means another process
    // changed it.
    std::int64_t synced_revision() const { return synced_revision_.load(); }
    void set_synced_revision(std::int64_t r) { synced_revision_.store(r); }
    // Counts an open stream for as long as it lives.
    struct stream_guard {
        explicit stream_guard(http_session& s) : s_(s) { ++s_.open_streams_; }
        ~stream_guard() { --s_.open_streams_; }
        stream_guard(stream_guard const&) = delete;
        stream_guard& operator=(stream_guard const&) = delete;
        http_session& s_;
    };

private:
    class router;
    http_session(server& srv, boost::asio::any_io_executor executor,
                 std::shared_ptr<storage::event_store> events, std::optional<std::string> id,
                 std::chrono::milliseconds reply_poll, std::chrono::milliseconds reply_poll_max);
    void route(boost::json::object message, std::optional<protocol::request_id> const& related);

    session_strand strand_;
    std::shared_ptr<storage::event_store> events_;
    std::shared_ptr<router> router_;
    std::shared_ptr<mcp::session> core_;
    struct post_stream {
        std::shared_ptr<sse_stream> stream; // null while deferred
        stream_opened opened;               // set while deferred
    };
    std::shared_ptr<sse_stream> new_post_stream();
    void open_deferred(post_stream& post, bool closed);

    std::string principal_;
    std::map<std::string, post_stream> post_streams_;          // by request id (to_string)
    std::map<std::string, std::weak_ptr<sse_stream>> streams_; // by stream id, for resumption
    std::shared_ptr<sse_stream> standalone_;
    std::atomic<std::chrono::steady_clock::rep> last_active_{
        std::chrono::steady_clock::now().time_since_epoch().count()};
    std::atomic<int> open_streams_{0};
    std::atomic<int> unstored_{0}; // messages routed to the listening stream, not yet stored
    std::atomic<std::int64_t> synced_revision_{-1};
    std::shared_ptr<reply_relay> relay_;
    bool stop_storing_ = false;
};

// Runs `t` on a session's strand and waits for it. The caller's cancellation (the listener cancels handlers
// when it shuts down) is not passed on: it would be delivered from another strand. Streams end through
// close_all() and close_standalone() instead.
template <class T>
task<T> on_strand(session_strand const& strand, task<T> t) {
    return boost::asio::co_spawn(
        strand, std::move(t),
        boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(), boost::asio::use_awaitable));
}

// A random stream id of [a-z0-9] (event ids are "<stream>_<sequence>").
std::string new_stream_id();

// The id of every session's listening stream (messages tied to no request), on every process.
inline constexpr std::string_view listen_stream = "listen";

} // namespace mcp::http
