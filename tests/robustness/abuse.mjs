// Robustness ("abuse") test: hostile and broken clients against a Streamable HTTP server, on real sockets.
// Usage: node tests/robustness/abuse.mjs <path-to-everything-binary>
// Starts the server on an ephemeral port and checks one behaviour per step, printing each; after every abuse a
// normal client (initialize, ping, tools/list, DELETE, each on a fresh connection) must still be served:
//   1 garbage bytes on raw TCP connections: 400 (with a JSON-RPC error body) or a close
//   2 clients that disconnect mid-request (half a header, part of a body; FIN or RST): no effect on others
//   3 a client that disconnects mid-SSE-stream (tools/call with progress or logging): its session still answers
//     ping, and DELETE works
//   4 20 silent connections: a normal client is served while they are open; the header timeout (10 s) closes
//     each of them within 12.5 s
//   5 oversized body (5 MiB, declared or chunked): 413; oversized header (20 KiB): 431
//   6 malformed JSON, invalid JSON-RPC, invalid UTF-8 over valid HTTP: 400 with a JSON-RPC error body
//   7 a burst of 200 concurrent initializes on separate connections: all 200, every session usable
//   8 SIGTERM: exit 0 within 5 s, and no AddressSanitizer / UBSan ("runtime error") / LeakSanitizer text on
//     stderr (the sanitizers report at exit, hence SIGTERM and never SIGKILL on the success path)
// Only node: built-ins; a 60 s watchdog bounds the run. Exits 0 when every check passes, 1 with a message and the
// server's stderr tail otherwise (the server is stopped then too). The random bytes come from a seeded
// generator: ABUSE_SEED=<n> replays a run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

const WATCHDOG_MS = 60_000;
const STARTUP_MS = 10_000;
const SHUTDOWN_MS = 5_000;
const PROMPT_MS = 3_000; // "served promptly", generous for a sanitizer build on a busy machine
const HEADER_TIMEOUT_S = 10; // the listener's header_timeout
const SILENT_CLOSE_LIMIT_MS = 12_500; // a silent connection must be closed by then (10 s + slack)
const PROTOCOL = '2025-11-25';
const SANITIZER_MARKERS = ['AddressSanitizer', 'runtime error', 'LeakSanitizer'];

const started = Date.now();
const clock = () => `${((Date.now() - started) / 1000).toFixed(2)}s`;

// --- the server process ------------------------------------------------------------------------------------

let server; // { child, port, exited: Promise<{code, signal}>, closed: Promise }
let stderrText = '';
let stopping = false; // set once step 8 sends SIGTERM: an exit is expected from then on
let failing = false;

function stderrTail(lines = 40) {
  const all = stderrText.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

async function fail(message) {
  if (failing) return;
  failing = true;
  console.error(`FAIL [${clock()}]: ${message}`);
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    // SIGTERM first so a sanitizer build can still print what it knows; SIGKILL if it does not go.
    try {
      server.child.kill('SIGTERM');
    } catch {
      // already gone
    }
    const gone = await Promise.race([server.closed.then(() => true), sleep(3000).then(() => false)]);
    if (!gone) {
      try {
        server.child.kill('SIGKILL');
      } catch {
        // already gone
      }
      await Promise.race([server.closed, sleep(1000)]);
    }
  }
  console.error(`--- server stderr (last 40 lines) ---\n${stderrTail()}\n--- end of server stderr ---`);
  process.exit(1);
}

process.on('uncaughtException', (err) => fail(`uncaught exception: ${err.stack ?? err}`));
process.on('unhandledRejection', (err) => fail(`unhandled rejection: ${err?.stack ?? err}`));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function startServer(binary) {
  const child = spawn(binary, ['--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const closed = new Promise((resolve) => child.on('close', resolve));
  child.stderr.setEncoding('utf8');
  const port = new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderrText += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\/mcp/.exec(stderrText);
      if (m) resolve(Number(m[1]));
    });
    child.on('error', (err) => reject(new Error(`cannot start ${binary}: ${err.message}`)));
    exited.then(({ code, signal }) => reject(new Error(`server exited before listening (code ${code}, signal ${signal})`)));
    setTimeout(() => reject(new Error(`no "listening on http://127.0.0.1:<port>/mcp" line within ${STARTUP_MS} ms`)),
               STARTUP_MS).unref();
  });
  // An exit before step 8 is a crash: say so at once rather than as a connection error later.
  exited.then(({ code, signal }) => {
    if (!stopping) fail(`server exited unexpectedly (code ${code}, signal ${signal})`);
  });
  server = { child, exited, closed, port: 0 };
  return port;
}

