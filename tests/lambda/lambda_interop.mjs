// Interop test of the Lambda front door: the official TypeScript SDK client talks to examples/lambda run as a
// Lambda function by tools/lambda_emulator (API Gateway HTTP API events, several function copies), with sessions
// and SSE events in DynamoDB (dynalite from scripts/services: MCP_TEST_DYNAMODB_ENDPOINT).
// Usage: node tests/lambda/lambda_interop.mjs <lambda_emulator> <lambda_example> streaming|buffered
// Checks: initialize, listings, a call with progress (live in streaming mode: the first progress arrives well
// before the result; whole in buffered mode), elicitation answered through another copy (streaming mode), a GET
// stream refused with 405 (buffered mode), every copy restarted (a cold start) and the same session going on, calls
// served by two copies at once, DELETE then 404.
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

import { startEmulator as startWith, stats, testScript, textOf } from './emulator.mjs';

const harness = testScript('lambda_interop.mjs', 120_000);
const { fail, ok } = harness;
const [emulatorArg, functionArg, mode, dynamodb] = [harness.emulatorPath, harness.functionPath, harness.mode,
  harness.dynamodb];

// Starts the emulator with `copies` copies of the function; resolves with its base URL.
async function startEmulator(copies) {
  const started = await startWith({ emulator: emulatorArg, fn: functionArg, mode, dynamodb, copies });
  harness.adopt(started.process);
  return started.base;
}

function connect(base, withElicitation) {
  const client = new Client({ name: 'lambda-interop', version: '1.0.0' },
    { capabilities: withElicitation ? { elicitation: {} } : {} });
  if (withElicitation) {
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: 'accept', content: { username: 'ada', email: 'ada@example.com' },
    }));
  }
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`));
  return { client, transport, ready: client.connect(transport) };
}

// A call with progress: the times at which each progress notification and the result arrived.
async function timedProgressCall(client) {
  const start = Date.now();
  const progress = [];
  const result = await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
    onprogress: (p) => progress.push({ at: Date.now() - start, value: p.progress }),
  });
  return { result, progress, done: Date.now() - start };
}

async function checkProgress(client) {
  const { result, progress, done } = await timedProgressCall(client);
  assert.equal(textOf(result), 'Progress test completed');
  assert.deepEqual(progress.map((p) => p.value), [0, 50, 100]);
  if (mode === 'streaming') {
    // The tool waits 100 ms between its first progress and its result: live delivery shows that gap.
    assert.ok(done - progress[0].at >= 60, `progress was not live: first at ${progress[0].at} ms, result at ${done} ms`);
    ok(`progress 0/50/100 arrived live (first at ${progress[0].at} ms, result at ${done} ms)`);
  } else {
    ok('progress 0/50/100 delivered with the whole response');
  }
}

async function checkGet(base, sessionId) {
  const r = await fetch(`${base}/mcp`, {
    headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    signal: AbortSignal.timeout(5000),
  }).catch((e) => ({ status: `error ${e.name}` }));
  if (mode === 'buffered') {
    assert.equal(r.status, 405, 'a buffered function offers no GET stream');
    ok('GET for an SSE stream: 405 in buffered mode');
  }
}

async function checkElicitation(client) {
  const result = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
  assert.match(textOf(result), /ada/, `the answer did not reach the tool: ${textOf(result)}`);
  ok('elicitation: the answer POSTed to another copy reached the waiting invocation');
}

async function checkColdStart(base, client) {
  const before = await stats(base);
  const r = await fetch(`${base}/_emulator/restart`, { method: 'POST' });
  assert.ok(r.status < 300, `restart answered ${r.status}`);
  const tools = await client.listTools();
  assert.ok(tools.tools.length > 0);
  const after = await stats(base);
  const starts = (copies) => copies.reduce((n, c) => n + (c.starts ?? 0), 0);
  assert.ok(starts(after) > starts(before), 'no copy was started again');
  ok('every copy restarted (cold start): the same session went on from DynamoDB');
}

// The copies start on demand: when a start takes longer than the calls (a slow machine, a ThreadSanitizer build),
// the ready copy serves the whole first burst, and the copies started for it serve the next one.
async function checkConcurrency(base, client) {
  const before = await stats(base);
  let after = before;
  let served = [];
  for (let burst = 0; burst < 3 && served.length < 2; ++burst) {
    await Promise.all(Array.from({ length: 6 }, () => client.callTool({ name: 'test_tool_with_progress', arguments: {} })));
    after = await stats(base);
    served = after.filter((c, i) => (c.invocationsTotal ?? 0) > (before[i]?.invocationsTotal ?? 0));
  }
  assert.ok(served.length >= 2, `one copy served every call: ${JSON.stringify(after)}`);
  ok(`six calls at once were served by ${served.length} copies sharing the session`);
}

async function checkDelete(base, transport, sessionId) {
  await transport.terminateSession();
  const r = await fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
  });
  assert.equal(r.status, 404, 'a deleted session is gone on every copy');
  ok('DELETE ended the session: the next request got 404');
}

async function main() {
  const base = await startEmulator(mode === 'streaming' ? 6 : 3);
  const { client, transport, ready } = connect(base, mode === 'streaming');
  await ready;
  const sessionId = transport.sessionId;
  assert.ok(sessionId, 'initialize named a session');
  ok(`initialized (session ${sessionId.slice(0, 8)}..., protocol ${transport.protocolVersion ?? 'negotiated'})`);
  const tools = await client.listTools();
  assert.ok(tools.tools.some((t) => t.name === 'test_tool_with_progress'));
  ok(`tools/list: ${tools.tools.length} tools`);
  await checkProgress(client);
  await checkGet(base, sessionId);
  if (mode === 'streaming') await checkElicitation(client);
  await checkColdStart(base, client);
  await checkConcurrency(base, client);
  await checkDelete(base, transport, sessionId);
  await client.close();
  harness.stop();
  console.log(`lambda interop (${mode}): ${harness.passed()} checks passed`);
  process.exit(0);
}

main().catch((e) => fail(e.stack ?? String(e)));
