#include "conversation.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>

namespace mcp::testing {

std::optional<boost::json::object> recorder::pop() {
    std::lock_guard lock(mutex_);
    if (messages_.empty()) return std::nullopt;
    auto m = std::move(messages_.front());
    messages_.pop_front();
    return m;
}

std::size_t recorder::size() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
}

namespace {

// Replies go to the same recorder as notifications, in the order they are produced (as stdio would write them).
task<> deliver(std::shared_ptr<session> s, std::shared_ptr<recorder> out, protocol::message msg,
               request_metadata metadata) {
    if (auto reply = co_await s->handle(std::move(msg), std::move(metadata))) out->send(std::move(*reply), {});
}

} // namespace

conversation::conversation(server& srv, std::optional<std::string> id)
    : out_(std::make_shared<recorder>()),
      session_(srv.open_session(boost::asio::make_strand(io_), out_, std::move(id))) {}

void conversation::send(std::string_view json_text, request_metadata metadata) {
    auto msg = protocol::parse_message(json_text);
    if (!msg) {
        boost::system::error_code ec;
        auto v = boost::json::parse(json_text, ec);
        out_->send(protocol::make_error_response(ec ? std::nullopt : protocol::salvage_id(v), msg.error()), {});
        return;
    }
    boost::asio::co_spawn(session_->executor(), deliver(session_, out_, std::move(*msg), std::move(metadata)),
                          boost::asio::detached);
    settle();
}

void conversation::settle() {
    // Blocking handlers run on the server's pool and come back later: give them a moment to finish.
    for (int quiet_rounds = 0; quiet_rounds < 3;) {
        io_.restart();
        quiet_rounds = io_.poll() == 0 ? quiet_rounds + 1 : 0;
        if (quiet_rounds) io_.run_for(std::chrono::milliseconds(2));
    }
}

void conversation::wait(int ms) {
    io_.restart();
    io_.run_for(std::chrono::milliseconds(ms));
    settle();
}

namespace {

// A "<=name>" placeholder's name, or empty.
std::string_view capture_name(boost::json::value const& expected) {
    if (!expected.is_string()) return {};
    std::string_view s = expected.as_string();
    if (s.size() < 4 || !s.starts_with("<=") || !s.ends_with(">")) return {};
    return s.substr(2, s.size() - 3);
}

} // namespace

std::string substitute(std::string text, captures const& kept) {
    for (auto const& [name, value] : kept) {
        auto placeholder = "<=" + name + ">";
        for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    return text;
}

bool matches(boost::json::value const& expected, boost::json::value const& actual, std::string& why,
             std::string const& path, captures* kept) {
    if (expected.is_string() && expected.as_string() == "<any>") return true;
    if (auto name = capture_name(expected); kept && !name.empty() && actual.is_string()) {
        auto [it, fresh] = kept->try_emplace(std::string(name), std::string(actual.as_string()));
        if (fresh || it->second == actual.as_string()) return true;
        why = path + ": expected " + it->first + " = " + it->second + ", got " + boost::json::serialize(actual);
        return false;
    }
    if (expected.kind() != actual.kind() && !(expected.is_number() && actual.is_number())) {
        why = path + ": expected " + boost::json::serialize(expected) + ", got " + boost::json::serialize(actual);
        return false;
    }
    if (expected.is_object()) {
        auto const& e = expected.as_object();
        auto const& a = actual.as_object();
        for (auto const& [k, v] : e) {
            auto const* av = a.if_contains(k);
            if (!av) return why = path + "." + std::string(k) + ": missing", false;
            if (!matches(v, *av, why, path + "." + std::string(k), kept)) return false;
        }
        for (auto const& [k, v] : a)
            if (!e.contains(k)) return why = path + "." + std::string(k) + ": unexpected " + boost::json::serialize(v), false;
        return true;
    }
    if (expected.is_array()) {
        auto const& e = expected.as_array();
        auto const& a = actual.as_array();
        if (e.size() != a.size())
            return why = path + ": expected " + std::to_string(e.size()) + " items, got " + boost::json::serialize(a), false;
        for (std::size_t i = 0; i < e.size(); ++i)
            if (!matches(e[i], a[i], why, path + "[" + std::to_string(i) + "]", kept)) return false;
        return true;
    }
    if (expected.is_number()) {
        if (boost::json::value_to<double>(expected) == boost::json::value_to<double>(actual)) return true;
        return why = path + ": expected " + boost::json::serialize(expected) + ", got " + boost::json::serialize(actual), false;
    }
    if (expected == actual) return true;
    why = path + ": expected " + boost::json::serialize(expected) + ", got " + boost::json::serialize(actual);
    return false;
}

} // namespace mcp::testing
