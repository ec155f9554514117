#include <mcp/http/http_session.hpp>

#include <mcp/core/log.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include <random>
#include <utility>

namespace mcp::http {

std::string new_stream_id() {
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937_64 rng(std::random_device{}());
    std::string id(10, 'a');
    for (auto& c : id)
        c = alphabet[rng() % 36];
    return id;
}

// The session's outbound. Called from handlers (on the strand) or from the blocking pool (off it): messages
// sent on the strand are routed at once, others are posted, so a request's notifications always precede its
// response.
class http_session::router : public outbound {
public:
    explicit router(session_strand strand) : strand_(std::move(strand)) {}
    void bind(std::weak_ptr<http_session> s) { session_ = std::move(s); }

    void send(boost::json::object message, std::optional<protocol::request_id> const& related) override {
        if (strand_.running_in_this_thread()) {
            if (auto s = session_.lock())
                s->route(std::move(message), related);
            return;
        }
        boost::asio::post(strand_, [weak = session_, m = std::move(message), related]() mutable {
            if (auto s = weak.lock())
                s->route(std::move(m), related);
        });
    }

private:
    session_strand strand_;
    std::weak_ptr<http_session> session_;
};

namespace {

// Where this copy of a session starts numbering its requests: random, so that copies on other processes (or
// before a restart) do not reuse ids, and below 2^52 so that ids stay exact in every JSON implementation.
std::int64_t random_request_base() {
    thread_local std::mt19937_64 rng(std::random_device{}());
    return static_cast<std::int64_t>(rng() % (std::uint64_t(1) << 52)) + 1;
}

} // namespace

http_session::http_session(server& srv, boost::asio::any_io_executor executor,
                           std::shared_ptr<storage::event_store> events, std::optional<std::string> id,
                           std::chrono::milliseconds reply_poll, std::chrono::milliseconds reply_poll_max)
    : strand_(make_io_strand(executor)), events_(std::move(events)),
      router_(std::make_shared<router>(strand_)), core_(srv.open_session(strand_, router_, std::move(id))),
      relay_(reply_poll.count() > 0
                 ? std::make_shared<reply_relay>(events_, core_->id(), strand_, reply_poll, reply_poll_max)
                 : nullptr) {
    core_->number_requests_from(random_request_base());
}

std::shared_ptr<http_session> http_session::create(server& srv, boost::asio::any_io_executor executor,
                                                   std::shared_ptr<storage::event_store> events,
                                                   std::optional<std::string> id,
                                                   std::chrono::milliseconds reply_poll,
                                                   std::chrono::milliseconds reply_poll_max) {
    auto s = std::shared_ptr<http_session>(new http_session(srv, std::move(executor), std::move(events),
                                                            std::move(id), reply_poll, reply_poll_max));
    s->router_->bind(s);
    return s;
}

void http_session::route(boost::json::object message, std::optional<protocol::request_id> const& related) {
    if (relay_)
        relay_->watch(message, core_);
    if (related) {
        auto it = post_streams_.find(protocol::to_string(*related));
        if (it != post_streams_.end()) {
            auto& post = it->second;
            if (!post.stream)
                open_deferred(post, false);
            return post.stream->push(std::move(message));
        }
    }
    // Stored even with no GET open here: the client may listen on another process, or resume later.
    auto stream = standalone();
    if (!stream->closed())
        ++unstored_; // the drainer counts it down once stored (or dropped: the session ended)
    stream->push(std::move(message));
}

std::shared_ptr<sse_stream> http_session::new_post_stream() {
    auto stream = std::make_shared<sse_stream>(new_stream_id(), strand_);
    streams_[stream->id()] = stream;
    return stream;
}

std::shared_ptr<sse_stream> http_session::open_post_stream(protocol::request_id const& request) {
    auto stream = new_post_stream();
    post_streams_[protocol::to_string(request)] = {stream, nullptr};
    return stream;
}

void http_session::defer_post_stream(protocol::request_id const& request, stream_opened opened) {
    post_streams_[protocol::to_string(request)] = {nullptr, std::move(opened)};
}

void http_session::open_deferred(post_stream& post, bool closed) {
    post.stream = new_post_stream();
    if (closed)
        post.stream->close();
    std::exchange(post.opened, nullptr)(post.stream);
}

bool http_session::has_post_stream(protocol::request_id const& request) const {
    return post_streams_.contains(protocol::to_string(request));
}

void http_session::close_post_stream(protocol::request_id const& request) {
    auto it = post_streams_.find(protocol::to_string(request));
    if (it == post_streams_.end())
        return;
    // Forgotten here (a long session would keep one entry per call); a later resume reads the event store.
    if (it->second.stream)
        streams_.erase(it->second.stream->id());
    post_streams_.erase(it);
}

std::shared_ptr<sse_stream> http_session::standalone() {
    if (!standalone_) {
        standalone_ = std::make_shared<sse_stream>(std::string(listen_stream), strand_);
        streams_[standalone_->id()] = standalone_;
        boost::asio::co_spawn(strand_, drain(shared_from_this(), standalone_), boost::asio::detached);
    }
    return standalone_;
}

std::shared_ptr<sse_stream> http_session::find_stream(std::string const& id) const {
    auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : it->second.lock();
}

task<std::optional<storage::stored_event>> http_session::store(sse_stream& stream,
                                                               boost::json::object const& message) {
    auto data = boost::json::serialize(message);
    auto sequence = co_await events_->append(id(), stream.id(), data);
    if (!sequence) {
        log::error("session {}: cannot store an event of stream {}: {}", id(), stream.id(),
                   sequence.error().message());
        co_return std::nullopt;
    }
    storage::stored_event e{*sequence, std::move(data)};
    stream.stored(e);
    co_return e;
}

task<> http_session::drain(std::shared_ptr<http_session> self, std::shared_ptr<sse_stream> stream) {
    while (auto item = co_await stream->next()) {
        if (!self->stop_storing_)
            co_await self->store(*stream, item->message);
        --self->unstored_;
    }
    stream->finish();
}

void http_session::close_standalone() {
    if (standalone_)
        standalone_->close();
}

void http_session::close_all() {
    for (auto& [key, post] : post_streams_) {
        if (post.stream)
            post.stream->close();
        else
            open_deferred(post, true); // its answer ends now, not when the request notices its cancellation
    }
    if (standalone_)
        standalone_->close();
}

} // namespace mcp::http
