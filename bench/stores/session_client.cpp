#include "session_client.hpp"

namespace bench_stores {

std::string request(int id, std::string const& method, std::string const& params) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + method + R"(","params":)" +
           params + "}";
}

mcp::task<boost::json::object> ask(mcp::session& s, std::string const& json) {
    auto msg = mcp::protocol::parse_message(std::string_view(json));
    if (!msg)
        co_return boost::json::object{};
    auto answer = co_await s.handle(std::move(*msg));
    co_return answer ? std::move(*answer) : boost::json::object{};
}

mcp::task<boost::json::object> open_lifecycle(std::shared_ptr<mcp::session> s) {
    auto answer = co_await ask(*s, request(0, "initialize",
                                           R"({"protocolVersion":"2025-11-25","capabilities":{},)"
                                           R"("clientInfo":{"name":"bench","version":"1"}})"));
    auto initialized = mcp::protocol::parse_message(
        std::string_view(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
    if (initialized)
        co_await s->handle(std::move(*initialized));
    co_return answer;
}

} // namespace bench_stores
