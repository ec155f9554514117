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
// others. The poller runs only while a request waits, on the session's strand. A client cannot read or resume
// this stream: "_" is not a character of stream ids in Last-Event-ID.
#pragma once

#include <mcp/protocol/error.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/core/task.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

namespace mcp::http {

class http_session;

inline constexpr std::string_view replies_stream = "_replies";

// The id of a client's answer to one of our requests (a response or an error with an id); nullopt otherwise.
std::optional<protocol::request_id> answer_id(protocol::message const& m);

// Stores an answer this process does not wait for, for the process that does (nothing when the stores are not
// shared). Runs on the session's strand. Errors: the event store's (the client should get 503: its answer is
// lost).
task<result<>> relay_reply(std::shared_ptr<http_session> s, boost::json::object answer);

// Feeds the stored answers to this process's waiting requests until none waits, looking `first` after it
// starts, then twice as long after each look that found nothing, up to `most` (poll_backoff.hpp). Runs on
// the session's strand.
task<> poll_replies(std::shared_ptr<http_session> s, std::chrono::milliseconds first,
                    std::chrono::milliseconds most);

} // namespace mcp::http
