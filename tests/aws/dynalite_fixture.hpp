// What the DynamoDB client tests share: running a call to completion, unique table names, a two-key table.
#pragma once

#include <mcp/aws/dynamodb.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <string>
#include <unistd.h>

namespace mcp::aws::testing {

// Runs one coroutine to completion on `io` (which also runs the client's connections).
template <class T>
T run(boost::asio::io_context& io, task<T> t) {
    auto f = boost::asio::co_spawn(io, std::move(t), boost::asio::use_future);
    io.restart();
    io.run();
    return f.get();
}

inline std::string unique_table(std::string_view prefix) {
    static std::atomic<int> next{0};
    return std::string(prefix) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++next);
}

// CreateTable for a table keyed by pk (S) and sk (N), on-demand.
inline boost::json::object two_key_table(std::string const& name) {
    namespace json = boost::json;
    return json::object{
        {"TableName", name},
        {"BillingMode", "PAY_PER_REQUEST"},
        {"AttributeDefinitions", json::array{json::object{{"AttributeName", "pk"}, {"AttributeType", "S"}},
                                             json::object{{"AttributeName", "sk"}, {"AttributeType", "N"}}}},
        {"KeySchema", json::array{json::object{{"AttributeName", "pk"}, {"KeyType", "HASH"}},
                                  json::object{{"AttributeName", "sk"}, {"KeyType", "RANGE"}}}},
    };
}

inline boost::json::object key(std::string_view pk, std::int64_t sk) {
    return boost::json::object{{"pk", string_attribute(pk)}, {"sk", number_attribute(sk)}};
}

} // namespace mcp::aws::testing
