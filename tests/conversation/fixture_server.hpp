// The server every golden conversation talks to: one definition per feature under test.
#pragma once

#include <mcp/server/server.hpp>

#include <memory>

namespace mcp::testing {

// page_size 3, so list methods paginate; a 2-second client request timeout (tests shorten it per call).
std::unique_ptr<server> make_fixture_server();

} // namespace mcp::testing
