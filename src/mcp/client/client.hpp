// mcp::client: one conversation with one MCP server (2025-11-25, negotiating down to 2024-11-05), over any
// transport (transport.hpp): Streamable HTTP (http_connection.hpp), stdio (stdio_connection.hpp), or in process
// (mcp/testing). The typed calls use the same reflection as the server (json/reflect.hpp).
//
//   mcp::client c(io.get_executor(), mcp::transport::http({.url = "http://127.0.0.1:8080/mcp"}));
//   co_await c.connect();                                        // initialize + notifications/initialized
//   auto sum = co_await c.call_tool<add_result>("add", add_args{2, 3});
//   co_await c.close();
//
// Threading: a client belongs to the executor it was made with. Await its calls from coroutines that run there
// (an io_context run by one thread, or a strand); handlers and callbacks are called there too. Calls may run
// concurrently (interleaving at co_await points): answers are matched to requests by id.
//
// Errors are values (mcp::result): the server's JSON-RPC error as it sent it; the transport's made-up errors
// (transport::code: unreachable, HTTP status, bad answer); request_timeout when no answer came in time; and
// client_code below for what the client itself refuses.
#pragma once

#include <mcp/client/client_types.hpp>
#include <mcp/client/task_info.hpp>
#include <mcp/client/transport.hpp>
#include <mcp/json/reflect.hpp>
#include <mcp/protocol/jsonrpc.hpp>
#include <mcp/protocol/read.hpp>
#include <mcp/protocol/version.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mcp {

struct client_options {
    protocol::implementation info{"mcp-cpp-client", "0.1.0", {}, {}, {}, {}};
    // The version asked for at initialize. The server may answer an older one it supports; a version this
    // client does not speak ends connect() with an error naming both.
    std::string protocol_version{protocol::latest_version};
    std::chrono::milliseconds request_timeout{60000}; // per request, unless request_options says otherwise
    // Capabilities sent at initialize besides those the handlers imply (sampling, elicitation, roots).
    boost::json::object extra_capabilities;
};

class client : private transport::receiver {
public:
    client(boost::asio::any_io_executor ex, std::unique_ptr<transport::connection> conn, client_options o = {});
    ~client() override;
    client(client const&) = delete;
    client& operator=(client const&) = delete;

    // Opens the transport, sends initialize and then notifications/initialized. Set the handlers first: they
    // decide the capabilities the client declares.
    task<result<protocol::initialize_result>> connect();
    // After connect(): what the server said about itself, and the version both sides speak.
    protocol::initialize_result const& server() const { return server_; }
    std::string const& protocol_version() const { return server_.protocol_version; }
    bool server_can(std::string_view capability) const; // "tools", "resources", "prompts", "logging", ...

    // Any request, raw: the result object, or the error. A request cancelled through Asio cancellation sends
    // notifications/cancelled and ends with error code client_code::cancelled.
    task<result<boost::json::object>> request(std::string method, boost::json::object params,
                                              request_options options = {});
    task<result<>> notify(std::string method, boost::json::object params = {});

    task<result<>> ping(request_options options = {});
    task<result<>> set_log_level(log_level level);

    // Tools. A page at a time (cursor from the previous page), or every page.
    task<result<protocol::list_tools_result>> list_tools(std::optional<std::string> cursor = {});
    task<result<std::vector<protocol::tool>>> list_all_tools();
    task<result<call_tool_result>> call_tool(std::string name, boost::json::object arguments = {},
                                             request_options options = {});
    // Typed: `args` is a described struct (or a JSON object); R is read from structuredContent (or, for
    // std::string, from the text content). A result with isError: true becomes error client_code::tool_failed
    // carrying the tool's text.
    template <class R, class A>
    task<result<R>> call_tool(std::string name, A const& args, request_options options = {});

    // Resources and templates.
    task<result<protocol::list_resources_result>> list_resources(std::optional<std::string> cursor = {});
    task<result<std::vector<protocol::resource>>> list_all_resources();
    task<result<protocol::list_resource_templates_result>> list_resource_templates(
        std::optional<std::string> cursor = {});
    task<result<std::vector<protocol::resource_template>>> list_all_resource_templates();
    task<result<read_resource_result>> read_resource(std::string uri, request_options options = {});
    task<result<>> subscribe(std::string uri);
    task<result<>> unsubscribe(std::string uri);

    // Prompts and completion.
    task<result<protocol::list_prompts_result>> list_prompts(std::optional<std::string> cursor = {});
    task<result<std::vector<protocol::prompt>>> list_all_prompts();
    task<result<get_prompt_result>> get_prompt(std::string name, std::map<std::string, std::string> arguments = {},
                                               request_options options = {});
    task<result<protocol::complete_result>> complete(completion_query req);

