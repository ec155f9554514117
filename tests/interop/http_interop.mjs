// Interop test: the official TypeScript SDK client drives our examples/everything server over Streamable HTTP,
// on real sockets.
// Usage: node tests/interop/http_interop.mjs <path-to-everything-binary>
// Checks what a real HTTP client sees: the handshake and its session id, listings, progress during a call, an
// elicitation round trip on the call's SSE stream, resumption of a POST stream cut mid-call (GET with
// Last-Event-ID, nothing lost or repeated), session termination (then 404) and a graceful SIGTERM.
// The client talks to the server through a small TCP proxy so the test can cut a connection at an exact point.
// Not for: protocol edge cases (the conformance suite and the C++ golden exchange tests cover those).
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { inspect } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const TIMEOUT_MS = 30_000;
const STARTUP_MS = 10_000;
const SHUTDOWN_MS = 5_000;

let server; // the child process, set once spawned, so a failure can stop it
function fail(message) {
  console.error(`FAIL: ${message}`);
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
if (!binaryArg) fail('usage: node tests/interop/http_interop.mjs <path-to-everything-binary>');
const binary = path.resolve(binaryArg);
try {
  if (!statSync(binary).isFile()) fail(`${binary} is not a file (build examples/everything first: scripts/build)`);
  accessSync(binary, constants.X_OK);
} catch (err) {
  fail(`cannot run the everything server at ${binary}: ${err.code ?? err.message} (build it first: scripts/build)`);
}

const overall = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s (the last check printed passed)`), TIMEOUT_MS);

let passed = 0;
function ok(what) {
  passed += 1;
  console.log(`ok ${passed} - ${what}`);
}

function textOf(result) {
  const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text);
  assert.ok(text.length > 0, `expected a text content block, got ${JSON.stringify(result.content)}`);
  return text.join('\n');
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Starts the server on an ephemeral port; resolves with its URL from the "listening on" line on stderr. The
// server's stderr is passed through so its log is in the test output.
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(binary, ['--port', '0'], { stdio: ['ignore', 'inherit', 'pipe'] });
    let seen = '';
    let found = false;
    const timer = setTimeout(
      () => reject(new Error(`the server did not log "listening on http://...:<port>/mcp" within ${STARTUP_MS} ms`)),
      STARTUP_MS,
    );
    server.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      if (found) return;
      seen += chunk.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+)\/mcp)/.exec(seen);
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

// A TCP proxy between the client and the server. It passes bytes through unchanged, records each request head
// the client sends, and, once armed with a tool name, cuts the connection that carries the tools/call POST for
// that tool right after it has forwarded the first SSE event carrying data (the priming event has none): it
// forwards the bytes up to the end of that event, then destroys both sides.
function startProxy(upstreamPort) {
  const proxy = {
    requests: [], // {connection, method, target, headers}
    armedTool: undefined,
    cuts: [], // {connection, forwarded: the server->client bytes of the cut response, as latin1 text}
  };
  let nextConnection = 0;
  proxy.server = net.createServer((client) => {
    const connection = ++nextConnection;
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    let c2s = ''; // client->server bytes not yet parsed into request heads (latin1: one char per byte)
    let armed = false; // this connection carries the POST to cut
    let s2c = ''; // server->client bytes forwarded since armed
    let cut = false;

    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);

    client.on('data', (chunk) => {
      if (cut) return;
      c2s += chunk.toString('latin1');
      // Request heads; bodies are JSON, so a request line inside one is not a concern here.
      for (;;) {
        const m = /(GET|POST|DELETE|PUT|OPTIONS) (\S+) HTTP\/1\.1\r\n([\s\S]*?)\r\n\r\n/.exec(c2s);
        if (!m) break;
        const headers = {};
        for (const line of m[3].split('\r\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        proxy.requests.push({ connection, method: m[1], target: m[2], headers });
        c2s = c2s.slice(m.index + m[0].length);
      }
      if (proxy.armedTool && !armed && c2s.includes('"method":"tools/call"') &&
          c2s.includes(`"name":"${proxy.armedTool}"`)) {
        armed = true;
        proxy.armedTool = undefined;
      }
      if (c2s.length > 65536) c2s = c2s.slice(-4096); // bodies are only scanned for the armed call
      upstream.write(chunk);
    });

    upstream.on('data', (chunk) => {
      if (cut) return;
      if (!armed) {
        client.write(chunk);
        return;
      }
      const text = s2c + chunk.toString('latin1');
      const data = text.indexOf('data: {');
      const end = data < 0 ? -1 : text.indexOf('\n\n', data);
      if (end < 0) {
        s2c = text;
        client.write(chunk);
        return;
      }
      const upTo = end + 2 - s2c.length; // bytes of this chunk up to the end of the first data event
      s2c = text.slice(0, end + 2);
      cut = true;
      proxy.cuts.push({ connection, forwarded: s2c });
      client.write(chunk.subarray(0, upTo), closeBoth);
    });
  });
  return new Promise((resolve, reject) => {
    proxy.server.once('error', reject);
    proxy.server.listen(0, '127.0.0.1', () => {
      proxy.port = proxy.server.address().port;
      resolve(proxy);
    });
  });
}

async function main() {
  const serverUrl = await startServer();
  ok(`server started: ${serverUrl}`);
  const proxy = await startProxy(Number(serverUrl.port));
  const proxyUrl = new URL(`http://127.0.0.1:${proxy.port}/mcp`);

  // 1. Handshake through the proxy.
  const client = new Client({ name: 'http-interop-test', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const elicitations = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push(request.params);
    return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
  });
  const transportErrors = [];
  // Short client-side delays; a `retry:` field from the server takes precedence over them in this SDK.
  const transport = new StreamableHTTPClientTransport(proxyUrl, {
    reconnectionOptions: {
      initialReconnectionDelay: 100,
      maxReconnectionDelay: 1000,
      reconnectionDelayGrowFactor: 1.5,
      maxRetries: 3,
    },
  });
  await client.connect(transport);
  // Transport errors (a cut stream, a failed reconnect) reach client.onerror: Client.connect chains them there.
  client.onerror = (err) => transportErrors.push(err);
  const sessionId = transport.sessionId;
  assert.equal(typeof sessionId, 'string', `transport.sessionId after initialize: ${inspect(sessionId)}`);
  assert.match(sessionId, /^[\x21-\x7e]+$/, 'session id is visible ASCII (2025-11-25 basic/transports)');
  assert.deepEqual(client.getServerVersion()?.name, 'mcp-conformance-everything', 'serverInfo.name');
  assert.equal(client.getServerVersion()?.version, '1.0.0', 'serverInfo.version');
  const caps = client.getServerCapabilities() ?? {};
  for (const c of ['tools', 'prompts', 'resources']) assert.ok(caps[c], `server capability ${c} missing: ${JSON.stringify(caps)}`);
  ok(`initialize over HTTP: session ${sessionId}, serverInfo ${JSON.stringify(client.getServerVersion())}`);

  // 2. Listings.
  const { tools } = await client.listTools();
  const toolNames = tools.map((t) => t.name);
  for (const name of ['test_simple_text', 'test_tool_with_progress', 'test_tool_with_logging', 'test_elicitation']) {
    assert.ok(toolNames.includes(name), `tool ${name} listed: ${JSON.stringify(toolNames)}`);
  }
  const { resources } = await client.listResources();
  assert.ok(resources.length > 0, 'resources/list is not empty');
  assert.ok(resources.every((r) => typeof r.uri === 'string' && typeof r.name === 'string'), 'each resource has uri and name');
  const { prompts } = await client.listPrompts();
  assert.ok(prompts.length > 0, 'prompts/list is not empty');
  assert.ok(prompts.every((p) => typeof p.name === 'string'), 'each prompt has a name');
  ok(`tools/list (${tools.length}), resources/list (${resources.length}), prompts/list (${prompts.length})`);

  // 3. Progress during a call, on the call's SSE stream.
  {
    const progress = [];
    const result = await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
      onprogress: (p) => progress.push({ progress: p.progress, total: p.total }),
    });
    const atResult = progress.map((p) => ({ ...p })); // what had arrived when the result did
    assert.notEqual(result.isError, true, `test_tool_with_progress returned an error: ${JSON.stringify(result)}`);
    assert.equal(textOf(result), 'Progress test completed', 'test_tool_with_progress text');
    assert.deepEqual(atResult, [
      { progress: 0, total: 100 },
      { progress: 50, total: 100 },
      { progress: 100, total: 100 },
    ], 'progress notifications, in order, before the result');
    ok('tools/call test_tool_with_progress: progress 0, 50, 100 of 100 in order, then "Progress test completed"');
  }

  // 4. Elicitation: the server's elicitation/create arrives on the call's stream; the answer goes back by POST.
  {
    const result = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
    assert.equal(elicitations.length, 1, 'test_elicitation sends exactly one elicitation/create');
    const asked = elicitations[0];
    assert.equal(asked.message, 'Who are you?', 'elicitation message is the tool argument');
    assert.equal(asked.requestedSchema?.type, 'object', 'elicitation requestedSchema.type');
    for (const field of ['username', 'email']) {
      assert.equal(asked.requestedSchema?.properties?.[field]?.type, 'string', `requestedSchema property ${field} (string)`);
    }
    assert.notEqual(result.isError, true, `test_elicitation returned an error: ${JSON.stringify(result)}`);
    const text = textOf(result);
    const m = /^User response: action=accept, content=(\{.*\})$/.exec(text);
    assert.ok(m, `test_elicitation text is "User response: action=accept, content={...}": ${text}`);
    assert.deepEqual(JSON.parse(m[1]), { username: 'ada', email: 'ada@example.com' }, 'accepted content echoed');
    ok(`tools/call test_elicitation: elicitation accepted, result "${text}"`);
  }

  // 5. Connection loss mid-call: the proxy cuts the POST's connection right after the first event with data.
  //    The SDK has seen the priming event's id, so it resumes by itself with GET + Last-Event-ID.
  {
    const requestsBefore = proxy.requests.length;
    const errorsBefore = transportErrors.length;
    proxy.armedTool = 'test_tool_with_progress';
    const progress = [];
    const result = await withTimeout(
      client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
        onprogress: (p) => progress.push({ progress: p.progress, total: p.total }),
      }),
      15_000,
      'tools/call test_tool_with_progress after the connection was cut',
    );
    const atResult = progress.map((p) => ({ ...p }));
    assert.equal(proxy.cuts.length, 1, `the proxy cut exactly one response (armed still: ${proxy.armedTool})`);
    const forwarded = proxy.cuts[0].forwarded;
    const forwardedIds = [...forwarded.matchAll(/^id: ?(.*)$/gm)].map((m) => m[1]);
    assert.ok(/^data: \{.*"notifications\/progress"/m.test(forwarded),
      `the cut came after a progress event was forwarded: ${JSON.stringify(forwarded)}`);
    assert.notEqual(result.isError, true, `the resumed call returned an error: ${JSON.stringify(result)}`);
    assert.equal(textOf(result), 'Progress test completed', 'resumed call result text');
    assert.deepEqual(atResult, [
      { progress: 0, total: 100 },
      { progress: 50, total: 100 },
      { progress: 100, total: 100 },
    ], 'progress across the cut: each of 0, 50, 100 exactly once, in order, before the result');
    const later = proxy.requests.slice(requestsBefore);
    const resume = later.filter((r) => r.method === 'GET' && r.headers['last-event-id'] !== undefined);
    assert.equal(resume.length, 1, `exactly one GET with Last-Event-ID after the cut: ${inspect(later, { depth: 4 })}`);
    const lastEventId = resume[0].headers['last-event-id'];
    assert.ok(forwardedIds.includes(lastEventId),
      `Last-Event-ID ${lastEventId} is one of the ids the client received before the cut: ${JSON.stringify(forwardedIds)}`);
    assert.equal(resume[0].headers['mcp-session-id'], sessionId, 'the resuming GET carries the session id');
    assert.ok(resume[0].connection !== proxy.cuts[0].connection, 'the resuming GET is on a new connection');
    const disconnects = transportErrors.slice(errorsBefore).map((e) => e?.message ?? String(e));
    ok(`connection cut after ${JSON.stringify(forwardedIds)}; SDK resumed by itself with GET Last-Event-ID: ` +
       `${lastEventId}; progress 0, 50, 100 exactly once; result "Progress test completed" ` +
       `(transport reported: ${JSON.stringify(disconnects)})`);
  }

  // 6. Session termination, then the old id is unknown.
  {
    await transport.terminateSession();
    assert.equal(transport.sessionId, undefined, 'transport.sessionId is cleared after terminateSession');
    const deletes = proxy.requests.filter((r) => r.method === 'DELETE');
    assert.equal(deletes.length, 1, 'one DELETE sent');
    assert.equal(deletes[0].headers['mcp-session-id'], sessionId, 'the DELETE carries the session id');
    const response = await fetch(serverUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': transport.protocolVersion ?? '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/list', params: {} }),
    });
    const body = await response.text();
    assert.equal(response.status, 404, `POST with the terminated session id: status (body ${JSON.stringify(body)})`);
    ok(`DELETE terminated session ${sessionId}; a POST with it then gets 404`);
  }

  // 7. Close the client, then a graceful SIGTERM.
  {
    await client.close();
    ok('client closed');
    const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
    server.kill('SIGTERM');
    const { code, signal } = await withTimeout(exited, SHUTDOWN_MS, 'server exit after SIGTERM');
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, 'server exit status after SIGTERM');
    ok('SIGTERM: server exited with code 0');
    proxy.server.close();
  }
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
console.log(`http interop: all ${passed} checks passed`);
process.exit(0);
