// mcp::server: the one server value (ARCHITECTURE.md section 3). It holds the registries of tools, resources,
// resource templates, prompts and completion providers, the middleware chain and the live sessions; any front
// door (stdio, HTTP, Lambda, tests) drives it through sessions.
//
//   mcp::server srv({.name = "calculator", .version = "1.0.0"});
//   srv.add_tool({.name = "add", .description = "Add two numbers"}, add);
//   return mcp::run(srv);
//
// Registries are thread-safe. In list_mode::dynamic they may change while serving, and initialized sessions (of
// every instance sharing the state store) then get list_changed; in list_mode::fixed (the default) they may not.
// Registration mistakes (a bad name, an unparsable schema or URI template) throw std::invalid_argument: they are
// programming errors, found at start-up. The server must outlive every session and front door using it.
#pragma once

#include <mcp/protocol/types.hpp>
#include <mcp/server/handlers.hpp>
#include <mcp/server/list_state.hpp>
#include <mcp/server/list_sync.hpp>
#include <mcp/server/middleware.hpp>
#include <mcp/server/registry.hpp>
#include <mcp/server/request_state_options.hpp>
#include <mcp/server/session.hpp>
#include <mcp/server/task_runner.hpp>
#include <mcp/server/typed.hpp>

#include <boost/asio/thread_pool.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcp {

// How long a 2026-07-28 client may reuse a result, and whether a shared cache may (server/utilities/caching):
// ttlMs and cacheScope ("public" when shared, else "private") on list, read and discover results.
struct cache_hint {
    std::chrono::milliseconds ttl{0}; // 0: revalidate before each reuse
    bool shared = false;              // true only when every caller may see the same result
};
struct cache_hints {
    cache_hint discover, tools, prompts, resources, resource_templates, read;
};

struct server_options {
    std::string name;
    std::string version;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> website_url;
    std::vector<icon> icons;
    std::optional<std::string> instructions; // sent in the initialize result
    std::size_t page_size = 100;             // items per page of every list method
    std::chrono::milliseconds client_request_timeout = std::chrono::seconds(60);
    std::size_t blocking_threads = 4;        // the pool that runs mcp::blocking handlers
    // What one session may make the server keep for its whole life (a client may open many sessions, so each is
    // bounded): initialize's capabilities and clientInfo together, as JSON text; resources/subscribe's URIs.
    // Past a bound the request is refused with -32602 and a message that names it.
    std::size_t max_client_metadata_bytes = 16 << 10;
    std::size_t max_subscriptions = 1'000;
    std::size_t max_subscription_uri_bytes = 4096;
    // Tasks (2025-11-25 basic/utilities/tasks). A tool opts in with execution.taskSupport. The store: tasks.store
    // when set here; otherwise the front door's (mcp::run and http::streamable use the task store of the
    // configured backend, MCP_STORE; stdio a memory one).
    task_options tasks;
    // Lists (docs/dynamic-tools.md). fixed (static, the default): capabilities say listChanged: false and
    // changing a list while serving is refused. dynamic: activate, deactivate, add and remove while serving;
    // every initialized session on every instance sharing the state store is told, once per change.
    list_mode lists = list_mode::fixed;
    // Which items a session sees (null: every active one). A hidden item is an unknown one to that session.
    visibility_filter visibility;
    // Where activation lives, shared by every instance: this store when set; otherwise the front door's (the
    // configured backend's, MCP_STORE), or a private memory one. Under state_key, or the server's name when
    // empty: instances of one server share a key, other servers in the same store use their own.
    std::shared_ptr<storage::state_store> state_store;
    std::string state_key;
    // How often an instance whose store does not push (SQLite, DynamoDB) looks for changes: on a request at
    // least this long after the last look, and in the background on long-running servers. MCP_TOOL_CHECK_INTERVAL.
    std::chrono::milliseconds list_check_interval = std::chrono::seconds(10);
    // The caching hints of 2026-07-28 results (none in 2025 sessions). The defaults say: private, no reuse
    // without asking again.
    cache_hints caching;
    // Whether 2026-07-28 results name this server in _meta (io.modelcontextprotocol/serverInfo), as the spec
    // recommends (basic/index, per-response metadata).
    bool advertise_server_info = true;
    // How long a subscriptions/listen stream stays open before the server ends it with its graceful result (the
    // client listens again).
    std::chrono::milliseconds listen_max_time = std::chrono::hours(1);
    // How the requestState of 2026-07-28 input-required rounds is sealed (request_state_options.hpp).
    request_state_options request_state;
};

// Whether `id` has the form of the session ids open_session() makes (32 lowercase hex digits, 128 random
// bits). A front door answers any other id as unknown without asking a store.
bool is_session_id(std::string_view id);

namespace detail {
// `n` bytes from the OS's cryptographic source (std::random_device reads getrandom on Linux): keys.
std::string random_bytes(std::size_t n);
// 128 of those bits as 32 lowercase hex digits: session and task ids.
std::string random_id();
} // namespace detail

class server {
public:
    explicit server(server_options options);
    ~server();
    server(server const&) = delete;
    server& operator=(server const&) = delete;

