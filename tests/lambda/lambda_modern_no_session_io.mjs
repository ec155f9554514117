// 2026-07-28 requests on the Lambda front door do no session-store or event-store I/O on DynamoDB (docs/eras.md,
// docs/lambda.md). examples/lambda runs as a function by tools/lambda_emulator (two eager copies, --freeze: an
// idle copy is stopped, so nothing runs between requests), its DynamoDB endpoint an HTTP proxy in this script
// that forwards every request to dynalite (MCP_TEST_DYNAMODB_ENDPOINT) and records its operation (X-Amz-Target)
// and table (TableName, or the RequestItems of a batch).
// Checks, counting only between two quiet points (every copy back in /next, frozen, so the work a copy does after
// answering is counted too):
//  - the proxy is in the path: the copies' init described (or created) the sessions and events tables through it;
//  - 20 tools/call of 2026-07-28 (headers MCP-Protocol-Version, Mcp-Method, Mcp-Name; _meta protocolVersion and
//    clientCapabilities), half test_simple_text (JSON), half test_tool_with_progress with a progressToken (SSE),
//    served by both copies: 0 operations on the sessions and events tables;
//  - one input-required round of 2026-07-28 (the question, then the retry with inputResponses and the
//    requestState on the other copy, both sharing MCP_REQUEST_STATE_KEY): 0 operations on those tables;
//  - the same 20 calls in one 2025-11-25 session (after initialize): operations on the sessions table, so the
//    count above can fail;
//  - 2026-07-28 calls carrying that session's Mcp-Session-Id (ignored): 0 operations on those tables.
// The state and tasks tables are reported, not checked (the state store is read for dynamic tool lists at most
// every MCP_TOOL_CHECK_INTERVAL, a matter of time).
// Usage: node tests/lambda/lambda_modern_no_session_io.mjs <lambda_emulator> <lambda_example> streaming|buffered
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';

import { startEmulator, stats, testScript, textOf } from './emulator.mjs';

const harness = testScript('lambda_modern_no_session_io.mjs', 90_000);
const { fail, ok, mode } = harness;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const CALLS = 20;
const COPIES = 2;
const MODERN = '2026-07-28';
const SESSIONS = '2025-11-25';
const tables = `noio-${process.pid}-${Date.now()}`;
const tableKinds = { [`${tables}-sessions`]: 'sessions', [`${tables}-events`]: 'events',
  [`${tables}-tasks`]: 'tasks', [`${tables}-state`]: 'state' };

// The DynamoDB proxy: every request forwarded to dynalite unchanged (SigV4 is not checked there), its operation
// and tables recorded in `operations` ({operation, table}) before it is forwarded.
function startProxy(upstream) {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true });
  const operations = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = (req.headers['x-amz-target'] ?? '').split('.')[1] ?? '(none)';
      let named = [];
      try {
        const json = JSON.parse(body.toString('utf8'));
        named = json.TableName ? [json.TableName] : Object.keys(json.RequestItems ?? {});
      } catch {
        // not JSON: recorded without a table
      }
      for (const table of named.length ? named : ['(none)']) operations.push({ operation, table });
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url,
        headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, operations, close: () => server.close(),
  })));
}

// Operations recorded since `from`, by table kind: {sessions: {GetItem: 1, ...}, events: {}, ...}.
function countSince(operations, from) {
  const out = { sessions: {}, events: {}, tasks: {}, state: {}, other: {} };
  for (const { operation, table } of operations.slice(from)) {
    const kind = tableKinds[table] ?? 'other';
    out[kind][operation] = (out[kind][operation] ?? 0) + 1;
  }
  return out;
}
const total = (byOperation) => Object.values(byOperation).reduce((a, b) => a + b, 0);

