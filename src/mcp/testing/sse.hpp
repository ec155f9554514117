// SSE helpers for tests that talk raw HTTP to a server (curl-like requests through Beast, an exchange, a Lambda
// response): a whole text/event-stream body in, its events or its JSON-RPC messages out. A thin layer over the
// incremental parser of mcp/http/sse.hpp, which a test that reads a stream as it arrives uses directly.
//
//   auto messages = mcp::testing::sse_messages(response.body());
//   auto answer = mcp::testing::sse_answer(response.body(), 1);   // the response to request 1
#pragma once

#include <mcp/http/sse.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace mcp::testing {

// Every event of `body`, in order (comments skipped; a last event without its blank line is left out, as a
// client would). Priming events (an id and no data) are included.
std::vector<http::sse::event> sse_events(std::string_view body);

// The JSON-RPC message of each event that has data, in order. Throws std::invalid_argument naming the event
// when one's data is not a JSON object: the server under test is wrong, and the test should say so.
std::vector<boost::json::object> sse_messages(std::string_view body);

// The response (result or error) to request `id` among the messages of `body`; nullopt when there is none.
// Throws as sse_messages.
std::optional<boost::json::object> sse_answer(std::string_view body, boost::json::value const& id);

// Whether a Content-Type names an SSE stream ("text/event-stream", parameters and case aside).
bool is_event_stream(std::string_view content_type);

} // namespace mcp::testing