    template <class F>
    void add_tool(protocol::tool def, F fn) {
        auto handler = detail::make_tool_handler(def, std::move(fn));
        if (!handler) throw std::invalid_argument("add_tool(" + def.name + "): " + handler.error().message());
        add_tool_entry({std::move(def), std::move(*handler)});
    }
    template <class F>
    void add_prompt(protocol::prompt def, F fn) {
        auto handler = detail::make_prompt_handler(def, std::move(fn));
        add_prompt_entry({std::move(def), std::move(handler)});
    }
    template <class F>
    void add_resource(protocol::resource def, F fn) {
        auto handler = detail::make_resource_handler(def.mime_type, std::move(fn));
        add_resource_entry({std::move(def), std::move(handler)});
    }
    template <class F>
    void add_resource_template(protocol::resource_template def, F fn) {
        auto handler = detail::make_resource_handler(def.mime_type, std::move(fn));
        add_template_entry(std::move(def), std::move(handler));
    }
    // F: (completion_request[, call_context&]) -> std::vector<std::string> (or task<...>, result<...>).
    template <class F>
    void add_completion(prompt_ref ref, F fn) {
        add_completion_entry("prompt:" + ref.name, detail::completion_adapter<F>{std::make_shared<F const>(fn)});
    }
    template <class F>
    void add_completion(resource_ref ref, F fn) {
        add_completion_entry("resource:" + ref.uri, detail::completion_adapter<F>{std::make_shared<F const>(fn)});
    }

    // Removing a definition (this process only; see docs/dynamic-tools.md). In list_mode::fixed, adding or
    // removing once serving has begun throws std::logic_error.
    bool remove_tool(std::string_view name);
    bool remove_prompt(std::string_view name);
    bool remove_resource(std::string_view uri);
    bool remove_resource_template(std::string_view uri_template);

    // Activation (list_mode::dynamic): stored in the state store, so every instance serves the same set, and
    // every initialized session is told. `name` is a tool's or prompt's name, a resource's URI or a template's
    // URI template, registered in this binary. Errors: fixed mode (-32603), an unregistered name (-32602), a
    // state store that failed (-32603); the message says which.
    task<result<>> activate(list_kind kind, std::string name) { return set_active(kind, std::move(name), true); }
    task<result<>> deactivate(list_kind kind, std::string name) { return set_active(kind, std::move(name), false); }
    task<result<>> activate_tool(std::string name) { return activate(list_kind::tools, std::move(name)); }
    task<result<>> deactivate_tool(std::string name) { return deactivate(list_kind::tools, std::move(name)); }
    // Registration: `name` starts inactive until activated (the store's activation, once set, wins). Call
    // before serving.
    void start_inactive(list_kind kind, std::string name);
    // Whether `name` is active on this instance now.
    bool active(list_kind kind, std::string_view name) const;

    // Adds a middleware at the end of the chain. Register middleware before serving.
    void use(middleware m);

    // Sends notifications/resources/updated to every session subscribed to `uri`. Thread-safe.
    void notify_resource_updated(std::string_view uri);

    // Front doors: a new session whose messages to the client go to `out`, driven on `strand`. Its id is a new
    // random one, or `id` when a front door rebuilds a session that a store already knows.
    std::shared_ptr<session> open_session(boost::asio::any_io_executor strand, std::shared_ptr<outbound> out,
                                          std::optional<std::string> id = std::nullopt);

    // Front doors: the scope of one 2026-07-28 request (session.hpp), on `strand`, its messages (progress,
    // logs) to `out`. Not a live session: not counted, told of no list change, kept by no store. `id` names it
    // in logs.
    std::shared_ptr<session> open_request_scope(boost::asio::any_io_executor strand, std::shared_ptr<outbound> out,
                                                std::string id, protocol::request_envelope envelope);

    // A 2026-07-28 listen scope (session::start_listening) joins the list and resource fan-out while it lives,
    // and counts among the live sessions. end_listens() ends every listen stream of this process (a front door
    // shutting down: each answers its graceful result). Thread-safe.
    void add_listener(std::shared_ptr<session> s);
    void end_listens();

    // How many sessions of this server are alive in this process, over every front door. Thread-safe.
    std::size_t live_session_count();

