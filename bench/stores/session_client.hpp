// What a front door does to a session, done in process for the workloads that drive an mcp::server without
// one (task_workload, list_workload): a JSON-RPC request parsed and handed to session::handle, its answer
// returned; the lifecycle's two opening messages. Not a client: no transport, no checks beyond what each
// workload asks.
#pragma once

#include <mcp/server/session.hpp>

#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace bench_stores {

// An outbound that drops every notification (the workloads that do not listen).
struct drop_all : mcp::outbound {
    void send(boost::json::object, std::optional<mcp::protocol::request_id> const&) override {}
};

// The text of request `id`: {"jsonrpc":"2.0","id":id,"method":method,"params":params}; `params` is JSON text.
std::string request(int id, std::string const& method, std::string const& params);

// One request to `s`, awaited on its strand: the answer, or an empty object when none came. The caller keeps
// `s` alive until it returns.
mcp::task<boost::json::object> ask(mcp::session& s, std::string const& json);

// initialize (2025-11-25) then notifications/initialized, on the session's strand: the session is operational
// when it returns. Returns the initialize answer.
mcp::task<boost::json::object> open_lifecycle(std::shared_ptr<mcp::session> s);

} // namespace bench_stores