function assertAlive(where) {
  assert.ok(server.child.exitCode === null && server.child.signalCode === null, `server not running ${where}`);
}

// --- seeded random bytes (xorshift32), so that a failing run can be replayed ----------------------------------

const seed = (Number(process.env.ABUSE_SEED) || (Date.now() & 0x7fffffff) || 1) >>> 0;
let rngState = seed || 1;
function randomBytes(n) {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    rngState ^= rngState << 13;
    rngState >>>= 0;
    rngState ^= rngState >>> 17;
    rngState ^= rngState << 5;
    rngState >>>= 0;
    out[i] = rngState & 0xff;
  }
  return out;
}

// --- HTTP clients ------------------------------------------------------------------------------------------

// One request on its own connection (node:http, no agent). Resolves with status, headers and the body text.
function httpRequest({ method = 'POST', path = '/mcp', headers = {}, body = null, timeout = 10_000 }) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== null) h['content-length'] = Buffer.byteLength(body);
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeout, () => req.destroy(new Error(`${method} ${path}: no complete response within ${timeout} ms`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

function mcpHeaders(session) {
  const h = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
  if (session) {
    h['mcp-session-id'] = session;
    h['mcp-protocol-version'] = PROTOCOL;
  }
  return h;
}

// The JSON-RPC message that answers request `id` in a response body: JSON, or the SSE event that carries it.
function answerOf(res, id) {
  const type = res.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return JSON.parse(res.body);
  assert.ok(type.startsWith('text/event-stream'), `unexpected content-type ${type}`);
  for (const block of res.body.split(/\r?\n\r?\n/)) {
    const data = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
    if (!data) continue;
    const msg = JSON.parse(data);
    if (msg.id === id && ('result' in msg || 'error' in msg)) return msg;
  }
  throw new Error(`no answer to request ${id} in the SSE body ${JSON.stringify(res.body.slice(0, 500))}`);
}

let nextId = 1;
async function call(session, method, params, { expect = 200, timeout } = {}) {
  const id = nextId++;
  const res = await httpRequest({ headers: mcpHeaders(session), body: JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }), timeout });
  assert.equal(res.status, expect, `${method}: HTTP ${res.status}, expected ${expect}; body ${res.body.slice(0, 300)}`);
  if (expect !== 200) return res;
  const msg = answerOf(res, id);
  assert.ok(!('error' in msg), `${method}: JSON-RPC error ${JSON.stringify(msg.error)}`);
  return msg.result;
}

function initializeBody(id = nextId++, name = 'abuse-test') {
  return JSON.stringify({
    jsonrpc: '2.0', id, method: 'initialize',
    params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name, version: '1.0.0' } },
  });
}

// initialize + notifications/initialized: the session id.
async function openSession({ timeout } = {}) {
  const res = await httpRequest({ headers: mcpHeaders(), body: initializeBody(), timeout });
  assert.equal(res.status, 200, `initialize: HTTP ${res.status}; body ${res.body.slice(0, 300)}`);
  const session = res.headers['mcp-session-id'];
  assert.ok(session, 'initialize: no mcp-session-id header');
  const msg = JSON.parse(res.body);
  assert.equal(msg.result?.protocolVersion, PROTOCOL, `initialize: unexpected result ${res.body.slice(0, 300)}`);
  const note = await httpRequest({ headers: mcpHeaders(session), body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), timeout });
  assert.equal(note.status, 202, `notifications/initialized: HTTP ${note.status}`);
  return session;
}

async function closeSession(session) {
  const res = await httpRequest({ method: 'DELETE', headers: mcpHeaders(session) });
  assert.equal(res.status, 200, `DELETE: HTTP ${res.status}; body ${res.body.slice(0, 300)}`);
}

