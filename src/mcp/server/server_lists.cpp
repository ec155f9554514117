// The server's lists as a fleet shares them (list_state.hpp, list_sync.hpp): the change mode, activation,
// visibility, and telling sessions.
#include <mcp/server/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace mcp {

void server::check_may_change(std::string_view what) const {
    if (options_.lists == list_mode::fixed && serving_.load())
        throw std::logic_error(std::string(what) + ": this server's lists are fixed while it serves "
                               "(server_options.lists is list_mode::fixed, the default); set list_mode::dynamic "
                               "to change them at run time");
}

task<result<>> server::set_active(list_kind kind, std::string name, bool active) {
    if (options_.lists != list_mode::dynamic)
        co_return error::internal(std::string(active ? "activate" : "deactivate") + "(" + name + "): this server's "
                                  "lists are fixed (server_options.lists is list_mode::fixed, the default); set "
                                  "list_mode::dynamic to change them at run time");
    co_return co_await lists_->set_active(kind, std::move(name), active);
}

void server::start_inactive(list_kind kind, std::string name) {
    {
        std::lock_guard lock(inactive_mutex_);
        start_inactive_[static_cast<std::size_t>(kind)].insert(std::move(name));
    }
    lists_->definitions_changed();
}

bool server::active(list_kind kind, std::string_view name) const { return lists_->current()->active(kind, name); }

bool server::visible(detail::catalog const& c, session const& s, boost::json::object const& state, list_kind kind,
                     std::string_view name) const {
    if (!c.active(kind, name))
        return false;
    return !options_.visibility || options_.visibility(listed_item{kind, name}, s.view(state));
}

void server::use_state_store(std::shared_ptr<storage::state_store> store, boost::asio::any_io_executor ex) {
    lists_->use_store(std::move(store), state_key(), std::move(ex), options_.list_check_interval);
}

void server::release_state_store(std::shared_ptr<storage::state_store> const& store) {
    lists_->release_store(store);
}

void server::configure_list_checks(std::chrono::milliseconds interval) {
    if (interval <= std::chrono::milliseconds(0))
        throw std::invalid_argument("the list check interval must be positive");
    options_.list_check_interval = interval;
}

namespace {
template <class Registry, class Json>
void collect(Registry const& registry, std::vector<std::pair<std::string, boost::json::value>>& out, Json json) {
    for (auto const& e : registry.all())
        out.emplace_back(json(*e));
}
} // namespace

detail::definitions server::definitions_now() const {
    detail::definitions d;
    auto index = [](list_kind k) { return static_cast<std::size_t>(k); };
    collect(tools_, d.items[index(list_kind::tools)],
            [](auto const& e) { return std::pair{e.def.name, protocol::to_json(e.def)}; });
    collect(prompts_, d.items[index(list_kind::prompts)],
            [](auto const& e) { return std::pair{e.def.name, protocol::to_json(e.def)}; });
    collect(resources_, d.items[index(list_kind::resources)],
            [](auto const& e) { return std::pair{e.def.uri, protocol::to_json(e.def)}; });
    collect(templates_, d.items[index(list_kind::resource_templates)],
            [](auto const& e) { return std::pair{e.def.uri_template, protocol::to_json(e.def)}; });
    std::lock_guard lock(inactive_mutex_);
    d.start_inactive = start_inactive_;
    return d;
}

// 2025-11-25 server/tools (and prompts, resources), list changed: only sessions past initialization hear it,
// each once (session::announce_lists decides which lists it has not been told of).
void server::announce_lists() {
    if (options_.lists != list_mode::dynamic)
        return;
    for (auto const& s : live_sessions()) {
        if (!s->operational())
            continue;
        ++announcing_;
        boost::asio::co_spawn(s->executor(), s->announce_lists(), [this](std::exception_ptr) { --announcing_; });
    }
}

} // namespace mcp
