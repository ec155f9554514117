#include <lambda_emulator/options.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>

namespace lambda_emulator {
namespace {

constexpr std::string_view usage_tail = "-- <function binary> [args...]";

std::string value_of(std::vector<std::pair<std::string, std::string>> const& env, std::string const& name,
                     std::string fallback) {
    for (auto it = env.rbegin(); it != env.rend(); ++it)
        if (it->first == name)
            return it->second;
    return fallback;
}

std::vector<std::pair<std::string, std::string>> split_environ(std::vector<std::string> const& entries) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto const& e : entries) {
        auto eq = e.find('=');
        if (eq != std::string::npos && eq > 0)
            out.emplace_back(e.substr(0, eq), e.substr(eq + 1));
    }
    return out;
}

struct raw_flags {
    std::string format = "v2";
    std::vector<std::string> env;
    long timeout = 30;
    long queue_timeout = 0;
};

void add_flags(CLI::App& app, options& o, raw_flags& raw) {
    app.add_option("--host", o.host, "Address the HTTP front binds")->capture_default_str();
    app.add_option("--port", o.port, "Port of the HTTP front (0: an ephemeral one)")->capture_default_str();
    app.add_option("--copies", o.copies, "Function copies (concurrent execution environments)")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    app.add_flag("--eager", o.eager, "Start every copy at once instead of on demand");
    app.add_option("--event", raw.format, "Event format: v2 (HTTP API), v1 (REST API) or url (Function URL)")
        ->capture_default_str()
        ->check(CLI::IsMember({"v2", "v1", "url"}));
    app.add_option("--timeout", raw.timeout, "Function timeout in seconds")
        ->capture_default_str()
        ->check(CLI::Range(1, 900));
    app.add_option("--queue-timeout", raw.queue_timeout,
                   "Longest wait for a free copy in seconds (default: the --timeout)")
        ->check(CLI::Range(1, 900));
    app.add_flag("--freeze", o.freeze,
                 "Stop (SIGSTOP) a copy's processes while they wait in /next with no invocation, as Lambda "
                 "freezes an idle execution environment");
    app.add_option("--env", raw.env, "K=V added to the function's environment (repeatable)");
    app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error or off")
        ->capture_default_str();
}

} // namespace

std::variant<options, parse_exit> parse_command_line(int argc, char const* const* argv) {
    options o;
    int split = 1;
    while (split < argc && std::string_view(argv[split]) != "--")
        ++split;
    for (int i = split + 1; i < argc; ++i)
        o.command.emplace_back(argv[i]);
    CLI::App app{"Runs a Lambda function binary behind an emulated API Gateway or Function URL, with the AWS "
                 "Lambda Runtime API."};
    app.footer(std::string("Usage: lambda_emulator [OPTIONS] ") + std::string(usage_tail) +
               "\nDetails: docs/lambda-emulator.md");
    raw_flags raw;
    add_flags(app, o, raw);
    try {
        app.parse(split, argv);
    } catch (CLI::ParseError const& e) {
        return parse_exit{e.get_exit_code() == 0 ? app.help() : std::string(e.what()) + "\n" + app.help(),
                          e.get_exit_code() == 0 ? 0 : 2};
    }
    for (auto const& kv : raw.env) {
        auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            return parse_exit{"--env " + kv + ": expected NAME=value\n", 2};
        o.env.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    if (o.command.empty())
        return parse_exit{std::string("missing the function: lambda_emulator [OPTIONS] ") +
                              std::string(usage_tail) + "\n",
                          2};
    o.format = *parse_event_format(raw.format);
    o.timeout = std::chrono::seconds(raw.timeout);
    o.queue_timeout = std::chrono::seconds(raw.queue_timeout > 0 ? raw.queue_timeout : raw.timeout);
    return o;
}

function_spec make_function_spec(options const& opts, std::vector<std::string> const& inherited,
                                 std::string const& cwd) {
    auto base = split_environ(inherited);
    auto binary = opts.command.front();
    auto name = value_of(opts.env, "AWS_LAMBDA_FUNCTION_NAME", binary.substr(binary.rfind('/') + 1));
    auto region = value_of(opts.env, "AWS_REGION", value_of(base, "AWS_REGION", "us-east-1"));
    function_spec spec;
    spec.command = opts.command;
    spec.format = opts.format;
    spec.timeout = opts.timeout;
    spec.queue_timeout = opts.queue_timeout;
    spec.freeze = opts.freeze;
    spec.function_name = name;
    spec.function_arn = "arn:aws:lambda:" + region + ":123456789012:function:" + name;
    spec.env = base;
    std::vector<std::pair<std::string, std::string>> lambda{
        {"AWS_LAMBDA_FUNCTION_NAME", name},
        {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
        {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"},
        {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name},
        {"AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"},
        {"AWS_REGION", region},
        {"AWS_DEFAULT_REGION", value_of(base, "AWS_DEFAULT_REGION", region)},
        {"_HANDLER", "handler"},
        {"LAMBDA_TASK_ROOT", cwd},
        {"LAMBDA_RUNTIME_DIR", cwd},
        {"TZ", ":UTC"},
    };
    spec.env.insert(spec.env.end(), lambda.begin(), lambda.end());
    spec.env.insert(spec.env.end(), opts.env.begin(), opts.env.end());
    return spec;
}

} // namespace lambda_emulator