    // --- used by the method table ---
    server_options const& options() const { return options_; }
    // What this server offers a session that negotiated `version`.
    boost::json::object capabilities(std::string_view version) const;
    // Front doors: serve tasks from `store` unless server_options.tasks.store named one (which wins). Call before
    // serving; the first store given stays.
    void use_task_store(std::shared_ptr<storage::task_store> store);
    // Front doors, when they end: stops serving tasks from `store` if it is the one use_task_store() took (the
    // store goes with the front door that opened it; tasks still running keep it until their coroutines end).
    void release_task_store(std::shared_ptr<storage::task_store> const& store);
    // Replaces the task times and bounds (the environment's, say: task_options_from_environment) before serving;
    // the task store already chosen stays. Throws std::invalid_argument for options that do not fit together.
    void configure_tasks(task_options options);
    // Throws std::invalid_argument naming the tools whose execution.taskSupport is 'required' when there is no
    // task store to run them: front doors call it at start-up.
    void check_task_tools() const;
    // The task runner; null when tasks are off.
    detail::task_runner* tasks() const { return task_runner_.load(); }
    // Front doors: the state store every instance shares (as use_task_store: a store set in code wins, the first
    // front door's stays), changes pushed by it handled on `ex`; release_state_store when the front door ends.
    void use_state_store(std::shared_ptr<storage::state_store> store, boost::asio::any_io_executor ex);
    void release_state_store(std::shared_ptr<storage::state_store> const& store);
    // Replaces list_check_interval before serving (MCP_TOOL_CHECK_INTERVAL, say). Throws std::invalid_argument
    // unless it is positive.
    void configure_list_checks(std::chrono::milliseconds interval);
    // The lists as the state store has them: front doors call refresh_lists_if_due() on each request (one store
    // read per check_interval at most; none with a store that pushes), and keep start_list_checks()' token on
    // long-running servers.
    task<> refresh_lists_if_due() { return lists_->refresh_if_due(); }
    std::shared_ptr<void> start_list_checks(boost::asio::any_io_executor ex) { return lists_->start_background(ex); }
    // Sessions are being told of a list change now (announcements started by a change, not yet done).
    bool announcing() const { return announcing_.load() > 0; }
    // What this instance serves now (immutable; shared).
    std::shared_ptr<detail::catalog const> list_catalog() const { return lists_->current(); }
    // Whether session `s` sees the item: active in `c` (list_catalog(), read once per request), and let through by
    // the visibility filter. `state`: the session's state (read it once per request: s.state().snapshot()).
    bool visible(detail::catalog const& c, session const& s, boost::json::object const& state, list_kind kind,
                 std::string_view name) const;
    // Whether a session of `version` can use tasks here (they exist since 2025-11-25).
    bool tasks_for(std::string_view version) const;
    protocol::implementation server_info() const;
    // Replaces the request_state options (the environment's: request_state_options_from_environment) before
    // serving. Throws std::invalid_argument for options request_state_options_problem refuses.
    void configure_request_state(request_state_options options);
    // The keys that seal and open requestState: request_state_options::keys when given; otherwise one random key
    // kept in the state store this server uses (request_state_key.hpp), so that instances sharing the store
    // agree, read once per store. Error: the store's, as -32603 with a message that says so.
    using key_list = std::shared_ptr<std::vector<std::string> const>;
    task<result<key_list>> request_state_keys();
    std::vector<middleware> const& middlewares() const { return middleware_; }
    detail::registry<detail::tool_entry> const& tools() const { return tools_; }
    detail::registry<detail::prompt_entry> const& prompts() const { return prompts_; }
    detail::registry<detail::resource_entry> const& resources() const { return resources_; }
    detail::registry<detail::template_entry> const& templates() const { return templates_; }
    detail::registry<detail::completion_entry> const& completions() const { return completions_; }
    boost::asio::any_io_executor blocking_executor() { return blocking_pool_.get_executor(); }

private:
    void add_tool_entry(detail::tool_entry e);
    void add_prompt_entry(detail::prompt_entry e);
    void add_resource_entry(detail::resource_entry e);
    void add_template_entry(protocol::resource_template def, resource_handler handler);
    void add_completion_entry(std::string key, completion_handler handler);
    task<result<>> set_active(list_kind kind, std::string name, bool active);
    void check_may_change(std::string_view what) const; // fixed mode, serving: std::logic_error
    detail::definitions definitions_now() const;
    std::string state_key() const { return options_.state_key.empty() ? options_.name : options_.state_key; }
    void announce_lists(); // tells every initialized session of this process, each on its strand
    bool removed(bool erased);
    bool has_task_tools() const; // list_changed for `kind` when something was erased
    std::vector<std::shared_ptr<session>> live_sessions();

    server_options options_;
    detail::registry<detail::tool_entry> tools_;
    detail::registry<detail::prompt_entry> prompts_;
    detail::registry<detail::resource_entry> resources_;
    detail::registry<detail::template_entry> templates_;
    detail::registry<detail::completion_entry> completions_;
    std::vector<middleware> middleware_;
    std::mutex sessions_mutex_;
    std::vector<std::weak_ptr<session>> sessions_;
    boost::asio::thread_pool blocking_pool_;
    std::mutex tasks_mutex_;
    std::shared_ptr<detail::task_runner> tasks_;
    std::atomic<detail::task_runner*> task_runner_{nullptr}; // tasks_, published to every session's thread
    std::atomic<bool> serving_{false};                        // a session was opened
    std::atomic<int> announcing_{0};                          // announce_lists() coroutines running
    mutable std::mutex inactive_mutex_;
    std::array<std::set<std::string, std::less<>>, 4> start_inactive_;
    std::shared_ptr<detail::list_sync> lists_;
    key_list configured_keys_;                         // null: none configured
    std::mutex shared_keys_mutex_;
    std::shared_ptr<storage::state_store> shared_keys_source_; // the store shared_keys_ came from
    key_list shared_keys_;
};

} // namespace mcp
