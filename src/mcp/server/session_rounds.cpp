// Input-required rounds of a 2026-07-28 request (basic/patterns/mrtr; input_round.hpp): the round's answers
// read from the verified requestState and the retry's inputResponses before the handler runs; questions asked
// together collected into one round; the round's end answered with inputRequests and a new sealed state.
#include <mcp/server/session.hpp>

#include <mcp/core/log.hpp>
#include <mcp/server/methods.hpp>
#include <mcp/server/modern_result.hpp>
#include <mcp/server/request_state.hpp>
#include <mcp/server/server.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/multiple_exceptions.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>

namespace mcp {

namespace asio = boost::asio;

namespace {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The scope's id is "@" + the principal (http::streamable, stdio): the state is bound to who asked.
std::string_view principal_of_scope(std::string const& id) {
    return id.empty() || id.front() != '@' ? std::string_view(id) : std::string_view(id).substr(1);
}

// How a handler's exception ends a 2026-07-28 request: the round's end (nullopt), an error to answer, or
// neither (a bug: rethrown, the session answers -32603). Questions awaited together (awaitable operators, parallel groups)
// all end with the round, and asio reports their exceptions as one multiple_exceptions.
std::optional<result<boost::json::value>> ending_of(std::exception_ptr e) {
    try {
        std::rethrow_exception(e);
    } catch (detail::round_end const&) {
        return std::nullopt;
    } catch (detail::request_failure const& f) {
        return result<boost::json::value>(f.err);
    } catch (asio::multiple_exceptions const& many) {
        return ending_of(many.first_exception());
    }
}

} // namespace

// The keys are read (from the state store, when none are configured) only when a state comes back or a round
// ends: a call that asks nothing does not depend on the store.
task<result<>> session::open_round(protocol::request const& req) {
    auto responses = detail::input_responses_of(req.params);
    if (!responses) co_return responses.error();
    boost::json::object answers;
    if (auto const* token = req.params.if_contains("requestState"); token && !token->is_null()) {
        if (!token->is_string()) co_return error::invalid_params("requestState must be a string");
        auto keys = co_await server_.request_state_keys();
        if (!keys) co_return keys.error();
        auto const& o = server_.options().request_state;
        auto state = detail::open(token->as_string(), **keys, req.method, req.params, principal_of_scope(id_),
                                  now_ms(), o.max_bytes);
        if (!state) co_return state.error();
        answers = std::move(state->answers);
    }
    for (auto& [key, answer] : *responses) answers[key] = std::move(answer);
    round_ = std::make_unique<detail::input_round>(std::move(answers));
    co_return result<>{};
}

task<result<boost::json::value>> session::round_result(protocol::request const& req) const {
    auto keys = co_await server_.request_state_keys();
    if (!keys) co_return keys.error();
    auto const& o = server_.options().request_state;
    detail::request_state state{req.method, detail::params_digest(req.params), std::string(principal_of_scope(id_)),
                                now_ms() + std::chrono::duration_cast<std::chrono::milliseconds>(o.ttl).count(),
                                round_->used(), {}};
    auto token = detail::seal(state, (*keys)->front());
    if (token.size() > o.max_bytes)
        log::warn("request {}: its requestState takes {} bytes, more than the {} it will be read back at", id_,
                  token.size(), o.max_bytes);
    co_return boost::json::object{
        {"resultType", "input_required"}, {"inputRequests", round_->input_requests()}, {"requestState", token}};
}

task<boost::json::object> session::dispatch_modern(protocol::request req, request_metadata metadata) {
    if (detail::takes_input(req.method))
        if (auto opened = co_await open_round(req); !opened)
            co_return protocol::make_error_response(req.id, opened.error());
    result<boost::json::value> outcome = error::internal();
    std::exception_ptr failure;
    try {
        outcome = co_await detail::run_method(*this, req, metadata);
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) {
        auto ending = ending_of(failure); // anything else propagates: a bug in the handler
        if (ending)
            outcome = std::move(*ending);
        else
            outcome = co_await round_result(req);
    }
    detail::finish_modern(outcome, req.method, server_);
    if (outcome) co_return protocol::make_response(req.id, std::move(*outcome));
    co_return protocol::make_error_response(req.id, outcome.error());
}

task<result<boost::json::object>> session::ask_in_round(std::string method, boost::json::object params,
                                                        std::string key) {
    if (!round_)
        co_return error::internal(method + ": a 2026-07-28 request asks its client only during tools/call, "
                                           "prompts/get and resources/read");
    auto known = round_->answer(key, method);
    if (!known) throw detail::request_failure{known.error()};
    if (*known) co_return std::move(**known);
    round_->ask(std::move(key), std::move(method), std::move(params));
    co_await wait_for_round_end();
    throw detail::round_end{};
}

// The round ends once the handler has asked nothing new for two turns of the strand: asks started together
// (awaitable operators, parallel groups) register before then and share the round.
task<> session::wait_for_round_end() {
    ++asks_made_;
    if (!round_check_posted_) {
        round_check_posted_ = true;
        asio::post(strand_, [self = shared_from_this(), seen = asks_made_] { self->check_round(seen, false); });
    }
    asio::steady_timer wake(strand_, asio::steady_timer::time_point::max());
    round_waiters_.push_back(&wake);
    co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    std::erase(round_waiters_, &wake);
}

void session::check_round(std::uint64_t seen, bool quiet_once) {
    bool quiet = seen == asks_made_;
    if (!quiet || !quiet_once) {
        asio::post(strand_, [self = shared_from_this(), now = asks_made_, quiet] { self->check_round(now, quiet); });
        return;
    }
    round_check_posted_ = false;
    for (auto* t : round_waiters_) t->cancel();
}

} // namespace mcp