// Waits until every copy waits in /next (under --freeze: stopped) and the totals are the same on two looks.
async function quiet(base) {
  let last = '';
  for (const began = Date.now(); Date.now() - began < 20_000; await sleep(100)) {
    const copies = await stats(base);
    const totals = JSON.stringify(copies.map((c) => [c.state, c.invocationsTotal, c.starts]));
    if (copies.every((c) => c.state === 'ready') && totals === last) return copies;
    last = totals;
  }
  throw new Error(`the emulator did not settle: ${JSON.stringify(await stats(base))}`);
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

let nextId = 1;
// POSTs one JSON-RPC message; resolves with {response, messages} (the answer's messages, JSON or SSE).
async function post(base, headers, message) {
  const response = await fetch(`${base}/mcp`, {
    method: 'POST', body: JSON.stringify(message),
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
  });
  const text = await response.text();
  if (response.status === 202) return { response, messages: [] };
  assert.equal(response.status, 200, `${message.method}: ${response.status} ${text}`);
  const sse = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  return { response, messages: sse ? sseMessages(text) : [JSON.parse(text)] };
}

// One tools/call; resolves with its result and the progress values that came with it.
async function call(base, headers, name, params, progress) {
  const id = nextId++;
  const meta = { ...(params._meta ?? {}), ...(progress ? { progressToken: `p${id}` } : {}) };
  const { messages } = await post(base, headers,
    { jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {}, ...params, _meta: meta } });
  const answer = messages.find((m) => m.id === id);
  assert.ok(answer?.result, `tools/call ${name}: ${JSON.stringify(messages)}`);
  const values = messages.filter((m) => m.method === 'notifications/progress').map((m) => m.params.progress);
  return { result: answer.result, progress: values };
}

