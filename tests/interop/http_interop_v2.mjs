// Interop test: both eras from one process. The official TypeScript SDK v2 client (@modelcontextprotocol/client,
// pinned to 2026-07-28) and the v1 client (@modelcontextprotocol/sdk, 2025-11-25) talk to the same
// examples/everything process over Streamable HTTP at the same time, on real sockets.
// Usage: node tests/interop/http_interop_v2.mjs <path-to-everything-binary>   (Node 22: package.json pins it)
//
// 2026-07-28 (v2 client): connect by server/discover, discover again (supported versions, serverInfo), tools/list
// without `execution`, a plain call, one input-required round answered by the SDK's auto-fulfilment through the
// elicitation handler, one round asking elicitation, sampling and roots together, and subscriptions/listen
// hearing a tool list change, then closed. Every request carries the envelope and no session id.
// 2025-11-25 (v1 client): initialize (a session), tools/list (task tools keep `execution` here), a plain call,
// test_elicitation answered over the session's stream. Its elicitation answer is held until the 2026-07-28
// rounds are done, so a 2025 server-to-client request is outstanding while stateless requests are served; the
// tool change the 2026-07-28 client causes reaches the 2025 session's standalone stream too.
// Not for: the tasks extension (not served in 2026-07-28 yet, docs/eras.md), protocol edge cases (the
// conformance suites cover those).
// Every HTTP exchange of both clients is recorded (a fetch wrapper) and printed when a check fails.
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const MODERN = '2026-07-28';
const LEGACY = '2025-11-25';
const TIMEOUT_MS = 90_000;
const STARTUP_MS = 10_000;
const WAIT_MS = 10_000; // for a notification, a latch between the clients, the server noticing a closed stream
const SHUTDOWN_MS = 5_000;

let server; // the child process, set once spawned, so a failure can stop it
let serverLog = ''; // its stderr
const exchanges = []; // every HTTP exchange of both clients, in order

