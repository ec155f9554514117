// floor.mjs: the least any Node.js Lambda function pays, as a peer of the cold-start benchmark
// (bench/lambda/coldstart.mjs): Node, AWS's runtime interface client (aws-lambda-ric, pinned in
// package-lock.json) and one handler call that answers every request with the fixed bytes of an initialize
// answer. No MCP and no import: a real server can only add to this. Run under tools/lambda_emulator with
// _HANDLER=floor.buffered or floor.streaming and LAMBDA_TASK_ROOT=bench/lambda.
const fixedAnswer = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  result: {
    protocolVersion: "2025-11-25",
    capabilities: { tools: { listChanged: true } },
    serverInfo: { name: "floor", version: "1.0.0" },
  },
});

export const buffered = async () => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: fixedAnswer });

export const streaming = awslambda.streamifyResponse(async (event, responseStream) => {
  const out = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { "content-type": "application/json" },
  });
  out.write(fixedAnswer);
  out.end();
});
