// exchange_account: what the streamable handler notes about one exchange with its MCP endpoint, for
// operators: the request line (server/request_line.hpp), the wire trace (wire_trace.hpp) and the metrics
// (metrics.hpp). It watches the exchange from outside, through observed_writer, so the transport's code stays
// as it is and every front door (the listener, Lambda, in-process tests) is accounted alike.
//
//   streamable::handle --open()--> exchange_account <--answered/started/wrote-- observed_writer --> the front
//                                  |  close(): the line, the counters              door's response_writer
//
// Cost: nothing is opened when the log is above info, the trace is off and there are no metrics (one level
// check per exchange). Open, the request's envelope is glanced at once (message_peek.hpp: no second parse),
// and a POST's answer is glanced at for its error code; text is formatted only for the sinks that are on.
// Ownership: both live in the handler's frame for the whole exchange; the account outlives the writer's use.
#pragma once

#include <mcp/http/exchange.hpp>
#include <mcp/http/metrics.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace mcp::http {

class exchange_account {
public:
    // The sinks an account writes to now; none (null metrics, no line, no trace) means no account.
    struct sinks {
        metrics* counters = nullptr;
        bool lines = false;
        bool trace = false;
        bool any() const { return counters || lines || trace; }
    };
    static sinks wanted(metrics* counters);

    // Reads what the line needs from `req` before the handler takes it.
    exchange_account(request const& req, sinks to);
    exchange_account(exchange_account const&) = delete;
    exchange_account& operator=(exchange_account const&) = delete;

    void answered(int status, headers const& h, std::string_view body); // respond()
    void started(int status, headers const& h);                         // start()
    void wrote(std::string_view bytes);                                 // write()
    // The exchange is over (the handler returned, or threw: then a 500 unless something was answered).
    void close(bool threw = false);

private:
    void note_answer(int status, headers const& h);
    void note_error_in(std::string_view message);

    sinks to_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::uint64_t serial_ = 0; // for the trace lines of one exchange
    std::string http_method_;
    std::string method_;  // lines only
    std::string subject_; // lines only
    std::string session_; // its first 8 characters, lines only
    std::size_t metric_method_;
    bool post_ = false;
    bool streamed_ = false;
    int status_ = 0;
    std::optional<std::int64_t> error_;
};

// A response_writer that shows the exchange to its account, then passes every call on to `next`.
class observed_writer final : public response_writer {
public:
    observed_writer(response_writer& next, exchange_account& account) : next_(next), account_(account) {}

    task<> respond(int status, headers h, std::string body) override;
    task<> start(int status, headers h) override;
    task<bool> write(std::string bytes) override;
    task<> finish() override { return next_.finish(); }
    bool client_gone() const override { return next_.client_gone(); }

private:
    response_writer& next_;
    exchange_account& account_;
};

} // namespace mcp::http
