#include <mcp/server/server.hpp>

#include <mcp/protocol/version.hpp>
#include <mcp/server/request_state_key.hpp>

#include <algorithm>
#include <random>

namespace mcp {
namespace {

// 2025-11-25 server/tools, tool names: 1 to 128 of [A-Za-z0-9_.-].
void check_name(std::string_view what, std::string_view name) {
    auto allowed = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; };
    if (name.empty() || name.size() > 128 || !std::all_of(name.begin(), name.end(), allowed))
        throw std::invalid_argument(std::string(what) + " name '" + std::string(name) +
                                    "' must be 1 to 128 characters of A-Z a-z 0-9 _ - .");
}

// The configured requestState keys, checked; null when none are configured.
server::key_list configured_keys_of(request_state_options const& o) {
    if (auto problem = request_state_options_problem(o)) throw std::invalid_argument("server_options: " + *problem);
    return o.keys.empty() ? nullptr : std::make_shared<std::vector<std::string> const>(o.keys);
}

} // namespace

std::string detail::random_bytes(std::size_t n) {
    std::random_device rd;
    std::string bytes;
    while (bytes.size() < n) {
        auto word = rd();
        for (std::size_t b = 0; b < 4 && bytes.size() < n; ++b) bytes += static_cast<char>((word >> (b * 8)) & 0xFF);
    }
    return bytes;
}

std::string detail::random_id() {
    static constexpr char hex[] = "0123456789abcdef";
    std::string id;
    for (unsigned char c : random_bytes(16)) {
        id += hex[c >> 4];
        id += hex[c & 0xF];
    }
    return id;
}

