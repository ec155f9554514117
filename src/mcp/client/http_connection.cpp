// The client's Streamable HTTP transport: POSTs and what their answers mean (http_connection.hpp). The SSE
// streams, their resumption and the listening stream are in http_streams.cpp.
#include <mcp/client/http_state.hpp>

#include <mcp/client/http_answers.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mcp::transport {

namespace asio = boost::asio;

namespace {

constexpr std::size_t error_body_limit = 64 * 1024;

class http_connection : public connection {
public:
    explicit http_connection(std::shared_ptr<http_state> s) : s_(std::move(s)) {}
    ~http_connection() override {
        s_->closing = true;
        for (auto* link : s_->busy) link->close();
        for (auto* t : s_->waits) t->cancel();
    }

    task<result<>> open(asio::any_io_executor ex, receiver& r) override {
        s_->ex = std::move(ex);
        s_->receiver = &r;
        if (s_->options.authorization && !s_->auth) {
            if (!s_->options.authorization->open)
                co_return error::invalid_params("authorization: the options have no user agent (open)");
            s_->auth =
                std::make_shared<oauth::authorizer>(*s_->options.authorization, s_->options.url, s_->ex);
        }
        co_return result<>{};
    }

    task<result<>> send(boost::json::object message) override;

    void initialized(std::string_view protocol_version) override { s_->version = std::string(protocol_version); }

    task<> start_listening() override {
        if (!s_->options.listen || s_->listening || s_->closing) co_return;
        s_->listening = true;
        auto gate = std::make_shared<asio::steady_timer>(s_->ex, std::chrono::seconds(5));
        s_->listen_gate = gate;
        asio::co_spawn(s_->ex, listen(s_), asio::detached);
        (void)co_await gate->async_wait(asio::as_tuple(asio::use_awaitable));
    }

    task<> close() override;

    std::string describe() const override { return s_->options.url; }
    std::optional<std::string> session_id() const override { return s_->session_id; }

private:
    task<result<std::pair<std::unique_ptr<http_link>, http_head>>> post(std::string const& body, bool is_initialize);
    task<result<>> answer(std::unique_ptr<http_link> link, http_head const& head, boost::json::value const& id);
    task<result<>> json_answer(std::unique_ptr<http_link> link, boost::json::value const& id);

