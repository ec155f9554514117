#include <mcp/storage/backends.hpp>

#include <array>
#include <mutex>

namespace mcp::storage {
namespace {

constexpr std::size_t backend_count = static_cast<std::size_t>(backend::dynamodb) + 1;
static_assert(static_cast<std::size_t>(backend::memory) == 0 && static_cast<std::size_t>(backend::sqlite) == 1 &&
                  static_cast<std::size_t>(backend::postgres) == 2 && backend_count == 4,
              "backend is indexed from 0 to backend_count - 1: a new backend goes last and updates this");

// Registration runs in static initialisers of other libraries: a function-local table is ready whatever their
// order, and the mutex keeps a late registration (a shared library loaded later) safe.
struct registry {
    std::mutex mutex;
    std::array<backend_hooks, backend_count> hooks{};
    std::array<bool, backend_count> present{};
};

registry& the_registry() {
    static registry r;
    return r;
}

} // namespace

bool register_backend(backend which, backend_hooks hooks) {
    auto& r = the_registry();
    std::lock_guard lock(r.mutex);
    auto const i = static_cast<std::size_t>(which);
    r.hooks[i] = hooks;
    r.present[i] = true;
    return true;
}

backend_hooks const* registered_backend(backend which) {
    auto& r = the_registry();
    std::lock_guard lock(r.mutex);
    auto const i = static_cast<std::size_t>(which);
    return which != backend::memory && r.present[i] ? &r.hooks[i] : nullptr;
}

std::string_view backend_name(backend which) {
    switch (which) {
    case backend::memory:
        return "memory";
    case backend::sqlite:
        return "sqlite";
    case backend::postgres:
        return "postgres";
    case backend::dynamodb:
        return "dynamodb";
    }
    return "unknown";
}

} // namespace mcp::storage
