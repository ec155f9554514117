// sdk.mjs: the official TypeScript SDK (@modelcontextprotocol/sdk, pinned in package-lock.json) as a Lambda
// function, a peer of the cold-start benchmark (bench/lambda/coldstart.mjs), run by AWS's runtime interface
// client (aws-lambda-ric) under tools/lambda_emulator with _HANDLER=sdk.buffered or sdk.streaming and
// LAMBDA_TASK_ROOT=bench/lambda. Function URL events (payload 2.0).
//
// As the SDK's stateless examples serve requests: a new McpServer and WebStandardStreamableHTTPServerTransport
// (sessionIdGenerator: undefined) per invocation, with bench_server's two tools; JSON answers when buffered, SSE
// when streaming (the transport's default). The SDK has no Lambda adapter: the event becomes a web Request and
// the Response goes back as the function's answer. Not for: measuring, or deploying.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { benchServer } from "../servers/ts_tools.mjs";

// The Function URL event as the web Request the transport reads.
function requestOf(event) {
  const method = event.requestContext.http.method;
  const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
  const hasBody = event.body !== undefined && method !== "GET" && method !== "HEAD";
  const body = hasBody ? (event.isBase64Encoded ? Buffer.from(event.body, "base64") : event.body) : undefined;
  return new Request(`https://${event.requestContext.domainName}${event.rawPath}${query}`, {
    method,
    headers: event.headers,
    body,
  });
}

// One stateless exchange: `deliver` reads the SDK's Response (whole, or piece by piece) before the server is
// closed.
async function sdkExchange(event, enableJsonResponse, deliver) {
  const server = benchServer();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse });
  await server.connect(transport);
  try {
    return await deliver(await transport.handleRequest(requestOf(event)));
  } finally {
    await transport.close();
    await server.close();
  }
}

export const buffered = (event) =>
  sdkExchange(event, true, async (response) => ({
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  }));

export const streaming = awslambda.streamifyResponse((event, responseStream) =>
  sdkExchange(event, false, async (response) => {
    const out = awslambda.HttpResponseStream.from(responseStream, {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers),
    });
    if (response.body) for await (const chunk of response.body) out.write(chunk);
    out.end();
  }));