    // Tasks (2025-11-25 basic/utilities/tasks), for a tool that may or must run as one. call_tool_as_task
    // returns as soon as the server has created the task; task_result waits until it ends (the server's questions
    // to the client meanwhile reach the handlers) and gives the tool's result, or the error the tool ended with.
    // A server that does not support tasks answers call_tool_as_task with a plain result: client_code::bad_result.
    task<result<task_info>> call_tool_as_task(std::string name, boost::json::object arguments = {},
                                              std::optional<std::chrono::milliseconds> ttl = {});
    task<result<task_info>> get_task(std::string task_id);
    task<result<task_info>> cancel_task(std::string task_id);
    task<result<list_tasks_result>> list_tasks(std::optional<std::string> cursor = {});
    // request_options::timeout bounds the wait (default client_options::request_timeout).
    task<result<call_tool_result>> task_result(std::string task_id, request_options options = {});

    // The server's requests. Set before connect(). Without a handler the capability is not declared and the
    // request is refused with method_not_found.
    void on_sampling(sampling_handler h) { sampling_ = std::move(h); }
    void on_elicitation(elicitation_handler h) { elicitation_ = std::move(h); }
    // roots/list answers these; set_roots after connect() also sends notifications/roots/list_changed.
    void set_roots(std::vector<protocol::root> roots);

    // Notifications from the server: by method ("notifications/tools/list_changed",
    // "notifications/resources/updated", ...), and log messages. Progress goes to request_options::on_progress.
    void on_notification(std::string method, notification_handler h);
    void on_log(log_handler h) { on_log_ = std::move(h); }
    // What the transport could not use (garbage lines, answers to unknown ids); logged at warn when unset.
    void on_problem(std::function<void(std::string const&)> h) { on_problem_ = std::move(h); }

    // Ends the conversation (HTTP: DELETE of the session; stdio: the process is stopped). Requests still waiting
    // end with client_code::closed.
    task<> close();
    bool closed() const { return closed_; }
    transport::connection& connection() { return *conn_; }

private:
    struct pending;

    task<result<boost::json::object>> exchange(std::string method, boost::json::object params,
                                               request_options const& options);
    task<result<protocol::initialize_result>> handshake();
    task<> deliver(std::shared_ptr<pending> p, boost::json::object message);
    void remember_abandoned(std::int64_t id);
    boost::json::object capabilities() const;
    template <class T, class Read>
    task<result<T>> typed(std::string method, boost::json::object params, Read read, request_options options = {});

    // transport::receiver (called on the client's executor)
    void on_message(boost::json::object message) override;
    void on_garbage(std::string what) override;
    void on_closed(std::string reason) override;

    void on_answer(protocol::request_id const& id, result<boost::json::object> outcome);
    void on_server_notification(std::string const& method, boost::json::object const& params);
    void serve(protocol::request req); // a server-to-client request, answered by a spawned coroutine
    task<result<boost::json::object>> handle_server_request(std::string const& method, boost::json::object params);
    task<result<boost::json::object>> elicit(boost::json::object const& params);
    void on_progress(boost::json::object const& params);
    void problem(std::string const& what);
    void finish_all(error const& why);

    boost::asio::any_io_executor ex_;
    std::unique_ptr<transport::connection> conn_;
    client_options options_;
    protocol::initialize_result server_;
    bool opened_ = false;
    bool closed_ = false;
    std::uint64_t session_generation_ = 0; // counts handshakes: a 404'd session is renewed once per generation
    bool session_lost_ = false;            // a 404 left us without a session: the next request starts one
    std::int64_t next_id_ = 1;
    std::map<std::int64_t, std::shared_ptr<pending>> pending_;
    std::deque<std::int64_t> abandoned_; // the last requests given up on, whose late answers are expected
    int deliveries_ = 0;                 // sends under way
    // The server's requests being answered, by id (to_string): notifications/cancelled stops them.
    // (Each answering coroutine holds its entry: the signal its cancellation slot is bound to.)
    struct serving;
    std::map<std::string, std::shared_ptr<serving>> serving_;
    task<> answer(protocol::request req, std::shared_ptr<serving> s);

    sampling_handler sampling_;
    elicitation_handler elicitation_;
    std::optional<std::vector<protocol::root>> roots_;
    std::map<std::string, std::vector<notification_handler>, std::less<>> notification_handlers_;
    log_handler on_log_;
    std::function<void(std::string const&)> on_problem_;
    friend struct client_access;
};

template <class R, class A>
task<result<R>> client::call_tool(std::string name, A const& args, request_options options) {
    boost::json::object arguments;
    if constexpr (std::is_same_v<A, boost::json::object>) arguments = args;
    else arguments = json::to_json(args).as_object();
    auto outcome = co_await call_tool(std::move(name), std::move(arguments), std::move(options));
    if (!outcome) co_return outcome.error();
    co_return typed_tool_result<R>(*outcome);
}

// A request whose result `read` turns into T (a reader of protocol/read.hpp or task_info.hpp).
template <class T, class Read>
task<result<T>> client::typed(std::string method, boost::json::object params, Read read, request_options options) {
    auto answer = co_await request(method, std::move(params), std::move(options));
    if (!answer) co_return answer.error();
    auto value = read(boost::json::value(std::move(*answer)));
    if (!value) co_return error(client_code::bad_result, "the server's " + method + " result: " + value.error().message());
    co_return std::move(*value);
}

} // namespace mcp