function fail(message) {
  console.error(`FAIL: ${message}`);
  if (exchanges.length > 0) console.error(`\nHTTP exchanges (${exchanges.length}, both clients, in order):\n${exchanges.map(describe).join('\n')}`);
  // Do not leave a stuck server behind holding ctest's output pipe.
  if (server && server.exitCode === null && server.signalCode === null) {
    try {
      server.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(1);
}

const binaryArg = process.argv[2];
if (!binaryArg) fail('usage: node tests/interop/http_interop_v2.mjs <path-to-everything-binary>');
const binary = path.resolve(binaryArg);
try {
  if (!statSync(binary).isFile()) fail(`${binary} is not a file (build examples/everything first: scripts/build)`);
  accessSync(binary, constants.X_OK);
} catch (err) {
  fail(`cannot run the everything server at ${binary}: ${err.code ?? err.message} (build it first: scripts/build)`);
}

const overall = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s (the last check printed passed)`), TIMEOUT_MS);

let passed = 0;
function ok(era, what) {
  passed += 1;
  console.log(`ok ${passed} - [${era}] ${what}`);
}

function textOf(result) {
  const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text);
  assert.ok(text.length > 0, `expected a text content block, got ${JSON.stringify(result)}`);
  return text.join('\n');
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Polls `condition` until it holds or `ms` pass; the deadline is the assertion, the interval only a pace.
async function eventually(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// A promise another branch resolves: how the two clients order the few steps that must interleave.
function latch() {
  let open;
  const promise = new Promise((resolve) => (open = resolve));
  return { promise, open };
}

// Starts the server on an ephemeral port; resolves with its URL from the "listening on" line on stderr. The
// server's stderr is passed through so its log is in the test output, and kept for the checks.
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(binary, ['--port', '0'], { stdio: ['ignore', 'inherit', 'pipe'] });
    let found = false;
    const timer = setTimeout(
      () => reject(new Error(`the server did not log "listening on http://...:<port>/mcp" within ${STARTUP_MS} ms`)),
      STARTUP_MS,
    );
    server.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      serverLog += chunk.toString('utf8');
      if (found) return;
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+)\/mcp)/.exec(serverLog);
      if (m) {
        found = true;
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    });
    server.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    server.on('exit', (code, signal) => {
      if (!found) {
        clearTimeout(timer);
        reject(new Error(`the server exited before listening (code ${code}, signal ${signal})`));
      }
    });
  });
}

// A fetch for a client's transport that records the exchange: the request's method, headers and body, the
// response's status and headers, and its body as it streams through (an SSE stream stays open; cancelling the
// returned body still cancels the real one, so a closed listen reaches the server).
function recordingFetch(era) {
  return async (input, init = {}) => {
    const entry = {
      era,
      http: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers ?? {})),
      body: typeof init.body === 'string' ? init.body : '',
      status: undefined,
      responseHeaders: {},
      response: '',
    };
    exchanges.push(entry);
    let response;
    try {
      response = await fetch(input, init);
    } catch (err) {
      entry.error = err?.message ?? String(err);
      throw err;
    }
    entry.status = response.status;
    entry.responseHeaders = Object.fromEntries(response.headers);
    if (!response.body || [101, 204, 205, 304].includes(response.status)) return response;
    const decoder = new TextDecoder();
    const copy = new TransformStream({
      transform(chunk, controller) {
        entry.response += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(copy), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function describe(e) {
  const clip = (s) => (s.length > 1500 ? `${s.slice(0, 1500)}...(${s.length} chars)` : s);
  const headers = Object.entries(e.headers).filter(([k]) => k.startsWith('mcp-') || k === 'accept' || k === 'last-event-id');
  const responseHeaders = Object.entries(e.responseHeaders).filter(([k]) => k.startsWith('mcp-') || k === 'content-type');
  return `[${e.era}] ${e.http} ${JSON.stringify(Object.fromEntries(headers))} ${clip(e.body)}\n` +
         `    -> ${e.error ?? e.status} ${JSON.stringify(Object.fromEntries(responseHeaders))} ${clip(e.response)}`;
}

// The JSON-RPC messages of a request body, or of a response body (JSON, or the data lines of an SSE stream).
function messagesIn(text) {
  if (!text) return [];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return [JSON.parse(trimmed)].flat();
    } catch {
      return [];
    }
  }
  return [...text.matchAll(/^data: ?(.*)$/gm)].flatMap((m) => {
    try {
      return [JSON.parse(m[1])];
    } catch {
      return [];
    }
  });
}

// The recorded POSTs of one era whose request is `method` (and, for tools/call, names `tool`).
function posts(era, method, tool) {
  return exchanges.filter((e) => e.era === era && e.http === 'POST').filter((e) => {
    const [request] = messagesIn(e.body);
    return request?.method === method && (tool === undefined || request.params?.name === tool);
  });
}

// The 2026-07-28 half: the v2 client pinned to 2026-07-28.
async function modern(url, { roundsDone, legacyListening }) {
  const era = MODERN;
  const client = new Client({ name: 'http-interop-v2', version: '1.0.0' }, {
    capabilities: { elicitation: { form: {} }, sampling: {}, roots: {} },
    versionNegotiation: { mode: { pin: MODERN } },
  });
  const asked = { elicitation: [], sampling: [], roots: 0 };
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.elicitation.push(request.params);
    return { action: 'accept', content: { name: 'Alice' } };
  });
  client.setRequestHandler('sampling/createMessage', async (request) => {
    asked.sampling.push(request.params);
    return { model: 'interop-test-model', role: 'assistant', content: { type: 'text', text: 'Greetings from the model.' } };
  });
  client.setRequestHandler('roots/list', async () => {
    asked.roots += 1;
    return { roots: [{ uri: 'file:///tmp/interop-root', name: 'interop root' }] };
  });
  const toolChanges = [];
  client.setNotificationHandler('notifications/tools/list_changed', (notification) => toolChanges.push(notification));

  // 1. Connect: the pinned negotiation is a server/discover, no initialize.
  await client.connect(new StreamableHTTPClientTransport(url, { fetch: recordingFetch(era) }));
  assert.equal(client.getProtocolEra(), 'modern', 'protocol era after connect');
  assert.equal(client.getNegotiatedProtocolVersion(), MODERN, 'negotiated protocol version');
  assert.equal(posts(era, 'initialize').length, 0, 'the 2026-07-28 client sends no initialize');
  ok(era, `connected by server/discover (era ${client.getProtocolEra()}, ${client.getNegotiatedProtocolVersion()})`);

  // 2. server/discover.
  const discovered = await client.discover();
  assert.ok(Array.isArray(discovered.supportedVersions) && discovered.supportedVersions.includes(MODERN),
    `server/discover supportedVersions contains ${MODERN}: ${JSON.stringify(discovered.supportedVersions)}`);
  assert.ok(discovered.supportedVersions.includes(LEGACY),
    `server/discover supportedVersions contains ${LEGACY} too: ${JSON.stringify(discovered.supportedVersions)}`);
  const serverInfo = discovered._meta?.['io.modelcontextprotocol/serverInfo'];
  assert.equal(serverInfo?.name, 'mcp-conformance-everything', `discover _meta serverInfo.name: ${JSON.stringify(discovered._meta)}`);
  assert.equal(serverInfo?.version, '1.0.0', 'discover _meta serverInfo.version');
  assert.equal(client.getServerVersion()?.name, 'mcp-conformance-everything', 'client.getServerVersion().name');
  assert.ok(discovered.capabilities?.tools, `discover capabilities carry tools: ${JSON.stringify(discovered.capabilities)}`);
  ok(era, `server/discover: supportedVersions ${JSON.stringify(discovered.supportedVersions)}, ` +
          `serverInfo ${serverInfo.name} ${serverInfo.version}`);

  // 3. tools/list: no `execution` (tasks are an extension in 2026-07-28), on the wire as in the SDK's result.
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const name of ['test_simple_text', 'test_input_required_result_elicitation',
    'test_input_required_result_multiple_inputs', 'test_trigger_tool_change', 'test_task_report']) {
    assert.ok(names.includes(name), `tools/list names ${name}: ${JSON.stringify(names)}`);
  }
  const withExecution = tools.filter((t) => t.execution !== undefined).map((t) => t.name);
  assert.deepEqual(withExecution, [], 'tools listed with `execution` in 2026-07-28 (the SDK\'s result)');
  const listed = posts(era, 'tools/list').flatMap((e) => messagesIn(e.response)).filter((m) => m.result?.tools);
  assert.ok(listed.length > 0, 'the tools/list answer was recorded');
  const onWire = listed.flatMap((m) => m.result.tools).filter((t) => 'execution' in t).map((t) => t.name);
  assert.deepEqual(onWire, [], 'tools listed with `execution` in 2026-07-28 (on the wire)');
  ok(era, `tools/list: ${tools.length} tools, test_simple_text among them, none with \`execution\``);

  // 4. A plain call.
  {
    const result = await client.callTool({ name: 'test_simple_text', arguments: {} });
    assert.notEqual(result.isError, true, `test_simple_text returned an error: ${JSON.stringify(result)}`);
    assert.equal(textOf(result), 'This is a simple text response for testing.', 'test_simple_text text');
    ok(era, 'tools/call test_simple_text: "This is a simple text response for testing."');
  }

  // 5. One input-required round: the SDK answers through the elicitation handler and retries by itself.
  {
    const tool = 'test_input_required_result_elicitation';
    const result = await client.callTool({ name: tool, arguments: {} });
    assert.notEqual(result.isError, true, `${tool} returned an error: ${JSON.stringify(result)}`);
    assert.match(textOf(result), /Hello, Alice!/, `${tool} text`);
    assert.equal(asked.elicitation.length, 1, `the elicitation handler ran once: ${JSON.stringify(asked.elicitation)}`);
    assert.equal(asked.elicitation[0].message, 'What is your name?', 'the elicitation message');
    assert.equal(asked.elicitation[0].requestedSchema?.properties?.name?.type, 'string', 'the requested schema has name');
    const calls = posts(era, 'tools/call', tool);
    assert.equal(calls.length, 2, `two POSTs of ${tool} (the question, then the retry with the answer)`);
    const [first] = messagesIn(calls[0].response).filter((m) => m.result);
    assert.equal(first?.result?.resultType, 'input_required', `the first answer is input_required: ${calls[0].response}`);
    assert.equal(first.result.inputRequests?.user_name?.method, 'elicitation/create', 'inputRequests.user_name');
    const [retry] = messagesIn(calls[1].body);
    assert.deepEqual(retry.params?.inputResponses, { user_name: { action: 'accept', content: { name: 'Alice' } } },
      'the retry carries the answer under the question\'s key');
    assert.equal(retry.params?.requestState, first.result.requestState, 'the retry echoes the requestState');
    const [last] = messagesIn(calls[1].response).filter((m) => m.result);
    assert.equal(last?.result?.resultType, 'complete', `the retry's answer is complete: ${calls[1].response}`);
    ok(era, `tools/call ${tool}: input_required (user_name), the SDK's handler answered, retry complete: ` +
            `"${textOf(result)}"`);
  }

  // 6. One round of three questions: elicitation, sampling and roots, answered together.
  {
    const tool = 'test_input_required_result_multiple_inputs';
    const result = await client.callTool({ name: tool, arguments: {} });
    assert.notEqual(result.isError, true, `${tool} returned an error: ${JSON.stringify(result)}`);
    assert.equal(textOf(result), 'Hello, Alice! Greetings from the model. Client roots: file:///tmp/interop-root',
      `${tool} text`);
    assert.equal(asked.elicitation.length, 2, 'the elicitation handler ran once more');
    assert.equal(asked.sampling.length, 1, 'the sampling handler ran once');
    assert.equal(asked.sampling[0].messages?.[0]?.content?.text, 'Generate a greeting', 'the sampling prompt');
    assert.equal(asked.roots, 1, 'the roots handler ran once');
    const calls = posts(era, 'tools/call', tool);
    assert.equal(calls.length, 2, `two POSTs of ${tool}: one round`);
    const [first] = messagesIn(calls[0].response).filter((m) => m.result);
    assert.deepEqual(Object.keys(first?.result?.inputRequests ?? {}).sort(), ['client_roots', 'greeting', 'user_name'],
      `one round asks all three: ${calls[0].response}`);
    ok(era, `tools/call ${tool}: one round (user_name, greeting, client_roots), complete: "${textOf(result)}"`);
  }
  roundsDone.open();

  // 7. subscriptions/listen for tool list changes; a change made by a call arrives on it.
  {
    const subscription = await client.listen({ toolsListChanged: true });
    assert.equal(subscription.honoredFilter?.toolsListChanged, true,
      `the server honours toolsListChanged: ${JSON.stringify(subscription.honoredFilter)}`);
    const [listen] = posts(era, 'subscriptions/listen');
    assert.match(listen?.responseHeaders['content-type'] ?? '', /^text\/event-stream/, 'the listen answer is an SSE stream');
    const id = messagesIn(listen.body)[0]?.id;
    ok(era, `subscriptions/listen ${JSON.stringify(id)}: acknowledged ${JSON.stringify(subscription.honoredFilter)}`);

    await withTimeout(legacyListening.promise, WAIT_MS, 'the 2025-11-25 client opening its standalone stream');
    const result = await client.callTool({ name: 'test_trigger_tool_change', arguments: {} });
    assert.notEqual(result.isError, true, `test_trigger_tool_change returned an error: ${JSON.stringify(result)}`);
    await eventually(() => toolChanges.length > 0, WAIT_MS, 'notifications/tools/list_changed on the listen stream');
    const onStream = messagesIn(listen.response).filter((m) => m.method === 'notifications/tools/list_changed');
    assert.ok(onStream.length > 0, `the notification came on the listen stream: ${listen.response}`);
    assert.equal(onStream[0].params?._meta?.['io.modelcontextprotocol/subscriptionId'], id,
      'the notification is tagged with the listen request\'s id');
    ok(era, `tools/call test_trigger_tool_change ("${textOf(result)}"): notifications/tools/list_changed ` +
            `arrived on the listen, tagged ${JSON.stringify(id)}`);

    await subscription.close();
    assert.equal(await withTimeout(subscription.closed, WAIT_MS, 'the subscription closing'), 'local', 'how the listen ended');
    await eventually(() => /method=subscriptions\/listen status=/.test(serverLog), WAIT_MS,
      'the server logging the end of the closed listen request');
    ok(era, 'listen closed by the client; the server ended the listen request');
  }

  // 8. Every request of this era carried the envelope's version in its header and no session id.
  {
    const requests = exchanges.filter((e) => e.era === era && e.http === 'POST');
    for (const e of requests) {
      assert.equal(e.headers['mcp-protocol-version'], MODERN, `MCP-Protocol-Version of ${e.body}`);
      assert.equal(e.headers['mcp-session-id'], undefined, `no Mcp-Session-Id on ${e.body}`);
      assert.equal(e.responseHeaders['mcp-session-id'], undefined, `no Mcp-Session-Id answering ${e.body}`);
      const [message] = messagesIn(e.body);
      if (message?.method && message.id !== undefined) {
        assert.equal(e.headers['mcp-method'], message.method, `Mcp-Method of ${e.body}`);
        assert.equal(message.params?._meta?.['io.modelcontextprotocol/protocolVersion'], MODERN, `_meta protocolVersion of ${e.body}`);
      }
    }
    assert.equal(exchanges.filter((e) => e.era === era && e.http !== 'POST').length, 0, 'no GET or DELETE in 2026-07-28');
    ok(era, `${requests.length} POSTs, each with MCP-Protocol-Version ${MODERN}, Mcp-Method, the _meta envelope, ` +
            'no session id');
  }
  await client.close();
  return { tools };
}

