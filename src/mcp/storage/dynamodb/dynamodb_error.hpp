// How a failure of the aws layer reads as a storage failure: the one place where the DynamoDB stores turn an
// aws::error into the storage codes of session_store.hpp. Not where clients learn of it: the http boundary
// (http::public_store_error) logs the message and shows a client only a generic 503.
//
//   aws::errc                                   storage
//   unavailable, malformed_answer (cannot_serve) code::store_unavailable (the store cannot serve: 503)
//   rejected, missing_/invalid_configuration     internal_error (a refusal or a setup the operator must fix)
//
// The message is kept as the aws layer wrote it: it names the endpoint or the table, the operation and what
// went wrong, never a secret.
#pragma once

#include <mcp/aws/error.hpp>
#include <mcp/protocol/error.hpp>

namespace mcp::storage {

error store_error(aws::error const& e);

} // namespace mcp::storage
