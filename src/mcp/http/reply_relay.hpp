// The reply relay: answers to our server-to-client requests (sampling, elicitation, roots) that reach a
// process other than the one waiting for them. Sessions move between processes (a load balancer, Lambda
// containers), so the client's POST carrying an answer may land anywhere; the event store, shared by every
// process, carries it to the waiter.
//
//   process B: POST {"id": 7, "result": ...}, no waiter here --append--> event store, stream "_replies"
//   process A: a request of ours is waiting --poll every reply_poll--> after(session, "_replies", seen)
//              (the wait doubles while polls find nothing, up to reply_poll_max)
//                                                                     --> session::handle(answer)
//
// Request ids are unique across processes (each copy of a session numbers its requests from a random point,
// see session::number_requests_from), so a process takes exactly the answers it waits for and ignores the
// others. The poller runs only while a request waits, on the session's strand, and owns the relay while it
// runs. A reply_relay exists only for a session whose stores other processes share; http_session holds it. A
// client cannot read or resume this stream: "_" is not a character of stream ids in Last-Event-ID.
#pragma once

#include <mcp/core/strand.hpp>
#include <mcp/core/task.hpp>
#include <mcp/http/stored_order.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/server/session.hpp>
#include <mcp/storage/event_store.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mcp::http {

inline constexpr std::string_view replies_stream = "_replies";

// The id of a client's answer to one of our requests (a response or an error with an id); nullopt otherwise.
std::optional<protocol::request_id> answer_id(protocol::message const& m);

// The relay of one session: what it has read of the replies stream, and its poller. Strand only (the
// session's strand), held by shared_ptr by the session and by its poller while it runs.
class reply_relay : public std::enable_shared_from_this<reply_relay> {
public:
    // `first`, `most`: the poller looks `first` after it starts, then twice as long after each look that
    // found nothing, up to `most` (poll_backoff.hpp).
    reply_relay(std::shared_ptr<storage::event_store> events, std::string session_id, io_strand strand,
                std::chrono::milliseconds first, std::chrono::milliseconds most);

    // Stores an answer this process does not wait for, for the process that does. Errors: the event store's
    // (the client should get 503: its answer is lost).
    task<storage::result<>> relay(boost::json::object answer);
    // `message` goes out to the client: when it is a request of ours, starts the poller (unless it runs),
    // which feeds the stored answers to `core` until none of its requests waits.
    void watch(boost::json::object const& message, std::shared_ptr<mcp::session> const& core);

private:
    struct look {
        std::uint64_t seen = 0; // the last answer taken
        bool found = false; // the store held answers after the previous `seen` (a hole's too: they come soon)
    };
    static task<> poll(std::shared_ptr<reply_relay> self, std::shared_ptr<mcp::session> core);
    task<look> take_answers(mcp::session& core, bool first);

    std::shared_ptr<storage::event_store> events_;
    std::string session_id_;
    io_strand strand_;
    std::chrono::milliseconds first_;
    std::chrono::milliseconds most_;
    std::uint64_t seen_ = 0;
    bool polling_ = false;
    stored_order order_;
};

} // namespace mcp::http