// The 2025-11-25 half: the v1 client, a session.
async function legacy(url, { roundsDone, legacyListening }) {
  const era = LEGACY;
  const client = new LegacyClient({ name: 'http-interop-v1', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const elicitations = [];
  let heldUntilRoundsDone = false;
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push(request.params);
    // The 2025 question stays open on the session's stream while the 2026-07-28 client has its rounds served.
    await withTimeout(roundsDone.promise, WAIT_MS * 2, 'the 2026-07-28 input-required calls finishing');
    heldUntilRoundsDone = true;
    return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
  });
  const toolChanges = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, (notification) => toolChanges.push(notification));

  // 1. initialize: a session.
  const transport = new LegacyTransport(url, { fetch: recordingFetch(era) });
  await client.connect(transport);
  assert.equal(typeof transport.sessionId, 'string', `a session id after initialize: ${inspect(transport.sessionId)}`);
  assert.equal(transport.protocolVersion, LEGACY, 'the negotiated protocol version');
  assert.equal(client.getServerVersion()?.name, 'mcp-conformance-everything', 'serverInfo.name');
  ok(era, `initialize: session ${transport.sessionId}, protocol ${transport.protocolVersion}`);
  // The SDK opens the standalone GET stream without waiting for it; list changes reach the session there.
  await eventually(() => exchanges.some((e) => e.era === era && e.http === 'GET' && e.status === 200), WAIT_MS,
    'the standalone GET stream answering 200');
  legacyListening.open();

  // 2. tools/list: the task tools keep `execution` in a 2025 session.
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const name of ['test_simple_text', 'test_elicitation']) {
    assert.ok(names.includes(name), `tools/list names ${name}: ${JSON.stringify(names)}`);
  }
  const withExecution = tools.filter((t) => t.execution?.taskSupport).map((t) => t.name);
  assert.ok(withExecution.includes('test_task_report'), `test_task_report listed with execution: ${JSON.stringify(withExecution)}`);
  ok(era, `tools/list: ${tools.length} tools; with execution: ${withExecution.join(', ')}`);

  // 3. A plain call.
  {
    const result = await client.callTool({ name: 'test_simple_text', arguments: {} });
    assert.notEqual(result.isError, true, `test_simple_text returned an error: ${JSON.stringify(result)}`);
    assert.equal(textOf(result), 'This is a simple text response for testing.', 'test_simple_text text');
    ok(era, 'tools/call test_simple_text: "This is a simple text response for testing."');
  }

  // 4. Elicitation the 2025 way: the server's request on the call's stream, the answer POSTed back.
  {
    const result = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
    assert.equal(elicitations.length, 1, 'test_elicitation sends exactly one elicitation/create');
    assert.equal(elicitations[0].message, 'Who are you?', 'the elicitation message is the tool argument');
    assert.ok(heldUntilRoundsDone, 'the answer was held until the 2026-07-28 rounds were done');
    assert.notEqual(result.isError, true, `test_elicitation returned an error: ${JSON.stringify(result)}`);
    const text = textOf(result);
    const m = /^User response: action=accept, content=(\{.*\})$/.exec(text);
    assert.ok(m, `test_elicitation text is "User response: action=accept, content={...}": ${text}`);
    assert.deepEqual(JSON.parse(m[1]), { username: 'ada', email: 'ada@example.com' }, 'the accepted content echoed');
    ok(era, `tools/call test_elicitation: elicitation/create held open while the ${MODERN} rounds ran, ` +
            `then accepted: "${text}"`);
  }

  // 5. The tool change the 2026-07-28 client caused reaches this session too.
  await eventually(() => toolChanges.length > 0, WAIT_MS * 2, 'notifications/tools/list_changed on the 2025 session');
  ok(era, 'notifications/tools/list_changed from the 2026-07-28 client\'s change reached the session');

  // 6. Every request after initialize carried the session id and the 2025 version.
  {
    const sessionId = transport.sessionId;
    const later = exchanges.filter((e) => e.era === era && !messagesIn(e.body).some((m) => m.method === 'initialize'));
    for (const e of later) {
      assert.equal(e.headers['mcp-session-id'], sessionId, `Mcp-Session-Id on ${e.http} ${e.body}`);
      assert.equal(e.headers['mcp-protocol-version'], LEGACY, `MCP-Protocol-Version on ${e.http} ${e.body}`);
    }
    ok(era, `${later.length} requests after initialize, each with the session id and MCP-Protocol-Version ${LEGACY}`);
  }
  await transport.terminateSession();
  await client.close();
}

async function main() {
  const url = await startServer();
  ok('process', `server started: ${url}`);

  // Both clients at once against the one process.
  const latches = { roundsDone: latch(), legacyListening: latch() };
  await Promise.all([modern(url, latches), legacy(url, latches)]);
  ok('process', `both eras served by one process: ${MODERN} (v2 client) and ${LEGACY} (v1 client) concurrently`);

  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  server.kill('SIGTERM');
  const { code, signal } = await withTimeout(exited, SHUTDOWN_MS, 'server exit after SIGTERM');
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, 'server exit status after SIGTERM');
  ok('process', 'SIGTERM: server exited with code 0');
}

try {
  await main();
} catch (err) {
  if (err instanceof assert.AssertionError && !/actual/.test(err.message)) {
    fail(`${err.message}\n  actual:   ${inspect(err.actual, { depth: 6 })}\n  expected: ${inspect(err.expected, { depth: 6 })}`);
  }
  fail(err?.stack ?? String(err));
}
clearTimeout(overall);
console.log(`http interop (both eras): all ${passed} checks passed`);
process.exit(0);
