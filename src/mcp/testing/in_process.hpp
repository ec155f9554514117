// mcp::testing::in_process: a test's client of an mcp::server, in the same process and without sockets. It
// owns an io_context, a Streamable HTTP handler for the server (the same http::streamable the listener and the
// Lambda runtime drive) and an mcp::client on an in_process_connection to it, and offers the client's calls as
// plain functions that run the io_context until the answer is there.
//
//   mcp::server srv({.name = "calc", .version = "1"});
//   srv.add_tool({.name = "add", .description = "Add"}, add);
//   mcp::testing::in_process c(srv);                         // connected: initialize done
//   auto r = c.call_tool<add_result>("add", add_args{2, 3});  // mcp::result<add_result>
//
//   in_process
//     io_context (one thread: the test's, inside each call)
//       http::streamable(srv) <--exchanges-- in_process_connection <-- mcp::client <-- call_tool(), ...
//                                                   |  every message from the server
//                                                   +--> notifications() (recorded, in order)
//       elicitation/create, sampling/createMessage --> answer_elicitation(), answer_sampling() scripts
//
// Threading: not thread-safe; use it from one thread (the test's). Nothing runs between calls: the server's
// work (a notification sent after a call returned, a tool still running) goes on inside the next call, or in
// run_for() and wait_for_notification(). Each synchronous call runs the io_context at most `call_limit`, then
// throws std::runtime_error, so that a test that would hang fails instead.
//
// No test framework is used here: the results are values a test checks with its own assertions.
#pragma once

#include <mcp/client/client.hpp>
#include <mcp/http/streamable.hpp>
#include <mcp/server/server.hpp>
#include <mcp/storage/stores.hpp>
#include <mcp/testing/in_process_connection.hpp>
#include <mcp/testing/run.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcp::testing {

struct in_process_options {
    http::streamable_options http;   // the handler's options (always_sse, retry, keepalive, ...)
    storage::stores stores;          // in memory when none are given
    mcp::client_options client;      // clientInfo, protocol version asked for, request timeout
    in_process_connection_options connection; // headers, trusted metadata (observe is the harness's)
    // The harness answers the server's elicitation and sampling requests from its scripts, so it declares both
    // capabilities unless these say no (to test a server facing a client without them).
    bool elicitation = true;
    bool sampling = true;
    // Declared, and answered to roots/list, when set.
    std::optional<std::vector<protocol::root>> roots;
    bool connect = true; // connect in the constructor (std::runtime_error when that fails)
    std::chrono::milliseconds call_limit = std::chrono::seconds(30); // per synchronous call
};

// One notification the server sent: its method and params.
struct notification {
    std::string method;
    boost::json::object params;
};

class in_process {
public:
    // `srv` must outlive this. Connects (initialize, notifications/initialized, the listening stream) unless
    // options.connect is false; throws std::runtime_error with the client's error when that fails.
    explicit in_process(mcp::server& srv, in_process_options options = {});
    // Closes the client (DELETE of the session), ends the handler's streams and waits (a few seconds at most)
    // for its exchanges to end.
    ~in_process();
    in_process(in_process const&) = delete;
    in_process& operator=(in_process const&) = delete;

