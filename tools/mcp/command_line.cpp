// Reading `mcp`'s command line with CLI11 (command_line.hpp).
#include "command_line.hpp"

#include "arguments.hpp"

#include <mcp/protocol/version.hpp>

#include <CLI/CLI.hpp>

#include <sstream>

namespace mcp::cli {

namespace {

// What CLI11 fills, before arguments.cpp checks it.
struct raw_options {
    bool stdio = false;
    std::vector<std::string> headers;
    long timeout = 60000;
    std::string log_level;
    std::vector<std::string> roots;
    bool quiet = false;
    bool compact = false;
    std::map<std::string, std::vector<std::string>> operands; // by command
    std::string prompt_ref;
    std::string resource_ref;
    std::vector<std::string> context;
};

constexpr std::string_view description =
    "mcp: a command-line client for MCP (Model Context Protocol) servers, over Streamable HTTP or stdio.\n"
    "Results are JSON on stdout, pretty-printed unless --compact; progress, the server's log messages and "
    "errors\n"
    "go to stderr.\n\n"
    "  mcp [OPTIONS] COMMAND URL [OPERANDS...]\n"
    "  mcp [OPTIONS] COMMAND [OPERANDS...] --stdio -- SERVER_COMMAND [ARGS...]\n";

constexpr std::string_view exit_codes = "Exit codes:\n"
                                        "  0  success\n"
                                        "  1  the server answered with a JSON-RPC error (printed on stderr), "
                                        "or the tool's result has isError: true\n"
                                        "     (the result is printed on stdout all the same)\n"
                                        "  2  usage error: unknown option, wrong operands, an argument that "
                                        "is not valid JSON (nothing was sent)\n"
                                        "  3  no usable answer: the server cannot be reached or started, "
                                        "initialize failed, the transport broke, no\n"
                                        "     answer within --timeout, or an answer that is not valid MCP\n";

std::string footer() {
    std::string text = "Commands (the URL comes first unless --stdio is given):\n";
    for (auto const& s : command_shapes()) {
        auto usage = std::string(s.name) + (s.operands.empty() ? "" : " ") + std::string(s.operands);
        text += "  " + usage + std::string(usage.size() < 28 ? 28 - usage.size() : 1, ' ') +
                std::string(s.summary) + "\n";
    }
    text += "\n" + std::string(exit_codes) +
            "\nExamples:\n"
            "  mcp tools http://127.0.0.1:8080/mcp\n"
            "  mcp call http://127.0.0.1:8080/mcp add '{\"a\": 2, \"b\": 3}'\n"
            "  mcp --header \"Authorization: Bearer $TOKEN\" read https://example.com/mcp file:///notes.txt\n"
            "  mcp prompt --stdio greet '{\"name\": \"Ada\"}' -- ./server --transport stdio\n"
            "\nDetails: docs/cli.md";
    return text;
}

void add_global_options(CLI::App& app, raw_options& raw) {
    app.add_flag(
        "--stdio", raw.stdio,
        "Start the server as a child process, the command and arguments after --, and talk over its "
        "stdin and stdout (its stderr is passed through). No URL then; mcp's own options go before --.");
    app.add_option("-H,--header", raw.headers, "'Name: value' sent with every HTTP request (repeatable)")
        ->type_name("'NAME: VALUE'")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--timeout", raw.timeout,
                   "Milliseconds to wait for each answer, initialize included (default 60000); progress "
                   "notifications restart it")
        ->type_name("MS")
        ->check(CLI::Range(1L, 24L * 3600 * 1000).description(""));
    app.add_option(
           "--log-level", raw.log_level,
           "Ask the server for log messages at LEVEL and above (logging/setLevel): debug, info, notice, "
           "warning, error, critical, alert, emergency")
        ->type_name("LEVEL");
    app.add_option("--root", raw.roots,
                   "A file:// URI given to the server when it asks roots/list (repeatable)")
        ->type_name("URI")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("-q,--quiet", raw.quiet, "No progress and no log lines on stderr (errors still are)");
    app.add_flag("--compact,--json-compact", raw.compact,
                 "One-line JSON on stdout (the default is pretty-printed, two spaces of indent)");
}

void add_commands(CLI::App& app, raw_options& raw) {
    for (auto const& s : command_shapes()) {
        std::string name(s.name);
        auto* sub = app.add_subcommand(name, std::string(s.summary));
        sub->group(""); // listed with their operands in the footer instead
        auto usage = std::string(s.operands.empty() ? "" : " ") + std::string(s.operands);
        sub->footer("Usage: mcp [OPTIONS] " + name + " URL" + usage + "\n       mcp [OPTIONS] " + name +
                    usage +
                    " --stdio -- SERVER_COMMAND [ARGS...]\nThe options of mcp --help apply here too.");
        sub->add_option("operands", raw.operands[name], "URL" + usage + " (no URL with --stdio)")
            ->type_name("");
        if (name != "complete")
            continue;
        auto* prompt = sub->add_option("--prompt", raw.prompt_ref, "The prompt whose argument is completed")
                           ->type_name("NAME");
        auto* resource =
            sub->add_option("--resource", raw.resource_ref,
                            "The resource template (its URI template) whose variable is completed")
                ->type_name("TEMPLATE");
        prompt->excludes(resource);
        sub->add_option("--context", raw.context, "An argument already chosen (repeatable)")
            ->type_name("NAME=VALUE")
            ->expected(1)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    }
}

result<> read_completion(invocation& inv, raw_options const& raw) {
    inv.completion.ref_type = raw.resource_ref.empty() ? "ref/prompt" : "ref/resource";
    inv.completion.ref = raw.resource_ref.empty() ? raw.prompt_ref : raw.resource_ref;
    for (auto const& c : raw.context) {
        auto pair = parse_assignment("--context", c);
        if (!pair)
            return pair.error();
        inv.completion.context[pair->first] = pair->second;
    }
    return {};
}

result<> read_options(invocation& inv, raw_options const& raw) {
    if (raw.stdio && inv.server_command.empty())
        return error::invalid_params(
            "--stdio needs the server's command after --: --stdio -- ./server [ARGS...]");
    if (!raw.stdio && !inv.server_command.empty())
        return error::invalid_params("a server command after -- needs --stdio");
    if (raw.stdio && !raw.headers.empty())
        return error::invalid_params(
            "--header is for HTTP; with --stdio the server takes its settings from its "
            "command line or environment");
    for (auto const& h : raw.headers) {
        auto header = parse_header(h);
        if (!header)
            return header.error();
        inv.headers.push_back(std::move(*header));
    }
    for (auto const& r : raw.roots) {
        auto root = parse_root(r);
        if (!root)
            return root.error();
        inv.roots.push_back(std::move(*root));
    }
    if (!raw.log_level.empty()) {
        auto level = parse_log_level(raw.log_level);
        if (!level)
            return level.error();
        inv.level = *level;
    }
    inv.timeout = std::chrono::milliseconds(raw.timeout);
    inv.quiet = raw.quiet;
    inv.compact = raw.compact;
    return read_completion(inv, raw);
}

early_exit usage_error(std::string const& message) {
    return {exit_code::usage, "", "mcp: " + message + "\nRun 'mcp --help' for the usage.\n"};
}

} // namespace

std::variant<invocation, early_exit> parse_command_line(int argc, char const* const* argv) {
    invocation inv;
    int split = 1;
    while (split < argc && std::string_view(argv[split]) != "--")
        ++split;
    for (int i = split + 1; i < argc; ++i)
        inv.server_command.emplace_back(argv[i]);

    CLI::App app{std::string(description), "mcp"};
    app.set_version_flag("--version",
                         "mcp " MCP_CLI_VERSION " (MCP " + std::string(protocol::latest_version) + ")");
    app.require_subcommand(1);
    app.fallthrough(); // the global options may also come after the command
    app.footer(footer());
    raw_options raw;
    add_global_options(app, raw);
    add_commands(app, raw);
    try {
        app.parse(split, argv);
    } catch (CLI::ParseError const& e) {
        std::ostringstream out, err;
        auto code = app.exit(e, out, err);
        return early_exit{code == 0 ? exit_code::ok : exit_code::usage, out.str(), err.str()};
    }
    inv.command = app.get_subcommands().front()->get_name();
    auto checked = read_options(inv, raw);
    if (checked)
        checked = read_operands(inv, raw.operands[inv.command]);
    if (!checked)
        return usage_error(checked.error().message());
    return inv;
}

} // namespace mcp::cli
