// pg_pool: the private threads that run the PostgreSQL stores' operations, each thread owning one connection
// (internal to storage/postgres; the design note is in postgres_store.hpp).
//
//   coroutine on its executor --run(fn)--> queue --> worker thread (owns one pg_connection)
//          ^                                            | alive? else reconnect (hold-off after a failure)
//          |                                            | the schema set up once per pool (setup)
//          +--- post(result) to that executor <-------- fn(connection): one statement or one transaction
//
// An operation is a plain function of the connection returning result<T>; it runs whole on one worker, so a
// transaction never spans two operations. Nothing here throws to the caller: a function that throws completes
// with errc::unavailable as a connection that cannot be made does (both named in the message).
#pragma once

#include <mcp/core/task.hpp>
#include <mcp/storage/postgres/pg_connection.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace mcp::storage::detail {

struct pg_pool_options {
    pg_endpoint endpoint;
    std::size_t threads = 4;
    // Runs on the first connection that works, until it succeeds once (schema creation or verification).
    std::function<result<>(pg_connection&)> setup;
};

class pg_pool {
public:
    explicit pg_pool(pg_pool_options options);
    // Joins the workers (an operation in progress finishes first); operations still queued fail.
    ~pg_pool();
    pg_pool(pg_pool const&) = delete;
    pg_pool& operator=(pg_pool const&) = delete;

    // Runs fn(pg_connection&) -> result<T> on a worker and resumes the awaiting coroutine on its own executor
    // with the result. Suspends; callable from any thread. fn runs again (up to three times) after a deadlock
    // or serialization failure, so it must be one statement or one transaction.
    template <class T, class Fn>
    task<result<T>> run(Fn fn) {
        return boost::asio::async_initiate<boost::asio::use_awaitable_t<> const, void(result<T>)>(
            start<T>{this}, boost::asio::use_awaitable, std::move(fn));
    }

    // The same, blocking the calling thread until done (start-up only: never on an I/O thread).
    template <class T, class Fn>
    result<T> run_blocking(Fn fn) {
        std::promise<result<T>> done;
        auto answer = done.get_future();
        submit(std::make_unique<job_for<T, Fn, fulfil<T>>>(std::move(fn), fulfil<T>{std::move(done)}));
        return answer.get();
    }

private:
    struct job {
        virtual ~job() = default;
        virtual void execute(pg_connection& c) = 0;
        virtual void fail(error e) = 0;
    };

    template <class T, class Fn, class Done>
    class job_for final : public job {
    public:
        job_for(Fn fn, Done done) : fn_(std::move(fn)), done_(std::move(done)) {}
        void execute(pg_connection& c) override {
            try {
                (void)c.take_retryable();
                result<T> r = fn_(c);
                for (int again = 0; !r && c.take_retryable() && again < 3; ++again)
                    r = fn_(c);
                done_(std::move(r));
            } catch (std::exception const& e) {
                fail(error(errc::unavailable,
                           std::string("PostgreSQL store: unexpected failure: ") + e.what()));
            }
        }
        void fail(error e) override { done_(result<T>(boost::system::in_place_error, std::move(e))); }

    private:
        Fn fn_;
        Done done_;
    };

    // Completes an awaiting coroutine: the result goes to the handler's executor, which is kept busy (so its
    // io_context does not run out of work) until then.
    template <class Handler>
    class post_to {
    public:
        explicit post_to(Handler h) : work_(boost::asio::make_work_guard(h)), handler_(std::move(h)) {}
        template <class R>
        void operator()(R r) {
            auto ex = work_.get_executor();
            boost::asio::post(
                ex, [h = std::move(handler_), r = std::move(r)]() mutable { std::move(h)(std::move(r)); });
            work_.reset();
        }

    private:
        boost::asio::executor_work_guard<boost::asio::associated_executor_t<Handler>> work_;
        Handler handler_;
    };

    template <class T>
    struct fulfil {
        std::promise<result<T>> promise;
        void operator()(result<T> r) { promise.set_value(std::move(r)); }
    };

    template <class T>
    struct start {
        pg_pool* pool;
        template <class Handler, class Fn>
        void operator()(Handler h, Fn fn) const {
            pool->submit(std::make_unique<job_for<T, Fn, post_to<Handler>>>(std::move(fn),
                                                                            post_to<Handler>(std::move(h))));
        }
    };

    void submit(std::unique_ptr<job> j);
    std::unique_ptr<job> next();
    void work();
    result<> ready(pg_connection& c);
    result<> reconnect(pg_connection& c);

    pg_pool_options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::unique_ptr<job>> queue_;                             // guarded by mutex_
    bool stopping_ = false;                                              // guarded by mutex_
    std::optional<std::pair<pg_clock::time_point, error>> last_failure_; // guarded by mutex_
    std::atomic<bool> set_up_{false};
    std::vector<std::thread> workers_;
};

} // namespace mcp::storage::detail