    // --- the client's calls, synchronous (mcp::client says what each does and returns) ---
    result<protocol::initialize_result> connect();
    result<boost::json::object> request(std::string method, boost::json::object params = {},
                                        request_options options = {});
    result<> notify(std::string method, boost::json::object params = {});
    result<> ping();
    result<> set_log_level(log_level level);
    result<protocol::list_tools_result> list_tools(std::optional<std::string> cursor = {});
    result<std::vector<protocol::tool>> list_all_tools();
    result<call_tool_result> call_tool(std::string name, boost::json::object arguments = {},
                                       request_options options = {});
    template <class R, class A>
    result<R> call_tool(std::string name, A const& args, request_options options = {}) {
        return run(client_->call_tool<R>(std::move(name), args, std::move(options)));
    }
    result<protocol::list_resources_result> list_resources(std::optional<std::string> cursor = {});
    result<std::vector<protocol::resource>> list_all_resources();
    result<protocol::list_resource_templates_result> list_resource_templates(std::optional<std::string> cursor = {});
    result<std::vector<protocol::resource_template>> list_all_resource_templates();
    result<read_resource_result> read_resource(std::string uri, request_options options = {});
    result<> subscribe(std::string uri);
    result<> unsubscribe(std::string uri);
    result<protocol::list_prompts_result> list_prompts(std::optional<std::string> cursor = {});
    result<std::vector<protocol::prompt>> list_all_prompts();
    result<get_prompt_result> get_prompt(std::string name, std::map<std::string, std::string> arguments = {},
                                         request_options options = {});
    result<protocol::complete_result> complete(completion_query query);
    // Changes the roots answered to roots/list and sends notifications/roots/list_changed (options.roots must
    // have declared the capability).
    void set_roots(std::vector<protocol::root> roots);
    // DELETE of the session; later calls fail with client_code::closed. Idempotent.
    void close();

    // --- what the server sent unasked ---
    // Every notification from the server, in arrival order (progress, log messages, list_changed, resource
    // updates, ...), on the request's stream or the listening one.
    std::vector<notification> const& notifications() const { return notifications_; }
    // Those of one method, in order.
    std::vector<notification> notifications(std::string_view method) const;
    // The next notification of `method` not yet returned by an earlier wait_for_notification of that method
    // (already recorded, or the first to come), running the io_context until it arrives; nullopt after
    // `timeout`.
    std::optional<notification> wait_for_notification(std::string_view method,
                                                       std::chrono::milliseconds timeout = std::chrono::seconds(5));
    void clear_notifications();

    // --- scripted answers to the server's requests ---
    // elicitation/create: queued answers are used first, in order, then the function, if set. With neither, the
    // request gets a JSON-RPC error saying no answer was scripted (the tool sees it). A form's schema defaults
    // are applied to an accepted answer as mcp::client does.
    void answer_elicitation(elicitation_answer answer);
    void answer_elicitation_with(std::function<elicitation_answer(elicitation_request const&)> f);
    // What the server asked, in order.
    std::vector<elicitation_request> const& elicitations() const;
    // sampling/createMessage: a whole CreateMessageResult ({role, content, model, ...}), queued; or just the
    // assistant's text (model "mcp-testing"); or a function of the request's params. Same order as above.
    void answer_sampling(boost::json::object result);
    void answer_sampling_text(std::string text);
    void answer_sampling_with(std::function<boost::json::object(boost::json::object const& params)> f);
    std::vector<boost::json::object> const& sampling_requests() const;

    // --- the parts, for what the synchronous calls do not cover ---
    // The async client; await its calls with run() (or co_spawn on io()).
    mcp::client& client() { return *client_; }
    boost::asio::io_context& io() { return io_; }
    http::streamable& handler() { return *handler_; }
    // Another client of the same handler (a second session), on io(), not connected. It must be closed and
    // destroyed before this harness.
    std::unique_ptr<mcp::client> make_client(mcp::client_options options = {},
                                             in_process_connection_options connection = {});
    // Runs `work` on io() to its end (mcp::testing::run with call_limit).
    template <class T>
    T run(task<T> work) {
        return mcp::testing::run(io_, std::move(work), options_.call_limit);
    }
    // Runs io() for `d`: the server's background work (timers, notifications after a call).
    void run_for(std::chrono::milliseconds d);

    struct script;

private:
    void record(boost::json::object const& message);
    void stop() noexcept; // the destructor's work
    void settle();        // runs what is ready now, and what that makes ready, until nothing is

    in_process_options options_;
    boost::asio::io_context io_;
    std::unique_ptr<http::streamable> handler_;
    in_process_connection* connection_ = nullptr; // owned by client_
    std::unique_ptr<mcp::client> client_;
    std::shared_ptr<script> script_; // shared with the client's handlers
    std::vector<notification> notifications_;
    std::map<std::string, std::size_t, std::less<>> waited_; // per method: how many wait_for_notification gave
};

} // namespace mcp::testing
