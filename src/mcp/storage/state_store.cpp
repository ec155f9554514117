#include <mcp/storage/state_store.hpp>

namespace mcp::storage {

result<std::string> serialized_state(state_record const& record) {
    auto text = boost::json::serialize(record.value);
    if (text.size() > max_state_bytes)
        return error(errc::rejected, "server state '" + record.key + "' is " + std::to_string(text.size()) +
                                         " bytes serialized; a state store keeps at most " +
                                         std::to_string(max_state_bytes));
    return text;
}

boost::json::parse_options state_parse_options() {
    boost::json::parse_options deep;
    deep.max_depth = max_state_bytes;
    return deep;
}

} // namespace mcp::storage
