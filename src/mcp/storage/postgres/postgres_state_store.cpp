// The PostgreSQL state store (postgres_state_store.hpp): load and save on one connection, run whole by a pool
// worker, and the store that hops to them and hands watch() to its listener. The statements are in
// pg_statements.cpp.
#include <mcp/storage/postgres/pg_listener.hpp>
#include <mcp/storage/postgres/postgres_state_store.hpp>

#include <charconv>

namespace mcp::storage::detail {
namespace {

std::optional<std::int64_t> number(std::string_view text) {
    std::int64_t value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

error unreadable(std::string const& key, std::string_view what) {
    return error(errc::malformed_data, "PostgreSQL state store: server state '" + key + "' " +
                                           std::string(what) + ": fix or delete its row of the state table");
}

result<std::optional<state_record>> pg_load_state(pg_connection& c, pg_statements const& st,
                                                  std::string const& key) {
    auto rows = c.exec(st.load_state, {key});
    if (!rows)
        return rows.error();
    if (rows->size() == 0)
        return std::optional<state_record>();
    boost::system::error_code ec;
    auto value = boost::json::parse(rows->at(0, 0), ec, {}, state_parse_options());
    if (ec || !value.is_object())
        return unreadable(key, "is not a JSON object");
    auto revision = number(rows->at(0, 1));
    if (!revision)
        return unreadable(key, "has an unreadable revision");
    return std::optional<state_record>(state_record{key, std::move(value.as_object()), *revision});
}

// The stored revision after the save.
result<std::int64_t> pg_save_state(pg_connection& c, pg_statements const& st, std::string const& key,
                                   std::string const& value, std::int64_t revision) {
    auto rows = revision == 0 ? c.exec(st.create_state, {key, value})
                              : c.exec(st.update_state, {key, value, std::to_string(revision)});
    if (!rows)
        return rows.error();
    if (rows->size() == 1)
        if (auto stored = number(rows->at(0, 0)))
            return *stored;
    if (revision == 0)
        return error(errc::conflict, "server state '" + key +
                                         "' already exists (another process saved it): reload and retry");
    return error(errc::conflict, "server state '" + key + "' is no longer at revision " +
                                     std::to_string(revision) +
                                     " (another process saved it, or it does not exist): reload and retry");
}

class postgres_state_store final : public state_store {
public:
    explicit postgres_state_store(std::shared_ptr<pg_backend> b)
        : b_(std::move(b)), listener_(b_->endpoint, b_->statements.state_channel) {}

    task<result<std::optional<state_record>>> load(std::string key) override {
        auto op = b_->pool->run<std::optional<state_record>>(
            [b = b_.get(), key = std::move(key)](pg_connection& c) {
                return pg_load_state(c, b->statements, key);
            });
        co_return co_await std::move(op);
    }

    task<result<>> save(state_record& record) override {
        auto text = serialized_state(record); // the size cap, on the caller's thread before the hop
        if (!text)
            co_return text.error();
        auto op = b_->pool->run<std::int64_t>([b = b_.get(), key = record.key, value = std::move(*text),
                                               revision = record.revision](pg_connection& c) {
            return pg_save_state(c, b->statements, key, value, revision);
        });
        auto saved = co_await std::move(op);
        if (!saved)
            co_return saved.error();
        record.revision = *saved;
        co_return result<>{};
    }

    std::shared_ptr<void> watch(watcher changed) override { return listener_.watch(std::move(changed)); }

private:
    std::shared_ptr<pg_backend> b_;
    pg_listener listener_;
};

} // namespace

std::shared_ptr<state_store> make_postgres_state_store(std::shared_ptr<pg_backend> b) {
    return std::make_shared<postgres_state_store>(std::move(b));
}

} // namespace mcp::storage::detail
