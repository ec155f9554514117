// docs/call-context.md: what a handler can do besides returning its result: progress, logging, elicitation,
// sampling, roots, cancellation, blocking work.
#include "guides.hpp"

#include <mcp/protocol/read.hpp>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <thread>

namespace guides {
namespace {

using namespace std::chrono_literals;

mcp::task<void> sleep_for(std::chrono::milliseconds d) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
    co_await timer.async_wait(boost::asio::use_awaitable);
}

// [progress]
struct import_args {
    int files;
};
BOOST_DESCRIBE_STRUCT(import_args, (), (files))

mcp::task<std::string> import_files(import_args in, mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, "import started", "importer");
    for (int i = 0; i < in.files; ++i) {
        co_await sleep_for(10ms); // the real work
        ctx.progress(i + 1, in.files, "file " + std::to_string(i + 1));
    }
    ctx.log(mcp::log_level::debug, boost::json::object{{"imported", in.files}}, "importer");
    co_return "imported " + std::to_string(in.files) + " files";
}
// [end]

// [elicit]
struct confirm_form {
    bool confirm;
    std::optional<std::string> reason;
};
BOOST_DESCRIBE_STRUCT(confirm_form, (), (confirm, reason))

mcp::task<mcp::result<std::string>> purge(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<confirm_form>("Delete every archived note?");
    if (!answer)
        co_return answer.error(); // no capability, timeout, or a malformed answer
    if (answer->action != mcp::elicit_action::accept || !answer->content->confirm)
        co_return "nothing deleted";
    co_return "deleted (" + answer->content->reason.value_or("no reason given") + ")";
}
// [end]

// [sample]
struct text_args {
    std::string text;
};
BOOST_DESCRIBE_STRUCT(text_args, (), (text))

mcp::task<mcp::result<std::string>> summarize_text(text_args in, mcp::call_context& ctx) {
    auto answer = co_await ctx.sample("Summarise in one sentence:\n" + in.text, 200);
    if (!answer)
        co_return answer.error();
    co_return answer->text();
}
// [end]

// [sample-request]
mcp::sampling_request city_question(std::string const& text) {
    mcp::sampling_request r;
    r.messages = {{"user", mcp::protocol::text_content{"Which city is this text about?\n" + text}}};
    r.system_prompt = "Answer with the name of one city.";
    r.max_tokens = 20;
    r.temperature = 0.0;
    r.model_hints = {"claude-3-haiku"};
    r.speed_priority = 0.8;
    return r;
}

mcp::task<mcp::result<std::string>> which_city(text_args in, mcp::call_context& ctx) {
    auto answer = co_await ctx.sample(city_question(in.text));
    if (!answer)
        co_return answer.error();
    co_return answer->text() + " (model " + answer->model + ")";
}
// [end]

// [roots]
mcp::task<mcp::result<std::vector<std::string>>> root_uris(mcp::call_context& ctx) {
    auto answer = co_await ctx.list_roots(); // {"roots": [{"uri": "file:///...", "name": "..."}]}
    if (!answer)
        co_return answer.error();
    std::vector<std::string> uris;
    auto const* roots = answer->if_contains("roots");
    if (!roots || !roots->is_array())
        co_return mcp::error::invalid_params("roots/list: no roots array");
    for (auto const& r : roots->as_array()) {
        auto root = mcp::protocol::read_root(r);
        if (!root)
            co_return root.error();
        uris.push_back(root->uri);
    }
    co_return uris;
}

mcp::task<mcp::result<std::string>> show_roots(mcp::call_context& ctx) {
    auto uris = co_await root_uris(ctx);
    if (!uris)
        co_return uris.error();
    std::string out;
    for (auto const& uri : *uris)
        out += uri + "\n";
    co_return out;
}
// [end]

// [cancel]
struct wait_args {
    int seconds;
};
BOOST_DESCRIBE_STRUCT(wait_args, (), (seconds))

mcp::task<std::string> wait_a_while(wait_args in) {
    // notifications/cancelled for this request cancels the timer: async_wait throws operation_aborted, the
    // coroutine unwinds, and the request gets no reply.
    co_await sleep_for(std::chrono::seconds(in.seconds));
    co_return "waited";
}

mcp::task<std::string> crunch(mcp::call_context& ctx) {
    long sum = 0;
    for (int chunk = 0; chunk < 1000; ++chunk) {
        // Work that does not suspend does not see the cancellation: look at the state between chunks.
        auto state = co_await boost::asio::this_coro::cancellation_state;
        if (state.cancelled() != boost::asio::cancellation_type::none)
            co_return "stopped";
        for (int i = 0; i < 100'000; ++i)
            sum += i % 7;
        ctx.progress(chunk + 1, 1000);
    }
    co_return std::to_string(sum);
}
// [end]

// [blocking]
std::string checksum(text_args in, mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, "hashing"); // log() and progress() are thread-safe
    std::this_thread::sleep_for(50ms);        // a synchronous library call, say
    return std::to_string(std::hash<std::string>{}(in.text));
}
// [end]

} // namespace

void add_context_tools(mcp::server& srv) {
    // [register]
    srv.add_tool({.name = "import_files", .description = "Import files, reporting progress"}, import_files);
    srv.add_tool({.name = "purge", .description = "Delete archived notes after asking"}, purge);
    srv.add_tool({.name = "summarize_text", .description = "Summarise with the client's model"},
                 summarize_text);
    srv.add_tool({.name = "which_city", .description = "Name the city a text is about"}, which_city);
    srv.add_tool({.name = "show_roots", .description = "List the client's roots"}, show_roots);
    srv.add_tool({.name = "wait_a_while", .description = "Wait, then answer"}, wait_a_while);
    srv.add_tool({.name = "crunch", .description = "Compute for a while"}, crunch);
    srv.add_tool({.name = "checksum", .description = "Hash a text off the I/O threads"},
                 mcp::blocking(checksum));
    // [end]
}

} // namespace guides
