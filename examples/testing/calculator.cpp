#include "calculator.hpp"

#include <atomic>
#include <sstream>

namespace calculator {
namespace {

struct confirmation {
    bool confirm;
};
BOOST_DESCRIBE_STRUCT(confirmation, (), (confirm))

std::atomic<double> last{0};

answer add(operands in, mcp::call_context& ctx) {
    ctx.log(mcp::log_level::info, "add");
    last = in.a + in.b;
    return {last};
}

mcp::result<answer> divide(operands in) {
    if (in.b == 0) return mcp::error(1, "cannot divide by zero");
    last = in.a / in.b;
    return answer{last};
}

mcp::task<std::string> reset(mcp::call_context& ctx) {
    auto asked = co_await ctx.elicit<confirmation>("Forget the last result?");
    if (!asked || !asked->content || !asked->content->confirm) co_return "kept";
    last = 0;
    co_return "reset";
}

std::string last_result() {
    std::ostringstream text;
    text << last.load();
    return text.str();
}

} // namespace

std::unique_ptr<mcp::server> make_server() {
    auto srv = std::make_unique<mcp::server>(mcp::server_options{.name = "calculator", .version = "1.0.0"});
    srv->add_tool({.name = "add", .description = "Add two numbers"}, add);
    srv->add_tool({.name = "divide", .description = "Divide a by b"}, divide);
    srv->add_tool({.name = "reset", .description = "Forget the last result, after asking"}, reset);
    srv->add_resource({.uri = "calc://last", .name = "last result", .mime_type = "text/plain"}, last_result);
    return srv;
}

} // namespace calculator
