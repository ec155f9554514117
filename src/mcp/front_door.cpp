#include <mcp/front_door.hpp>

#include <atomic>

namespace mcp::detail {
namespace {

std::atomic<lambda_front_door>& registered() {
    static std::atomic<lambda_front_door> door{nullptr};
    return door;
}

} // namespace

bool register_lambda_front_door(lambda_front_door door) {
    registered().store(door);
    return true;
}

lambda_front_door registered_lambda_front_door() {
    return registered().load();
}

} // namespace mcp::detail