// A normal client, start to end, each request on a fresh connection: initialize, ping, tools/list, DELETE.
// Returns how long it took; fails when it took longer than `limit` ms.
async function normalClient(where, limit = PROMPT_MS) {
  const t = Date.now();
  const session = await openSession({ timeout: limit });
  assert.deepEqual(await call(session, 'ping', undefined, { timeout: limit }), {}, 'ping: result is not {}');
  const tools = await call(session, 'tools/list', undefined, { timeout: limit });
  assert.ok(tools.tools.some((x) => x.name === 'test_tool_with_progress'), 'tools/list: test_tool_with_progress missing');
  await closeSession(session);
  const ms = Date.now() - t;
  assert.ok(ms <= limit, `a normal client ${where} took ${ms} ms (limit ${limit} ms)`);
  return ms;
}

// A raw TCP exchange: connects, writes `chunks`, then ends (FIN) or destroys the socket if asked, and collects
// what the server sends until it closes or `timeout` ms pass. Never rejects; write errors after the server has
// answered (it closes on an oversized request) are expected and recorded.
function rawExchange(chunks, { end = false, timeout = 5_000, onData } = {}) {
  return new Promise((resolve) => {
    const t = Date.now();
    const sock = net.connect({ host: '127.0.0.1', port: server.port });
    sock.setNoDelay(true);
    const data = [];
    let error = null;
    let connected = false;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!closed) sock.destroy();
      resolve({ data: Buffer.concat(data), closed, connected, error, ms: Date.now() - t });
    };
    const timer = setTimeout(() => finish(false), timeout);
    sock.on('connect', async () => {
      connected = true;
      for (const c of chunks) {
        if (sock.destroyed) break;
        if (!sock.write(c)) await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
      }
      if (end && !sock.destroyed) sock.end();
    });
    sock.on('data', (d) => {
      data.push(d);
      onData?.(Buffer.concat(data), sock);
    });
    sock.on('error', (err) => { error = err; });
    sock.on('close', () => finish(true));
  });
}

// The status code of the first response in raw bytes, or null.
function statusOf(bytes) {
  const m = /^HTTP\/1\.[01] (\d{3}) /.exec(bytes.toString('latin1'));
  return m ? Number(m[1]) : null;
}

// The JSON body of a raw Content-Length response.
function rawJsonBody(bytes) {
  const text = bytes.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  assert.ok(split > 0, 'no end of header in the response');
  const len = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split));
  assert.ok(len, `no content-length in the response header ${JSON.stringify(text.slice(0, split))}`);
  return JSON.parse(text.slice(split + 4, split + 4 + Number(len[1])));
}

function assertRpcError(body, code, what) {
  let msg;
  try {
    msg = typeof body === 'string' ? JSON.parse(body) : body;
  } catch {
    assert.fail(`${what}: the 400 body is not JSON: ${JSON.stringify(String(body).slice(0, 200))}`);
  }
  assert.equal(msg.jsonrpc, '2.0', `${what}: the error body is not JSON-RPC 2.0: ${JSON.stringify(msg)}`);
  assert.ok('id' in msg, `${what}: the error body has no id: ${JSON.stringify(msg)}`);
  assert.equal(typeof msg.error?.message, 'string', `${what}: no error.message: ${JSON.stringify(msg)}`);
  if (code !== undefined) assert.equal(msg.error.code, code, `${what}: error code ${msg.error?.code}, expected ${code} (${msg.error?.message})`);
}

