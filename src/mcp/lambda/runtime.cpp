// The invocation loop (runtime.hpp): one container's life, from init to the Runtime API going away.
#include <mcp/lambda/runtime.hpp>

#include <mcp/lambda/events.hpp>
#include <mcp/lambda/runtime_client.hpp>
#include <mcp/lambda/writers.hpp>
#include <mcp/core/log.hpp>
#include <mcp/core/process_loop.hpp>
#include <mcp/core/strand.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdlib>

namespace mcp::lambda {

namespace asio = boost::asio;

namespace {

// What a container keeps between invocations.
struct container {
    server& srv;
    lambda_options options;
    asio::any_io_executor executor;
    runtime_client runtime;
    std::unique_ptr<http::streamable> handler;
};

std::string rpc_error(int code, std::string const& message) {
    return boost::json::serialize(boost::json::object{
        {"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", code}, {"message", message}}}});
}

// Removes the client's headers that would pose as the loop's own metadata, then adds the loop's as trusted
// metadata (the streamable handler drops reserved names from client headers too).
void add_invocation_metadata(http::request& r, runtime_invocation const& inv) {
    http::headers kept;
    for (auto const& [name, value] : r.headers.fields())
        if (!name.starts_with("x-lambda-"))
            kept.add(name, value);
    r.headers = std::move(kept);
    auto deadline_ms = std::chrono::duration_cast<std::chrono::milliseconds>(inv.deadline.time_since_epoch());
    r.trusted.set("x-lambda-request-id", inv.request_id);
    r.trusted.set("x-lambda-deadline-ms", std::to_string(deadline_ms.count()));
    if (!inv.trace_id.empty())
        r.trusted.set("x-lambda-trace-id", inv.trace_id);
    if (!inv.function_arn.empty())
        r.trusted.set("x-lambda-function-arn", inv.function_arn);
}

// The CORS headers the handler gives an answer to this request. The loop's own answers (405, 500, 504) carry
// them too: without them a browser client sees a network error instead of the status (Fetch standard, CORS
// check).
http::headers cors_of(container const& c, http_event const& e) {
    return http::cors_response_headers(c.options.mcp.cors, e.request.headers.get("origin"));
}

// An error answer with `headers` (the request's CORS headers); named locals around co_await (g++ 12
// mishandles braced temporaries in coroutines).
task<> respond_error(http::response_writer& w, http::headers headers, int status, int code,
                     std::string message) {
    headers.set("content-type", "application/json");
    auto body = rpc_error(code, message);
    co_await w.respond(status, std::move(headers), std::move(body));
}

// After the request's deadline, how long a handler may take to wind down before the invocation gives up on
// it.
constexpr auto watchdog_slack = std::chrono::milliseconds(300);

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

// One run of the handler that an invocation may give up on. Everything here happens on `strand`.
struct handler_run {
    explicit handler_run(asio::any_io_executor ex) : strand(make_io_strand(ex)), watchdog(strand) {}
    io_strand strand;
    asio::steady_timer watchdog;
    bool done = false;
    std::exception_ptr failure;
};

// Runs on run->strand; owns the writer for as long as the handler may use it.
task<> run_handler(http::streamable& h, http::request req, std::shared_ptr<http::response_writer> out,
                   std::shared_ptr<handler_run> run, asio::any_io_executor ex) {
    auto [failure] =
        co_await asio::co_spawn(ex, h.handle(std::move(req), *out), asio::as_tuple(asio::use_awaitable));
    run->failure = failure;
    run->done = true;
    run->watchdog.cancel();
}

// Runs on run->strand: true when the handler finished before the watchdog.
task<bool> finished_in_time(std::shared_ptr<handler_run> run) {
    if (!run->done)
        co_await run->watchdog.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return run->done;
}

