// A program that links mcp::storage only (no mcp::sqlite, mcp::postgres, mcp::dynamodb): memory works, and asking
// for a durable backend is an error that names the CMake target to link, from the environment and from code.
#include <mcp/storage/backends.hpp>

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace {

using namespace mcp::storage;

mcp::environment store(std::string name) {
    return [name = std::move(name)](std::string_view variable) -> std::optional<std::string> {
        if (variable == "MCP_STORE")
            return name;
        return std::nullopt;
    };
}

result<stores> open_now(store_config config) {
    boost::asio::io_context io;
    std::optional<result<stores>> opened;
    boost::asio::co_spawn(io, open(std::move(config), io.get_executor()),
                          [&](std::exception_ptr, result<stores> r) { opened = std::move(r); });
    io.run();
    return std::move(opened.value());
}

TEST(unlinked_backends, NoneIsRegistered) {
    EXPECT_EQ(registered_backend(backend::sqlite), nullptr);
    EXPECT_EQ(registered_backend(backend::postgres), nullptr);
    EXPECT_EQ(registered_backend(backend::dynamodb), nullptr);
    EXPECT_EQ(registered_backend(backend::memory), nullptr);
}

TEST(unlinked_backends, MemoryStillOpens) {
    auto config = store_config_from_environment(store("memory"));
    ASSERT_TRUE(config);
    auto opened = open_now(*config);
    ASSERT_TRUE(opened) << opened.error().message();
    EXPECT_NE(opened->sessions, nullptr);
}

TEST(unlinked_backends, EnvironmentNamesTheTargetToLink) {
    for (auto name : {"sqlite", "postgres", "dynamodb"}) {
        auto config = store_config_from_environment(store(name));
        ASSERT_FALSE(config) << name;
        EXPECT_EQ(config.error().code(), errc::invalid_configuration);
        EXPECT_NE(config.error().message().find(std::string("MCP_STORE=") + name), std::string::npos);
        EXPECT_NE(config.error().message().find(std::string("mcp::") + name), std::string::npos)
            << config.error().message();
    }
}

TEST(unlinked_backends, OpenFromCodeNamesTheTargetToLink) {
    auto opened = open_now(store_config{.backend = backend::postgres});
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::invalid_configuration);
    EXPECT_NE(opened.error().message().find("mcp::postgres"), std::string::npos) << opened.error().message();
}

} // namespace
