#include <lambda_emulator/copy.hpp>

#include <lambda_emulator/freeze.hpp>
#include <lambda_emulator/log.hpp>
#include <lambda_emulator/stream_relay.hpp>
#include <lambda_emulator/text.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <map>

namespace lambda_emulator {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using clock = std::chrono::steady_clock;

// "Root=1-5e6a9b2e-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0", an X-Ray trace header.
std::string trace_header() {
    char epoch[16];
    std::snprintf(epoch, sizeof epoch, "%08lx", static_cast<unsigned long>(std::time(nullptr)));
    return "Root=1-" + std::string(epoch) + "-" + random_hex(24) + ";Parent=" + random_hex(16) + ";Sampled=0";
}

// "2026/11/28/[$LATEST]0123456789abcdef0123456789abcdef", a log stream name as Lambda makes them.
std::string log_stream_name() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char day[16];
    std::strftime(day, sizeof day, "%Y/%m/%d", &utc);
    return std::string(day) + "/[$LATEST]" + random_hex(32);
}

double ms_since(clock::time_point t) {
    return std::chrono::duration<double, std::milli>(clock::now() - t).count();
}

} // namespace

std::string_view state_name(copy::state s) {
    switch (s) {
    case copy::state::cold:
        return "cold";
    case copy::state::starting:
        return "starting";
    case copy::state::ready:
        return "ready";
    case copy::state::busy:
        return "busy";
    case copy::state::answered:
        return "answered";
    }
    return "unknown";
}

copy::copy(asio::any_io_executor ex, std::size_t index, function_spec const& spec, copy_observer& observer)
    : ex_(ex), index_(index), label_("copy " + std::to_string(index)), spec_(spec), observer_(observer),
      deadline_(ex), next_wake_(ex) {}

copy::~copy() {
    if (server_)
        server_->close();
}

