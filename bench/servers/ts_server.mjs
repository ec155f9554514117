// ts_server.mjs: the official TypeScript SDK's peer in bench/run (@modelcontextprotocol/sdk, pinned in
// package-lock.json). The SDK's stateful Streamable HTTP pattern as its documentation shows it: one McpServer
// and one StreamableHTTPServerTransport per session, kept in a map by session id, with the same two tools as
// bench_server (echo {text} -> text, add {a, b} -> structured {sum}). Served by node:http directly (no Express),
// which is the lightest way to host the transport: the SDK gets the benefit of the doubt.
//
//   node ts_server.mjs [--port 8080] [--sse]
//
// Without --sse the transport runs with enableJsonResponse: true (plain JSON answers); with it, every POST is
// answered with an SSE stream (the SDK's default). Logs "listening on http://127.0.0.1:PORT/mcp" to stderr.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { benchServer } from "./ts_tools.mjs";

const args = process.argv.slice(2);
const port = Number(args.includes("--port") ? args[args.indexOf("--port") + 1] : 8080);
const sse = args.includes("--sse");

const transports = new Map(); // session id -> transport

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (e) {
        reject(e);
      }
    });
    req.on("error", reject);
  });
}

function fail(res, status, message) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32000, message } }));
}

async function handle(req, res) {
  if (new URL(req.url, "http://localhost").pathname !== "/mcp") return fail(res, 404, "Not found");
  const id = req.headers["mcp-session-id"];
  if (id) {
    const transport = transports.get(id);
    if (!transport) return fail(res, 404, "Session not found");
    return transport.handleRequest(req, res);
  }
  if (req.method !== "POST") return fail(res, 400, "Bad Request: No valid session ID provided");
  const body = await readJson(req).catch(() => undefined);
  if (!isInitializeRequest(body)) return fail(res, 400, "Bad Request: No valid session ID provided");
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: !sse,
    onsessioninitialized: (sid) => transports.set(sid, transport),
  });
  transport.onclose = () => {
    if (transport.sessionId) transports.delete(transport.sessionId);
  };
  await benchServer().connect(transport);
  return transport.handleRequest(req, res, body);
}

const http = createServer((req, res) => {
  handle(req, res).catch((e) => {
    console.error("ts_server:", e);
    if (!res.headersSent) fail(res, 500, "Internal error");
  });
});
http.listen(port, "127.0.0.1", () => {
  console.error(`ts_server (sdk, ${sse ? "sse" : "json"}) listening on http://127.0.0.1:${http.address().port}/mcp`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
