// session: one client's conversation with the server, independent of any transport.
//
//   front door --handle(msg)--> session --method table--> handlers
//        ^                         |
//        +------ outbound <--------+   (notifications and server-to-client requests)
//
// Invariants: every member function except those marked thread-safe runs on executor() (a strand the front
// door supplies); requests may run concurrently on it, interleaving at co_await points. A request is answered
// exactly once, or not at all when the client cancelled it. Responses to our own requests are matched by id.
#pragma once

#include <mcp/protocol/envelope.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/protocol/types.hpp>
#include <mcp/server/durable.hpp>
#include <mcp/server/input_round.hpp>
#include <mcp/server/list_state.hpp>
#include <mcp/server/outbound.hpp>
#include <mcp/server/request_metadata.hpp>
#include <mcp/server/session_state.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <functional>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace mcp {

class server;

class session : public std::enable_shared_from_this<session> {
public:
    // Made by server::open_session.
    session(mcp::server& srv, boost::asio::any_io_executor strand, std::shared_ptr<outbound> out,
            std::string id);
    // Made by server::open_request_scope: the scope of one 2026-07-28 request, which has no session
    // (basic/index, statelessness). Operational from birth with the envelope's version, capabilities and client
    // info; logs only at or above the envelope's logLevel (none without one); state() is empty and goes with
    // the request; nothing is journaled for a store, and no list change is announced through it.
    session(mcp::server& srv, boost::asio::any_io_executor strand, std::shared_ptr<outbound> out,
            std::string id, protocol::request_envelope envelope);

    // Handles one message from the client and returns the reply for a request (result or error); nothing for
    // a notification, a response, or a request the client cancelled. Suspends while the handler runs. A message
    // that is not a request is taken at the call, not when the task is awaited: call it on the session's strand.
    task<std::optional<boost::json::object>> handle(protocol::message msg, request_metadata metadata = {});

    std::string const& id() const { return id_; }
    // A 2026-07-28 request's scope rather than a 2025 session: the method table and the call context follow
    // that era's rules.
    bool modern() const { return modern_; }
    boost::asio::any_io_executor const& executor() const { return strand_; }
    mcp::server& server() { return server_; }
    session_state& state() { return state_; }

    // Lifecycle (2025-11-25 basic/lifecycle): set by initialize, then notifications/initialized.
    bool initialized() const { return phase_.load() != phase::created; }
    bool operational() const { return phase_.load() == phase::operational; }
    std::string const& protocol_version() const { return version_; }
    protocol::implementation const& client_info() const { return client_info_; }
    boost::json::object const& client_capabilities() const { return client_capabilities_; }
    void start(std::string version, protocol::implementation client, boost::json::object capabilities);

    // Thread-safe: sends a notification through the front door.
    void notify(std::string_view method, boost::json::object params,
                std::optional<protocol::request_id> const& related = {});
    // Sends a request to the client and waits for its answer, the timeout, or cancellation of the caller.
    task<result<boost::json::object>> request(std::string method, boost::json::object params,
                                              std::optional<protocol::request_id> related,
                                              std::chrono::milliseconds timeout);

    // A 2026-07-28 request's question to its client (input_round.hpp), strand only: the client's answer when
    // this round has one for `key`; otherwise the question joins the round's open ones and the round ends once
    // the handler asks nothing more (questions asked together share a round): the ask then throws
    // detail::round_end through the handler, and the request answers input_required. A malformed answer
    // throws detail::request_failure (-32602). Outside tools/call, prompts/get and resources/read: -32603.
    task<result<boost::json::object>> ask_in_round(std::string method, boost::json::object params,
                                                   std::string key);
    // The key of an ask made without one ("elicit-1"): see input_round::next_key. Strand only.
    std::string next_input_key(std::string_view kind) { return round_ ? round_->next_key(kind) : std::string(kind); }

    // subscriptions/listen (2026-07-28 basic/patterns/subscriptions; session_listen.cpp), in a request scope.
    // What a listen stream carries: the list channels ("tools", "prompts", "resources") whose changes it opted
    // into, and the JSON-RPC id that tags each of its notifications.
    struct listen_filter {
        std::set<std::string, std::less<>> channels;
        boost::json::value subscription_id;
    };
    // Makes this scope a listener (strand only, once): lists are taken as seen now, and from then on notify()
    // sends only what `filter` opted into, tagged with its id. join_fanout(), once the acknowledgement is sent,
    // lets the server's list and resource fan-out reach it (the resources given to subscribe()) while it lives.
    void start_listening(listen_filter filter);
    task<> join_fanout();
    // Waits until end_listening() (the front door shuts down; true) or `most` passes (true), or the request is
    // cancelled (false: the client left). Strand only.
    task<bool> listen_until_ended(std::chrono::milliseconds most);
    // Thread-safe: ends the wait above on the scope's strand.
    void end_listening();
    bool listening() const { return listen_ != nullptr; }

