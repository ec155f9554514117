// One invocation on its way through the emulator: the event the front built, and the mailbox through which
// the copy that runs it hands the response back, piece by piece, to the front that relays it to the HTTP
// client.
//
//   front --submit--> pool queue --> copy (Runtime API /next) --deliver(part)--> invocation --next()--> front
//
// Invariants
// - Everything runs on the emulator's single I/O thread; no locks.
// - Exactly one terminal part (whole, end or abort) is delivered; later deliveries are dropped, so a copy
// that
//   dies after its function answered, or a late answer after a timeout, changes nothing.
// - A head part always comes before data, end and abort parts; whole never follows a head.
// - The producer waits in room() while more than `max_buffered` body bytes wait for the front (backpressure
// on a
//   fast function and a slow client); abandon() (the front gave up) releases it and drops further parts.
#pragma once

#include <lambda_emulator/responses.hpp>

#include <mcp/core/task.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>

namespace lambda_emulator {

struct part {
    enum class kind {
        whole, // a complete buffered response (or the gateway's error answer)
        head,  // status and headers of a streamed response
        data,  // body bytes of a streamed response
        end,   // the streamed response is complete
        abort, // the streamed response failed after its head: the client's stream is cut
    };
    kind k = kind::whole;
    http_answer answer; // whole, head
    std::string bytes;  // data
};

class invocation {
public:
    invocation(boost::asio::any_io_executor ex, std::string id, std::string event);

    std::string const& id() const { return id_; }
    std::string const& event() const { return event_; }
    std::chrono::steady_clock::time_point created() const { return created_; }

    // Producer (the copy). Never suspends.
    void deliver(part p);
    // A failure: the gateway's error answer, or abort when the head has gone out already.
    void fail(event_format f, gateway_failure why);
    bool finished() const { return terminal_; }
    bool head_sent() const { return head_sent_; }
    // Suspends while too many body bytes wait for the front.
    mcp::task<> room();

    // Consumer (the front). Suspends until a part is there.
    mcp::task<part> next();
    // The front will read no more: wakes and releases the producer, drops further parts.
    void abandon();

    static constexpr std::size_t max_buffered = 1024 * 1024;

private:
    std::string id_;
    std::string event_;
    std::chrono::steady_clock::time_point created_;
    std::deque<part> parts_;
    std::size_t buffered_ = 0;
    bool terminal_ = false;
    bool head_sent_ = false;
    bool abandoned_ = false;
    boost::asio::steady_timer consumer_wake_;
    boost::asio::steady_timer producer_wake_;
};

} // namespace lambda_emulator
