// The Lambda emulator end to end, with raw_function.mjs as the function (a hand-written Runtime API client, so
// the test controls exactly what the function does and when): events in the three formats, buffered responses
// with headers, cookies and base64 bodies, a streamed response relayed while it is produced (the first chunk
// reaches the client before the function writes the last one), error trailers cutting the client's stream,
// function errors, malformed responses, crashes, timeouts, init errors, two copies serving at once, the queue,
// the control endpoints, keep-alive, a client leaving mid-stream, a graceful SIGTERM, and --freeze (a copy waiting
// in /next with nothing to do is stopped, its timers with it, and thawed for its next invocation, a restart or
// SIGTERM).
// Usage: node tests/lambda_emulator/emulator_test.mjs <lambda_emulator binary>
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  fail, gatePath, json, main, ok, openGate, request, sleep, startEmulator, stats, stopEmulator, waitForLog,
} from "./harness.mjs";

const binary = process.argv[2] ?? fail("usage: node emulator_test.mjs <lambda_emulator binary>");
const here = path.dirname(fileURLToPath(import.meta.url));
const fn = [process.execPath, path.join(here, "raw_function.mjs")];

// Until a copy runs an invocation (the /hold request has reached the function).
async function waitForBusy(e) {
  for (let i = 0; i < 250; i++, await sleep(20)) if ((await stats(e)).copies.some((c) => c.state === "busy")) return;
  throw new Error("no copy became busy");
}

// The state letter in /proc/<pid>/stat ("S" sleeping, "T" stopped by a signal), or null once the pid is reaped.
function procState(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2];
  } catch {
    return null;
  }
}

// Until copy `index` is frozen: the emulator says so and the kernel shows its process stopped.
async function waitForFrozen(e, index = 0) {
  for (let i = 0; i < 250; i++, await sleep(20)) {
    const c = (await stats(e)).copies[index];
    if (c.frozen && procState(c.pid) === "T") return c;
  }
  throw new Error(`copy ${index} never froze: ${JSON.stringify(await stats(e))}`);
}

async function waitForGone(pid) {
  for (let i = 0; i < 250; i++, await sleep(20)) if (procState(pid) === null) return;
  throw new Error(`pid ${pid} is still there (state ${procState(pid)})`);
}

