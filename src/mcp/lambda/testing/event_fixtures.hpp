// Test helpers for the lambda layer's unit tests: read the real-shaped event fixtures of testing/events/,
// edit them for one case, and parse them expecting an HTTP event. Header-only, tests only.
#pragma once

#include <mcp/lambda/events.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace mcp::lambda::testing {

// The text of testing/events/<name>.
inline std::string event_text(std::string const& name) {
    std::ifstream in(std::string(MCP_LAMBDA_EVENTS_DIR) + "/" + name, std::ios::binary);
    if (!in)
        ADD_FAILURE() << "missing fixture " << name;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The fixture after `edit` changed its JSON object.
template <class Edit>
std::string edited_event(std::string const& name, Edit edit) {
    auto v = boost::json::parse(event_text(name));
    edit(v.as_object());
    return boost::json::serialize(v);
}

// The http_event a payload maps to; a test failure (and an empty event) when it maps to anything else.
inline http_event http_event_of(std::string_view payload) {
    auto r = parse_invocation(payload);
    if (!r) {
        ADD_FAILURE() << "parse_invocation failed: " << r.error().message();
        return {};
    }
    if (auto* e = std::get_if<http_event>(&*r))
        return std::move(*e);
    ADD_FAILURE() << "not an http_event";
    return {};
}

inline http_event http_event_from(std::string const& fixture) {
    return http_event_of(event_text(fixture));
}

// Every value of `name`, in order.
inline std::vector<std::string> all_values(http::headers const& h, std::string_view name) {
    std::vector<std::string> out;
    for (auto const& [n, v] : h.fields())
        if (n == name)
            out.emplace_back(v);
    return out;
}

} // namespace mcp::lambda::testing
