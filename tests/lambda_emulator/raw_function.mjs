// A tiny Lambda "function" that speaks the Runtime API by hand with node:http only, for the emulator's own test
// (emulator_test.mjs): it does what the AWS runtime clients do not let a test control, such as chunks released
// by the test, error trailers, a malformed response, a crash, a hang or an init error. What it does is chosen by
// the event's rawPath (path in payload 1.0):
//   /echo            buffered: 200, the event as the JSON body
//   /status          buffered: statusCode 201, headers, multiValueHeaders, cookies, a base64 body
//   /stream?gate=F   streamed: prelude, "first\n", then waits for file F to exist, then "last\n"
//   /stream-error    streamed: prelude, "partial\n", then error trailers
//   /raw-stream      streamed without a prelude (text/plain body)
//   /error           POST /error with a Runtime API error document
//   /bad             buffered "not json"
//   /crash           exits with code 3 mid-invocation
//   /sleep?ms=N      answers after N ms
//   /pid             buffered: 200, this process's pid
//   /hold?gate=F     buffered: answers with its pid once file F exists
//   /headers         buffered: the Lambda-Runtime-* headers of its /next answer, and its environment
//   /ticks           buffered: {pid, ticks}, ticks counted by a 10 ms timer started at its first call (it keeps
//                    running between invocations, unless the emulator freezes the process: --freeze)
// With RAW_FUNCTION_INIT_ERROR=1 it posts /runtime/init/error and exits instead. On SIGTERM it exits 0 (a graceful
// shutdown the emulator's log shows as "exit code 0", where a process killed by the signal shows "signal").
import http from "node:http";
import fs from "node:fs";

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(":");
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const base = "/2018-06-01/runtime";

function call(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: base + path, headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const post = (path, value, headers = {}) =>
  call("POST", path, { headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(value) });

// A streamed response: the request stays open while `produce` writes to it.
function stream(id, contentType, produce) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host, port, method: "POST", path: `${base}/invocation/${id}/response`, agent,
      headers: {
        "Lambda-Runtime-Function-Response-Mode": "streaming",
        "Transfer-Encoding": "chunked",
        "Content-Type": contentType,
        Trailer: "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body",
      },
    }, (res) => { res.resume(); res.on("end", () => resolve(res.statusCode)); });
    req.on("error", reject);
    req.flushHeaders();
    produce(req);
  });
}

const prelude = (value) => Buffer.concat([Buffer.from(JSON.stringify(value)), Buffer.alloc(8)]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let ticks = 0;
let ticker;

async function waitForFile(path) {
  while (!fs.existsSync(path)) await sleep(20);
}

const handlers = {
  "/echo": (id, event) => post(`/invocation/${id}/response`, { statusCode: 200, body: JSON.stringify(event) }),
  "/status": (id) => post(`/invocation/${id}/response`, {
    statusCode: 201,
    headers: { "x-single": "one" },
    multiValueHeaders: { "x-multi": ["a", "b"] },
    cookies: ["c1=v1; Path=/", "c2=v2"],
    body: Buffer.from([0, 1, 2, 255]).toString("base64"),
    isBase64Encoded: true,
  }),
  "/stream": (id, event) => stream(id, "application/vnd.awslambda.http-integration-response", async (req) => {
    req.write(prelude({ statusCode: 200, headers: { "content-type": "text/plain", "x-pid": String(process.pid) },
                        cookies: ["s=1"] }));
    req.write("first\n");
    await waitForFile(event.queryStringParameters.gate);
    req.end("last\n");
  }),
  "/stream-error": (id) => stream(id, "application/vnd.awslambda.http-integration-response", (req) => {
    req.write(prelude({ statusCode: 200, headers: { "content-type": "text/plain" } }));
    req.write("partial\n");
    setTimeout(() => {
      req.addTrailers({
        "Lambda-Runtime-Function-Error-Type": "Function.Broken",
        "Lambda-Runtime-Function-Error-Body": Buffer.from(JSON.stringify({ errorMessage: "broke mid-stream",
                                                                            errorType: "Function.Broken" })).toString("base64"),
      });
      req.end();
    }, 50);
  }),
  "/raw-stream": (id) => stream(id, "text/plain", (req) => { req.write("raw "); req.end("body"); }),
  "/error": (id) => post(`/invocation/${id}/error`, { errorMessage: "it failed", errorType: "Handled.Failure" },
                         { "Lambda-Runtime-Function-Error-Type": "Handled.Failure" }),
  "/bad": (id) => call("POST", `/invocation/${id}/response`, { body: "not json" }),
  "/crash": () => process.exit(3),
  "/sleep": async (id, event) => {
    await sleep(Number(event.queryStringParameters.ms));
    return post(`/invocation/${id}/response`, { statusCode: 200, body: "slept" });
  },
  "/pid": (id) => post(`/invocation/${id}/response`, { statusCode: 200, body: String(process.pid) }),
  "/hold": async (id, event) => {
    await waitForFile(event.queryStringParameters.gate);
    return post(`/invocation/${id}/response`, { statusCode: 200, body: String(process.pid) });
  },
  "/headers": (id, event, headers) => post(`/invocation/${id}/response`, {
    statusCode: 200,
    body: JSON.stringify({ headers, env: process.env }),
  }),
  "/ticks": (id) => {
    ticker ??= setInterval(() => { ticks += 1; }, 10);
    return post(`/invocation/${id}/response`, { statusCode: 200, body: JSON.stringify({ pid: process.pid, ticks }) });
  },
};

process.on("SIGTERM", () => process.exit(0));

if (process.env.RAW_FUNCTION_INIT_ERROR === "1") {
  await post("/init/error", { errorMessage: "cannot initialise", errorType: "Init.Failure" },
             { "Lambda-Runtime-Function-Error-Type": "Init.Failure" });
  process.exit(1);
}

// A /next that fails means the emulator closed this copy's Runtime API because it is killing the copy: wait for
// the signal rather than crash, so the exit code tells how the process ended (SIGTERM: 0, SIGKILL: a signal).
async function askNext() {
  try {
    return await call("GET", "/invocation/next");
  } catch (err) {
    console.error(`raw_function: /next failed (${err.code}); waiting for the emulator's signal`);
    await sleep(10_000);
    process.exit(2);
  }
}

for (;;) {
  const next = await askNext();
  const id = next.headers["lambda-runtime-aws-request-id"];
  const event = JSON.parse(next.body.toString());
  const handler = handlers[event.rawPath ?? event.path] ?? handlers["/echo"]; // payload 2.0, or 1.0
  await handler(id, event, next.headers);
}
