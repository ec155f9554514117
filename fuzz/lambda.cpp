// Fuzzes the Lambda invocation parser (lambda/events.hpp): one input is one invocation payload.
// A parsed HTTP event is answered in its source's format (buffered) and as a streaming prelude, with its own
// headers and body echoed, so the response side sees whatever the request side let through. Checked: parsing
// never throws, header names are lowercase, and every answer is a JSON object.
#include "fuzz_input.hpp"

#include <mcp/lambda/events.hpp>
#include <mcp/lambda/prelude.hpp>

namespace {

namespace json = boost::json;
using namespace mcp::lambda;

// events.hpp: header names are lowercase.
void check_request(http_event const& e) {
    for (auto const& field : e.request.headers.fields())
        MCP_FUZZ_CHECK(field.first == mcp::http::lowercase(field.first));
}

void answer(http_event const& e) {
    auto const body = buffered_response(e, 200, e.request.headers, e.request.body);
    boost::system::error_code ec;
    auto const parsed = json::parse(body, ec);
    MCP_FUZZ_CHECK(!ec && parsed.is_object());
    (void)reason_phrase(static_cast<int>(e.request.body.size() % 600));
    auto const prelude = streaming_prelude(200, e.request.headers);
    MCP_FUZZ_CHECK(prelude.ends_with(prelude_delimiter));
    json::parse(std::string_view(prelude).substr(0, prelude.size() - prelude_delimiter.size()), ec);
    MCP_FUZZ_CHECK(!ec);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    auto const parsed = parse_invocation(in.rest());
    if (!parsed) {
        MCP_FUZZ_CHECK(parsed.error().code() == mcp::protocol::code::invalid_request);
        return 0;
    }
    if (auto const* e = std::get_if<http_event>(&*parsed)) {
        check_request(*e);
        answer(*e);
    }
    return 0;
}
