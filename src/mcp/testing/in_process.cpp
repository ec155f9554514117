// mcp::testing::in_process (in_process.hpp): the harness's parts put together, its synchronous calls, the
// notifications it records and the scripts that answer the server's requests.
#include <mcp/testing/in_process.hpp>

#include <mcp/core/log.hpp>

#include <deque>
#include <stdexcept>

namespace mcp::testing {

// The scripted answers and what the server asked, shared with the handlers the client holds.
struct in_process::script {
    std::deque<elicitation_answer> elicitation_answers;
    std::function<elicitation_answer(elicitation_request const&)> elicitation_fn;
    std::vector<elicitation_request> elicitations;
    std::deque<boost::json::object> sampling_answers;
    std::function<boost::json::object(boost::json::object const&)> sampling_fn;
    std::vector<boost::json::object> sampling_requests;
};

namespace {

using script_ptr = std::shared_ptr<in_process::script>;

error unscripted(std::string_view method, std::string_view setter) {
    return error(protocol::code::internal_error, "mcp::testing::in_process: no answer scripted for " +
                                                     std::string(method) + " (call " + std::string(setter) +
                                                     " before the call that makes the server ask)");
}

task<result<elicitation_answer>> scripted_elicitation(script_ptr s, elicitation_request req) {
    s->elicitations.push_back(req);
    if (!s->elicitation_answers.empty()) {
        auto answer = std::move(s->elicitation_answers.front());
        s->elicitation_answers.pop_front();
        co_return answer;
    }
    if (s->elicitation_fn) co_return s->elicitation_fn(req);
    co_return unscripted("elicitation/create", "answer_elicitation");
}

task<result<boost::json::object>> scripted_sampling(script_ptr s, boost::json::object params) {
    s->sampling_requests.push_back(params);
    if (!s->sampling_answers.empty()) {
        auto answer = std::move(s->sampling_answers.front());
        s->sampling_answers.pop_front();
        co_return answer;
    }
    if (s->sampling_fn) co_return s->sampling_fn(params);
    co_return unscripted("sampling/createMessage", "answer_sampling");
}

// The client's handlers: named function objects calling free coroutines with their parameters by value.
struct elicitation_script {
    script_ptr s;
    task<result<elicitation_answer>> operator()(elicitation_request req) const {
        return scripted_elicitation(s, std::move(req));
    }
};

struct sampling_script {
    script_ptr s;
    task<result<boost::json::object>> operator()(boost::json::object params) const {
        return scripted_sampling(s, std::move(params));
    }
};

} // namespace

in_process::in_process(mcp::server& srv, in_process_options options)
    : options_(std::move(options)), script_(std::make_shared<script>()) {
    handler_ = std::make_unique<http::streamable>(srv, io_.get_executor(), options_.http, options_.stores);
    auto connection_options = options_.connection;
    connection_options.observe = [this, also = options_.connection.observe](boost::json::object const& m) {
        if (also) also(m);
        record(m);
    };
    auto conn = std::make_unique<in_process_connection>(*handler_, std::move(connection_options));
    connection_ = conn.get();
    client_ = std::make_unique<mcp::client>(io_.get_executor(), std::move(conn), options_.client);
    if (options_.elicitation) client_->on_elicitation(elicitation_script{script_});
    if (options_.sampling) client_->on_sampling(sampling_script{script_});
    if (options_.roots) client_->set_roots(*options_.roots);
    if (!options_.connect) return;
    std::optional<result<protocol::initialize_result>> connected;
    try {
        connected = connect();
    } catch (...) { // run()'s limit: no destructor runs after a constructor throws, so stop here
        stop();
        throw;
    }
    if (!*connected) {
        stop();
        throw std::runtime_error("mcp::testing::in_process: connect failed: " + connected->error().message());
    }
}

in_process::~in_process() {
    stop();
}

void in_process::stop() noexcept {
    try {
        close();
    } catch (std::exception const& e) { // run()'s limit: the DELETE never got an answer
        log::error("mcp::testing::in_process: closing: {}", e.what());
    }
    handler_->shutdown();
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (int quiet = 0; quiet < 3 && std::chrono::steady_clock::now() < deadline;) {
        io_.restart();
        bool const idle = io_.poll() == 0 && connection_->exchanges_in_flight() == 0;
        quiet = idle ? quiet + 1 : 0;
        if (!idle) io_.run_one_for(std::chrono::milliseconds(10));
    }
    client_.reset();
    handler_.reset();
}

result<protocol::initialize_result> in_process::connect() {
    return run(client_->connect());
}

result<boost::json::object> in_process::request(std::string method, boost::json::object params,
                                                request_options options) {
    return run(client_->request(std::move(method), std::move(params), std::move(options)));
}

result<> in_process::notify(std::string method, boost::json::object params) {
    return run(client_->notify(std::move(method), std::move(params)));
}

result<> in_process::ping() {
    return run(client_->ping());
}

result<> in_process::set_log_level(log_level level) {
    return run(client_->set_log_level(level));
}

result<protocol::list_tools_result> in_process::list_tools(std::optional<std::string> cursor) {
    return run(client_->list_tools(std::move(cursor)));
}

result<std::vector<protocol::tool>> in_process::list_all_tools() {
    return run(client_->list_all_tools());
}

result<call_tool_result> in_process::call_tool(std::string name, boost::json::object arguments,
                                               request_options options) {
    return run(client_->call_tool(std::move(name), std::move(arguments), std::move(options)));
}

result<protocol::list_resources_result> in_process::list_resources(std::optional<std::string> cursor) {
    return run(client_->list_resources(std::move(cursor)));
}

result<std::vector<protocol::resource>> in_process::list_all_resources() {
    return run(client_->list_all_resources());
}

result<protocol::list_resource_templates_result>
in_process::list_resource_templates(std::optional<std::string> cursor) {
    return run(client_->list_resource_templates(std::move(cursor)));
}

result<std::vector<protocol::resource_template>> in_process::list_all_resource_templates() {
    return run(client_->list_all_resource_templates());
}

result<read_resource_result> in_process::read_resource(std::string uri, request_options options) {
    return run(client_->read_resource(std::move(uri), std::move(options)));
}

result<> in_process::subscribe(std::string uri) {
    return run(client_->subscribe(std::move(uri)));
}

result<> in_process::unsubscribe(std::string uri) {
    return run(client_->unsubscribe(std::move(uri)));
}

result<protocol::list_prompts_result> in_process::list_prompts(std::optional<std::string> cursor) {
    return run(client_->list_prompts(std::move(cursor)));
}

result<std::vector<protocol::prompt>> in_process::list_all_prompts() {
    return run(client_->list_all_prompts());
}

result<get_prompt_result> in_process::get_prompt(std::string name, std::map<std::string, std::string> arguments,
                                                 request_options options) {
    return run(client_->get_prompt(std::move(name), std::move(arguments), std::move(options)));
}

result<protocol::complete_result> in_process::complete(completion_query query) {
    return run(client_->complete(std::move(query)));
}

void in_process::set_roots(std::vector<protocol::root> roots) {
    client_->set_roots(std::move(roots));
    settle(); // sends notifications/roots/list_changed
}

void in_process::close() {
    run(client_->close());
}

std::vector<notification> in_process::notifications(std::string_view method) const {
    std::vector<notification> out;
    for (auto const& n : notifications_)
        if (n.method == method) out.push_back(n);
    return out;
}

std::optional<notification> in_process::wait_for_notification(std::string_view method,
                                                               std::chrono::milliseconds timeout) {
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    auto& taken = waited_.try_emplace(std::string(method), 0).first->second;
    for (;;) {
        std::size_t seen = 0;
        for (auto const& n : notifications_)
            if (n.method == method && seen++ == taken) {
                ++taken;
                return n;
            }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        io_.restart();
        io_.run_one_for(std::chrono::milliseconds(10));
    }
}

void in_process::clear_notifications() {
    notifications_.clear();
    waited_.clear();
}

void in_process::record(boost::json::object const& message) {
    auto const* method = message.if_contains("method");
    if (!method || !method->is_string() || message.contains("id")) return; // answers and requests
    auto const* params = message.if_contains("params");
    notifications_.push_back({std::string(method->as_string()),
                              params && params->is_object() ? params->as_object() : boost::json::object{}});
}

void in_process::answer_elicitation(elicitation_answer answer) {
    script_->elicitation_answers.push_back(std::move(answer));
}

void in_process::answer_elicitation_with(std::function<elicitation_answer(elicitation_request const&)> f) {
    script_->elicitation_fn = std::move(f);
}

std::vector<elicitation_request> const& in_process::elicitations() const {
    return script_->elicitations;
}

void in_process::answer_sampling(boost::json::object result) {
    script_->sampling_answers.push_back(std::move(result));
}

void in_process::answer_sampling_text(std::string text) {
    answer_sampling({{"role", "assistant"},
                     {"content", {{"type", "text"}, {"text", std::move(text)}}},
                     {"model", "mcp-testing"}});
}

void in_process::answer_sampling_with(std::function<boost::json::object(boost::json::object const&)> f) {
    script_->sampling_fn = std::move(f);
}

std::vector<boost::json::object> const& in_process::sampling_requests() const {
    return script_->sampling_requests;
}

std::unique_ptr<mcp::client> in_process::make_client(mcp::client_options options,
                                                     in_process_connection_options connection) {
    auto conn = std::make_unique<in_process_connection>(*handler_, std::move(connection));
    return std::make_unique<mcp::client>(io_.get_executor(), std::move(conn), std::move(options));
}

void in_process::run_for(std::chrono::milliseconds d) {
    mcp::testing::run_for(io_, d);
}

void in_process::settle() {
    for (int quiet = 0; quiet < 3;) {
        io_.restart();
        quiet = io_.poll() == 0 ? quiet + 1 : 0;
    }
}

} // namespace mcp::testing
