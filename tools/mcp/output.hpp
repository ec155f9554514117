// What `mcp` writes: results as JSON text for stdout, and the one-line texts for stderr (progress, the
// server's log messages, errors). Pure: the caller writes the strings. Not for: deciding what to print
// (commands.cpp).
#pragma once

#include <mcp/client/client_types.hpp>
#include <mcp/protocol/read.hpp>
#include <mcp/protocol/types.hpp>

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mcp::cli {

// JSON text, pretty (two spaces of indent, one member or element a line, as JSON.stringify(v, null, 2)) or
// compact (one line, no spaces). Numbers in their shortest exact form (5, 2.5, 1e+100). No final newline.
std::string format_json(boost::json::value const& v, bool pretty);

// A list result as a JSON array: protocol::to_json of each item, in order.
template <class T>
boost::json::array list_json(std::vector<T> const& items) {
    boost::json::array out;
    out.reserve(items.size());
    for (auto const& item : items)
        out.push_back(protocol::to_json(item));
    return out;
}

// initialize's result as the server sent it: {protocolVersion, capabilities, serverInfo[, instructions]}.
boost::json::object initialize_json(protocol::initialize_result const& r);
// completion/complete's result as on the wire: {"completion": {values[, total], hasMore}}.
boost::json::object completion_json(protocol::complete_result const& r);

// "progress 50/100 half way" (the total and the message when the server gave them).
std::string progress_line(progress_update const& p);
// "log warning (db): disk low": a string as it is, any other data as compact JSON; the logger when given.
std::string log_line(log_level level, boost::json::value const& data,
                     std::optional<std::string> const& logger);
// "error -32602: Unknown tool: foo" and, when the error has data, " (data: {...})".
std::string error_line(error const& e);

} // namespace mcp::cli