const modernHeaders = (name) => ({ 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': name });
const modernMeta = (capabilities = {}) => ({
  'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': capabilities,
});

// The calls both eras make: even ones test_simple_text (a JSON answer), odd ones test_tool_with_progress with a
// progressToken (an SSE answer carrying three progress notifications).
async function theCalls(base, headersFor, meta) {
  for (let i = 0; i < CALLS; ++i) {
    const name = i % 2 === 0 ? 'test_simple_text' : 'test_tool_with_progress';
    const { result, progress } = await call(base, headersFor(name), name, meta ? { _meta: meta } : {}, i % 2 === 1);
    if (i % 2 === 0) {
      assert.equal(textOf(result), 'This is a simple text response for testing.');
    } else {
      assert.equal(textOf(result), 'Progress test completed');
      assert.deepEqual(progress, [0, 50, 100], `${name}: progress`);
    }
    if (meta) assert.equal(result.resultType, 'complete');
  }
}

// Runs `work` between two quiet points: {counts, servedBy (copies whose invocationsTotal grew)}.
async function counted(base, proxy, work) {
  const before = await quiet(base);
  const from = proxy.operations.length;
  await work();
  const after = await quiet(base);
  const servedBy = after.filter((c) => c.invocationsTotal > before.find((b) => b.copy === c.copy).invocationsTotal);
  assert.deepEqual(after.map((c) => c.starts), before.map((c) => c.starts), 'no copy restarted meanwhile');
  return { counts: countSince(proxy.operations, from), servedBy: servedBy.map((c) => c.copy) };
}

const show = (counts) => Object.entries(counts).filter(([, ops]) => total(ops) > 0)
  .map(([kind, ops]) => `${kind} ${JSON.stringify(ops)}`).join(', ') || 'none';

async function modernCalls(base, proxy) {
  const { counts, servedBy } = await counted(base, proxy, () => theCalls(base, modernHeaders, modernMeta()));
  assert.equal(servedBy.length, COPIES, `the calls were served by every copy: ${servedBy}`);
  assert.deepEqual(counts.sessions, {}, `${MODERN}: operations on the sessions table`);
  assert.deepEqual(counts.events, {}, `${MODERN}: operations on the events table`);
  ok(`${CALLS} tools/call of ${MODERN} on copies ${servedBy}: 0 operations on the sessions and events tables ` +
     `(all DynamoDB operations meanwhile: ${show(counts)})`);
}

async function modernRound(base, proxy) {
  const name = 'test_input_required_result_elicitation';
  const meta = modernMeta({ elicitation: {} });
  let rounds;
  const { counts, servedBy } = await counted(base, proxy, async () => {
    const first = await call(base, modernHeaders(name), name, { _meta: meta });
    assert.equal(first.result.resultType, 'input_required', JSON.stringify(first.result));
    assert.ok(first.result.inputRequests?.user_name, JSON.stringify(first.result));
    const second = await call(base, modernHeaders(name), name, {
      _meta: meta, requestState: first.result.requestState,
      inputResponses: { user_name: { action: 'accept', content: { name: 'Ada' } } },
    });
    assert.equal(second.result.resultType, 'complete', JSON.stringify(second.result));
    assert.equal(textOf(second.result), 'Hello, Ada!');
    rounds = 2;
  });
  assert.equal(servedBy.length, COPIES, `the question and the retry were served by two copies: ${servedBy}`);
  assert.deepEqual(counts.sessions, {}, `${MODERN} round: operations on the sessions table`);
  assert.deepEqual(counts.events, {}, `${MODERN} round: operations on the events table`);
  ok(`an input-required round of ${MODERN} (${rounds} requests, the retry on the other copy): 0 operations on ` +
     `the sessions and events tables (all: ${show(counts)})`);
}

async function sessionCalls(base, proxy) {
  const { messages, response } = await post(base, {}, {
    jsonrpc: '2.0', id: nextId++, method: 'initialize',
    params: { protocolVersion: SESSIONS, capabilities: {}, clientInfo: { name: 'no-session-io', version: '1.0.0' } },
  });
  assert.equal(messages[0]?.result?.protocolVersion, SESSIONS, JSON.stringify(messages));
  const session = response.headers.get('mcp-session-id');
  assert.ok(session, 'initialize answered an Mcp-Session-Id');
  const headers = () => ({ 'mcp-protocol-version': SESSIONS, 'mcp-session-id': session });
  await post(base, headers(), { jsonrpc: '2.0', method: 'notifications/initialized' });
  const { counts, servedBy } = await counted(base, proxy, () => theCalls(base, headers, null));
  assert.ok(total(counts.sessions) > 0, `${SESSIONS}: no operation on the sessions table (${show(counts)})`);
  ok(`the same ${CALLS} tools/call in one ${SESSIONS} session on copies ${servedBy}: ` +
     `${total(counts.sessions)} operations on the sessions table, ${total(counts.events)} on the events table ` +
     `(all: ${show(counts)})`);
  return session;
}

// A 2026-07-28 request's Mcp-Session-Id is ignored (docs/eras.md): naming a live session does not load it.
async function modernCallsNamingASession(base, proxy, session) {
  const name = 'test_simple_text';
  const { counts } = await counted(base, proxy, async () => {
    for (let i = 0; i < COPIES; ++i) {
      const { result } = await call(base, { ...modernHeaders(name), 'mcp-session-id': session }, name,
        { _meta: modernMeta() });
      assert.equal(result.resultType, 'complete');
    }
  });
  assert.deepEqual(counts.sessions, {}, `${MODERN} naming a session: operations on the sessions table`);
  assert.deepEqual(counts.events, {}, `${MODERN} naming a session: operations on the events table`);
  ok(`${COPIES} tools/call of ${MODERN} carrying that session's Mcp-Session-Id: 0 operations on the sessions and ` +
     `events tables (all: ${show(counts)})`);
}

async function main() {
  const began = Date.now();
  const proxy = await startProxy(harness.dynamodb);
  const started = await startEmulator({
    emulator: harness.emulatorPath, fn: harness.functionPath, mode, dynamodb: proxy.url, copies: COPIES,
    args: ['--eager', '--freeze'],
    env: {
      MCP_DYNAMODB_SESSIONS_TABLE: `${tables}-sessions`, MCP_DYNAMODB_EVENTS_TABLE: `${tables}-events`,
      MCP_DYNAMODB_TASKS_TABLE: `${tables}-tasks`, MCP_DYNAMODB_STATE_TABLE: `${tables}-state`,
      // A fleet shares its requestState key: the retry of a round may reach another environment.
      MCP_REQUEST_STATE_KEY: randomBytes(32).toString('base64'),
    },
  });
  harness.adopt(started.process);
  const base = started.base;
  await quiet(base);
  const init = countSince(proxy.operations, 0);
  assert.ok(total(init.sessions) > 0 && total(init.events) > 0,
    `the copies' init reached the sessions and events tables through the proxy: ${show(init)}`);
  ok(`the proxy is in the path: the ${COPIES} copies' init did ${show(init)}`);
  await modernCalls(base, proxy);
  await modernRound(base, proxy);
  const session = await sessionCalls(base, proxy);
  await modernCallsNamingASession(base, proxy, session);
  harness.stop();
  proxy.close();
  console.log(`${mode}: all ${harness.passed()} checks passed in ${Date.now() - began} ms`);
  process.exit(0);
}

main().catch((e) => fail(e.stack ?? String(e)));
