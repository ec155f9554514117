// How mcp::run (run.hpp) reaches the AWS Lambda front door without linking it: mcp::lambda registers it when a
// program links that target (its link option keeps lambda/front_door.cpp, and so its initialiser, in the
// program). A program without it that finds itself on Lambda (AWS_LAMBDA_RUNTIME_API set) says which target to
// link instead of serving HTTP nobody can reach.
#pragma once

#include <mcp/server/server.hpp>

namespace mcp::detail {

// Serves `srv` as a Lambda function until the runtime stops it; returns the exit code.
using lambda_front_door = int (*)(server& srv);

// Returns true, so a namespace-scope `bool const` can hold the call.
bool register_lambda_front_door(lambda_front_door door);

// nullptr when the program does not link mcp::lambda.
lambda_front_door registered_lambda_front_door();

} // namespace mcp::detail