async function events(e) {
  const r = await json(`${e.url}/echo/a%20b?x=1&y=two&x=3`, {
    method: "POST", body: '{"hello":"world"}',
    headers: { "content-type": "application/json", cookie: "c1=v1; c2=v2", "x-dup": "a" },
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers["x-amzn-requestid"].length, 36);
  const ev = r.json;
  assert.equal(ev.version, "2.0");
  assert.equal(ev.rawPath, "/echo/a%20b");
  assert.equal(ev.rawQueryString, "x=1&y=two&x=3");
  assert.deepEqual(ev.queryStringParameters, { x: "1,3", y: "two" });
  assert.deepEqual(ev.cookies, ["c1=v1", "c2=v2"]);
  assert.equal(ev.headers.cookie, undefined);
  assert.equal(ev.headers["content-type"], "application/json");
  assert.equal(ev.headers["x-forwarded-proto"], "http");
  assert.equal(ev.body, '{"hello":"world"}');
  assert.equal(ev.isBase64Encoded, false);
  assert.equal(ev.requestContext.http.method, "POST");
  assert.equal(ev.requestContext.http.sourceIp, "127.0.0.1");
  assert.match(ev.requestContext.domainName, /^[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  assert.match(ev.requestContext.time, /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
  assert.equal(typeof ev.requestContext.timeEpoch, "number");
  ok("payload 2.0 event: path, raw and parsed query, cookies, headers, body, requestContext");

  const bin = await json(`${e.url}/echo`, {
    method: "POST", body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]), headers: { "content-type": "image/png" },
  });
  assert.equal(bin.json.isBase64Encoded, true);
  assert.deepEqual([...Buffer.from(bin.json.body, "base64")], [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
  ok("a binary request body travels base64-encoded");
}

async function runtimeHeaders(e) {
  const before = Date.now();
  const r = await json(`${e.url}/headers`);
  const { headers, env } = r.json;
  assert.equal(headers["lambda-runtime-aws-request-id"], r.headers["x-amzn-requestid"]);
  const deadline = Number(headers["lambda-runtime-deadline-ms"]);
  assert.ok(deadline > before && deadline <= Date.now() + 2_000 + 1_000, `deadline ${deadline} vs now ${Date.now()}`);
  assert.equal(headers["lambda-runtime-invoked-function-arn"], "arn:aws:lambda:us-east-1:123456789012:function:raw-test");
  assert.match(headers["lambda-runtime-trace-id"], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  assert.equal(headers["content-type"], "application/json");
  assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, "raw-test");
  assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, "$LATEST");
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, "128");
  assert.equal(env.AWS_REGION, "us-east-1");
  assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.equal(env.EXTRA_SETTING, "from --env");
  ok("/next carries request id, deadline (now + timeout), function ARN and trace id; Lambda variables and --env set");
}

async function buffered(e) {
  const r = await request(`${e.url}/status`);
  assert.equal(r.status, 201);
  assert.equal(r.headers["x-single"], "one");
  assert.equal(r.headers["x-multi"], "a, b");
  assert.deepEqual(r.headers["set-cookie"], ["c1=v1; Path=/", "c2=v2"]);
  assert.deepEqual([...r.body], [0, 1, 2, 255]);
  assert.equal(r.headers["content-length"], "4");
  ok("buffered response: status, headers, multiValueHeaders, cookies, base64 body, Content-Length");

  const bad = await json(`${e.url}/bad`);
  assert.equal(bad.status, 502);
  assert.deepEqual(bad.json, { message: "Internal Server Error" });
  await waitForLog(e, /not a valid v2 response: 502: not json/);
  ok("a response that is not JSON: 502 Internal Server Error, logged");

  const err = await json(`${e.url}/error`);
  assert.equal(err.status, 502);
  await waitForLog(e, /failed: Handled\.Failure: it failed: 502/);
  ok("POST /invocation/{id}/error: 502, the error type and message logged");
}

async function streaming(e) {
  const gate = gatePath();
  let beforeGate = "";
  const r = await request(`${e.url}/stream?gate=${gate}`, {
    onChunk: (text) => {
      if (!beforeGate) {
        beforeGate = text;
        openGate(gate); // only now may the function produce its last chunk
      }
    },
  });
  assert.equal(beforeGate, "first\n");
  assert.equal(r.status, 200);
  assert.equal(r.headers["transfer-encoding"], "chunked");
  assert.equal(r.headers["content-type"], "text/plain");
  assert.equal(r.headers["set-cookie"][0], "s=1");
  assert.match(r.headers["x-pid"], /^\d+$/);
  assert.equal(r.body.toString(), "first\nlast\n");
  assert.equal(r.complete, true);
  ok("streamed response: prelude status, headers and cookies, then the first chunk before the last is produced");

  const cut = await request(`${e.url}/stream-error`);
  assert.equal(cut.status, 200);
  assert.equal(cut.body.toString(), "partial\n");
  assert.equal(cut.complete, false);
  await waitForLog(e, /failed mid-stream: Function\.Broken: broke mid-stream \(the client's stream is cut\)/);
  ok("error trailers mid-stream: the client's stream ends incomplete, the error is logged");

  const raw = await request(`${e.url}/raw-stream`);
  assert.equal(raw.status, 200);
  assert.equal(raw.headers["content-type"], "text/plain");
  assert.equal(raw.body.toString(), "raw body");
  ok("a stream without the http-integration prelude: a 200 body of the posted content type");
}

async function clientLeaves(e) {
  const gate = gatePath();
  await request(`${e.url}/stream?gate=${gate}`, {
    onChunk: (_text, req) => {
      req.destroy(); // the client goes away after the first chunk
      setTimeout(() => openGate(gate), 50);
    },
  }).catch(() => {});
  await waitForLog(e, /the client went away; the rest of the response is dropped/);
  const again = await request(`${e.url}/pid`);
  assert.equal(again.status, 200);
  ok("a client that leaves mid-stream: noticed, the function finishes, the copy serves again");
}

async function keepAlive(e) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ports = new Set();
  for (let i = 0; i < 3; i++) {
    const r = await new Promise((resolve, reject) => {
      const req = http.get(`${e.url}/pid`, { agent }, (res) => {
        ports.add(req.socket.localPort);
        res.resume();
        res.on("end", () => resolve(res));
      });
      req.on("error", reject);
    });
    assert.equal(r.statusCode, 200);
  }
  agent.destroy();
  assert.equal(ports.size, 1);
  ok("keep-alive: three requests on one connection");
}

async function concurrency(e) {
  const gate = gatePath();
  const held = request(`${e.url}/hold?gate=${gate}`);
  await waitForBusy(e);
  const other = await request(`${e.url}/pid`); // served while the first copy is still busy
  assert.equal(other.status, 200);
  openGate(gate);
  const first = await held;
  assert.equal(first.status, 200);
  assert.notEqual(first.body.toString(), other.body.toString());
  const s = await stats(e);
  assert.equal(s.copies.length, 2);
  assert.ok(s.copies.every((c) => c.pid > 0), JSON.stringify(s));
  ok("two copies: a second request is served by the other copy while the first is busy");
  assert.equal(s.freeze, false);
  assert.ok(s.copies.every((c) => c.frozen === false && procState(c.pid) !== "T"), JSON.stringify(s));
  ok("without --freeze: copies waiting in /next keep running");
}

async function restart(e) {
  const before = await stats(e);
  const r = await json(`${e.url}/_emulator/restart`, { method: "POST" });
  assert.deepEqual(r.json, { restarted: [0, 1] });
  const after = await stats(e);
  assert.ok(after.copies.every((c) => c.state === "cold" && c.pid === null), JSON.stringify(after));
  const pid = Number((await request(`${e.url}/pid`)).body.toString());
  assert.ok(!before.copies.some((c) => c.pid === pid), "the restarted copy runs a new process");
  const s = (await stats(e)).copies.find((c) => c.pid === pid);
  assert.ok(s.starts >= 2 && s.invocations === 1, JSON.stringify(s));
  assert.equal(typeof s.coldStartMs, "number");
  assert.ok(s.initMs > 0 && s.initMs <= s.coldStartMs, JSON.stringify(s));
  assert.equal(typeof s.rssAfterFirstInvocationKiB, "number");
  assert.equal(typeof s.rssKiB, "number");
  ok("POST /_emulator/restart: every copy killed, the next request cold-starts a new process; stats follow");

  assert.equal((await json(`${e.url}/_emulator/restart?copy=7`, { method: "POST" })).status, 404);
  assert.equal((await json(`${e.url}/_emulator/restart?copy=x`, { method: "POST" })).status, 400);
  assert.equal((await json(`${e.url}/_emulator/restart`)).status, 405);
  assert.equal((await json(`${e.url}/_emulator/nothing`)).status, 404);
  const one = await json(`${e.url}/_emulator/restart?copy=1`, { method: "POST" });
  assert.deepEqual(one.json, { restarted: [1] });
  ok("control endpoints: one copy by number; unknown copy 404, bad number 400, wrong method 405");
}

async function failures(e) {
  const crash = await json(`${e.url}/crash`);
  assert.equal(crash.status, 502);
  await waitForLog(e, /exited: exit code 3/);
  assert.equal((await request(`${e.url}/pid`)).status, 200);
  ok("a function that exits mid-invocation: 502, and the next request cold-starts it");

  const slow = await json(`${e.url}/sleep?ms=10000`);
  assert.equal(slow.status, 504);
  assert.deepEqual(slow.json, { message: "Endpoint request timed out" });
  await waitForLog(e, /timed out after 2 s: 504, and the copy is killed/);
  assert.equal((await request(`${e.url}/pid`)).status, 200);
  ok("an invocation past its deadline: 504, the copy is killed and restarted");
}

async function queueTimeout(emulator) {
  const e = await startEmulator(emulator, ["--copies", "1", "--queue-timeout", "1"], fn, { name: "queue" });
  const gate = gatePath();
  const held = request(`${e.url}/hold?gate=${gate}`);
  await waitForBusy(e);
  const waiting = await json(`${e.url}/pid`);
  assert.equal(waiting.status, 504);
  await waitForLog(e, /waited 1 s for a free copy: 504/);
  openGate(gate);
  assert.equal((await held).status, 200);
  ok("one copy: a request that waits longer than --queue-timeout for it gets 504; the running one completes");
  await stopEmulator(e);
}

async function otherFormats(emulator) {
  const v1 = await startEmulator(emulator, ["--event", "v1"], fn, { name: "v1" });
  const r = await json(`${v1.url}/echo/x?a=1&a=2`, { headers: { "x-dup": "1" } });
  const ev = r.json;
  assert.equal(ev.httpMethod, "GET");
  assert.equal(ev.path, "/echo/x");
  assert.equal(ev.resource, "/{proxy+}");
  assert.deepEqual(ev.multiValueQueryStringParameters, { a: ["1", "2"] });
  assert.deepEqual(ev.queryStringParameters, { a: "2" });
  assert.deepEqual(ev.multiValueHeaders["x-dup"], ["1"]);
  assert.equal(ev.requestContext.stage, "prod");
  assert.equal(ev.body, null);
  const bad = await json(`${v1.url}/bad`);
  assert.deepEqual(bad.json, { message: "Internal server error" });
  ok("--event v1: REST payload 1.0 with multi-value headers and query; REST's 502 body");
  await stopEmulator(v1);

  const url = await startEmulator(emulator, ["--event", "url", "--env", "AWS_REGION=eu-west-3"], fn, { name: "url" });
  const u = (await json(`${url.url}/echo`)).json;
  assert.equal(u.version, "2.0");
  assert.match(u.requestContext.domainName, /^[a-z0-9]{32}\.lambda-url\.eu-west-3\.on\.aws$/);
  assert.equal(u.requestContext.requestId.length, 36);
  ok("--event url: Function URL domain in the configured region, the invocation id as requestContext.requestId");
  await stopEmulator(url);
}

// The function's 10 ms timer (/ticks) counts while the process runs: a frozen copy's count stands still.
async function freezing(emulator) {
  const e = await startEmulator(emulator, ["--freeze", "--timeout", "5"], fn, { name: "freeze" });
  const first = (await json(`${e.url}/ticks`)).json;
  const parked = await waitForFrozen(e);
  assert.equal(parked.pid, first.pid);
  assert.equal(parked.state, "ready");
  assert.equal((await stats(e)).freeze, true);
  ok("--freeze: a copy waiting in /next with nothing to do is stopped (T in /proc); stats: ready, frozen");

  const since = Date.now();
  await sleep(1000);
  const second = (await json(`${e.url}/ticks`)).json;
  const frozenTicks = second.ticks - first.ticks;
  assert.equal(second.pid, first.pid);
  assert.ok(frozenTicks <= 5, `${frozenTicks} ticks of a 10 ms timer in ${Date.now() - since} ms frozen`);
  ok(`--freeze: the function's 10 ms timer stood still while frozen (${frozenTicks} ticks in ${Date.now() - since} ms); ` +
     "the next invocation thaws the same process");

  const gate = gatePath();
  const held = request(`${e.url}/hold?gate=${gate}`);
  await waitForBusy(e);
  const busy = (await stats(e)).copies[0];
  assert.equal(busy.frozen, false);
  assert.notEqual(procState(busy.pid), "T");
  await sleep(500);
  openGate(gate);
  assert.equal((await held).status, 200);
  const third = (await json(`${e.url}/ticks`)).json;
  const busyTicks = third.ticks - second.ticks;
  assert.ok(busyTicks >= 10, `only ${busyTicks} ticks of a 10 ms timer during a 500 ms invocation`);
  ok(`--freeze: a busy copy is not frozen, and its timer runs (${busyTicks} ticks during a 500 ms invocation)`);

  const frozen = await waitForFrozen(e);
  assert.deepEqual((await json(`${e.url}/_emulator/restart`, { method: "POST" })).json, { restarted: [0] });
  await waitForGone(frozen.pid);
  const fresh = await json(`${e.url}/ticks`);
  assert.equal(fresh.status, 200);
  assert.notEqual(fresh.json.pid, frozen.pid);
  assert.equal(fresh.json.ticks, 0);
  ok("--freeze: restarting a frozen copy kills and reaps its process; the next request cold-starts a new one");
  await stopEmulator(e);
}

// raw_function.mjs exits 0 on SIGTERM: "exit code 0" shows that its handler ran, so it was thawed (a stopped
// process would keep the signal pending until the SIGKILL 2 s later).
async function frozenShutdown(emulator) {
  const args = ["--freeze", "--copies", "2", "--eager", "--log-level", "debug"];
  const e = await startEmulator(emulator, args, fn, { name: "freeze-stop" });
  const pids = [(await waitForFrozen(e, 0)).pid, (await waitForFrozen(e, 1)).pid];
  await stopEmulator(e);
  for (const pid of pids) {
    assert.match(e.log, new RegExp(`pid ${pid} ended: exit code 0`), `pid ${pid} did not exit through its handler`);
    assert.equal(procState(pid), null);
  }
  ok("--freeze: eager copies freeze after init; SIGTERM thaws them, they exit 0 by their handler, the emulator exits 0");
}

async function initError(emulator) {
  const env = { ...process.env, RAW_FUNCTION_INIT_ERROR: "1" };
  const e = await startEmulator(emulator, [], fn, { env, name: "init" });
  const r = await json(`${e.url}/echo`);
  assert.equal(r.status, 502);
  await waitForLog(e, /init error: Init\.Failure: cannot initialise/);
  ok("POST /runtime/init/error: the waiting request gets 502, the error is logged, the copy restarts on next use");
  await stopEmulator(e);
}

await main(120_000, async () => {
  const args = ["--copies", "2", "--timeout", "2", "--env", "AWS_LAMBDA_FUNCTION_NAME=raw-test",
                "--env", "EXTRA_SETTING=from --env"];
  const env = { ...process.env };
  delete env.AWS_REGION; // the defaults are checked
  delete env.AWS_DEFAULT_REGION;
  const e = await startEmulator(binary, args, fn, { env });
  await events(e);
  await runtimeHeaders(e);
  await buffered(e);
  await streaming(e);
  await clientLeaves(e);
  await keepAlive(e);
  await concurrency(e);
  await restart(e);
  await failures(e);
  const pids = (await stats(e)).copies.map((c) => c.pid).filter(Boolean);
  await stopEmulator(e);
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), `copy pid ${pid} still alive after SIGTERM`);
  ok("SIGTERM: the emulator stops its copies and exits 0");
  await queueTimeout(binary);
  await otherFormats(binary);
  await initError(binary);
  await freezing(binary);
  await frozenShutdown(binary);
});