    // Thread-safe accessors used by the method table and the server.
    void set_log_level(log_level level);
    bool logs_at(log_level level) const { return static_cast<int>(level) >= log_level_.load(); }
    void subscribe(std::string uri);
    void unsubscribe(std::string_view uri);
    bool subscribed(std::string_view uri) const;
    std::size_t subscription_count() const;
    // Stops every request in flight (the session is being terminated); they send no response. Strand only.
    void cancel_all();

    // Our requests to the client (strand only). Ids count up from `first` (1 by default). A front door whose
    // sessions move between processes starts each copy at a random point, so that answers stay unambiguous
    // when several processes ask the same client (the answer may reach another process, see
    // http/reply_relay.hpp).
    void number_requests_from(std::int64_t first) { next_request_id_.store(first); }
    // True when `id` names a request of ours still waiting for its answer on this process.
    bool awaits(protocol::request_id const& id) const;
    // True while any request of ours waits for its answer on this process.
    bool awaiting() const { return !pending_.empty(); }

    // Lists (list_state.hpp; session_lists.cpp). The channels whose list, as this session sees it now, differs
    // from what its client was last told: (channel, fingerprint). Empty before notifications/initialized and in
    // list_mode::fixed. Thread-safe.
    std::vector<std::pair<std::string, std::string>> unseen_lists() const;
    // Records that the client now knows these lists (journaled, as every durable change).
    void mark_lists_seen(std::vector<std::pair<std::string, std::string>> const& seen);
    // Tells the client once of each unseen list: through the front door's announcer when it set one (HTTP claims
    // each notification in the session store first, so that of the processes serving a session exactly one
    // tells it), otherwise here. Strand only.
    using list_announcer = std::function<task<>()>;
    void set_list_announcer(list_announcer a) { announcer_ = std::move(a); }
    task<> announce_lists();
    // What a visibility filter sees of this session; `state` must outlive the view.
    session_view view(boost::json::object const& state) const { return {id_, state, client_info_}; }

    // Durability. The durable part as it is now, and the changes made since the last take_changes() (both
    // thread-safe); restore() (strand only) adopts a newer copy from the store and re-applies the changes not
    // yet taken, so a process that serves the session next sees what other processes did.
    durable_session durable() const;
    std::vector<session_change> take_changes();
    bool has_changes() const; // whether take_changes() would return any (most requests make none)
    void restore(durable_session const& d);

private:
    enum class phase { created, initializing, operational };
    struct pending_answer;

    task<std::optional<boost::json::object>> on_request(protocol::request req, request_metadata metadata);
    task<boost::json::object> dispatch(protocol::request req, request_metadata metadata);
    // 2026-07-28 (session_rounds.cpp): the round's answers read before the handler runs, its end answered.
    task<boost::json::object> dispatch_modern(protocol::request req, request_metadata metadata);
    task<result<>> open_round(protocol::request const& req);
    task<result<boost::json::value>> round_result(protocol::request const& req) const;
    task<> wait_for_round_end();
    void check_round(std::uint64_t seen, bool quiet_once);
    void take_message(protocol::message& msg); // a notification or an answer
    void on_notification(protocol::notification const& n);
    void on_answer(protocol::request_id const& id, result<boost::json::object> outcome);
    void record(session_change c);
    void adopt(durable_session const& d); // sets the fields, without journaling
    void cancel_inflight(boost::json::object const& params);

    mcp::server& server_;
    boost::asio::any_io_executor strand_;
    std::shared_ptr<outbound> out_;
    std::string id_;
    bool modern_ = false;
    std::atomic<phase> phase_{phase::created};
    std::string version_;
    protocol::implementation client_info_;
    boost::json::object client_capabilities_;
    std::atomic<int> log_level_{static_cast<int>(log_level::debug)};
    session_state state_;

    mutable std::mutex subscriptions_mutex_;
    std::set<std::string, std::less<>> subscriptions_;

    // Strand-only bookkeeping: our requests awaiting an answer, and client requests that can be cancelled.
    std::atomic<std::int64_t> next_request_id_{1};
    std::map<std::int64_t, std::shared_ptr<pending_answer>> pending_;
    std::map<std::string, std::shared_ptr<boost::asio::cancellation_signal>> inflight_;

    // Set once by start_listening, before the server can see this scope; read by notify() on any thread.
    std::shared_ptr<listen_filter const> listen_;
    std::shared_ptr<boost::asio::steady_timer> listen_end_; // strand only
    bool listen_ended_ = false;                              // strand only
    // The 2026-07-28 request's round (strand only): null for 2025 sessions and methods that take no input.
    std::unique_ptr<detail::input_round> round_;
    std::uint64_t asks_made_ = 0;
    bool round_check_posted_ = false;
    std::vector<boost::asio::steady_timer*> round_waiters_;

    mutable std::mutex durable_mutex_; // guards the fields set by start() and adopt(), and the journal
    std::vector<session_change> journal_;
    boost::json::object lists_seen_; // guarded by durable_mutex_
    list_announcer announcer_;       // strand only
};

namespace detail {
// Whether a listen stream carries `method` (its filter's list channels, resource updates, the acknowledgement),
// and if so tags `params` with the stream's subscription id.
bool tag_for_listen(session::listen_filter const& f, std::string_view method, boost::json::object& params);
} // namespace detail

} // namespace mcp
