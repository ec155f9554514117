// How a failure of the aws layer reads as a storage failure: the one place where the DynamoDB stores turn an
// aws::error into a storage::error (storage/error.hpp). Not where clients learn of it: the http boundary
// (http/store_errors.hpp) logs the message and shows a client only a generic 503.
//
//   aws::errc                                     storage::errc
//   unavailable, malformed_answer (cannot_serve)  unavailable (the endpoint cannot serve now)
//   missing_configuration, invalid_configuration  invalid_configuration (region, credentials, endpoint, TLS)
//   rejected                                      rejected (the service said no: permissions, validation)
//
// The message is kept as the aws layer wrote it: it names the endpoint or the table, the operation and what
// went wrong, never a secret.
#pragma once

#include <mcp/aws/error.hpp>
#include <mcp/storage/error.hpp>

namespace mcp::storage {

error store_error(aws::error const& e);

} // namespace mcp::storage