function requestHead(method, { headers = {}, contentLength } = {}) {
  const lines = [`${method} /mcp HTTP/1.1`, `Host: 127.0.0.1:${server.port}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (contentLength !== undefined) lines.push(`Content-Length: ${contentLength}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

// --- the steps ---------------------------------------------------------------------------------------------

let stepNo = 0;
let currentStep = 'starting the server';
async function step(title, body) {
  stepNo += 1;
  currentStep = `step ${stepNo} (${title})`;
  const t = Date.now();
  try {
    assertAlive(`before ${currentStep}`);
    const detail = await body();
    if (!stopping) assertAlive(`after ${currentStep}`);
    console.log(`ok ${stepNo} - ${title} [${((Date.now() - t) / 1000).toFixed(2)} s]${detail ? `: ${detail}` : ''}`);
  } catch (err) {
    await fail(`${currentStep}: ${err?.message ?? err}`);
  }
}

// 1. Garbage on raw TCP: each connection gets 400 (with a JSON-RPC error body) or is closed; service goes on.
async function garbage() {
  const cases = [
    ['1 KiB of random binary + CRLFCRLF', [randomBytes(1024), '\r\n\r\n']],
    ['4 KiB of random binary, then FIN', [randomBytes(4096)], true],
    ['random binary in small pieces + CRLFCRLF', [randomBytes(7), randomBytes(100), randomBytes(3), '\r\n\r\n']],
    ['a NUL-filled header', [Buffer.alloc(512), '\r\n\r\n']],
    ['a non-HTTP text line', ['HELLO SERVER, THIS IS NOT HTTP\r\n\r\n']],
    ['a non-HTTP text line, then FIN', ['SSH-2.0-OpenSSH_9.6\r\n'], true],
    ['a TLS ClientHello, then FIN', [Buffer.from('16030100a5010000a10303', 'hex'), randomBytes(160)], true],
    ['an HTTP/9.9 request line', ['GET /mcp HTTP/9.9\r\nHost: x\r\n\r\n']],
    ['a bare LF request', ['POST /mcp HTTP/1.1\nHost: x\nContent-Length: zz\n\n']],
    ['an invalid header name', ['POST /mcp HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n']],
    ['a bad chunk size', ['POST /mcp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxyz\r\n0\r\n\r\n']],
    ['two conflicting Content-Length headers',
      ['POST /mcp HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef']],
  ];
  const results = await Promise.all(cases.map(([, chunks, end]) => rawExchange(chunks, { end: !!end })));
  const tally = { 400: 0, closed: 0 };
  results.forEach((r, i) => {
    const what = cases[i][0];
    assert.ok(r.connected, `${what}: cannot connect: ${r.error?.message}`);
    assert.ok(r.closed, `${what}: the connection was neither answered with 400 nor closed within 5 s (got ${JSON.stringify(r.data.toString('latin1').slice(0, 120))})`);
    if (r.data.length === 0) {
      tally.closed += 1;
      return;
    }
    const status = statusOf(r.data);
    assert.equal(status, 400, `${what}: expected 400 or a close, got ${JSON.stringify(r.data.toString('latin1').slice(0, 200))}`);
    assertRpcError(rawJsonBody(r.data), undefined, what);
    tally[400] += 1;
  });
  // Garbage after a good request on a keep-alive connection: the first is answered, the garbage gets 400.
  const pipelined = await rawExchange([`GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, randomBytes(300), '\r\n\r\n']);
  assert.ok(pipelined.connected, `pipelined garbage: cannot connect: ${pipelined.error?.message}`);
  const text = pipelined.data.toString('latin1');
  assert.ok(pipelined.closed, 'pipelined garbage: the connection was not closed');
  assert.equal(statusOf(pipelined.data), 200, `pipelined garbage: the good request first: ${JSON.stringify(text.slice(0, 200))}`);
  const second = text.indexOf('HTTP/1.1 ', 1);
  assert.ok(second < 0 || /^HTTP\/1\.1 400 /.test(text.slice(second)), `pipelined garbage: after the 200, expected 400 or a close: ${JSON.stringify(text.slice(second, second + 100))}`);
  const ms = await normalClient('right after the garbage');
  return `${cases.length} connections (${tally[400]}x 400, ${tally.closed}x closed), pipelined garbage after a 200 ${second < 0 ? 'closed' : 'got 400'}; a normal client then took ${ms} ms`;
}

// 2. Clients that leave in the middle of a request.
async function disconnectMidRequest() {
  const session = await openSession(); // an established client, to check it is unaffected
  const initBody = initializeBody();
  const fullHead = requestHead('POST', { headers: mcpHeaders(), contentLength: 1000 });
  const halfHeader = requestHead('POST', { headers: mcpHeaders(), contentLength: Buffer.byteLength(initBody) }).slice(0, 60);
  const leave = (chunks, reset) => new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port: server.port });
    sock.on('error', () => {}); // a reset of our own making
    sock.on('connect', () => {
      for (const c of chunks) sock.write(c);
      // Let the bytes reach the server before going away.
      setTimeout(() => {
        if (reset) sock.resetAndDestroy();
        else sock.destroy();
        resolve();
      }, 50);
    });
    setTimeout(() => reject(new Error('could not connect within 5 s')), 5000).unref();
  });
  const leavers = [];
  for (let i = 0; i < 10; i++) {
    leavers.push(leave([halfHeader], i % 2 === 1)); // half a header, then FIN or RST
    leavers.push(leave([fullHead, '0123456789'], i % 2 === 1)); // Content-Length 1000, 10 bytes of body
    leavers.push(leave([requestHead('POST', { headers: mcpHeaders(), contentLength: Buffer.byteLength(initBody) }), initBody.slice(0, 20)], i % 2 === 1));
  }
  // Others, while the leavers come and go: a new client and the established session.
  const [, during] = await Promise.all([Promise.all(leavers), normalClient('while clients disconnect mid-request')]);
  await sleep(100);
  assert.deepEqual(await call(session, 'ping'), {}, 'the established session: ping');
  await closeSession(session);
  const after = await normalClient('after clients disconnected mid-request');
  return `${leavers.length} connections left mid-request (half header / 10 of 1000 body bytes / partial JSON; FIN and RST); a normal client took ${during} ms during, ${after} ms after; an established session still answered`;
}

// 3. A client that leaves in the middle of an SSE stream; its session lives on.
async function disconnectMidStream() {
  const session = await openSession();
  const details = [];
  for (const [tool, args, reset] of [['test_tool_with_progress', {}, false], ['test_tool_with_logging', {}, true]]) {
    const id = nextId++;
    const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: args, _meta: { progressToken: `abuse-${id}` } } });
    if (tool === 'test_tool_with_logging') await call(session, 'logging/setLevel', { level: 'debug' });
    let sawEvent = null;
    const r = await rawExchange([requestHead('POST', { headers: mcpHeaders(session), contentLength: Buffer.byteLength(body) }), body], {
      timeout: 5_000,
      onData: (bytes, sock) => {
        const text = bytes.toString('utf8');
        if (sawEvent === null && /\ndata: ?\{/.test(text)) {
          sawEvent = text;
          if (reset) sock.resetAndDestroy();
          else sock.destroy();
        }
      },
    });
    assert.ok(sawEvent !== null, `${tool}: no SSE data event within 5 s; got ${JSON.stringify(r.data.toString('utf8').slice(0, 300))}`);
    assert.equal(statusOf(Buffer.from(sawEvent)), 200, `${tool}: the stream's status`);
    assert.match(sawEvent, /\r\ncontent-type: text\/event-stream/i, `${tool}: not an SSE response`);
    assert.match(sawEvent, /\ndata: ?\{"jsonrpc":"2\.0","method":"notifications\/(progress|message)"/, `${tool}: the first event is not a notification`);
    // At once, while the tool is still running, and again once it must have finished.
    assert.deepEqual(await call(session, 'ping'), {}, `${tool}: ping right after the disconnect`);
    await sleep(300);
    assert.deepEqual(await call(session, 'ping'), {}, `${tool}: ping after the tool has finished`);
    details.push(`${tool} cut (${reset ? 'RST' : 'FIN'}) after ${r.ms} ms`);
  }
  await closeSession(session);
  const gone = await call(session, 'ping', undefined, { expect: 404 });
  assertRpcError(gone.body, undefined, 'ping after DELETE');
  return `${details.join(', ')}; the session answered ping (200) each time, DELETE 200, then 404`;
}

// 4. Silent connections: others are served while they are open; the header timeout closes each of them.
async function silentConnections() {
  const count = 20;
  const conns = await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const c = { opened: 0, closedAt: null, bytes: 0 };
    const sock = net.connect({ host: '127.0.0.1', port: server.port });
    c.sock = sock;
    c.closed = new Promise((r) => sock.on('close', () => { c.closedAt = Date.now(); r(); }));
    sock.on('data', (d) => { c.bytes += d.length; });
    sock.on('error', () => {});
    sock.on('connect', () => { c.opened = Date.now(); resolve(c); });
    setTimeout(() => reject(new Error('a silent connection did not connect within 5 s')), 5000).unref();
  })));
  const firstOpened = Math.min(...conns.map((c) => c.opened));
  const served = await normalClient(`while ${count} silent connections are open`);
  assert.equal(conns.filter((c) => c.closedAt !== null).length, 0,
               `silent connections closed after ${Math.min(...conns.filter((c) => c.closedAt).map((c) => c.closedAt - c.opened))} ms, before the normal client was done (the header timeout is ${HEADER_TIMEOUT_S} s)`);
  const deadline = firstOpened + SILENT_CLOSE_LIMIT_MS + (Math.max(...conns.map((c) => c.opened)) - firstOpened);
  await Promise.race([Promise.all(conns.map((c) => c.closed)), sleep(deadline - Date.now())]);
  const open = conns.filter((c) => c.closedAt === null);
  for (const c of conns) if (c.closedAt === null) c.sock.destroy();
  assert.equal(open.length, 0, `${open.length} of ${count} silent connections still open ${SILENT_CLOSE_LIMIT_MS} ms after connecting`);
  const lifetimes = conns.map((c) => c.closedAt - c.opened);
  const lo = Math.min(...lifetimes);
  const hi = Math.max(...lifetimes);
  assert.ok(hi <= SILENT_CLOSE_LIMIT_MS, `a silent connection lived ${hi} ms (limit ${SILENT_CLOSE_LIMIT_MS} ms)`);
  const sent = conns.reduce((n, c) => n + c.bytes, 0);
  const after = await normalClient('after the silent connections were closed');
  return `a normal client took ${served} ms while ${count} were open; the server closed all ${count} after ${(lo / 1000).toFixed(2)}-${(hi / 1000).toFixed(2)} s (${sent} bytes sent to them); ${after} ms after`;
}

