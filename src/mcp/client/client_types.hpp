// The values mcp::client's calls take and give besides the protocol types (protocol/read.hpp): per-request
// options, the server's requests as the handlers see them, and the client's own error codes.
#pragma once

#include <mcp/json/reflect.hpp>
#include <mcp/protocol/error.hpp>
#include <mcp/protocol/read.hpp>
#include <mcp/protocol/types.hpp>
#include <mcp/core/task.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <type_traits>

namespace mcp {

// JSON-RPC codes of the errors the client itself makes (ours, beside transport::code).
namespace client_code {
inline constexpr int cancelled = -32060;       // the caller cancelled the request (notifications/cancelled sent)
inline constexpr int closed = -32061;          // the client was closed, or the transport ended, before the answer
inline constexpr int tool_failed = -32062;     // typed call_tool: the tool answered isError: true
inline constexpr int bad_result = -32063;      // the server's result does not have the expected shape
inline constexpr int not_connected = -32064;   // a call before connect() succeeded
inline constexpr int version_refused = -32065; // the server chose a protocol version this client does not speak
} // namespace client_code

// notifications/progress for one request.
struct progress_update {
    double progress = 0;
    std::optional<double> total;
    std::optional<std::string> message;
};

struct request_options {
    std::optional<std::chrono::milliseconds> timeout; // client_options::request_timeout when unset
    // Called for each progress notification of this request (a progressToken is sent when set).
    std::function<void(progress_update const&)> on_progress;
    // A progress notification restarts the timeout (a long call that keeps reporting is not cut off).
    bool progress_resets_timeout = true;
};

// completion/complete: for a prompt's argument (ref_type "ref/prompt", ref = the prompt's name) or a resource
// template's variable (ref_type "ref/resource", ref = the template).
struct completion_query {
    std::string ref_type = "ref/prompt";
    std::string ref;
    std::string argument;
    std::string value;
    std::map<std::string, std::string> context; // the arguments already chosen
};

// elicitation/create as the handler sees it (2025-11-25 client/elicitation).
struct elicitation_request {
    std::string mode = "form"; // "form" or "url"
    std::string message;
    boost::json::object requested_schema; // form mode
    std::optional<std::string> url;       // url mode
    std::optional<std::string> elicitation_id;
};

struct elicitation_answer {
    std::string action = "cancel"; // "accept", "decline" or "cancel"
    boost::json::object content;   // accept only

    static elicitation_answer decline() { return {"decline", {}}; }
    static elicitation_answer cancel() { return {"cancel", {}}; }
    static elicitation_answer accept(boost::json::object fields = {}) { return {"accept", std::move(fields)}; }
    // A typed form: a described struct, converted as the server's elicit<T> reads it.
    template <class T>
    static elicitation_answer accept(T const& form) {
        return {"accept", json::to_json(form).as_object()};
    }
};

// Fills in, for each property of a form schema that `content` lacks and that has a "default", that default
// (SEP-1034: the client applies the defaults the server declared).
void apply_form_defaults(boost::json::object const& requested_schema, boost::json::object& answer);

using elicitation_handler = std::function<task<result<elicitation_answer>>(elicitation_request)>;
// sampling/createMessage: the request's params in, the CreateMessageResult out ({role, content, model, ...}).
using sampling_handler = std::function<task<result<boost::json::object>>(boost::json::object params)>;
using notification_handler = std::function<void(boost::json::object const& params)>;
using log_handler = std::function<void(log_level, boost::json::value const& data, std::optional<std::string> logger)>;

// The text blocks of a tool result, joined with newlines.
std::string text_of(call_tool_result const& r);

// call_tool<R>: the tool's result as R.
template <class R>
result<R> typed_tool_result(call_tool_result const& r) {
    if (r.is_error) return error(client_code::tool_failed, text_of(r));
    if constexpr (std::is_same_v<R, call_tool_result>) {
        return r;
    } else if constexpr (std::is_same_v<R, std::string>) {
        return text_of(r);
    } else {
        boost::json::value structured;
        if (r.structured_content) {
            structured = *r.structured_content;
        } else {
            // A server without an output schema often sends its JSON as text.
            boost::system::error_code ec;
            structured = boost::json::parse(text_of(r), ec);
            if (ec) return error(client_code::bad_result, "the tool's result has no structuredContent, and its text is not JSON");
        }
        if constexpr (std::is_same_v<R, boost::json::value>) {
            return structured;
        } else if constexpr (std::is_same_v<R, boost::json::object>) {
            if (!structured.is_object()) return error(client_code::bad_result, "the tool's result is not an object");
            return structured.as_object();
        } else {
            auto v = json::from_json<R>(structured);
            if (!v) return error(client_code::bad_result, "the tool's result does not fit: " + v.error().to_string("structuredContent"));
            return std::move(*v);
        }
    }
}

} // namespace mcp
