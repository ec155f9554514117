// One 2026-07-28 request's questions to its client (basic/patterns/mrtr, SEP-2322): instead of server-to-client
// requests, the request ends with an input_required result that lists them; the client answers by sending the
// request again with inputResponses and the requestState it was given.
//
//   round 1: handler runs -> ctx.elicit(...) unanswered -> round ends: {inputRequests, requestState}
//   round 2: handler runs again from the start -> the answered asks return at once -> next unanswered ask, or
//            the result
//
// The handler re-runs each round (docs/eras.md says what that asks of tool authors); answers from earlier rounds
// travel in the requestState, sealed (request_state.hpp). This is the pure part: which answers are known, which
// questions are open, the keys of asks made without one. The session ends rounds (session_rounds.cpp).
#pragma once

#include <mcp/protocol/error.hpp>

#include <boost/json.hpp>

#include <map>
#include <string>
#include <string_view>

namespace mcp::detail {

// Thrown through a handler to end the request with an error (a capability this request did not declare, a
// malformed answer): caught by the session's dispatcher, never by the handler's own code paths.
struct request_failure {
    error err;
};
// Thrown through a handler when its round ends with open questions; caught by the session's dispatcher.
struct round_end {};

// Which methods may answer input_required (2026-07-28 basic/patterns/mrtr: MUST NOT elsewhere).
bool takes_input(std::string_view method);

class input_round {
public:
    // `answers`: from the verified requestState, then the request's inputResponses over them (a key answered
    // twice keeps the newer answer).
    explicit input_round(boost::json::object answers = {}) : answers_(std::move(answers)) {}

    // The key of an ask made without one: its kind and its ordinal among the asks of this run ("elicit-1").
    std::string next_key(std::string_view kind);
    // The answer to `key` when the client gave one, checked for the shape `method`'s result has (-32602
    // naming the key otherwise); nullopt when unanswered.
    // An answer read here is kept for the next round's requestState (answers never read are not carried on).
    result<std::optional<boost::json::object>> answer(std::string const& key, std::string_view method);
    // Records an open question: {method, params} under `key`.
    void ask(std::string key, std::string method, boost::json::object params);
    std::size_t open_count() const { return open_.size(); }
    // {"<key>": {"method": ..., "params": ...}, ...}
    boost::json::object input_requests() const;
    // The answers this run read: what the next round's requestState carries.
    boost::json::object const& used() const { return used_; }

private:
    boost::json::object answers_;
    boost::json::object used_;
    std::map<std::string, boost::json::object, std::less<>> open_;
    std::map<std::string, int, std::less<>> ordinals_;
};

// The answers a retry carries: inputResponses must be an object of objects when present (-32602 otherwise).
result<boost::json::object> input_responses_of(boost::json::object const& params);

} // namespace mcp::detail
