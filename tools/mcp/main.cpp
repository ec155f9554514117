// mcp: the command-line client (docs/cli.md). Reads the command line, runs the one conversation it asks for
// on a single-threaded io_context, and exits with the code arguments.hpp documents.
//
//   mcp tools http://127.0.0.1:8080/mcp
//   mcp call --stdio add '{"a": 2, "b": 3}' -- ./server --transport stdio
#include "arguments.hpp"
#include "command_line.hpp"
#include "run.hpp"

#include <mcp/core/log.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    auto parsed = mcp::cli::parse_command_line(argc, argv);
    if (auto const* done = std::get_if<mcp::cli::early_exit>(&parsed)) {
        std::cout << done->out << std::flush;
        std::cerr << done->err;
        return done->code;
    }
    // The framework's own diagnostics: warnings and errors only, unless LOG_LEVEL asks for more.
    if (!std::getenv("LOG_LEVEL"))
        mcp::log::framework().set_level(spdlog::level::warn);

    boost::asio::io_context io;
    int code = mcp::cli::exit_code::no_answer;
    auto done = [&io, &code](std::exception_ptr e, int exit) {
        code = exit;
        if (e) {
            code = mcp::cli::exit_code::no_answer;
            try {
                std::rethrow_exception(e);
            } catch (std::exception const& x) {
                std::cerr << "mcp: internal error: " << x.what() << '\n';
            }
        }
        io.stop(); // what the conversation left behind (a request given up on) does not keep us waiting
    };
    boost::asio::co_spawn(io, mcp::cli::run(std::get<mcp::cli::invocation>(std::move(parsed))), done);
    io.run();
    return code;
}
