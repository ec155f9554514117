// Dynamic tool sets across two server processes sharing one store (issue 14, "Done when"): examples/everything
// (list_mode::dynamic) twice on PostgreSQL (changes pushed by LISTEN/NOTIFY) or DynamoDB (looked for every
// MCP_TOOL_CHECK_INTERVAL, 1 s here), the official TypeScript SDK client on each process:
//  - a tool deactivated through A: the client on B receives tools/list_changed (within 1 s on PostgreSQL, within
//    the interval plus 1 s on DynamoDB) and no longer lists it, and calling it there is an unknown tool; an
//    activation the same; each client is told once per change;
//  - a client whose GET stream was cut while a change happened receives it after reconnecting (Last-Event-ID
//    replay of the session's listening stream);
//  - a session that no process served while a change happened (its process was killed) is told at its next
//    request, on the other process.
// Usage: node tests/shared_sessions/lists.mjs <path-to-everything> postgres|dynamodb
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import {
  PROTOCOL_VERSION, executable, fail, ok, parseSse, rawPost, rawSession, runTest, sleep, startEverything,
  stopGracefully, textOf,
} from './harness.mjs';
import { sharedStoreEnv } from './stores.mjs';

const binary = executable(process.argv[2], 'examples/everything');
const backend = process.argv[3];
if (!['postgres', 'dynamodb'].includes(backend)) fail('usage: lists.mjs <everything> postgres|dynamodb');
const INTERVAL_S = 1;
const env = { ...sharedStoreEnv(backend), MCP_TOOL_CHECK_INTERVAL: String(INTERVAL_S) };
// PostgreSQL pushes: 1 s. DynamoDB: the next background look, at most the interval away, plus the delivery.
const WITHIN_MS = backend === 'postgres' ? 1_000 : INTERVAL_S * 1_000 + 1_000;
const TARGET = 'test_switchable';

async function connect(url, tag) {
  const client = new Client({ name: `lists-${tag}`, version: '1.0.0' }, { capabilities: {} });
  const told = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => told.push(Date.now()));
  await client.connect(new StreamableHTTPClientTransport(url));
  return { client, told };
}

async function names(client) {
  const out = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    out.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function switchTool(client, active) {
  const r = await client.callTool({ name: 'test_switch_tool', arguments: { name: TARGET, active } });
  assert.ok(!r.isError, `test_switch_tool: ${textOf(r)}`);
  return Date.now();
}

async function toldWithin(b, before, since, what) {
  while (b.told.length === before && Date.now() - since < WITHIN_MS + 2_000) await sleep(20);
  assert.ok(b.told.length > before, `${what}: no tools/list_changed on B`);
  const took = b.told[before] - since;
  assert.ok(took <= WITHIN_MS, `${what}: tools/list_changed took ${took} ms, more than ${WITHIN_MS} ms`);
  return took;
}

// Reads the SSE stream of `response` until `test(message)` holds for one message or `ms` pass; the events read.
async function readUntil(response, test, ms) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      const events = parseSse(text);
      if (events.some((e) => e.data && test(JSON.parse(e.data)))) return events;
    }
    return parseSse(text);
  } finally {
    reader.cancel().catch(() => {});
  }
}

function listen(url, sessionId, lastEventId) {
  const headers = { accept: 'text/event-stream', 'mcp-protocol-version': PROTOCOL_VERSION, 'mcp-session-id': sessionId };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  return fetch(url, { headers });
}

const isListChanged = (m) => m.method === 'notifications/tools/list_changed';

// The priming event's id of the session's listening stream, the stream then cut.
async function primingId(url, sessionId) {
  const get = await listen(url, sessionId);
  assert.equal(get.status, 200, 'GET opens the listening stream');
  const events = await readUntil(get, () => false, 300);
  assert.ok(events[0]?.id, 'the listening stream starts with an event id');
  return events[0].id;
}

async function changesReachTheOtherProcess(a, b) {
  assert.ok((await names(b.client)).includes(TARGET), `B lists ${TARGET} at first`);
  let before = b.told.length;
  const took = await toldWithin(b, before, await switchTool(a.client, false), 'deactivated through A');
  assert.ok(!(await names(b.client)).includes(TARGET), `B no longer lists ${TARGET}`);
  const call = await b.client.callTool({ name: TARGET, arguments: {} }).catch((e) => e);
  assert.match(String(call?.message ?? JSON.stringify(call)), /Unknown tool/, 'calling it on B: an unknown tool');
  ok(`deactivated through A: the client on B was told in ${took} ms and no longer lists it`);
  before = b.told.length;
  const again = await toldWithin(b, before, await switchTool(a.client, true), 'activated through A');
  assert.ok((await names(b.client)).includes(TARGET), `B lists ${TARGET} again`);
  ok(`activated through A: the client on B was told in ${again} ms and lists it again`);
  await sleep(WITHIN_MS + 500);
  assert.equal(b.told.length, 2, `B was told once per change: ${b.told.length} notifications for 2 changes`);
  assert.equal(a.told.length, 2, `A's own client was told once per change too: ${a.told.length}`);
  ok('each client was told exactly once per change');
}

async function aCutStreamGetsItByReplay(a, B) {
  const sessionId = await rawSession(B.url);
  const last = await primingId(B.url, sessionId);
  await switchTool(a.client, false);
  await sleep(WITHIN_MS + 500); // B notices and stores the notification on the session's listening stream
  const replay = await readUntil(await listen(B.url, sessionId, last), isListChanged, 3_000);
  assert.ok(replay.some((e) => e.data && isListChanged(JSON.parse(e.data))),
    `the replay after Last-Event-ID ${last} carries tools/list_changed: ${JSON.stringify(replay)}`);
  ok('a client whose GET stream was cut during the change got tools/list_changed by replay after reconnecting');
}

async function anUnservedSessionIsToldAtItsNextRequest(a, B) {
  const C = await startEverything(binary, 'C', env);
  const sessionId = await rawSession(C.url);
  const last = await primingId(C.url, sessionId);
  C.process.kill('SIGKILL');
  await C.exited;
  await switchTool(a.client, true); // while no process serves the session
  await sleep(WITHIN_MS + 500);
  const ping = await rawPost(B.url, { jsonrpc: '2.0', id: 7, method: 'ping' }, sessionId);
  assert.equal(ping.status, 200, `the session goes on on B: ${ping.text}`);
  const replay = await readUntil(await listen(B.url, sessionId, last), isListChanged, 3_000);
  const told = replay.filter((e) => e.data && isListChanged(JSON.parse(e.data)));
  assert.equal(told.length, 1, `told once, at its next request (on B): ${JSON.stringify(replay)}`);
  ok('a session no process served during the change was told at its next request, on another process');
}

await runTest(`lists_${backend}`, 75_000, async () => {
  const [A, B] = await Promise.all([startEverything(binary, 'A', env), startEverything(binary, 'B', env)]);
  const a = await connect(A.url, 'A');
  const b = await connect(B.url, 'B');
  await sleep(300); // the clients' GET streams open after initialization
  await changesReachTheOtherProcess(a, b);
  await aCutStreamGetsItByReplay(a, B);
  await anUnservedSessionIsToldAtItsNextRequest(a, B);
  await a.client.close();
  await b.client.close();
  await Promise.all([A, B].map(stopGracefully));
});
