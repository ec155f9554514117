// SPDX-License-Identifier: MIT
#include <mcp/run_usage.hpp>

namespace mcp::detail {

// One row per variable: name, meaning, default. The defaults are those of the option structs the variables set
// (storage::store_limits, the stores' options, task_options, server_options, http::cors_policy); tests/run
// checks that every variable is listed.
// shape: one string literal, a row per variable; splitting it would only scatter the table.
std::string environment_help() {
    return R"(Environment (the command line wins where both set something):
  MCP_TRANSPORT               http or stdio                                         http
  MCP_HOST                    HTTP: the address to bind                             127.0.0.1
  MCP_PORT                    HTTP: the port (0 picks a free one)                   8080
  MCP_PATH                    HTTP: the MCP endpoint                                /mcp
  MCP_CORS_ORIGINS            HTTP: origins allowed to browsers (a,b,... or *)      none
  MCP_CORS_CREDENTIALS        HTTP: allow credentials (true or false)               false
  MCP_CORS_MAX_AGE            HTTP: seconds a preflight may be cached               not sent
  MCP_METRICS                 HTTP: serve Prometheus metrics (true or false)        false
  MCP_METRICS_PATH            HTTP: where the metrics are served                    /metrics
  MCP_STORE                   sessions: memory, sqlite, postgres or dynamodb        memory
  MCP_SESSION_TTL             seconds a session may stay idle                       3600
  MCP_MAX_SESSIONS            live sessions at most (0: no limit)                   10000
  MCP_MAX_EVENTS_PER_SESSION  SSE events kept per session (0: no bound)             1000
  MCP_SQLITE_PATH             sqlite: the database file                             mcp-sessions.db
  MCP_POSTGRES_URL            postgres: the libpq connection string                 required
  MCP_POSTGRES_TABLE_PREFIX   postgres: prefix of the table names                   mcp_
  MCP_POSTGRES_POOL_SIZE      postgres: connections (one worker thread each)        4
  MCP_POSTGRES_SCHEMA         postgres: create or verify the tables                 create
  MCP_DYNAMODB_SESSIONS_TABLE dynamodb: the sessions table                          mcp-sessions
  MCP_DYNAMODB_EVENTS_TABLE   dynamodb: the events table                            mcp-events
  MCP_DYNAMODB_TASKS_TABLE    dynamodb: the tasks table                             mcp-tasks
  MCP_DYNAMODB_STATE_TABLE    dynamodb: the server state table                      mcp-state
  MCP_DYNAMODB_CREATE_TABLES  dynamodb: create missing tables (true or false)       false
  AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
  AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, AWS_CA_BUNDLE
                              dynamodb: as the AWS SDKs read them                   none
  AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME, AWS_ENDPOINT_URL_STS,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI,
  AWS_CONTAINER_AUTHORIZATION_TOKEN, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
  AWS_EC2_METADATA_DISABLED, AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE,
  AWS_METADATA_SERVICE_TIMEOUT, AWS_METADATA_SERVICE_NUM_ATTEMPTS
                              dynamodb: the other credential sources, as the SDKs   none
  MCP_TASK_TTL                seconds a finished task is kept when unasked          3600
  MCP_TASK_MAX_TTL            seconds a finished task is kept at most               86400
  MCP_TASK_POLL_INTERVAL      milliseconds between polls, suggested to clients      1000
  MCP_TASK_LEASE              seconds a running task's owner holds it               30
  MCP_TASK_HEARTBEAT          milliseconds between renewals of that lease           2000
  MCP_TOOL_CHECK_INTERVAL     seconds between looks at a stored dynamic tool set    10
  MCP_REQUEST_STATE_KEY       base64 key sealing 2026-07-28 requestState;           random, kept in
                              MCP_REQUEST_STATE_PREVIOUS_KEYS: older ones, comma-   the state store
                              separated, still opened
  MCP_REQUEST_STATE_TTL       seconds a client may take to answer a round           600
  LOG_LEVEL                   trace, debug, info, warn, error, critical or off      info
  AWS_LAMBDA_RUNTIME_API      set by AWS Lambda: serve the Lambda invocation loop   unset
  MCP_LAMBDA_MODE             on Lambda: streaming or buffered responses            buffered

Exit codes: 0 after SIGINT or SIGTERM (or the end of stdin on stdio), 1 when the stores cannot be opened or the
address cannot be bound, 2 for a usage error (nothing is served). docs/storage.md, docs/security.md,
docs/tasks.md, docs/eras.md and docs/lambda.md say more about each group.
)";
}

} // namespace mcp::detail