// Runs the handler; its exception comes back as a value. The request's deadline ends SSE streams at `until`;
// a handler still busy a moment later (a slow or throttled store) is given up on: nullopt, and it goes on
// alone with `out`, which the caller abandons.
task<std::optional<std::exception_ptr>> handle_until(http::streamable& h, http::request req,
                                                     std::shared_ptr<http::response_writer> out,
                                                     std::chrono::system_clock::time_point until) {
    auto left = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        until - std::chrono::system_clock::now());
    req.deadline = std::chrono::steady_clock::now() + left;
    auto ex = co_await asio::this_coro::executor;
    auto run = std::make_shared<handler_run>(ex);
    run->watchdog.expires_after(left + watchdog_slack);
    asio::co_spawn(run->strand, run_handler(h, std::move(req), std::move(out), run, ex), asio::detached);
    auto in_time = co_await asio::co_spawn(run->strand, finished_in_time(run), asio::use_awaitable);
    if (!in_time)
        co_return std::nullopt;
    co_return run->failure;
}

std::string describe(std::exception_ptr const& e) {
    try {
        std::rethrow_exception(e);
    } catch (std::exception const& x) {
        return x.what();
    } catch (...) {
        return "unknown exception";
    }
}

task<> serve_buffered(container& c, http_event e, runtime_invocation const& inv,
                      std::chrono::system_clock::time_point until) {
    auto w = std::make_shared<buffered_writer>();
    bool get = e.request.method == "GET" && path_of(e.request.target) == c.options.mcp.path;
    bool resume = get && e.request.headers.get("last-event-id");
    if (resume) {
        // A resume is answered with what the stream has stored so far, whole: a stream cut at an invocation's
        // deadline reaches the client this way, in as many GETs as it takes.
        until = std::chrono::system_clock::now();
    }
    if (get && !resume) {
        // 2025-11-25 basic/transports: a server that offers no GET stream answers 405.
        std::string message =
            "Method Not Allowed: this server runs in buffered mode and offers no SSE stream on GET";
        co_await respond_error(*w, cors_of(c, e), 405, protocol::code::invalid_request, std::move(message));
        w->add_header("allow", "POST, DELETE, OPTIONS");
    } else if (auto failure = co_await handle_until(*c.handler, e.request, w, until); !failure) {
        w->abandon();
        w = std::make_shared<buffered_writer>();
        log::error("invocation {}: the handler did not answer before the deadline", inv.request_id);
        std::string message = "The invocation reached its deadline before the response was ready";
        co_await respond_error(*w, cors_of(c, e), 504, protocol::code::internal_error, std::move(message));
    } else if (*failure) {
        log::error("invocation {}: the handler failed: {}", inv.request_id, describe(*failure));
        std::string message = "Internal error";
        co_await respond_error(*w, cors_of(c, e), 500, protocol::code::internal_error, std::move(message));
    } else if (!w->answered()) {
        std::string message = "The handler ended without an answer";
        co_await respond_error(*w, cors_of(c, e), 500, protocol::code::internal_error, std::move(message));
    }
    auto body = buffered_response(e, w->status(), w->headers(), w->body());
    if (auto sent = co_await c.runtime.respond(inv.request_id, std::move(body)); !sent)
        log::error("{}", sent.error().message());
}

// A preflight gets a body: a streamed response without one can leave the gateway waiting.
task<> preflight(container& c, http_event e, streaming_writer& w,
                 std::chrono::system_clock::time_point until) {
    auto answer = std::make_shared<buffered_writer>();
    auto handled = co_await handle_until(*c.handler, e.request, answer, until);
    if (!handled || *handled || !answer->answered()) {
        answer->abandon();
        std::string message = "The preflight was not answered";
        co_return co_await respond_error(w, cors_of(c, e), 500, protocol::code::internal_error,
                                         std::move(message));
    }
    int status = answer->status() == 204 ? 200 : answer->status();
    auto headers = answer->headers();
    auto body = answer->body().empty() ? std::string("ok") : answer->body();
    co_await w.respond(status, std::move(headers), std::move(body));
}

