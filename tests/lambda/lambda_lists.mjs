// Dynamic tool sets on the Lambda front door (issue 14): examples/lambda (list_mode::dynamic, test_switch_tool and
// test_switchable from examples/everything/lists.cpp) run by tools/lambda_emulator with six eager copies and
// --freeze (an idle copy is stopped, so nothing converges in the background: on Lambda a container looks at the
// state store only when a request thaws it), activation in DynamoDB (dynalite), MCP_TOOL_CHECK_INTERVAL=1.
// Driven by the official TypeScript SDK client. Checks:
//  - a change made through one copy reaches a session served by another: the switch and the other session's next
//    request (more than the interval later) are served by different copies (the emulator's stats say which; a
//    ready copy is picked least recently ready first, so consecutive requests rotate), the second one a warm
//    copy that had listed the old set; there the tool is gone from tools/list, calling it is -32602 "Unknown
//    tool", and the session is told notifications/tools/list_changed;
//  - a cold start serves the stored set: after every copy is restarted, a new session's first tools/list (on a
//    new process) and every copy's lists leave the deactivated tool out; activated again, it comes back;
//  - exactly once: after each change every copy serves the sessions again (each may notice the change and try
//    to tell them), and each session's listening stream holds one list_changed per change it lived through.
//
// How a session hears it, by mode:
//  - streaming: the SDK client's own GET stream (it occupies a copy while open, as on Lambda) delivers it live,
//    from the event store, within the GET's look at the store (500 ms doubling to 5 s while nothing comes); after
//    the restart the SDK resumes that stream with Last-Event-ID on a new copy.
//  - buffered: GET without Last-Event-ID is 405, so the SDK client has no stream and its handler never fires;
//    the notification is stored on the session's listening stream and read by a raw GET with Last-Event-ID
//    "listen_0" (the listening stream's id at its start: event ids are "<stream>_<sequence>", src/mcp/http/sse.hpp),
//    which a buffered function answers with the events stored so far, then ends.
// The stored count is read that way in both modes (in streaming mode the GET follows live after the replay, and
// is cut after a while).
// Usage: node tests/lambda/lambda_lists.mjs <lambda_emulator> <lambda_example> streaming|buffered
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

import { startEmulator, stats, testScript, textOf } from './emulator.mjs';

const harness = testScript('lambda_lists.mjs', 60_000);
const { fail, ok, mode } = harness;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const COPIES = 6; // streaming: three GET streams and three replay GETs at the end
const INTERVAL_MS = 1_000; // MCP_TOOL_CHECK_INTERVAL
const TARGET = 'test_switchable';
const streaming = mode === 'streaming';
// The longest a GET stream following the event store waits between looks (streamable_options::
// remote_stream_poll_max), plus delivery.
const LIVE_WITHIN_MS = 6_000;

// The copies the SDK clients' GET streams hold (streaming mode; none in buffered mode).
let heldByStreams = 0;

// Waits until the emulator is quiet: only the open GET streams busy, no copy starting or answering, and the same
// totals on two looks 150 ms apart (the SDK opens its GET stream after connect() has resolved).
async function quiet(base) {
  let last = '';
  for (const began = Date.now(); Date.now() - began < 10_000; await sleep(150)) {
    const copies = await stats(base);
    const busy = copies.filter((c) => c.state === 'busy').length;
    const moving = copies.some((c) => ['starting', 'answered', 'cold'].includes(c.state));
    const totals = JSON.stringify(copies.map((c) => [c.state, c.invocationsTotal]));
    if (busy === heldByStreams && !moving && totals === last) return copies;
    last = totals;
  }
  throw new Error(`the emulator did not settle: ${JSON.stringify(await stats(base))}`);
}

// Runs `request` alone and finds the copy that served it (the one whose invocationsTotal grew): {value, copy}
// where copy is that copy's stats before the request.
async function served(base, request) {
  const before = await quiet(base);
  const value = await request();
  for (const began = Date.now(); Date.now() - began < 3_000; await sleep(20)) {
    const total = (copy) => before.find((c) => c.copy === copy).invocationsTotal;
    const grew = (await stats(base)).filter((c) => c.invocationsTotal > total(c.copy));
    if (grew.length === 0) continue;
    assert.equal(grew.length, 1, `one copy served the request: ${JSON.stringify(grew)}`);
    return { value, copy: before.find((c) => c.copy === grew[0].copy) };
  }
  throw new Error('no copy served the request');
}

