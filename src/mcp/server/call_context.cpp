#include <mcp/server/call_context.hpp>

#include <mcp/server/server.hpp>
#include <mcp/server/session.hpp>
#include <mcp/server/task_runner.hpp>

#include <cmath>

namespace mcp {
namespace {

// 2025-11-25 basic/utilities/progress: the token is a string or an integer in params._meta.
std::optional<boost::json::value> progress_token_of(boost::json::object const& params) {
    auto const* meta = params.if_contains("_meta");
    if (!meta || !meta->is_object()) return std::nullopt;
    auto const* token = meta->as_object().if_contains("progressToken");
    if (!token || !(token->is_string() || token->is_int64() || token->is_uint64())) return std::nullopt;
    return boost::json::value(*token, boost::json::storage_ptr()); // out of the request's arena
}

// Form-mode elicitation is supported when the client declared `elicitation` empty (the 2025-06-18 shape) or with
// a `form` member (2025-11-25 client/elicitation, capabilities).
bool declares(boost::json::object const& caps, std::string_view cap) {
    auto const* c = caps.if_contains(cap);
    if (!c || !c->is_object()) return false;
    if (cap != "elicitation") return true;
    return c->as_object().empty() || c->as_object().contains("form");
}

} // namespace

// The range is checked before the cast: converting a double outside int64's range (or NaN) is undefined.
boost::json::value detail::progress_number(double d) {
    if (d > -9.0e15 && d < 9.0e15 && d == std::trunc(d))
        return static_cast<std::int64_t>(d);
    return d;
}

call_context::call_context(std::shared_ptr<mcp::session> s, protocol::request_id id, std::string method,
                           boost::json::object const& params, request_metadata const& metadata)
    : session_(std::move(s)), id_(std::move(id)), method_(std::move(method)), metadata_(metadata),
      progress_token_(progress_token_of(params)),
      timeout_(session_->server().options().client_request_timeout) {}

void call_context::bind_task(detail::task_runner& runner, detail::task_job& job, std::string id) {
    runner_ = &runner;
    job_ = &job;
    task_id_ = std::move(id);
}

std::optional<protocol::request_id> call_context::related() const {
    if (!job_) return id_;
    return runner_->route(*job_);
}

// 2025-11-25 tasks, related-task metadata: on every request and notification about a task.
void call_context::mark_related(boost::json::object& params) const {
    if (task_id_) detail::add_related_task(params, *task_id_);
}

session_state& call_context::state() { return session_->state(); }

boost::asio::any_io_executor call_context::blocking_executor() const {
    return session_->server().blocking_executor();
}

void call_context::log(log_level level, boost::json::value data, std::optional<std::string> logger) {
    if (!session_->logs_at(level)) return;
    boost::json::object params{{"level", protocol::to_string(level)}, {"data", std::move(data)}};
    if (logger) params["logger"] = *logger;
    mark_related(params);
    session_->notify("notifications/message", std::move(params), related());
}

void call_context::progress(double progress, std::optional<double> total, std::optional<std::string> message) {
    if (!progress_token_) return;
    boost::json::object params{{"progressToken", *progress_token_}, {"progress", detail::progress_number(progress)}};
    if (total) params["total"] = detail::progress_number(*total);
    if (message) params["message"] = *message;
    mark_related(params);
    session_->notify("notifications/progress", std::move(params), related());
}

namespace {

// Not built yet (docs/eras.md): a task of the 2026-07-28 tasks extension cannot ask its client (input_required
// with inputRequests, answered by tasks/update); it gets this error at once rather than waiting for no one.
task<result<boost::json::object>> not_in_a_modern_task(std::string method) {
    co_return error::internal(method + ": a task of the 2026-07-28 tasks extension cannot ask its client yet; call "
                                       "the tool without the io.modelcontextprotocol/tasks extension to be asked");
}

} // namespace

task<result<boost::json::object>> call_context::ask(std::string method, boost::json::object params,
                                                    std::string_view cap, std::string key) {
    if (session_->modern() && job_)
        return not_in_a_modern_task(std::move(method));
    if (session_->modern())
        return ask_in_round(std::move(method), std::move(params), cap, std::move(key));
    return ask_session(std::move(method), std::move(params), cap);
}

task<result<boost::json::object>> call_context::ask_session(std::string method, boost::json::object params,
                                                            std::string_view cap) {
    if (!declares(session_->client_capabilities(), cap))
        co_return error(protocol::code::capability_missing,
                        "The client did not declare the '" + std::string(cap) + "' capability needed for " + method);
    if (!job_) co_return co_await session_->request(std::move(method), std::move(params), id_, timeout_);
    mark_related(params);
    co_await runner_->set_waiting_for_input(*job_, true);
    auto answer = co_await session_->request(std::move(method), std::move(params), related(), timeout_);
    co_await runner_->set_waiting_for_input(*job_, false);
    co_return answer;
}

// 2026-07-28 basic/index: a request needing a capability it did not declare fails with -32021, as a JSON-RPC
// error (thrown past the handler, which would make a tool error of a returned one).
task<result<boost::json::object>> call_context::ask_in_round(std::string method, boost::json::object params,
                                                             std::string_view cap, std::string key) {
    if (!declares(session_->client_capabilities(), cap))
        throw detail::request_failure{error::missing_capability(
            {{cap, boost::json::object{}}},
            "This request's clientCapabilities do not declare '" + std::string(cap) + "', which " + method + " needs")};
    if (key.empty()) key = session_->next_input_key(cap == "sampling" ? "sample" : cap == "roots" ? "roots" : "elicit");
    co_return co_await session_->ask_in_round(std::move(method), std::move(params), std::move(key));
}

bool call_context::client_supports(std::string_view capability) const {
    return declares(session_->client_capabilities(), capability);
}

task<result<boost::json::object>> call_context::create_message(boost::json::object params, std::string key) {
    return ask("sampling/createMessage", std::move(params), "sampling", std::move(key));
}

task<result<boost::json::object>> call_context::elicit(std::string message, boost::json::object requested_schema,
                                                       std::string key) {
    boost::json::object params{{"message", std::move(message)}, {"requestedSchema", std::move(requested_schema)}};
    if (session_->protocol_version() == "2025-11-25" || session_->modern()) params["mode"] = "form";
    return ask("elicitation/create", std::move(params), "elicitation", std::move(key));
}

task<result<boost::json::object>> call_context::list_roots(std::string key) {
    return ask("roots/list", {}, "roots", std::move(key));
}

result<elicit_action> elicit_action_of(boost::json::object const& answer) {
    auto const* action = answer.if_contains("action");
    if (action && action->is_string()) {
        auto const& a = action->as_string();
        if (a == "accept") return elicit_action::accept;
        if (a == "decline") return elicit_action::decline;
        if (a == "cancel") return elicit_action::cancel;
    }
    return error::invalid_params("The client's elicitation answer has no valid action (accept, decline, cancel)");
}

} // namespace mcp
