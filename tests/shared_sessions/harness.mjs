// What the shared-session tests have in common: reporting (ok/fail), cleaning up every process they started even
// when a check fails or the test times out, starting examples/everything on a store, the official TypeScript SDK
// client, raw MCP requests, and reading SSE bodies.
// Not for: the balancing proxy (proxy.mjs) or the store servers (stores.mjs).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

export const PROTOCOL_VERSION = '2025-11-25';
const STARTUP_MS = 15_000;
const SHUTDOWN_MS = 10_000;

const children = new Set(); // child processes still running
const sanitizerReports = []; // ASan/UBSan/LSan lines in a child's output (the asan preset): each one fails the test
const SANITIZER = /ERROR: (Address|Leak)Sanitizer|runtime error:|UndefinedBehaviorSanitizer/;
const cleanups = []; // synchronous undo steps (stop a database, remove a directory), run last first

// Runs at exit whatever the outcome: a stuck server must not keep ctest's output pipe open, and a private
// PostgreSQL (a daemon, not our child) must not outlive the test.
function cleanUp() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
  while (cleanups.length > 0) {
    try {
      cleanups.pop()();
    } catch (err) {
      console.error(`cleanup: ${err?.message ?? err}`);
    }
  }
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => fail(`interrupted by ${signal}`));

export function onCleanup(step) {
  cleanups.push(step);
}

const reports = []; // what to print when a check fails (the balancer's log of requests)
export function onFailureReport(report) {
  reports.push(report);
}

export function fail(message) {
  console.error(`FAIL: ${message}`);
  for (const report of reports) {
    try {
      console.error(report());
    } catch {
      // a report must not hide the failure
    }
  }
  process.exit(1); // the 'exit' handler cleans up
}

let passed = 0;
export function ok(what) {
  passed += 1;
  console.log(`ok ${passed} - ${what}`);
}

// Runs the test's main function with an overall time limit below ctest's, so that our own cleanup runs.
export async function runTest(name, limitMs, main) {
  const timer = setTimeout(() => fail(`${name}: timed out after ${limitMs / 1000} s (the last check printed passed)`),
    limitMs);
  try {
    await main();
  } catch (err) {
    if (err instanceof assert.AssertionError && !/actual/.test(err.message)) {
      fail(`${err.message}\n  actual:   ${inspect(err.actual, { depth: 6 })}\n` +
           `  expected: ${inspect(err.expected, { depth: 6 })}`);
    }
    fail(err?.stack ?? String(err));
  }
  clearTimeout(timer);
  if (sanitizerReports.length > 0) fail(`sanitizer reports in the servers' output:\n${sanitizerReports.join('\n')}`);
  if (process.env.MCP_TEST_VERBOSE) for (const report of reports) console.log(report());
  console.log(`${name}: all ${passed} checks passed`);
  process.exit(0);
}

// The variable's value, or a failure that says how to get it (never a silent skip).
export function requireEnv(name) {
  const value = process.env[name];
  if (!value) fail(`${name} is not set: start the test services first (source scripts/services; services_start, ` +
                   'or scripts/services run in another terminal)');
  return value;
}

export function executable(arg, what) {
  if (!arg) fail(`usage: node <test>.mjs <path-to-${what}> ...`);
  const file = path.resolve(arg);
  try {
    if (!statSync(file).isFile()) fail(`${file} is not a file (build ${what} first)`);
    accessSync(file, constants.X_OK);
  } catch (err) {
    fail(`cannot run ${what} at ${file}: ${err.code ?? err.message} (build it first)`);
  }
  return file;
}

