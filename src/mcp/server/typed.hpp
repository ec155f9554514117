// Typed adapters: turn a user's plain function or coroutine into the uniform handlers of handlers.hpp.
//
//   input:  nothing, a described struct (schema, conversion and errors come from json/reflect.hpp), or
//           boost::json::object for raw tools (validated against the hand-written inputSchema); optionally
//           followed by `call_context&`.
//   output: T or task<T>, where T is a described struct (structuredContent + outputSchema + a text fallback), a
//           string (text), a number, the full protocol result type (passed through), std::vector<content>, or
//           mcp::result<U> of any of these (an error becomes isError: true for tools, a JSON-RPC error elsewhere).
//   mcp::blocking(f) runs f on the server's blocking pool so it never stalls an I/O thread.
#pragma once

#include <mcp/json/reflect.hpp>
#include <mcp/json/schema_validator.hpp>
#include <mcp/protocol/types.hpp>
#include <mcp/server/call_context.hpp>
#include <mcp/server/handlers.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/mp11/list.hpp>

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>

namespace mcp {

// Marks a handler that blocks (disk, CPU, a synchronous client library): it runs on the blocking pool.
template <class F>
struct blocking_fn {
    F fn;
};
template <class F>
blocking_fn<std::decay_t<F>> blocking(F&& f) {
    return {std::forward<F>(f)};
}

namespace detail {

using boost::mp11::mp_list;

template <class T>
struct task_value {
    using type = T;
    static constexpr bool is_task = false;
};
template <class T>
struct task_value<task<T>> {
    using type = T;
    static constexpr bool is_task = true;
};

template <class T>
struct result_value {
    using type = T;
};
template <class T>
struct result_value<result<T>> {
    using type = T;
};

// The parameter list and return type of a callable (function pointer, function object, lambda).
template <class F>
struct signature : signature<decltype(&F::operator())> {};
template <class R, class... A>
struct signature<R (*)(A...)> {
    using ret = R;
    using args = mp_list<A...>;
};
template <class R, class... A>
struct signature<R (*)(A...) noexcept> : signature<R (*)(A...)> {};
template <class R, class... A>
struct signature<R(A...)> : signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct signature<R (C::*)(A...) const> : signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct signature<R (C::*)(A...)> : signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct signature<R (C::*)(A...) const noexcept> : signature<R (*)(A...)> {};
template <class F>
struct signature<blocking_fn<F>> : signature<F> {};

// input: the first parameter's type (void when there is none); takes_context: ends with call_context&.
template <class Args>
struct shape;
template <>
struct shape<mp_list<>> {
    using input = void;
    static constexpr bool takes_context = false;
};
template <>
struct shape<mp_list<call_context&>> {
    using input = void;
    static constexpr bool takes_context = true;
};
template <class A>
struct shape<mp_list<A>> {
    using input = std::decay_t<A>;
    static constexpr bool takes_context = false;
};
template <class A>
struct shape<mp_list<A, call_context&>> {
    using input = std::decay_t<A>;
    static constexpr bool takes_context = true;
};

template <class F>
using shape_of = shape<typename signature<std::decay_t<F>>::args>;
template <class F>
using input_of = typename shape_of<F>::input;
// The value a handler produces once awaited, with result<> still around it.
template <class F>
using produced_of = typename task_value<typename signature<std::decay_t<F>>::ret>::type;
// The value with result<> peeled off: what decides the output schema.
template <class F>
using value_of = typename result_value<produced_of<F>>::type;

// Calls f with the input (when it takes one) and the context (when it wants it).
template <class F, class In>
decltype(auto) call_user(F const& f, In& in, call_context& ctx) {
    using s = shape_of<F>;
    if constexpr (std::is_void_v<typename s::input>) {
        if constexpr (s::takes_context) return f(ctx);
        else return f();
    } else {
        if constexpr (s::takes_context) return f(std::move(in), ctx);
        else return f(std::move(in));
    }
}

template <class R>
task<R> run_now(std::function<R()> fn) {
    co_return fn();
}

// Awaits the user's function, whatever its shape; maps void to std::monostate.
template <class F, class In>
auto await_user(std::shared_ptr<F const> f, In in, call_context& ctx)
    -> task<std::conditional_t<std::is_void_v<produced_of<F>>, std::monostate, produced_of<F>>> {
    using produced = produced_of<F>;
    if constexpr (requires { f->fn; }) { // blocking_fn: hop to the blocking pool and back
        using out = std::conditional_t<std::is_void_v<produced>, std::monostate, produced>;
        std::function<out()> job = [f, in, &ctx]() mutable -> out {
            if constexpr (std::is_void_v<produced>) {
                call_user(f->fn, in, ctx);
                return {};
            } else {
                return call_user(f->fn, in, ctx);
            }
        };
        // Cancellation is not passed to the pool: a blocking function cannot be interrupted, and Asio 1.81 would
        // throw the cancellation out of the pool's thread once the function returned (std::terminate). The
        // request is still cancelled: its session sends no reply.
        co_return co_await boost::asio::co_spawn(
            ctx.blocking_executor(), run_now<out>(std::move(job)),
            boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(), boost::asio::use_awaitable));
    } else if constexpr (task_value<typename signature<F>::ret>::is_task) {
        if constexpr (std::is_void_v<produced>) {
            co_await call_user(*f, in, ctx);
            co_return std::monostate{};
        } else {
            co_return co_await call_user(*f, in, ctx);
        }
    } else if constexpr (std::is_void_v<produced>) {
        call_user(*f, in, ctx);
        co_return std::monostate{};
    } else {
        co_return call_user(*f, in, ctx);
    }
}

// --- results -----------------------------------------------------------------------------------------------

std::string json_text(boost::json::value const& v);

template <class T>
protocol::call_tool_result to_tool_result(T&& v) {
    using V = std::decay_t<T>;
    if constexpr (std::is_same_v<V, protocol::call_tool_result>) {
        return std::forward<T>(v);
    } else if constexpr (std::is_same_v<V, std::monostate>) {
        return {};
    } else if constexpr (std::is_convertible_v<V, std::string_view>) {
        return {{protocol::text(std::string(std::string_view(v)))}, {}, false};
    } else if constexpr (std::is_same_v<V, bool>) {
        return {{protocol::text(v ? "true" : "false")}, {}, false};
    } else if constexpr (std::is_arithmetic_v<V>) {
        return {{protocol::text(json_text(boost::json::value(v)))}, {}, false};
    } else if constexpr (std::is_same_v<V, std::vector<protocol::content>>) {
        return {std::forward<T>(v), {}, false};
    } else if constexpr (std::is_same_v<V, protocol::content>) {
        return {{std::forward<T>(v)}, {}, false};
    } else if constexpr (json::is_described_struct<V>) {
        auto structured = json::to_json(v);
        return {{protocol::text(json_text(structured))}, structured.as_object(), false};
    } else {
        if (!v) return {{protocol::text(v.error().message())}, {}, true};
        return to_tool_result(std::move(*v));
    }
}

protocol::get_prompt_result prompt_result_of(std::string text);

template <class T>
result<protocol::get_prompt_result> to_prompt_result(T&& v) {
    using V = std::decay_t<T>;
    if constexpr (std::is_same_v<V, protocol::get_prompt_result>) return std::forward<T>(v);
    else if constexpr (std::is_same_v<V, std::vector<protocol::prompt_message>>)
        return protocol::get_prompt_result{{}, std::forward<T>(v)};
    else if constexpr (std::is_convertible_v<V, std::string_view>)
        return prompt_result_of(std::string(std::string_view(v)));
    else {
        if (!v) return v.error();
        return to_prompt_result(std::move(*v));
    }
}

template <class T>
result<protocol::read_resource_result> to_resource_result(T&& v, std::string const& uri,
                                                          std::optional<std::string> const& mime) {
    using V = std::decay_t<T>;
    if constexpr (std::is_same_v<V, protocol::read_resource_result>) {
        return std::forward<T>(v);
    } else if constexpr (std::is_same_v<V, protocol::resource_contents>) {
        protocol::resource_contents c = std::forward<T>(v);
        if (c.uri.empty()) c.uri = uri;
        if (!c.mime_type) c.mime_type = mime;
        return protocol::read_resource_result{{std::move(c)}};
    } else if constexpr (std::is_same_v<V, std::vector<protocol::resource_contents>>) {
        return protocol::read_resource_result{std::forward<T>(v)};
    } else if constexpr (std::is_convertible_v<V, std::string_view>) {
        return protocol::read_resource_result{{{uri, mime, std::string(std::string_view(v)), std::nullopt}}};
    } else {
        if (!v) return v.error();
        return to_resource_result(std::move(*v), uri, mime);
    }
}

// --- the adapters ------------------------------------------------------------------------------------------

std::string invalid_arguments_text(json::conversion_error const& e);
boost::json::object empty_object_schema();
result<json::schema_validator> compile_input_schema(protocol::tool const& def);

template <class F>
task<protocol::call_tool_result> run_tool(std::shared_ptr<F const> f,
                                          std::shared_ptr<json::schema_validator const> validator,
                                          boost::json::object arguments, call_context& ctx) {
    using in_t = input_of<F>;
    if constexpr (std::is_void_v<in_t>) {
        std::monostate none;
        co_return to_tool_result(co_await await_user(f, none, ctx));
    } else if constexpr (std::is_same_v<in_t, boost::json::object>) {
        // The user's own object, in the default storage: it may be kept past the request or handed to
        // another thread, which the request's arena must not be (json/arena.hpp).
        boost::json::object own(std::move(arguments), boost::json::storage_ptr());
        if (auto problem = validator->validate(own))
            co_return protocol::call_tool_result{{protocol::text("Invalid arguments: " + *problem)}, {}, true};
        co_return to_tool_result(co_await await_user(f, std::move(own), ctx));
    } else {
        auto parsed = json::from_json<in_t>(boost::json::value(std::move(arguments))); // a move, not a copy
        if (!parsed)
            co_return protocol::call_tool_result{{protocol::text(invalid_arguments_text(parsed.error()))}, {}, true};
        co_return to_tool_result(co_await await_user(f, std::move(*parsed), ctx));
    }
}

template <class F>
struct tool_adapter {
    std::shared_ptr<F const> fn;
    std::shared_ptr<json::schema_validator const> validator;
    task<protocol::call_tool_result> operator()(boost::json::object args, call_context& ctx) const {
        return run_tool<F>(fn, validator, std::move(args), ctx);
    }
};

// Fills the schemas of `def` from F's types and returns the handler. Raw tools keep their hand-written schema.
template <class F>
result<tool_handler> make_tool_handler(protocol::tool& def, F fn) {
    using in_t = input_of<F>;
    using out_t = value_of<F>;
    std::shared_ptr<json::schema_validator const> validator;
    if constexpr (std::is_same_v<in_t, boost::json::object>) {
        auto compiled = compile_input_schema(def);
        if (!compiled) return compiled.error();
        validator = std::make_shared<json::schema_validator const>(std::move(*compiled));
    } else if constexpr (std::is_void_v<in_t>) {
        def.input_schema = empty_object_schema();
    } else {
        static_assert(json::is_described_struct<in_t>, "a tool's input must be a described struct (or json::object)");
        def.input_schema = json::schema_of<in_t>();
    }
    if constexpr (json::is_described_struct<out_t>) def.output_schema = json::schema_of<out_t>();
    return tool_handler(tool_adapter<F>{std::make_shared<F const>(std::move(fn)), std::move(validator)});
}

std::vector<protocol::prompt_argument> arguments_from_schema(boost::json::object const& schema);
result<> check_required_arguments(protocol::prompt const& def, boost::json::object const& args);

template <class F>
task<result<protocol::get_prompt_result>> run_prompt(std::shared_ptr<F const> f, protocol::prompt def,
                                                     boost::json::object arguments, call_context& ctx) {
    using in_t = input_of<F>;
    result<protocol::get_prompt_result> out = error::internal();
    if constexpr (std::is_void_v<in_t>) {
        std::monostate none;
        out = to_prompt_result(co_await await_user(f, none, ctx));
    } else if constexpr (std::is_same_v<in_t, boost::json::object>) {
        if (auto ok = check_required_arguments(def, arguments); !ok) co_return ok.error();
        out = to_prompt_result(co_await await_user(f, std::move(arguments), ctx));
    } else {
        auto parsed = json::from_json<in_t>(arguments, {.coerce_strings = true});
        if (!parsed) co_return error::invalid_params(invalid_arguments_text(parsed.error()));
        out = to_prompt_result(co_await await_user(f, std::move(*parsed), ctx));
    }
    if (out && !out->description) out->description = def.description;
    co_return out;
}

template <class F>
struct prompt_adapter {
    std::shared_ptr<F const> fn;
    protocol::prompt def;
    task<result<protocol::get_prompt_result>> operator()(boost::json::object args, call_context& ctx) const {
        return run_prompt<F>(fn, def, std::move(args), ctx);
    }
};

template <class F>
prompt_handler make_prompt_handler(protocol::prompt& def, F fn) {
    using in_t = input_of<F>;
    if constexpr (json::is_described_struct<in_t>)
        if (def.arguments.empty()) def.arguments = arguments_from_schema(json::schema_of<in_t>());
    return prompt_adapter<F>{std::make_shared<F const>(std::move(fn)), def};
}

template <class F>
task<result<protocol::read_resource_result>> run_resource(std::shared_ptr<F const> f,
                                                          std::optional<std::string> mime, std::string uri,
                                                          std::map<std::string, std::string> variables,
                                                          call_context& ctx) {
    using in_t = input_of<F>;
    if constexpr (std::is_void_v<in_t>) {
        std::monostate none;
        co_return to_resource_result(co_await await_user(f, none, ctx), uri, mime);
    } else if constexpr (std::is_same_v<in_t, std::map<std::string, std::string>>) {
        co_return to_resource_result(co_await await_user(f, std::move(variables), ctx), uri, mime);
    } else {
        boost::json::object vars;
        for (auto& [name, value] : variables) vars[name] = value;
        auto parsed = json::from_json<in_t>(vars, {.coerce_strings = true});
        if (!parsed) co_return error::invalid_params("Invalid URI " + uri + ": " + parsed.error().to_string());
        co_return to_resource_result(co_await await_user(f, std::move(*parsed), ctx), uri, mime);
    }
}

template <class F>
struct resource_adapter {
    std::shared_ptr<F const> fn;
    std::optional<std::string> mime;
    task<result<protocol::read_resource_result>> operator()(std::string uri, std::map<std::string, std::string> vars,
                                                            call_context& ctx) const {
        return run_resource<F>(fn, mime, std::move(uri), std::move(vars), ctx);
    }
};

template <class F>
resource_handler make_resource_handler(std::optional<std::string> mime, F fn) {
    return resource_adapter<F>{std::make_shared<F const>(std::move(fn)), std::move(mime)};
}

template <class F>
task<result<std::vector<std::string>>> run_completion(std::shared_ptr<F const> f, completion_request req,
                                                      call_context& ctx) {
    auto values = co_await await_user(f, std::move(req), ctx);
    if constexpr (std::is_same_v<decltype(values), result<std::vector<std::string>>>) co_return values;
    else co_return result<std::vector<std::string>>(std::vector<std::string>(std::move(values)));
}

template <class F>
struct completion_adapter {
    std::shared_ptr<F const> fn;
    task<result<std::vector<std::string>>> operator()(completion_request req, call_context& ctx) const {
        return run_completion<F>(fn, std::move(req), ctx);
    }
};

} // namespace detail
} // namespace mcp