// Waits until the abandoned writer's write under way (if any) is over: the runtime client is ours again.
task<> settle(std::shared_ptr<streaming_writer> w) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    while (w->busy()) {
        t.expires_after(std::chrono::milliseconds(5));
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

// How the streamed invocation ends: the error trailers when its response failed after it started.
task<std::optional<failure>> stream_handler(container& c, http_event e, runtime_invocation const& inv,
                                            std::shared_ptr<streaming_writer> w,
                                            std::chrono::system_clock::time_point until) {
    auto handled = co_await handle_until(*c.handler, e.request, w, until);
    if (!handled) {
        w->abandon();
        co_await settle(w);
        log::error("invocation {}: the handler did not finish before the deadline", inv.request_id);
        if (w->started())
            co_return failure{"Function.Timeout",
                              "the response did not finish before the invocation's deadline"};
        std::string message = "The invocation reached its deadline before the response started";
        auto fresh = streaming_writer(c.runtime, inv.request_id);
        co_await respond_error(fresh, cors_of(c, e), 504, protocol::code::internal_error, std::move(message));
        co_return std::nullopt;
    }
    if (*handled) {
        log::error("invocation {}: the handler failed: {}", inv.request_id, describe(*handled));
        if (w->started())
            co_return failure{"Runtime.HandlerError",
                              "the response failed after it started: " + describe(*handled)};
        std::string message = "Internal error";
        co_await respond_error(*w, cors_of(c, e), 500, protocol::code::internal_error, std::move(message));
    } else if (!w->started() && !w->refused()) {
        std::string message = "The handler ended without an answer";
        co_await respond_error(*w, cors_of(c, e), 500, protocol::code::internal_error, std::move(message));
    }
    co_return std::nullopt;
}

task<> serve_streaming(container& c, http_event e, runtime_invocation const& inv,
                       std::chrono::system_clock::time_point until) {
    auto w = std::make_shared<streaming_writer>(c.runtime, inv.request_id);
    std::optional<failure> late;
    if (e.request.method == "OPTIONS")
        co_await preflight(c, std::move(e), *w, until);
    else
        late = co_await stream_handler(c, std::move(e), inv, w, until);
    if (w->refused()) { // the Runtime API would not take the stream: report the invocation as failed
        failure refused{"Runtime.StreamError", "the Runtime API refused the response stream"};
        if (auto failed = co_await c.runtime.fail(inv.request_id, std::move(refused)); !failed)
            log::error("{}", failed.error().message());
        co_return;
    }
    if (auto ended = co_await c.runtime.stream_end(std::move(late)); !ended)
        log::error("{}", ended.error().message());
}

// The invocation a log line belongs to, for as long as it runs. Its X-Ray trace id travels in the request's
// metadata (x-lambda-trace-id), not in _X_AMZN_TRACE_ID: setenv() while other threads read the environment (the
// I/O threads, any library calling getenv) is a data race that can crash the process.
struct invocation_scope {
    explicit invocation_scope(runtime_invocation const& inv) { log::set_request_id(inv.request_id); }
    ~invocation_scope() { log::set_request_id({}); }
    invocation_scope(invocation_scope const&) = delete;
    invocation_scope& operator=(invocation_scope const&) = delete;
};

task<> serve(container& c, runtime_invocation inv) {
    invocation_scope scope(inv);
    auto parsed = parse_invocation(inv.payload);
    if (!parsed) {
        log::error("invocation {}: {}", inv.request_id, parsed.error().message());
        failure unknown{"Runtime.UnknownEvent", parsed.error().message()};
        auto failed = co_await c.runtime.fail(inv.request_id, std::move(unknown));
        if (!failed)
            log::error("{}", failed.error().message());
        co_return;
    }
    if (std::holds_alternative<completion_notice>(*parsed)) {
        log::debug("invocation {}: streaming completion notice acknowledged", inv.request_id);
        std::string ack = "{}";
        if (auto acked = co_await c.runtime.respond(inv.request_id, std::move(ack)); !acked)
            log::error("{}", acked.error().message());
        co_return;
    }
    auto& e = std::get<http_event>(*parsed);
    add_invocation_metadata(e.request, inv);
    auto until = inv.deadline - c.options.deadline_margin;
    if (c.options.mode == response_mode::streaming)
        co_await serve_streaming(c, std::move(e), inv, until);
    else
        co_await serve_buffered(c, std::move(e), inv, until);
}

task<int> loop(container& c) {
    if (!c.options.configuration_error.empty()) {
        log::error("init: {}", c.options.configuration_error);
        failure init{"Runtime.InitError", c.options.configuration_error};
        co_await c.runtime.init_failed(std::move(init));
        co_return 1;
    }
    storage::stores stores;
    if (c.options.open_stores) {
        auto opened = co_await c.options.open_stores(c.executor);
        if (!opened) {
            log::error("init: the stores cannot be opened: {}", opened.error().message());
            failure init{"Runtime.InitError", opened.error().message()};
            co_await c.runtime.init_failed(std::move(init));
            co_return 1;
        }
        stores = std::move(*opened);
    }
    c.handler = std::make_unique<http::streamable>(c.srv, c.executor, c.options.mcp, std::move(stores));
    for (;;) {
        auto inv = co_await c.runtime.next();
        if (!inv) {
            log::error("{}", inv.error().message());
            co_return 1;
        }
        auto until = inv->deadline - c.options.deadline_margin;
        co_await serve(c, std::move(*inv));
        // Tasks started by this invocation run on after its response, until they end or its deadline comes:
        // the container is frozen once it asks for the next invocation (docs/lambda.md, tasks).
        if (auto* tasks = c.srv.tasks(); tasks && tasks->running() > 0)
            co_await tasks->settle(until);
        // And what those left to store (list_changed being told, task status messages): lost if frozen unsaved.
        co_await c.handler->settle(std::chrono::steady_clock::now() +
                                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       until - std::chrono::system_clock::now()));
    }
}

} // namespace