    std::shared_ptr<http_state> s_;
};

task<result<>> http_connection::send(boost::json::object message) {
    if (s_->closing) co_return error(code::unreachable, "the connection to " + s_->options.url + " is closed");
    bool const is_initialize = message.contains("method") && message.at("method") == "initialize";
    boost::json::value id = message.contains("method") && message.contains("id") ? message.at("id") : nullptr;
    auto body = boost::json::serialize(message);
    oauth::authorizer::attempts tried;
    for (;;) {
        std::uint64_t generation = 0;
        if (s_->auth) {
            co_await s_->auth->prepare();
            generation = s_->auth->generation();
        }
        auto posted = co_await post(body, is_initialize);
        if (!posted) co_return posted.error();
        auto& [link, head] = *posted;
        if (is_initialize)
            if (auto sid = head.header("mcp-session-id")) s_->session_id = std::string(*sid);
        auto challenge = head.header("www-authenticate");
        auto bearer = challenge ? oauth::parse_www_authenticate(*challenge) : std::nullopt;
        // 2025-11-25 basic/authorization: authorize (or step up) and send the request again; any other 403 is
        // an answer like other statuses.
        bool const step_up = head.status == 403 && bearer && bearer->error == "insufficient_scope";
        if (s_->auth && (head.status == 401 || step_up)) {
            std::optional<std::string> www = challenge ? std::optional<std::string>(*challenge) : std::nullopt;
            if (co_await link->read_all(error_body_limit)) s_->give_back(std::move(link));
            auto authorized = co_await s_->auth->challenged(head.status, std::move(www), generation, tried);
            if (!authorized) co_return authorized.error();
            continue;
        }
        co_return co_await answer(std::move(link), head, id);
    }
}

// One POST of `body`, up to the answer's head.
task<result<std::pair<std::unique_ptr<http_link>, http_head>>> http_connection::post(std::string const& body,
                                                                                     bool is_initialize) {
    auto headers = s_->common_headers();
    headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Accept", "application/json, text/event-stream");
    if (is_initialize) std::erase_if(headers, [](auto const& h) { return h.first == "MCP-Session-Id"; });
    // A kept-alive connection the server has closed meanwhile fails at once: try once more on a new one.
    for (int attempt = 0;; ++attempt) {
        bool reused = false;
        auto link = co_await s_->take_link(reused);
        if (!link) co_return link.error();
        s_->busy.insert(link->get());
        auto head = co_await (*link)->send("POST", s_->endpoint.target, headers, body);
        s_->busy.erase(link->get());
        if (!head && reused && attempt == 0 && (*link)->unused()) continue;
        if (!head) co_return head.error();
        co_return std::pair{std::move(*link), std::move(*head)};
    }
}

// The answer to a POST: a request's JSON or SSE answer, a 202 for a notification or response, or an error.
task<result<>> http_connection::answer(std::unique_ptr<http_link> link, http_head const& head,
                                       boost::json::value const& id) {
    auto const content_type = head.header("content-type");
    if (head.status == 404 && s_->session_id) {
        s_->session_id.reset();
        co_return error(code::session_expired, "the server no longer knows our session (HTTP 404)");
    }
    if (head.status < 200 || head.status > 299) {
        auto body = co_await link->read_all(error_body_limit);
        co_return status_error(head.status, body ? *body : "");
    }
    if (id.is_null()) { // a notification or a response: 202 Accepted, nothing to read
        auto rest = co_await link->read_all(error_body_limit);
        if (rest) s_->give_back(std::move(link));
        co_return result<>{};
    }
    if (has_media_type(content_type, "text/event-stream")) {
        asio::co_spawn(s_->ex, read_stream(s_, std::move(link), id), asio::detached);
        co_return result<>{};
    }
    if (!has_media_type(content_type, "application/json"))
        co_return error(code::bad_answer, "the server answered a request with HTTP " + std::to_string(head.status) +
                                              " and content type \"" + std::string(content_type.value_or("")) +
                                              "\", neither application/json nor text/event-stream");
    co_return co_await json_answer(std::move(link), id);
}

// A request's answer as one JSON body: delivered when it answers our id.
task<result<>> http_connection::json_answer(std::unique_ptr<http_link> link, boost::json::value const& id) {
    s_->busy.insert(link.get());
    auto body = co_await link->read_all(s_->options.max_message_bytes);
    s_->busy.erase(link.get());
    if (!body) co_return body.error();
    boost::system::error_code ec;
    auto v = boost::json::parse(*body, ec);
    if (ec || !v.is_object())
        co_return error(code::bad_answer, "the server's answer is not a JSON object: " + excerpt(*body));
    s_->give_back(std::move(link));
    auto& answer = v.as_object();
    auto const* answered = answer.if_contains("id");
    if (answered && *answered == id) {
        s_->deliver(std::move(answer));
        co_return result<>{};
    }
    // Not the answer to our request: an error the server could not tie to it (id null), or something else.
    if (auto const* e = answer.if_contains("error"); e && answered && answered->is_null())
        if (auto err = protocol::error::from_json(*e)) co_return *err;
    co_return error(code::bad_answer, "the server answered request " + boost::json::serialize(id) +
                                          " with a message for another: " + excerpt(*body));
}

task<> http_connection::close() {
    if (s_->closing) co_return;
    s_->closing = true;
    for (auto* link : s_->busy) link->close();
    for (auto* t : s_->waits) t->cancel();
    s_->idle.clear();
    if (!s_->session_id) co_return;
    // 2025-11-25 basic/transports: a client that no longer needs the session SHOULD delete it (405: the server
    // does not let clients do that, which is fine).
    bool reused = false;
    auto link = co_await s_->take_link(reused);
    if (!link) co_return;
    auto head = co_await (*link)->send("DELETE", s_->endpoint.target, s_->common_headers(), "");
    if (head && head->status != 200 && head->status != 204 && head->status != 405)
        log::debug("mcp client: DELETE of the session on {} answered {}", s_->options.url, head->status);
}

} // namespace

header_list http_state::common_headers() const {
    header_list h = options.headers;
    if (auto bearer = auth ? auth->header() : std::nullopt) h.emplace_back("Authorization", std::move(*bearer));
    if (session_id) h.emplace_back("MCP-Session-Id", *session_id);
    if (version) h.emplace_back("MCP-Protocol-Version", *version);
    return h;
}

task<result<std::unique_ptr<http_link>>> http_state::take_link(bool& reused) {
    reused = !idle.empty();
    if (reused) {
        auto link = std::move(idle.back());
        idle.pop_back();
        co_return link;
    }
    co_return co_await http_link::connect(ex, endpoint, options.link);
}

void http_state::give_back(std::unique_ptr<http_link> link) {
    if (!closing && link->reusable() && idle.size() < options.max_idle_links) idle.push_back(std::move(link));
}

void http_state::deliver(boost::json::object message) {
    if (!closing && receiver) receiver->on_message(std::move(message));
}

void http_state::garbage(std::string what) {
    if (!closing && receiver) receiver->on_garbage(std::move(what));
}

void http_state::fail_request(boost::json::value const& id, int code, std::string message) {
    deliver({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::move(message)}}}});
}

task<bool> http_state::pause(std::chrono::milliseconds delay) {
    if (closing) co_return false;
    asio::steady_timer timer(ex, delay);
    waits.insert(&timer);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    waits.erase(&timer);
    co_return !ec && !closing;
}

result<std::unique_ptr<connection>> http(http_options options) {
    auto ep = http_endpoint::parse(options.url);
    if (!ep) return ep.error();
    auto s = std::make_shared<http_state>();
    s->endpoint = std::move(*ep);
    s->options = std::move(options);
    return std::unique_ptr<connection>(new http_connection(std::move(s)));
}

} // namespace mcp::transport
