// call_context: what a handler can do beyond computing its result, for the one request it is serving.
//
// Owned by the dispatcher for the duration of one request; handlers get it by reference and must not keep it
// past their return. Everything runs on the session's strand except blocking handlers (see typed.hpp), which may
// call log() and progress() from the blocking pool (both are thread-safe) but not the awaitable methods.
#pragma once

#include <mcp/json/reflect.hpp>
#include <mcp/protocol/error.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/protocol/types.hpp>
#include <mcp/server/request_metadata.hpp>
#include <mcp/server/sampling.hpp>
#include <mcp/server/session_state.hpp>
#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace mcp {

class session;

namespace detail {
class task_runner;
struct task_job;
// A progress value as JSON: whole numbers as integers (Boost.JSON would write 50.0 as "5E1", valid but surprising
// to read), anything else (fractions, huge values, NaN, infinities) as the double it is.
boost::json::value progress_number(double d);
} // namespace detail

enum class elicit_action { accept, decline, cancel };

// A typed answer to elicit<T>(): content is set only when the user accepted.
template <class T>
struct elicitation {
    elicit_action action = elicit_action::cancel;
    std::optional<T> content;
};

class call_context {
public:
    call_context(std::shared_ptr<mcp::session> s, protocol::request_id id, std::string method,
                 boost::json::object const& params, request_metadata const& metadata);

    protocol::request_id const& request_id() const { return id_; }
    std::string const& method() const { return method_; }
    request_metadata const& metadata() const { return metadata_; }
    session_state& state();
    mcp::session& session() { return *session_; }

    // notifications/message to the client, when `level` passes the session's logging/setLevel threshold.
    void log(log_level level, boost::json::value data, std::optional<std::string> logger = {});
    // notifications/progress on the request's progressToken; does nothing when the client sent none.
    void progress(double progress, std::optional<double> total = {}, std::optional<std::string> message = {});

    // Questions to the client. In a 2025 session (client/*) each is a server-to-client request: it suspends until
    // the client answers, the timeout passes (error code request_timeout) or the call is cancelled, and fails at
    // once with capability_missing when the client did not declare the capability at initialize.
    // In a 2026-07-28 request (basic/patterns/mrtr, docs/eras.md) the same call returns the client's answer when
    // this round carries it; otherwise the request ends with input_required listing the questions asked
    // together, and the handler runs again from the start when the client retries with its answers. `key` names
    // the question across rounds (inputRequests' key; empty: its kind and ordinal in this call, "elicit-1"). A
    // capability this request did not declare ends it with -32021 (client_supports() tells beforehand).
    // sampling/createMessage with `params` as given.
    task<result<boost::json::object>> create_message(boost::json::object params, std::string key = {});
    task<result<boost::json::object>> elicit(std::string message, boost::json::object requested_schema,
                                             std::string key = {});
    task<result<boost::json::object>> list_roots(std::string key = {}); // roots/list
    template <class T>
    task<result<elicitation<T>>> elicit(std::string message, std::string key = {});
    // Typed sampling (sampling.hpp): the request's params written for you, the answer read (an error names a
    // malformed field). The one-string form sends a single user message.
    task<result<sampling_result>> sample(sampling_request request, std::string key = {});
    task<result<sampling_result>> sample(std::string prompt, int max_tokens = 1000, std::string key = {});
    // Whether the client declared `capability` ("sampling", "elicitation", "roots"): at initialize (2025), or on
    // this request (2026-07-28).
    bool client_supports(std::string_view capability) const;

    // How long the server-to-client requests above wait (default: server_options.client_request_timeout).
    void set_request_timeout(std::chrono::milliseconds t) { timeout_ = t; }
    boost::asio::any_io_executor blocking_executor() const;

    // The task this call runs as (2025-11-25 basic/utilities/tasks), when tools/call was task-augmented: its
    // messages to the client then carry the related-task _meta, and a question to the client makes the task
    // input_required until answered. Set by the task runner, which outlives the context.
    std::optional<std::string> const& task_id() const { return task_id_; }
    void bind_task(detail::task_runner& runner, detail::task_job& job, std::string id);

private:
    // Where a message of this call goes (the request's stream, or the task's route) and its params with the
    // related-task _meta added when this call is a task.
    std::optional<protocol::request_id> related() const;
    void mark_related(boost::json::object& params) const;

    task<result<boost::json::object>> ask(std::string method, boost::json::object params, std::string_view cap,
                                          std::string key);
    task<result<boost::json::object>> ask_session(std::string method, boost::json::object params,
                                                  std::string_view cap);
    task<result<boost::json::object>> ask_in_round(std::string method, boost::json::object params,
                                                   std::string_view cap, std::string key);

    std::shared_ptr<mcp::session> session_;
    protocol::request_id id_;
    std::string method_;
    request_metadata const& metadata_;
    std::optional<boost::json::value> progress_token_;
    std::chrono::milliseconds timeout_;
    std::optional<std::string> task_id_;
    detail::task_runner* runner_ = nullptr;
    detail::task_job* job_ = nullptr;
};

result<elicit_action> elicit_action_of(boost::json::object const& answer);

template <class T>
task<result<elicitation<T>>> call_context::elicit(std::string message, std::string key) {
    auto answer = co_await elicit(std::move(message), json::schema_of<T>(), std::move(key));
    if (!answer) co_return answer.error();
    auto action = elicit_action_of(*answer);
    if (!action) co_return action.error();
    elicitation<T> out{*action, std::nullopt};
    if (*action != elicit_action::accept) co_return out;
    auto const* given = answer->if_contains("content");
    auto parsed = json::from_json<T>(given ? *given : boost::json::value(boost::json::object{}));
    if (!parsed)
        co_return error::invalid_params("The client's elicitation answer does not fit the requested schema: " +
                                        parsed.error().to_string("content"));
    out.content = std::move(*parsed);
    co_return out;
}

} // namespace mcp