// 5. Oversized requests: 413 for the body, 431 for the header, then normal service.
async function oversized() {
  const big = 5 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: a valid JSON prefix, not that it matters
  const bodyChunks = (n) => Array.from({ length: Math.ceil(n / chunk.length) }, (_, i) => chunk.subarray(0, Math.min(chunk.length, n - i * chunk.length)));
  const detail = [];

  const declared = await rawExchange([requestHead('POST', { headers: mcpHeaders(), contentLength: big }), ...bodyChunks(big)], { timeout: 10_000 });
  assert.equal(statusOf(declared.data), 413, `5 MiB body with Content-Length: expected 413, got ${JSON.stringify(declared.data.toString('latin1').slice(0, 200))} (closed ${declared.closed}, ${declared.error?.code ?? 'no error'})`);
  assertRpcError(rawJsonBody(declared.data), undefined, '413 body');
  assert.ok(declared.closed, '413: the connection was not closed');
  detail.push(`5 MiB Content-Length body: 413 in ${declared.ms} ms${declared.error ? ` (then ${declared.error.code})` : ''}`);

  // The same size without a declared length: chunked transfer coding.
  const chunked = [requestHead('POST', { headers: { ...mcpHeaders(), 'Transfer-Encoding': 'chunked' } })];
  for (const c of bodyChunks(big)) chunked.push(`${c.length.toString(16)}\r\n`, c, '\r\n');
  chunked.push('0\r\n\r\n');
  const streamed = await rawExchange(chunked, { timeout: 10_000 });
  assert.equal(statusOf(streamed.data), 413, `5 MiB chunked body: expected 413, got ${JSON.stringify(streamed.data.toString('latin1').slice(0, 200))}`);
  detail.push(`5 MiB chunked body: 413 in ${streamed.ms} ms`);

  const headerCases = [
    ['a 20 KiB header value', requestHead('POST', { headers: { ...mcpHeaders(), 'X-Filler': 'a'.repeat(20 * 1024) }, contentLength: 2 }) + '{}'],
    ['400 headers of 60 bytes', requestHead('POST', { headers: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`X-H${i}`, 'b'.repeat(50)])), contentLength: 2 }) + '{}'],
    ['a 20 KiB request target', `GET /mcp?${'c'.repeat(20 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`],
  ];
  for (const [what, bytes] of headerCases) {
    const r = await rawExchange([bytes]);
    assert.equal(statusOf(r.data), 431, `${what}: expected 431, got ${JSON.stringify(r.data.toString('latin1').slice(0, 200))}`);
    assertRpcError(rawJsonBody(r.data), undefined, `${what}: 431 body`);
    assert.ok(r.closed, `${what}: the connection was not closed after 431`);
  }
  detail.push(`${headerCases.length} oversized headers (20 KiB value, 400 fields, 20 KiB target): 431`);
  // The same through node:http, the way an ordinary client library would send it.
  const viaHttp = await httpRequest({ headers: { ...mcpHeaders(), 'x-filler': 'd'.repeat(20 * 1024) }, body: initializeBody() }).catch((err) => ({ status: `error ${err.code ?? err.message}` }));
  assert.equal(viaHttp.status, 431, `20 KiB header via node:http: got ${viaHttp.status}`);
  const ms = await normalClient('after the oversized requests');
  return `${detail.join('; ')}; a normal client then took ${ms} ms`;
}

