// Handlers that AWS's own Node.js runtime interface client (aws-lambda-ric) runs under the emulator, for
// ric_check.mjs. `buffered` returns API Gateway responses; `streaming` uses awslambda.streamifyResponse and
// awslambda.HttpResponseStream, the response streaming API of the managed Node.js runtimes. The rawPath chooses:
//   buffered:  /throw (an error), /sleep?ms=N, /hold?gate=F (answers once file F exists), anything else: echo
//   streaming: /stream?gate=F ("first\n", then "last\n" once F exists), /stream-throw (fails mid-stream)
import fs from "node:fs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitForFile(path) {
  while (!fs.existsSync(path)) await sleep(20);
}

function echo(event, context) {
  return {
    statusCode: 200,
    headers: { "content-type": "application/json", "x-handled-by": "aws-lambda-ric" },
    cookies: ["ric=1; Path=/"],
    body: JSON.stringify({
      rawPath: event.rawPath,
      method: event.requestContext.http.method,
      query: event.queryStringParameters ?? null,
      body: event.body ?? null,
      isBase64Encoded: event.isBase64Encoded,
      requestId: context.awsRequestId,
      functionArn: context.invokedFunctionArn,
      functionName: context.functionName,
      remainingMs: context.getRemainingTimeInMillis(),
      pid: process.pid,
    }),
  };
}

export const buffered = async (event, context) => {
  if (event.rawPath === "/throw") throw new Error("boom from the handler");
  if (event.rawPath === "/sleep") await sleep(Number(event.queryStringParameters.ms));
  if (event.rawPath === "/hold") await waitForFile(event.queryStringParameters.gate);
  return echo(event, context);
};

export const streaming = awslambda.streamifyResponse(async (event, responseStream) => {
  const out = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { "content-type": "text/plain", "x-pid": String(process.pid) },
  });
  if (event.rawPath === "/stream-throw") {
    out.write("partial\n");
    await sleep(50);
    throw new Error("boom mid-stream");
  }
  out.write("first\n");
  if (event.queryStringParameters?.gate) await waitForFile(event.queryStringParameters.gate);
  out.write("last\n");
  out.end();
});
