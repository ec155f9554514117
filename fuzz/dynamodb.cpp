// Fuzzes what reads DynamoDB's answers: the client's reading of an HTTP answer (aws::read_answer: status,
// CRC, error type and message, the response object) and the stores' reading of the response objects (a
// GetItem's session item, a Query page of events, a DescribeTable's keys, item sizes, attribute values). An
// input is the HTTP status line ("200"), the x-amz-crc32 header (empty: none), the x-amzn-ErrorType header
// (empty: none), then the body. Checked: nothing throws; only a 200 gives a response object; a 200 that does
// not says why.
#include "fuzz_input.hpp"

#include <mcp/aws/dynamodb.hpp>
#include <mcp/storage/dynamodb/dynamodb_items.hpp>

#include <charconv>

namespace {

using namespace mcp;
namespace json = boost::json;

aws::http_response response_of(mcp::fuzz::input& in) {
    aws::http_response r;
    auto const status = in.line();
    std::from_chars(status.data(), status.data() + status.size(), r.status);
    if (auto const crc = in.line(); !crc.empty())
        r.headers.push_back({"x-amz-crc32", std::string(crc)});
    if (auto const type = in.line(); !type.empty())
        r.headers.push_back({"x-amzn-ErrorType", std::string(type)});
    r.body = std::string(in.rest());
    return r;
}

void read_attributes(json::object const& item) {
    (void)storage::detail::item_size(item);
    for (auto const& field : item) {
        (void)aws::read_string(item, field.key());
        (void)aws::read_number(item, field.key());
        (void)aws::read_binary(item, field.key());
    }
}

void read_object(json::object const& o) {
    std::vector<storage::stored_event> events;
    (void)storage::detail::events_from_page(o, events);
    if (auto const* item = o.if_contains("Item"); item && item->is_object()) {
        auto const session = storage::detail::session_from_item("fuzz-session", item->get_object());
        MCP_FUZZ_CHECK(session || session.error().code() == storage::errc::malformed_data);
        read_attributes(item->get_object());
    }
    if (auto const* items = o.if_contains("Items"); items && items->is_array())
        for (auto const& i : items->get_array())
            if (i.is_object())
                read_attributes(i.get_object());
    (void)storage::detail::check_keys(o, storage::detail::sessions_table_definition("sessions"));
    (void)storage::detail::check_keys(o, storage::detail::events_table_definition("events"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    mcp::fuzz::input in(data, size);
    auto const r = response_of(in);
    auto const a = aws::read_answer(r);
    if (a.value) {
        MCP_FUZZ_CHECK(r.status == 200);
        read_object(*a.value);
    } else {
        MCP_FUZZ_CHECK(r.status != 200 || !a.detail.empty());
    }
    return 0;
}