// A private directory, removed at exit. `owner` (a user name) gets it when we run as root (PostgreSQL).
export function tempDir(prefix, owner) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  if (owner && process.getuid?.() === 0) spawnSync('chown', [owner, dir]);
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts a child whose output goes to ours, each line tagged; `ready` is a pattern of its stderr or stdout
// that says it is up. Resolves with {process, match, exited, output}: output() is the last 256 KiB it printed.
export function startChild(tag, command, args, { env = {}, ready, readyMs = STARTUP_MS } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const exited = new Promise((done) => child.once('exit', (code, signal) => {
      children.delete(child);
      done({ code, signal });
    }));
    let seen = '';
    let printed = '';
    let found = false;
    const timer = setTimeout(() => reject(new Error(`${tag}: not ready (${ready}) within ${readyMs} ms`)), readyMs);
    const read = (chunk) => {
      const text = chunk.toString('utf8');
      process.stderr.write(text.replace(/^(?=.)/gm, `[${tag}] `));
      printed = (printed + text).slice(-256 * 1024);
      if (SANITIZER.test(text)) sanitizerReports.push(`${tag}: ${text.split('\n').find((l) => SANITIZER.test(l))}`);
      if (found) return;
      seen += text;
      const m = ready.exec(seen);
      if (m) {
        found = true;
        clearTimeout(timer);
        resolve({ tag, process: child, match: m, exited, output: () => printed });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    exited.then(({ code, signal }) => {
      if (found) return;
      clearTimeout(timer);
      reject(new Error(`${tag} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
}

// examples/everything on a store given by environment variables; resolves with {tag, process, port, url, exited}.
export async function startEverything(binary, tag, env) {
  const started = await startChild(tag, binary, ['--port', '0'], {
    env,
    ready: /listening on (http:\/\/127\.0\.0\.1:(\d+)\/mcp)/,
  });
  return { ...started, url: new URL(started.match[1]), port: Number(started.match[2]) };
}

export function alive(server) {
  return server.process.exitCode === null && server.process.signalCode === null;
}

// SIGTERM, then the exit status must be 0 (graceful).
export async function stopGracefully(server) {
  server.process.kill('SIGTERM');
  const status = await withTimeout(server.exited, SHUTDOWN_MS, `${server.tag} exit after SIGTERM`);
  assert.deepEqual(status, { code: 0, signal: null }, `${server.tag}: exit status after SIGTERM`);
}

export function textOf(result) {
  const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text);
  assert.ok(text.length > 0, `expected a text content block, got ${JSON.stringify(result.content)}`);
  return text.join('\n');
}

// The official SDK client with elicitation, recording what arrives outside call results.
export async function connectClient(url) {
  const client = new Client({ name: 'shared-sessions-test', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const seen = { elicitations: [], logs: [], updates: [], errors: [] };
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    seen.elicitations.push(request.params);
    return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
  });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => seen.logs.push(n.params));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => seen.updates.push(n.params));
  const transport = new StreamableHTTPClientTransport(url, {
    reconnectionOptions: { initialReconnectionDelay: 100, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1.5,
      maxRetries: 5 },
  });
  await client.connect(transport);
  client.onerror = (err) => seen.errors.push(err?.message ?? String(err));
  assert.match(transport.sessionId ?? '', /^[\x21-\x7e]+$/, 'a session id after initialize');
  return { client, transport, seen, sessionId: transport.sessionId };
}

// A call of test_tool_with_progress: its result text and the progress values in the order they came.
export async function progressCall(client, what, ms = 20_000) {
  const progress = [];
  const result = await withTimeout(
    client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    }), ms, what);
  return { text: textOf(result), progress: [...progress] };
}

export function mcpHeaders(sessionId) {
  const h = { 'content-type': 'application/json', accept: 'application/json, text/event-stream',
    'mcp-protocol-version': PROTOCOL_VERSION };
  if (sessionId) h['mcp-session-id'] = sessionId;
  return h;
}

// One JSON-RPC message by POST, without the SDK: {status, contentType, text, json (when the body is JSON)}.
export async function rawPost(url, message, sessionId) {
  const response = await fetch(url, { method: 'POST', headers: mcpHeaders(sessionId), body: JSON.stringify(message),
    signal: AbortSignal.timeout(15_000) });
  return answerOf(response);
}

export async function rawRequest(url, method, sessionId) {
  const headers = { accept: 'text/event-stream', 'mcp-protocol-version': PROTOCOL_VERSION };
  if (sessionId) headers['mcp-session-id'] = sessionId;
  const response = await fetch(url, { method, headers, signal: AbortSignal.timeout(15_000) });
  return answerOf(response);
}

async function answerOf(response) {
  const contentType = response.headers.get('content-type') ?? '';
  const sessionId = response.headers.get('mcp-session-id') ?? undefined;
  if (contentType.startsWith('text/event-stream')) {
    // Our answers end their stream after the response; read it whole.
    const text = await response.text();
    const events = parseSse(text).filter((e) => e.data);
    const last = events.at(-1);
    return { status: response.status, contentType, text, sessionId, json: last ? JSON.parse(last.data) : undefined };
  }
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType, text, sessionId, json };
}

// A session made by hand (initialize and notifications/initialized), with no stream open: its id.
export async function rawSession(url) {
  const init = await rawPost(url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {
    protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  assert.equal(init.status, 200, `initialize by hand: ${init.text}`);
  assert.ok(init.sessionId, 'initialize by hand names a session');
  const note = await rawPost(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, init.sessionId);
  assert.equal(note.status, 202, `notifications/initialized by hand: ${note.text}`);
  return init.sessionId;
}

// The events of an SSE body: [{id, data, retry}] (data lines joined with \n; comments skipped).
export function parseSse(text) {
  const events = [];
  for (const block of text.replace(/\r\n?/g, '\n').split('\n\n')) {
    const event = {};
    let any = false;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      any = true;
      if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
      else if (field === 'id') event.id = value;
      else if (field === 'retry') event.retry = Number(value);
    }
    if (any) events.push(event);
  }
  return events;
}

// "<stream>_<sequence>" -> {stream, sequence}.
export function eventId(id) {
  const m = /^(.+)_(\d+)$/.exec(id ?? '');
  assert.ok(m, `an event id of the form <stream>_<sequence>: ${id}`);
  return { stream: m[1], sequence: Number(m[2]) };
}