// 6. Bad JSON over good HTTP: 400 with a JSON-RPC error body; the session is not disturbed.
async function badJson() {
  const session = await openSession();
  const PARSE = -32700;
  const INVALID = -32600;
  const initPrefix = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"${PROTOCOL}","capabilities":{},"clientInfo":{"version":"1","name":"`;
  const utf8 = (bytes) => Buffer.concat([Buffer.from(initPrefix), Buffer.from(bytes), Buffer.from('"}}}')]);
  const cases = [
    // [what, body, expected JSON-RPC error code, send the session id]
    ['an empty body', '', PARSE, true],
    ['not JSON', 'this is not json', PARSE, true],
    ['an unterminated object', '{"jsonrpc":"2.0","id":1,"method":"ping"', PARSE, true],
    ['trailing garbage', '{"jsonrpc":"2.0","id":1,"method":"ping"} xyz', PARSE, true],
    ['a trailing comma', '{"jsonrpc":"2.0","id":1,"method":"ping",}', PARSE, true],
    ['single quotes', "{'jsonrpc':'2.0','id':1,'method':'ping'}", PARSE, true],
    ['a NUL byte', '{"jsonrpc":"2.0","id":1,\u0000"method":"ping"}', PARSE, true],
    ['100000 nested arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, PARSE, true],
    ['100000 nested objects, unterminated', '{"a":'.repeat(100_000), PARSE, true],
    ['an object', '{}', INVALID, true],
    ['null', 'null', INVALID, true],
    ['a number', '42', INVALID, true],
    ['a string', '"ping"', INVALID, true],
    ['jsonrpc 1.0', '{"jsonrpc":"1.0","id":1,"method":"ping"}', INVALID, true],
    ['no jsonrpc member', '{"id":1,"method":"ping"}', INVALID, true],
    ['a numeric method', '{"jsonrpc":"2.0","id":1,"method":42}', INVALID, true],
    ['an object id', '{"jsonrpc":"2.0","id":{"x":1},"method":"ping"}', INVALID, true],
    ['an id without method, result or error', '{"jsonrpc":"2.0","id":1}', INVALID, true],
    ['result and error together', '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}', INVALID, true],
    ['invalid UTF-8 (0xFF 0xFE) in a string', utf8([0xff, 0xfe]), PARSE, false],
    ['invalid UTF-8 (a lone continuation byte)', utf8([0x61, 0x80, 0x62]), PARSE, false],
    ['invalid UTF-8 (an overlong "/")', utf8([0xc0, 0xaf]), PARSE, false],
    ['invalid UTF-8 (an encoded surrogate)', utf8([0xed, 0xa0, 0x80]), PARSE, false],
    ['invalid UTF-8 (a truncated sequence)', utf8([0xe2, 0x82]), PARSE, false],
    ['invalid UTF-8 (beyond U+10FFFF)', utf8([0xf4, 0x90, 0x80, 0x80]), PARSE, false],
    ['invalid UTF-8 in a ping with a session', Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":7,"method":"ping","params":{"_meta":{"x":"'), Buffer.from([0xff]), Buffer.from('"}}}')]), PARSE, true],
  ];
  const failures = [];
  for (const [what, body, code, withSession] of cases) {
    const res = await httpRequest({ headers: mcpHeaders(withSession ? session : undefined), body });
    try {
      assert.equal(res.status, 400, `HTTP ${res.status}, expected 400; body ${res.body.slice(0, 200)}`);
      assert.match(res.headers['content-type'] ?? '', /^application\/json/, 'the 400 is not application/json');
      assertRpcError(res.body, code, 'the 400 body');
    } catch (err) {
      failures.push(`${what}: ${err.message}`);
    }
  }
  assert.equal(failures.length, 0, `${failures.length} of ${cases.length} bad bodies not rejected properly:\n  ${failures.join('\n  ')}`);
  assert.deepEqual(await call(session, 'ping'), {}, 'the session after the bad bodies: ping');
  await closeSession(session);
  const ms = await normalClient('after the bad bodies');
  const parse = cases.filter((c) => c[2] === PARSE).length;
  return `${cases.length} bad bodies: 400 with a JSON-RPC error, ${parse}x -32700 (malformed JSON, invalid UTF-8), ${cases.length - parse}x -32600 (invalid JSON-RPC); a normal client then took ${ms} ms`;
}

// 7. A burst of concurrent initializes, each on its own connection.
async function burst() {
  const count = 200;
  const t = Date.now();
  const results = await Promise.all(Array.from({ length: count }, (_, i) =>
    httpRequest({ headers: mcpHeaders(), body: initializeBody(100_000 + i, `burst-${i}`), timeout: 20_000 })
      .catch((err) => ({ status: `error ${err.code ?? err.message}` }))));
  const ms = Date.now() - t;
  const byStatus = {};
  for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  assert.equal(byStatus[200], count, `${count} concurrent initializes: ${JSON.stringify(byStatus)} (503 means a limit was hit, which it should not be at ${count}); e.g. ${JSON.stringify(results.find((r) => r.status !== 200)?.body?.slice(0, 200))}`);
  const sessions = results.map((r) => r.headers['mcp-session-id']);
  assert.equal(new Set(sessions).size, count, 'the burst got duplicate or missing session ids');
  results.forEach((r, i) => assert.equal(JSON.parse(r.body).id, 100_000 + i, `burst answer ${i} has the wrong id`));
  // Every session works: a ping each, concurrently; then half are deleted and half are left to the shutdown.
  const pings = await Promise.all(sessions.map((s) => call(s, 'ping', undefined, { timeout: 20_000 }).then(() => 'ok', (err) => err.message)));
  const bad = pings.filter((p) => p !== 'ok');
  assert.equal(bad.length, 0, `${bad.length} burst sessions failed a ping, e.g. ${bad[0]}`);
  await Promise.all(sessions.slice(0, count / 2).map(closeSession));
  const after = await normalClient('after the burst');
  return `${count} initializes: all 200 in ${ms} ms, ${count} distinct sessions, ${count} concurrent pings 200, ${count / 2} deleted (the rest left for the shutdown); a normal client then took ${after} ms`;
}

// 8. SIGTERM: a clean exit, and nothing from the sanitizers.
async function shutdown() {
  stopping = true;
  const t = Date.now();
  server.child.kill('SIGTERM');
  const exit = await Promise.race([server.exited, sleep(SHUTDOWN_MS).then(() => null)]);
  assert.ok(exit, `the server did not exit within ${SHUTDOWN_MS} ms of SIGTERM`);
  const ms = Date.now() - t;
  await Promise.race([server.closed, sleep(2000)]); // the rest of stderr (a leak report comes at exit)
  assert.ok(exit.code === 0 && exit.signal === null, `the server exited with code ${exit.code}, signal ${exit.signal} (expected 0)`);
  const found = SANITIZER_MARKERS.filter((m) => stderrText.includes(m));
  assert.equal(found.length, 0, `the server's stderr has sanitizer output (${found.join(', ')})`);
  const errors = stderrText.split('\n').filter((l) => / error \[/.test(l));
  return `exit 0 in ${ms} ms; stderr (${stderrText.split('\n').length} lines) has no sanitizer report${errors.length ? `; ${errors.length} error log line(s), e.g. ${errors[0]}` : ''}`;
}

// --- main --------------------------------------------------------------------------------------------------

async function main() {
  const binary = process.argv[2];
  if (!binary) {
    console.error('usage: node tests/robustness/abuse.mjs <server-binary>');
    process.exit(2);
  }
  setTimeout(() => fail(`watchdog: not done after ${WATCHDOG_MS / 1000} s, stuck in ${currentStep}`), WATCHDOG_MS);
  const port = await startServer(binary).catch((err) => fail(err.message));
  server.port = port;
  console.log(`# server ${binary} on port ${port}, random seed ${seed} (ABUSE_SEED=${seed} replays it)`);
  await step('garbage bytes on raw TCP connections: 400 or close, then normal service', garbage);
  await step('clients that disconnect mid-request do not affect others', disconnectMidRequest);
  await step('a client that disconnects mid-SSE-stream: its session still answers, DELETE works', disconnectMidStream);
  await step('silent connections: others served meanwhile, each closed by the header timeout', silentConnections);
  await step('oversized body 413, oversized header 431, then normal service', oversized);
  await step('malformed JSON, invalid JSON-RPC, invalid UTF-8: 400 with a JSON-RPC error', badJson);
  await step('a burst of 200 concurrent initializes', burst);
  await step('SIGTERM: exit 0 within 5 s, no sanitizer report', shutdown);
  console.log(`# all ${stepNo} steps passed in ${clock()}`);
  process.exit(0);
}

main().catch((err) => fail(err?.stack ?? String(err)));
