// mcp::client: what the server sends unasked. Its requests (ping, roots/list, sampling, elicitation) are answered
// by the handlers the user set; its notifications go to the callbacks (progress to the request it belongs to).
#include <mcp/client/client.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp {

namespace asio = boost::asio;

struct client::serving {
    asio::cancellation_signal signal;
    bool cancelled = false;
};

namespace {

std::optional<std::string> string_field(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

} // namespace

void client::serve(protocol::request req) {
    auto key = protocol::to_string(req.id);
    auto s = std::make_shared<serving>();
    serving_[key] = s;
    auto slot = s->signal.slot();
    asio::co_spawn(ex_, answer(std::move(req), std::move(s)), asio::bind_cancellation_slot(slot, asio::detached));
}

task<> client::answer(protocol::request req, std::shared_ptr<serving> s) {
    auto outcome = co_await handle_server_request(req.method, std::move(req.params));
    serving_.erase(protocol::to_string(req.id));
    // 2025-11-25 basic/utilities/cancellation: a cancelled request gets no response.
    if (s->cancelled || closed_) co_return;
    auto message = outcome ? protocol::make_response(req.id, std::move(*outcome))
                           : protocol::make_error_response(req.id, outcome.error());
    auto sent = co_await conn_->send(std::move(message));
    if (!sent) problem("the answer to the server's " + req.method + " was not delivered: " + sent.error().message());
}

task<result<boost::json::object>> client::handle_server_request(std::string const& method,
                                                                boost::json::object params) {
    if (method == "ping") co_return boost::json::object{};
    if (method == "roots/list" && roots_) {
        boost::json::array roots;
        for (auto const& r : *roots_) roots.push_back(protocol::to_json(r));
        co_return boost::json::object{{"roots", std::move(roots)}};
    }
    if (method == "sampling/createMessage" && sampling_) co_return co_await sampling_(std::move(params));
    if (method == "elicitation/create" && elicitation_) co_return co_await elicit(params);
    co_return error::method_not_found(method);
}

task<result<boost::json::object>> client::elicit(boost::json::object const& params) {
    elicitation_request req;
    req.mode = string_field(params, "mode").value_or("form");
    req.message = string_field(params, "message").value_or("");
    if (auto const* s = params.if_contains("requestedSchema"); s && s->is_object()) req.requested_schema = s->as_object();
    req.url = string_field(params, "url");
    req.elicitation_id = string_field(params, "elicitationId");
    if (req.mode != "form" && req.mode != "url")
        co_return error::invalid_params("elicitation mode \"" + req.mode + "\" is neither form nor url");
    auto answer = co_await elicitation_(req);
    if (!answer) co_return answer.error();
    boost::json::object out{{"action", answer->action}};
    if (answer->action == "accept" && req.mode == "form") {
        apply_form_defaults(req.requested_schema, answer->content);
        out["content"] = std::move(answer->content);
    }
    co_return out;
}

void client::on_server_notification(std::string const& method, boost::json::object const& params) {
    if (method == "notifications/progress") return on_progress(params);
    if (method == "notifications/cancelled") {
        auto const* id = params.if_contains("requestId");
        auto parsed = id ? protocol::id_from_json(*id) : std::nullopt;
        auto it = parsed ? serving_.find(protocol::to_string(*parsed)) : serving_.end();
        if (it == serving_.end()) return;
        it->second->cancelled = true;
        it->second->signal.emit(asio::cancellation_type::terminal);
        return;
    }
    if (method == "notifications/message") {
        auto level = protocol::log_level_from_string(string_field(params, "level").value_or(""));
        auto const* data = params.if_contains("data");
        if (on_log_ && level) on_log_(*level, data ? *data : boost::json::value(), string_field(params, "logger"));
        else log::debug("mcp client: log from {}: {}", conn_->describe(), boost::json::serialize(params));
    }
    auto it = notification_handlers_.find(method);
    if (it == notification_handlers_.end()) return;
    for (auto const& h : it->second) h(params);
}

void client::on_notification(std::string method, notification_handler h) {
    notification_handlers_[std::move(method)].push_back(std::move(h));
}

void client::set_roots(std::vector<protocol::root> roots) {
    bool announce = roots_.has_value() && opened_ && !closed_;
    roots_ = std::move(roots);
    if (announce)
        asio::co_spawn(ex_, conn_->send(protocol::make_notification("notifications/roots/list_changed", {})),
                       asio::detached);
}

} // namespace mcp