std::vector<std::string> copy::environment(unsigned short runtime_port) const {
    std::map<std::string, std::string> env{{"AWS_LAMBDA_LOG_STREAM_NAME", log_stream_name()}};
    for (auto const& [k, v] : spec_.env)
        env[k] = v;
    env["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:" + std::to_string(runtime_port);
    std::vector<std::string> out;
    for (auto const& [k, v] : env)
        out.push_back(k + "=" + v);
    return out;
}

void copy::start() {
    if (state_ != state::cold)
        return;
    try {
        server_ = std::make_unique<runtime_server>(ex_, *this);
        process_ =
            std::make_unique<process>(ex_, process_spec{spec_.command, environment(server_->port()), label_});
    } catch (std::exception const& e) {
        log::error("{}: cannot start {}: {}", label_, spec_.command.front(), e.what());
        server_.reset();
        process_.reset();
        observer_.init_failed(index_);
        return;
    }
    state_ = state::starting;
    ++starts_;
    served_ = 0;
    init_ms_.reset();
    cold_start_ms_.reset();
    rss_after_first_kib_.reset();
    log::info("{}: started pid {} (Runtime API 127.0.0.1:{})", label_, process_->pid(), server_->port());
}

void copy::assign(std::shared_ptr<invocation> inv) {
    apply_freeze(false); // before the waiter wakes: the /next answer goes to a running process
    auto deadline = std::chrono::system_clock::now() + spec_.timeout;
    current_ = inv;
    current_answered_ = false;
    state_ = state::busy;
    handed_ =
        next_invocation{inv->id(), epoch_ms(deadline), spec_.function_arn, trace_header(), inv->event()};
    deadline_.expires_after(spec_.timeout);
    deadline_.async_wait([this, inv](boost::system::error_code ec) {
        if (!ec)
            on_deadline(inv);
    });
    log::debug("{}: invocation {} assigned", label_, inv->id());
    next_wake_.cancel();
}

void copy::on_deadline(std::shared_ptr<invocation> const& inv) {
    if (current_ != inv || current_answered_)
        return;
    log::warn("{}: invocation {} timed out after {} s: 504, and the copy is killed", label_, inv->id(),
              spec_.timeout.count());
    inv->fail(spec_.format, gateway_failure::timeout);
    kill(SIGKILL, "timeout");
}

void copy::wake_waiter() {
    ++waiter_seq_;
    handed_.reset();
    next_wake_.cancel();
}

void copy::lose_process(std::string const& why) {
    frozen_ = false; // kill() resumed it, or it is gone
    if (current_ && !current_answered_ && !current_->finished()) {
        log::error("{}: invocation {} failed: {}: 502", label_, current_->id(), why);
        current_->fail(spec_.format, gateway_failure::bad_gateway);
    }
    current_.reset();
    deadline_.cancel();
    if (server_)
        server_->close();
    server_.reset();
    wake_waiter();
    state_ = state::cold;
}

void copy::kill(int sig, std::string const& why) {
    if (!process_)
        return;
    log::info("{}: stopping pid {} ({})", label_, process_->pid(), why);
    apply_freeze(false); // stopped, it could not run a SIGTERM handler before the SIGKILL after the grace
    process_->signal(sig);
    dying_.push_back(std::move(process_));
    lose_process("the copy was stopped (" + why + ")");
}

void copy::kill_stragglers() {
    for (auto const& p : dying_)
        p->signal(SIGKILL);
}

bool copy::reap(pid_t pid, int wait_status) {
    for (auto it = dying_.begin(); it != dying_.end(); ++it) {
        if ((*it)->pid() == pid) {
            (*it)->reaped();
            log::debug("{}: pid {} ended: {}", label_, pid, describe_exit(wait_status));
            dying_.erase(it);
            return true;
        }
    }
    if (!process_ || process_->pid() != pid)
        return false;
    process_->reaped();
    bool before_first_next = state_ == state::starting;
    auto why = "the process exited (" + describe_exit(wait_status) + ")";
    log::warn("{}: pid {} exited: {}", label_, pid, describe_exit(wait_status));
    process_.reset();
    lose_process(why);
    if (before_first_next)
        observer_.init_failed(index_);
    observer_.changed();
    return true;
}

mcp::task<std::optional<next_invocation>> copy::next() {
    if (current_ && !current_answered_) {
        log::error("{}: the runtime asked for the next invocation without answering {}: 502", label_,
                   current_->id());
        current_->fail(spec_.format, gateway_failure::bad_gateway);
    }
    current_.reset();
    deadline_.cancel();
    if (state_ == state::starting && process_ && !init_ms_)
        init_ms_ = ms_since(process_->started());
    auto me = ++waiter_seq_; // a previous /next still waiting gives up (its connection closes)
    handed_.reset();
    next_wake_.cancel();
    state_ = state::ready;
    ready_since_ = clock::now();
    observer_.changed(); // may assign() at once
    apply_freeze(state_ == state::ready && waiter_seq_ == me && !handed_);
    while (!handed_ && waiter_seq_ == me) {
        next_wake_.expires_at(asio::steady_timer::time_point::max());
        co_await next_wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (waiter_seq_ != me || !handed_)
        co_return std::nullopt;
    auto out = std::move(handed_);
    handed_.reset();
    co_return out;
}

void copy::undelivered(std::string const& id) {
    if (!current_ || current_->id() != id || current_answered_)
        return;
    log::warn("{}: invocation {} could not be handed to the runtime; it goes back to the queue", label_, id);
    auto inv = std::move(current_);
    deadline_.cancel();
    state_ = state::starting;
    observer_.requeue(std::move(inv));
}

id_check copy::check(std::string_view id) {
    if (!current_ || current_->id() != id)
        return id_check::unknown;
    return current_answered_ ? id_check::answered : id_check::ok;
}

void copy::respond(std::string_view id, std::string payload) {
    if (check(id) != id_check::ok)
        return;
    auto inv = current_;
    if (auto answer = decode_buffered(spec_.format, payload)) {
        inv->deliver({part::kind::whole, std::move(*answer), {}});
    } else {
        log::error("{}: invocation {}: the response is not a valid {} response: 502: {}", label_, inv->id(),
                   format_name(spec_.format), payload.substr(0, 300));
        inv->fail(spec_.format, gateway_failure::bad_gateway);
    }
    answered(inv);
}

std::unique_ptr<response_stream> copy::stream(std::string_view /*id*/, std::string content_type) {
    // check() passed just before; the relay holds the invocation itself, so a later restart cannot confuse
    // it.
    return std::make_unique<stream_relay>(*this, current_, std::move(content_type));
}

void copy::invocation_error(std::string_view id, std::string error_type, std::string body) {
    if (check(id) != id_check::ok)
        return;
    auto inv = current_;
    log::error("{}: invocation {} failed: {}: 502", label_, inv->id(),
               describe_function_error(error_type, body));
    inv->fail(spec_.format, gateway_failure::bad_gateway);
    answered(inv);
}

void copy::payload_too_large(std::string_view id) {
    if (check(id) != id_check::ok)
        return;
    auto inv = current_;
    log::error("{}: invocation {}: the response is larger than {} bytes: 502", label_, inv->id(),
               runtime_server::max_buffered_payload);
    inv->fail(spec_.format, gateway_failure::bad_gateway);
    answered(inv);
}

void copy::init_error(std::string error_type, std::string body) {
    log::error("{}: init error: {}; the copy restarts on its next invocation", label_,
               describe_function_error(error_type, body));
    bool before_first_next = state_ == state::starting;
    kill(SIGKILL, "init error");
    if (before_first_next)
        observer_.init_failed(index_);
    observer_.changed();
}

void copy::answered(std::shared_ptr<invocation> const& inv) {
    if (current_ != inv || current_answered_)
        return;
    current_answered_ = true;
    deadline_.cancel();
    state_ = state::answered;
    ++served_;
    ++served_total_;
    if (served_ == 1 && process_) {
        cold_start_ms_ = ms_since(process_->started());
        rss_after_first_kib_ = resident_kib(process_->pid());
    }
}

// The one place that sends SIGSTOP and SIGCONT; freeze_action_for() decides (freeze.hpp).
void copy::apply_freeze(bool parked) {
    if (!process_)
        return;
    auto action = freeze_action_for({.enabled = spec_.freeze, .parked = parked, .frozen = frozen_});
    if (action == freeze_action::none)
        return;
    frozen_ = action == freeze_action::stop;
    process_->signal(frozen_ ? SIGSTOP : SIGCONT);
    log::debug("{}: pid {} {}", label_, process_->pid(),
               frozen_ ? "frozen (waits in /next with nothing to do)" : "thawed");
}

boost::json::object copy::stats() const {
    json::object o{{"copy", index_},
                   {"state", state_name(state_)},
                   {"pid", nullptr},
                   {"runtimeApi", nullptr},
                   {"starts", starts_},
                   {"invocations", served_},
                   {"invocationsTotal", served_total_},
                   {"initMs", nullptr},
                   {"coldStartMs", nullptr},
                   {"rssKiB", nullptr},
                   {"rssAfterFirstInvocationKiB", nullptr}};
    o["frozen"] = frozen_;
    if (process_) {
        o["pid"] = process_->pid();
        if (auto rss = resident_kib(process_->pid()))
            o["rssKiB"] = *rss;
    }
    if (server_)
        o["runtimeApi"] = "127.0.0.1:" + std::to_string(server_->port());
    if (init_ms_)
        o["initMs"] = *init_ms_;
    if (cold_start_ms_)
        o["coldStartMs"] = *cold_start_ms_;
    if (rss_after_first_kib_)
        o["rssAfterFirstInvocationKiB"] = *rss_after_first_kib_;
    return o;
}

} // namespace lambda_emulator