async function connect(base, name) {
  const client = new Client({ name, version: '1.0.0' }, { capabilities: {} });
  const told = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => told.push(Date.now()));
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`));
  await client.connect(transport);
  if (streaming) heldByStreams += 1;
  await quiet(base);
  return { name, client, transport, told };
}

async function toolNames(client) {
  const names = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

// tools/list by `session` on the next copy: {listed (whether TARGET is in it), copy (its stats before)}.
async function list(base, session) {
  const { value, copy } = await served(base, () => toolNames(session.client));
  return { listed: value.includes(TARGET), copy };
}

const copyNow = async (base, copy) => (await stats(base)).find((c) => c.copy === copy);

// One tools/list by `session` on every copy not held by a stream (they rotate): copy -> whether TARGET is listed.
async function listOnEveryCopy(base, session) {
  const seen = new Map();
  for (let i = 0; i < COPIES - heldByStreams; ++i) {
    const { listed, copy } = await list(base, session);
    seen.set(copy.copy, listed);
  }
  return seen;
}

async function switchTarget(base, session, active) {
  const { value, copy } = await served(base, () =>
    session.client.callTool({ name: 'test_switch_tool', arguments: { name: TARGET, active } }));
  assert.ok(!value.isError, `test_switch_tool: ${textOf(value)}`);
  assert.equal(textOf(value), `${TARGET} is ${active ? 'active' : 'inactive'}`);
  return { copy: copy.copy, at: Date.now() };
}

async function callIsUnknown(session) {
  const outcome = await session.client.callTool({ name: TARGET, arguments: {} }).then(
    (result) => ({ result }), (error) => error);
  assert.equal(outcome.code, -32602, `calling ${TARGET}: ${JSON.stringify(outcome)}`);
  assert.match(outcome.message, /Unknown tool/);
}

// Waits for `session`'s SDK handler to have heard `count` list_changed (streaming mode): ms since `since`.
async function heardLive(session, count, since) {
  while (session.told.length < count && Date.now() - since < LIVE_WITHIN_MS) await sleep(25);
  assert.ok(session.told.length >= count,
    `${session.name}: ${session.told.length} tools/list_changed heard on its GET stream, expected ${count}`);
  return session.told[count - 1] - since;
}

// The messages of an SSE text (events separated by blank lines; data lines joined).
function sseMessages(text) {
  const out = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    if (data.length > 0 && data.join('\n') !== '') out.push(JSON.parse(data.join('\n')));
  }
  return out;
}

// How many tools/list_changed the session's listening stream holds, replayed from its start with a raw GET
// (Last-Event-ID "listen_0"). A buffered function ends that GET after the replay; a streaming one follows on,
// and is left after `followMs`.
async function storedListChanges(base, session, followMs = 1_500) {
  const response = await fetch(`${base}/mcp`, {
    headers: {
      accept: 'text/event-stream', 'mcp-session-id': session.transport.sessionId,
      'mcp-protocol-version': session.transport.protocolVersion, 'last-event-id': 'listen_0',
    },
  });
  if (response.status !== 200)
    assert.fail(`GET with Last-Event-ID listen_0: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (const deadline = Date.now() + followMs; Date.now() < deadline;) {
    const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  reader.cancel().catch(() => {});
  if (streaming) heldByStreams += 1; // the function streams on until its stream time ends
  return sseMessages(text).filter((m) => m.method === 'notifications/tools/list_changed').length;
}

async function aChangeReachesAnotherCopy(base, a, b) {
  const before = await listOnEveryCopy(base, b);
  assert.ok([...before.values()].every(Boolean), `a copy does not list ${TARGET} at first: ${[...before]}`);
  const change = await switchTarget(base, a, false);
  ok(`${TARGET} deactivated through copy ${change.copy} (B had listed it on copies ${[...before.keys()]})`);
  await sleep(INTERVAL_MS + 200);
  const after = await list(base, b);
  assert.notEqual(after.copy.copy, change.copy, 'B\'s next request went to another copy than the switch');
  assert.ok(before.has(after.copy.copy), `copy ${after.copy.copy} had served B's tools/list before the change`);
  assert.equal((await copyNow(base, after.copy.copy)).starts, after.copy.starts, 'the same process as before');
  assert.ok(!after.listed, `B's tools/list on copy ${after.copy.copy} still has ${TARGET}`);
  await callIsUnknown(b);
  ok(`${INTERVAL_MS + 200} ms later B's tools/list on warm copy ${after.copy.copy} no longer has ${TARGET}; ` +
     'calling it is -32602 "Unknown tool"');
  if (streaming) {
    const took = await heardLive(b, 1, change.at);
    const own = await heardLive(a, 1, change.at);
    ok(`B heard tools/list_changed on its GET stream ${took} ms after the switch (A, who switched: ${own} ms)`);
  } else {
    assert.equal(b.told.length, 0, 'buffered: the SDK client has no stream to hear it on');
    const stored = await storedListChanges(base, b);
    assert.equal(stored, 1, 'B\'s listening stream holds the tools/list_changed');
    ok('B\'s listening stream, replayed with Last-Event-ID listen_0, holds one tools/list_changed');
  }
}

