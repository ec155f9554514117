#include <mcp/http/access.hpp>

#include <mcp/http/negotiation.hpp>

namespace mcp::http {
namespace {
access_factory& factory_slot() {
    static access_factory factory = nullptr;
    return factory;
}
} // namespace

bool register_access_factory(access_factory factory) {
    factory_slot() = factory;
    return true;
}

access_factory registered_access_factory() {
    return factory_slot();
}

task<> reply_refusal(response_writer& out, access_refusal refusal, headers base) {
    for (auto [name, value] : refusal.headers.fields())
        base.add(name, value);
    co_await reply_error(out, refusal.status, std::move(refusal.reason), std::move(base));
}

} // namespace mcp::http
