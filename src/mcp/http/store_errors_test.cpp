// What a client is told of each kind of store failure (store_errors.hpp): the HTTP status, the JSON-RPC code
// and a generic message, never the backend's own.
#include <mcp/http/store_errors.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcp;
using storage::errc;

struct expected_failure {
    errc kind;
    int status;
    int code;
};

// Every storage::errc, with what the wire showed for it before storage had its own error type.
constexpr expected_failure every_kind[] = {
    {errc::unavailable, 503, -32010},     {errc::session_limit, 503, -32011},
    {errc::conflict, 503, -32010},        {errc::invalid_configuration, 503, -32010},
    {errc::schema_mismatch, 503, -32010}, {errc::malformed_data, 503, -32010},
    {errc::rejected, 503, -32010},
};

// A backend's message, with what must not reach a client.
constexpr char const* internals = "PostgreSQL unreachable at db.internal:5432 (database mcp, user admin)";

TEST(StoreErrors, EveryKindHasItsStatusAndJsonRpcCode) {
    for (auto const& k : every_kind) {
        auto const shown = http::public_store_error(storage::error(k.kind, internals));
        auto const name = storage::make_error_code(k.kind).message();
        EXPECT_EQ(shown.status, k.status) << name;
        EXPECT_EQ(shown.json_rpc.code(), k.code) << name;
        EXPECT_FALSE(shown.json_rpc.data()) << name;
    }
}

TEST(StoreErrors, TheWireCodesAreTheProtocolsNamedOnes) {
    EXPECT_EQ(protocol::code::store_unavailable, -32010);
    EXPECT_EQ(protocol::code::session_limit, -32011);
}

TEST(StoreErrors, NoKindShowsTheBackendsMessage) {
    for (auto const& k : every_kind) {
        auto const shown = http::public_store_error(storage::error(k.kind, internals));
        EXPECT_EQ(shown.json_rpc.message().find("db.internal"), std::string::npos)
            << shown.json_rpc.message();
        EXPECT_EQ(shown.json_rpc.message().find("admin"), std::string::npos) << shown.json_rpc.message();
    }
}

TEST(StoreErrors, TheMessagesAreTheGenericOnesClientsKnow) {
    EXPECT_EQ(http::public_store_error(storage::error(errc::unavailable, internals)).json_rpc.message(),
              "Service unavailable: the session store cannot be reached; try again later");
    EXPECT_EQ(http::public_store_error(storage::error(errc::session_limit, "Too many sessions (limit 2)"))
                  .json_rpc.message(),
              "Too many sessions: the server holds as many as it may; try again later");
}

TEST(StoreErrors, AnErrorWithoutAStorageCodeIsStillAFailure) {
    auto const shown = http::public_store_error(storage::error());
    EXPECT_EQ(shown.status, 503);
    EXPECT_EQ(shown.json_rpc.code(), protocol::code::store_unavailable);
}

} // namespace