async function aColdStartServesTheStoredSet(base, b) {
  const restarted = await fetch(`${base}/_emulator/restart`, { method: 'POST' });
  assert.equal(restarted.status, 200, 'restart every copy');
  assert.equal((await restarted.json()).restarted.length, COPIES);
  const c = await connect(base, 'C');
  const first = await list(base, c);
  const now = await copyNow(base, first.copy.copy);
  assert.ok(now.starts >= 2, `C's first tools/list ran on a restarted process: ${JSON.stringify(now)}`);
  assert.ok(!first.listed, `C's first tools/list after the cold start has ${TARGET}`);
  await callIsUnknown(c);
  const everywhere = await listOnEveryCopy(base, b);
  assert.ok([...everywhere.values()].every((listed) => !listed),
    `a restarted copy lists ${TARGET}: ${JSON.stringify([...everywhere])}`);
  ok(`every copy restarted: C's first tools/list (copy ${first.copy.copy}, process ${now.starts}) and B's on ` +
     `copies ${[...everywhere.keys()]} leave ${TARGET} out; calling it is unknown`);

  const change = await switchTarget(base, c, true);
  await sleep(INTERVAL_MS + 200);
  const back = await list(base, b);
  assert.notEqual(back.copy.copy, change.copy, 'B\'s next request went to another copy than the switch');
  assert.ok(everywhere.has(back.copy.copy), `copy ${back.copy.copy} had served B's tools/list before the change`);
  assert.ok(back.listed, `B's tools/list on copy ${back.copy.copy} after the activation lacks ${TARGET}`);
  const again = await list(base, c);
  assert.ok(again.listed, `C's tools/list after the activation lacks ${TARGET}`);
  const called = await c.client.callTool({ name: TARGET, arguments: {} });
  assert.equal(textOf(called), 'switched on');
  ok(`activated through copy ${change.copy}: B's tools/list on copy ${back.copy.copy} and C's have ${TARGET} ` +
     'again, and it answers');
  if (streaming) {
    const took = await heardLive(b, 2, change.at);
    ok(`B heard the second tools/list_changed ${took} ms after the activation (on its resumed GET stream)`);
  }
  return c;
}

async function toldOncePerChange(base, a, b, c) {
  // Every copy serves each session after the change: each may notice it and try to tell them.
  for (const session of [a, b, c]) await listOnEveryCopy(base, session);
  const counts = { A: await storedListChanges(base, a), B: await storedListChanges(base, b),
    C: await storedListChanges(base, c) };
  assert.deepEqual(counts, { A: 2, B: 2, C: 1 },
    'stored tools/list_changed: A and B lived through 2 changes, C (created after the first) through 1');
  if (streaming) {
    const since = Date.now();
    await heardLive(a, 2, since); // told at its requests above
    await heardLive(c, 1, since);
    await sleep(1_000); // a duplicate would come at the GET streams' next look
    const heard = { A: a.told.length, B: b.told.length, C: c.told.length };
    assert.deepEqual(heard, { A: 2, B: 2, C: 1 }, 'tools/list_changed heard on the SDK clients\' GET streams');
    ok(`each session told once per change: stored ${JSON.stringify(counts)}, heard live ${JSON.stringify(heard)}`);
  } else {
    ok(`each session told once per change: stored on the listening streams ${JSON.stringify(counts)}`);
  }
}

async function main() {
  const began = Date.now();
  const started = await startEmulator({
    emulator: harness.emulatorPath, fn: harness.functionPath, mode, dynamodb: harness.dynamodb, copies: COPIES,
    args: ['--eager', '--freeze'], env: { MCP_TOOL_CHECK_INTERVAL: String(INTERVAL_MS / 1000) },
  });
  harness.adopt(started.process);
  const base = started.base;
  const a = await connect(base, 'A');
  const b = await connect(base, 'B');
  assert.equal(a.client.getServerCapabilities().tools?.listChanged, true, 'dynamic lists: listChanged true');
  ok(`A and B connected (listChanged true; ${heldByStreams} copies held by their GET streams)`);
  await aChangeReachesAnotherCopy(base, a, b);
  const c = await aColdStartServesTheStoredSet(base, b);
  await toldOncePerChange(base, a, b, c);
  for (const session of [a, b, c]) await session.client.close().catch(() => {});
  harness.stop();
  console.log(`${mode}: all ${harness.passed()} checks passed in ${Date.now() - began} ms`);
  process.exit(0);
}

main().catch((e) => fail(e.stack ?? String(e)));