int run(server& srv, lambda_options options) {
    // Logs are JSON lines whenever AWS_LAMBDA_RUNTIME_API is set: log::framework() decides at its first use.
    auto endpoint = process_environment("AWS_LAMBDA_RUNTIME_API");
    if (!endpoint) {
        log::error("AWS_LAMBDA_RUNTIME_API is not set: this is not a Lambda container (or an emulator)");
        return 1;
    }
    options.mcp.origins.loopback_host_only = false; // the gateway's host name, not a loopback one
    auto tasks = task_options_from_environment(srv.options().tasks);
    if (!tasks) {
        log::error("{}", tasks.error().message());
        return 1;
    }
    srv.configure_tasks(std::move(*tasks));
    auto list_checks = list_check_interval_from_environment(srv.options().list_check_interval);
    if (!list_checks) {
        log::error("{}", list_checks.error().message());
        return 1;
    }
    srv.configure_list_checks(*list_checks);
    auto sealing = request_state_options_from_environment(srv.options().request_state);
    if (!sealing) {
        log::error("{}", sealing.error().message());
        return 1;
    }
    srv.configure_request_state(std::move(*sealing));
    asio::io_context io;
    container c{srv, std::move(options), io.get_executor(), runtime_client(io.get_executor(), *endpoint),
                nullptr};
    int code = 1;
    asio::co_spawn(io, loop(c), [&](std::exception_ptr e, int r) {
        if (e)
            log::error("the invocation loop failed: {}", describe(e));
        code = e ? 1 : r;
        io.stop();
    });
    // No signals here: the Lambda service ends the container; the loop's completion stops io.
    run_process(io, c.options.threads, {.handle_signals = false});
    return code;
}

} // namespace mcp::lambda
