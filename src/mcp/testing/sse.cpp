#include <mcp/testing/sse.hpp>

#include <mcp/client/http_answers.hpp>

#include <stdexcept>
#include <string>

namespace mcp::testing {

std::vector<http::sse::event> sse_events(std::string_view body) {
    http::sse::parser parser;
    parser.feed(body);
    std::vector<http::sse::event> out;
    while (auto e = parser.next()) out.push_back(std::move(*e));
    return out;
}

std::vector<boost::json::object> sse_messages(std::string_view body) {
    std::vector<boost::json::object> out;
    std::size_t index = 0;
    for (auto const& e : sse_events(body)) {
        ++index;
        if (e.data.empty()) continue;
        boost::system::error_code ec;
        auto v = boost::json::parse(e.data, ec);
        if (ec || !v.is_object())
            throw std::invalid_argument("SSE event " + std::to_string(index) + (e.id ? " (id " + *e.id + ")" : "") +
                                        ": the data is not a JSON object: " + e.data.substr(0, 200));
        out.push_back(std::move(v.as_object()));
    }
    return out;
}

std::optional<boost::json::object> sse_answer(std::string_view body, boost::json::value const& id) {
    for (auto& m : sse_messages(body)) {
        auto const* got = m.if_contains("id");
        if (got && *got == id && !m.contains("method") && (m.contains("result") || m.contains("error")))
            return std::move(m);
    }
    return std::nullopt;
}

bool is_event_stream(std::string_view content_type) {
    return transport::has_media_type(content_type, "text/event-stream");
}

} // namespace mcp::testing
