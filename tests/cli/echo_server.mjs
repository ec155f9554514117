// A tiny MCP server that tells the client what it sent: for cli_test.sh, to check what examples/everything
// cannot show (the client's capabilities, its answer to roots/list, the HTTP headers of --header).
//   node echo_server.mjs stdio      newline-delimited JSON-RPC on stdin/stdout
//   node echo_server.mjs http       Streamable HTTP (JSON answers only) on 127.0.0.1, an ephemeral port; prints
//                                   "listening on http://127.0.0.1:<port>/mcp" on stderr
// Tools: "capabilities" (the client's initialize capabilities), "roots" (asks roots/list, returns the answer),
// "headers" (HTTP: the request's headers). Each returns its JSON as the text of one content block.
import http from "node:http";
import readline from "node:readline";

let clientCapabilities = {};
const text = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }] });

function initializeResult(params) {
  clientCapabilities = params.capabilities ?? {};
  return { protocolVersion: params.protocolVersion, capabilities: { tools: {} },
           serverInfo: { name: "echo", version: "0" } };
}

function stdio() {
  const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
  const waiting = new Map(); // our request id -> the tools/call id it serves
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    const m = JSON.parse(line);
    if (m.method === "initialize") return send({ jsonrpc: "2.0", id: m.id, result: initializeResult(m.params) });
    if (m.method === "tools/list") return send({ jsonrpc: "2.0", id: m.id, result: { tools: [] } });
    if (m.method === "tools/call" && m.params.name === "capabilities")
      return send({ jsonrpc: "2.0", id: m.id, result: text(clientCapabilities) });
    if (m.method === "tools/call" && m.params.name === "roots") {
      waiting.set("roots-" + m.id, m.id);
      return send({ jsonrpc: "2.0", id: "roots-" + m.id, method: "roots/list", params: {} });
    }
    if (m.id !== undefined && waiting.has(m.id)) {
      const call = waiting.get(m.id);
      waiting.delete(m.id);
      return send({ jsonrpc: "2.0", id: call, result: text(m.result ?? m.error) });
    }
    if (m.id !== undefined && m.method) send({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "no " + m.method } });
  });
}

function httpServer() {
  const server = http.createServer((req, res) => {
    if (req.method === "DELETE") return res.writeHead(200).end();
    if (req.method !== "POST") return res.writeHead(405).end();
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const m = JSON.parse(body);
      if (m.id === undefined) return res.writeHead(202).end();
      let result;
      if (m.method === "initialize") result = initializeResult(m.params);
      else if (m.method === "tools/call" && m.params.name === "headers") result = text(req.headers);
      else if (m.method === "tools/call" && m.params.name === "capabilities") result = text(clientCapabilities);
      const answer = result ? { jsonrpc: "2.0", id: m.id, result }
                            : { jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "no " + m.method } };
      res.writeHead(200, { "content-type": "application/json", "mcp-session-id": "s1" }).end(JSON.stringify(answer));
    });
  });
  server.listen(0, "127.0.0.1", () =>
    process.stderr.write(`listening on http://127.0.0.1:${server.address().port}/mcp\n`));
}

if (process.argv[2] === "http") httpServer();
else stdio();