bool is_session_id(std::string_view id) {
    return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

server::server(server_options options)
    : options_(std::move(options)), blocking_pool_(std::max<std::size_t>(1, options_.blocking_threads)) {
    if (options_.name.empty() || options_.version.empty())
        throw std::invalid_argument("server_options needs a name and a version");
    if (options_.page_size == 0) throw std::invalid_argument("server_options.page_size must be at least 1");
    if (auto problem = task_options_problem(options_.tasks))
        throw std::invalid_argument("server_options.tasks: " + *problem);
    use_task_store(options_.tasks.store);
    if (options_.list_check_interval <= std::chrono::milliseconds(0))
        throw std::invalid_argument("server_options.list_check_interval must be positive");
    configured_keys_ = configured_keys_of(options_.request_state);
    lists_ = std::make_shared<detail::list_sync>([this] { return definitions_now(); }, [this] { announce_lists(); });
    lists_->definitions_changed();
    if (options_.state_store)
        lists_->use_store(options_.state_store, state_key(), blocking_pool_.get_executor(), options_.list_check_interval,
                          true);
}

void server::use_task_store(std::shared_ptr<storage::task_store> store) {
    std::lock_guard lock(tasks_mutex_);
    if (tasks_ || !store) return;
    auto options = options_.tasks;
    options.store = std::move(store);
    tasks_ = std::make_shared<detail::task_runner>(std::move(options));
    task_runner_.store(tasks_.get());
}

void server::release_task_store(std::shared_ptr<storage::task_store> const& store) {
    std::lock_guard lock(tasks_mutex_);
    if (!tasks_ || !store || tasks_->options().store != store || options_.tasks.store == store) return;
    task_runner_.store(nullptr);
    tasks_.reset();
}

void server::configure_tasks(task_options options) {
    if (auto problem = task_options_problem(options))
        throw std::invalid_argument("task options: " + *problem);
    std::lock_guard lock(tasks_mutex_);
    auto in_code = options_.tasks.store; // a store set in code stays, whatever `options` says
    options_.tasks = std::move(options);
    options_.tasks.store = in_code;
    if (!tasks_) return;
    auto runner_options = options_.tasks;
    runner_options.store = tasks_->options().store;
    tasks_ = std::make_shared<detail::task_runner>(std::move(runner_options)); // before serving: nothing runs yet
    task_runner_.store(tasks_.get());
}

void server::check_task_tools() const {
    if (tasks()) return;
    std::string names;
    for (auto const& e : tools_.all())
        if (e->def.execution && e->def.execution->task_support == protocol::task_support::required)
            names += (names.empty() ? "" : ", ") + e->def.name;
    if (!names.empty())
        throw std::invalid_argument("Tools " + names + " have execution.taskSupport 'required' but this server has "
                                    "no task store (set server_options.tasks.store, or serve through a front door "
                                    "that opens one)");
}

server::~server() {
    lists_->stop();
    blocking_pool_.stop();
    blocking_pool_.join();
}

void server::add_tool_entry(detail::tool_entry e) {
    check_name("tool", e.def.name);
    check_may_change("add_tool(" + e.def.name + ")");
    std::string key = e.def.name;
    tools_.put(std::move(key), std::make_shared<detail::tool_entry const>(std::move(e)));
    lists_->definitions_changed();
}

void server::add_prompt_entry(detail::prompt_entry e) {
    check_name("prompt", e.def.name);
    check_may_change("add_prompt(" + e.def.name + ")");
    std::string key = e.def.name;
    prompts_.put(std::move(key), std::make_shared<detail::prompt_entry const>(std::move(e)));
    lists_->definitions_changed();
}

void server::add_resource_entry(detail::resource_entry e) {
    if (e.def.uri.empty() || e.def.name.empty()) throw std::invalid_argument("add_resource: uri and name are required");
    check_may_change("add_resource(" + e.def.uri + ")");
    std::string key = e.def.uri;
    resources_.put(std::move(key), std::make_shared<detail::resource_entry const>(std::move(e)));
    lists_->definitions_changed();
}

void server::add_template_entry(protocol::resource_template def, resource_handler handler) {
    auto pattern = uri_template::parse(def.uri_template);
    if (!pattern) throw std::invalid_argument("add_resource_template(" + def.uri_template + "): " + pattern.error());
    if (def.name.empty()) throw std::invalid_argument("add_resource_template: name is required");
    check_may_change("add_resource_template(" + def.uri_template + ")");
    std::string key = def.uri_template;
    templates_.put(std::move(key), std::make_shared<detail::template_entry const>(
                                       detail::template_entry{std::move(def), std::move(*pattern), std::move(handler)}));
    lists_->definitions_changed();
}

void server::add_completion_entry(std::string key, completion_handler handler) {
    completions_.put(std::move(key), std::make_shared<detail::completion_entry const>(
                                         detail::completion_entry{std::move(handler)}));
}

bool server::remove_tool(std::string_view name) {
    check_may_change("remove_tool(" + std::string(name) + ")");
    return removed(tools_.erase(name));
}
bool server::remove_prompt(std::string_view name) {
    check_may_change("remove_prompt(" + std::string(name) + ")");
    return removed(prompts_.erase(name));
}
bool server::remove_resource(std::string_view uri) {
    check_may_change("remove_resource(" + std::string(uri) + ")");
    return removed(resources_.erase(uri));
}
bool server::remove_resource_template(std::string_view uri_template) {
    check_may_change("remove_resource_template(" + std::string(uri_template) + ")");
    return removed(templates_.erase(uri_template));
}

bool server::removed(bool erased) {
    if (erased) lists_->definitions_changed();
    return erased;
}

void server::use(middleware m) { middleware_.push_back(std::move(m)); }

std::shared_ptr<session> server::open_session(boost::asio::any_io_executor strand, std::shared_ptr<outbound> out,
                                              std::optional<std::string> id) {
    auto s = std::make_shared<session>(*this, std::move(strand), std::move(out), id ? std::move(*id) : detail::random_id());
    std::lock_guard lock(sessions_mutex_);
    std::erase_if(sessions_, [](auto const& w) { return w.expired(); });
    sessions_.push_back(s);
    serving_.store(true);
    return s;
}

void server::configure_request_state(request_state_options options) {
    configured_keys_ = configured_keys_of(options);
    options_.request_state = std::move(options);
}

task<result<server::key_list>> server::request_state_keys() {
    if (configured_keys_) co_return configured_keys_;
    auto store = lists_->store();
    {
        std::lock_guard lock(shared_keys_mutex_);
        if (shared_keys_ && shared_keys_source_ == store) co_return shared_keys_;
    }
    auto key = co_await detail::shared_request_state_key(*store, state_key() + "#request-state");
    if (!key)
        co_return error::internal("The requestState key could not be read from the state store (" +
                                  key.error().message() + "); set MCP_REQUEST_STATE_KEY to need no store");
    auto keys = std::make_shared<std::vector<std::string> const>(std::vector<std::string>{std::move(*key)});
    std::lock_guard lock(shared_keys_mutex_);
    shared_keys_source_ = store;
    shared_keys_ = keys;
    co_return keys;
}

std::shared_ptr<session> server::open_request_scope(boost::asio::any_io_executor strand, std::shared_ptr<outbound> out,
                                                    std::string id, protocol::request_envelope envelope) {
    serving_.store(true);
    return std::make_shared<session>(*this, std::move(strand), std::move(out), std::move(id), std::move(envelope));
}

void server::add_listener(std::shared_ptr<session> s) {
    std::lock_guard lock(sessions_mutex_);
    std::erase_if(sessions_, [](auto const& w) { return w.expired(); });
    sessions_.push_back(std::move(s));
}

void server::end_listens() {
    for (auto const& s : live_sessions())
        if (s->listening()) s->end_listening();
}

std::vector<std::shared_ptr<session>> server::live_sessions() {
    std::vector<std::shared_ptr<session>> out;
    std::lock_guard lock(sessions_mutex_);
    for (auto const& w : sessions_)
        if (auto s = w.lock()) out.push_back(std::move(s));
    return out;
}

std::size_t server::live_session_count() {
    std::lock_guard lock(sessions_mutex_);
    return static_cast<std::size_t>(
        std::count_if(sessions_.begin(), sessions_.end(), [](auto const& w) { return !w.expired(); }));
}

void server::notify_resource_updated(std::string_view uri) {
    for (auto const& s : live_sessions())
        if (s->operational() && s->subscribed(uri)) s->notify("notifications/resources/updated", {{"uri", uri}});
}

// Advertises exactly what is registered: a capability with nothing behind it is never announced.
// The tasks of 2025-11-25; 2026-07-28 has them as an extension instead.
bool server::tasks_for(std::string_view version) const {
    return tasks() && protocol::is_supported_version(version) && version >= "2025-11-25";
}

bool server::has_task_tools() const {
    auto tools = tools_.all();
    return std::any_of(tools.begin(), tools.end(), [](auto const& e) {
        return e->def.execution && e->def.execution->task_support != protocol::task_support::forbidden;
    });
}

boost::json::object server::capabilities(std::string_view version) const {
    boost::json::object caps;
    caps["logging"] = boost::json::object{};
    if (!completions_.empty()) caps["completions"] = boost::json::object{};
    // 2025-11-25 server/tools (and prompts, resources), capabilities: listChanged only when lists may change.
    bool dynamic = options_.lists == list_mode::dynamic; // 2026-07-28: told on subscriptions/listen
    if (!prompts_.empty()) caps["prompts"] = {{"listChanged", dynamic}};
    if (!resources_.empty() || !templates_.empty()) caps["resources"] = {{"subscribe", true}, {"listChanged", dynamic}};
    if (!tools_.empty()) caps["tools"] = {{"listChanged", dynamic}};
    // 2025-11-25 tasks, capabilities: list and cancel, and tools/call as the one request that may be a task;
    // announced only when some tool can run as one.
    if (tasks_for(version) && has_task_tools())
        caps["tasks"] = {{"list", boost::json::object{}},
                         {"cancel", boost::json::object{}},
                         {"requests", {{"tools", {{"call", boost::json::object{}}}}}}};
    // 2026-07-28: tasks are the io.modelcontextprotocol/tasks extension (SEP-2663), declared like any extension.
    if (protocol::is_modern_version(version) && tasks() && has_task_tools())
        caps["extensions"] = {{"io.modelcontextprotocol/tasks", boost::json::object{}}};
    return caps;
}

protocol::implementation server::server_info() const {
    return {options_.name,        options_.version,     options_.title,
            options_.description, options_.website_url, options_.icons};
}

} // namespace mcp
