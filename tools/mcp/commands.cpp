// The commands of `mcp` (commands.hpp): one small coroutine per MCP method, and the table that names them.
#include "commands.hpp"

#include "arguments.hpp"
#include "output.hpp"

#include <array>
#include <iostream>
#include <utility>

namespace mcp::cli {

namespace {

int print(invocation const& inv, boost::json::value const& v) {
    std::cout << format_json(v, !inv.compact) << '\n' << std::flush;
    return exit_code::ok;
}

int failure(error const& e) {
    report(error_line(e));
    return exit_code_for(e);
}

// tools, resources, templates, prompts: every page of one list (client.hpp's list_all_*).
template <auto list_all>
task<int> list(client& c, invocation inv) {
    auto all = co_await (c.*list_all)();
    if (!all)
        co_return failure(all.error());
    co_return print(inv, list_json(*all));
}

// 2025-11-25 server/tools: a tool's own failure is a result with isError: true; it is printed, then exit 1.
task<int> call(client& c, invocation inv) {
    auto options = progress_options(inv);
    auto r = co_await c.call_tool(inv.name, inv.arguments, options);
    if (!r)
        co_return failure(r.error());
    print(inv, protocol::to_json(*r));
    if (!r->is_error)
        co_return exit_code::ok;
    report("the tool " + inv.name + " reported an error (isError: true)");
    co_return exit_code::failed;
}

task<int> read(client& c, invocation inv) {
    auto options = progress_options(inv);
    auto r = co_await c.read_resource(inv.name, options);
    if (!r)
        co_return failure(r.error());
    co_return print(inv, protocol::to_json(*r));
}

task<int> prompt(client& c, invocation inv) {
    auto options = progress_options(inv);
    auto r = co_await c.get_prompt(inv.name, inv.prompt_arguments, options);
    if (!r)
        co_return failure(r.error());
    co_return print(inv, protocol::to_json(*r));
}

task<int> complete(client& c, invocation inv) {
    auto r = co_await c.complete(inv.completion);
    if (!r)
        co_return failure(r.error());
    co_return print(inv, completion_json(*r));
}

task<int> ping(client& c, invocation inv) {
    auto r = co_await c.ping();
    if (!r)
        co_return failure(r.error());
    co_return print(inv, boost::json::object{});
}

// What connect() learnt: no request of its own.
task<int> info(client& c, invocation inv) {
    co_return print(inv, initialize_json(c.server()));
}

constexpr std::array<std::pair<std::string_view, command>, 10> commands{{
    {"tools", &list<&client::list_all_tools>},
    {"call", &call},
    {"read", &read},
    {"resources", &list<&client::list_all_resources>},
    {"templates", &list<&client::list_all_resource_templates>},
    {"prompts", &list<&client::list_all_prompts>},
    {"prompt", &prompt},
    {"complete", &complete},
    {"ping", &ping},
    {"info", &info},
}};

} // namespace

command find_command(std::string_view name) {
    for (auto const& [n, run] : commands)
        if (n == name)
            return run;
    return nullptr;
}

request_options progress_options(invocation const& inv) {
    request_options o;
    bool const quiet = inv.quiet;
    o.on_progress = [quiet](progress_update const& p) {
        if (!quiet)
            std::cerr << progress_line(p) << '\n';
    };
    return o;
}

void report(std::string const& text) {
    std::cerr << "mcp: " << text << '\n';
}

} // namespace mcp::cli
