#include "fixture_server.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>
#include <thread>

namespace fixture {


struct line_item {
    std::string sku;
    int qty;
};
BOOST_DESCRIBE_STRUCT(line_item, (), (sku, qty))
struct order {
    std::vector<line_item> items;
    std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(order, (), (items, note))
inline mcp::json::field_docs field_docs(order const&) { return {{"items", "What to ship"}}; }

struct slow_args {
    int ms;
};
BOOST_DESCRIBE_STRUCT(slow_args, (), (ms))


struct item_vars {
    int id;
};
BOOST_DESCRIBE_STRUCT(item_vars, (), (id))

struct forecast_args {
    std::string city;
    std::optional<int> days;
};
BOOST_DESCRIBE_STRUCT(forecast_args, (), (city, days))

add_result add(add_args in) { return {in.a + in.b}; }

std::string place(order in) {
    int total = 0;
    for (auto const& i : in.items) total += i.qty;
    return std::to_string(in.items.size()) + " lines, " + std::to_string(total) + " units";
}

mcp::call_tool_result raw_sum(boost::json::object args) {
    double total = 0;
    for (auto const& v : args.at("values").as_array()) total += v.to_number<double>();
    return {{mcp::protocol::text(std::to_string(static_cast<long long>(total)))}, std::nullopt, false};
}

mcp::result<std::string> fail() { return mcp::error(1, "the warehouse is closed"); }

std::string throws() { throw std::runtime_error("secret internal detail"); }

mcp::task<std::string> slow(slow_args in) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(in.ms));
    co_await t.async_wait(boost::asio::use_awaitable);
    co_return "slept " + std::to_string(in.ms) + " ms";
}

std::string with_progress(mcp::call_context& ctx) {
    ctx.progress(0, 100);
    ctx.progress(50, 100, "half way");
    ctx.progress(100, 100);
    return "done";
}

std::string with_logs(mcp::call_context& ctx) {
    ctx.log(mcp::log_level::debug, "debug detail");
    ctx.log(mcp::log_level::info, "info message", "fixture");
    ctx.log(mcp::log_level::warning, boost::json::object{{"disk", "low"}});
    return "logged";
}

mcp::task<std::string> sample(mcp::call_context& ctx) {
    boost::json::object params{
        {"messages", boost::json::array{{{"role", "user"}, {"content", {{"type", "text"}, {"text", "Hi"}}}}}},
        {"maxTokens", 100}};
    auto answer = co_await ctx.create_message(std::move(params));
    if (!answer) co_return "sampling failed: " + answer.error().message();
    co_return "LLM said: " + std::string(answer->at("content").at("text").as_string());
}

mcp::task<std::string> ask_name(mcp::call_context& ctx) {
    auto answer = co_await ctx.elicit<name_form>("Who are you?");
    if (!answer) co_return "elicitation failed: " + answer.error().message();
    if (!answer->content) co_return "no name given";
    co_return "Hello, " + answer->content->name;
}

mcp::task<std::string> ask_with_timeout(mcp::call_context& ctx) {
    ctx.set_request_timeout(std::chrono::milliseconds(50));
    auto answer = co_await ctx.elicit<name_form>("Quick, who are you?");
    if (!answer) co_return "elicitation failed: " + answer.error().message();
    co_return "answered";
}

mcp::task<std::string> count_roots(mcp::call_context& ctx) {
    auto answer = co_await ctx.list_roots();
    if (!answer) co_return "roots failed: " + answer.error().message();
    co_return std::to_string(answer->at("roots").as_array().size()) + " roots";
}

std::string sleepy() {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return "rested";
}

std::string readme() { return "Fixture server readme."; }

mcp::resource_contents item(item_vars v) {
    return {"", "application/json", "{\"id\":" + std::to_string(v.id) + "}", std::nullopt};
}

std::string forecast(forecast_args in) {
    return "Weather in " + in.city + " for " + std::to_string(in.days.value_or(1)) + " day(s)";
}

std::vector<std::string> complete_city(mcp::completion_request req) {
    std::vector<std::string> out;
    for (std::string city : {"Paris", "Perth", "Prague", "Oslo"})
        if (city.rfind(req.value, 0) == 0) out.push_back(city);
    return out;
}

} // namespace fixture

namespace mcp::testing {

std::unique_ptr<server> make_fixture_server() {
    return make_fixture_server(server_options{.name = "fixture",
                                              .version = "1.2.3",
                                              .title = "Fixture Server",
                                              .instructions = "Use the tools.",
                                              .page_size = 3,
                                              .client_request_timeout = std::chrono::seconds(2)});
}

std::unique_ptr<server> make_fixture_server(server_options options) {
    using namespace fixture;
    auto srv = std::make_unique<server>(std::move(options));
    srv->add_tool({.name = "add", .title = "Adder", .description = "Add two numbers",
                   .annotations = tool_annotations{.read_only_hint = true}},
                  add);
    srv->add_tool({.name = "place_order", .description = "Place an order"}, place);
    srv->add_tool({.name = "raw_sum",
                   .description = "Sum numbers (raw schema)",
                   .input_schema = {{"type", "object"},
                                    {"properties", {{"values", {{"type", "array"}, {"items", {{"type", "number"}}}}}}},
                                    {"required", {"values"}}}},
                  raw_sum);
    srv->add_tool({.name = "fail", .description = "Always fails"}, fail);
    srv->add_tool({.name = "throws", .description = "Throws"}, throws);
    srv->add_tool({.name = "slow", .description = "Waits"}, slow);
    srv->add_tool({.name = "with_progress", .description = "Reports progress"}, with_progress);
    srv->add_tool({.name = "with_logs", .description = "Logs"}, with_logs);
    srv->add_tool({.name = "sample", .description = "Asks the client's LLM"}, sample);
    srv->add_tool({.name = "ask_name", .description = "Elicits a name"}, ask_name);
    srv->add_tool({.name = "ask_with_timeout", .description = "Elicits with a short timeout"}, ask_with_timeout);
    srv->add_tool({.name = "count_roots", .description = "Lists roots"}, count_roots);
    srv->add_tool({.name = "sleepy", .description = "Blocks briefly"}, mcp::blocking(sleepy));
    srv->add_resource({.uri = "test://readme", .name = "readme", .mime_type = "text/plain"}, readme);
    srv->add_resource_template({.uri_template = "test://items/{id}", .name = "item"}, item);
    srv->add_prompt({.name = "simple", .description = "A simple prompt"}, [] { return std::string("Say hi."); });
    srv->add_prompt({.name = "forecast", .description = "Weather forecast"}, forecast);
    srv->add_completion(prompt_ref{"forecast"}, complete_city);
    return srv;
}

} // namespace mcp::testing
