// A store outage end to end (issue 6, "Done when"): examples/everything runs on a store server of this test's own
// (a private PostgreSQL cluster, or a dynalite child keeping its data on disk), the official TypeScript SDK client
// opens a session, and the store is stopped. Every request that needs the store gets HTTP 503 with a JSON-RPC
// error (-32010, a generic message that tells the client to retry and names no host, port or store: those go to
// the server's log, which this test reads), the process keeps running, and once the store is started again (same
// port, same data) the same session goes on.
// SQLite has no such test: its store is a local file, not a server that can be down (docs/storage.md).
// Usage: node tests/shared_sessions/store_outage.mjs <path-to-everything> postgres|dynamodb
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';

import {
  alive, connectClient, executable, fail, ok, progressCall, PROTOCOL_VERSION, rawPost, rawRequest, runTest, sleep,
  startEverything, stopGracefully, textOf,
} from './harness.mjs';
import { privateDynalite, privatePostgres } from './stores.mjs';

const STORE_UNAVAILABLE = -32010;
const binary = executable(process.argv[2], 'examples/everything');
const backend = process.argv[3];
if (!['postgres', 'dynamodb'].includes(backend)) fail('usage: store_outage.mjs <everything> postgres|dynamodb');
const storeName = { postgres: /PostgreSQL/, dynamodb: /DynamoDB/ }[backend];

// A 503 whose body is a JSON-RPC error response with code -32010 and a message that says to retry, without the
// store's address or kind (docs/security.md: store details are for the operator's log only).
function check503(answer, what) {
  assert.equal(answer.status, 503, `${what}: HTTP status (body ${answer.text})`);
  assert.match(answer.contentType, /^application\/json/, `${what}: content type`);
  assert.equal(answer.json?.jsonrpc, '2.0', `${what}: a JSON-RPC message: ${answer.text}`);
  assert.ok('id' in answer.json, `${what}: the error response has an id member: ${answer.text}`);
  assert.equal(answer.json.error?.code, STORE_UNAVAILABLE, `${what}: error code: ${answer.text}`);
  const message = answer.json.error.message ?? '';
  assert.match(message, /try again/, `${what}: the message says what to do: ${message}`);
  assert.ok(message.length >= 30, `${what}: a message a person can act on: ${message}`);
  assert.doesNotMatch(message, storeName, `${what}: the message does not name the store: ${message}`);
  assert.doesNotMatch(message, /127\.0\.0\.1|:\d{2,5}\b/, `${what}: the message names no address: ${message}`);
  return message;
}

async function duringOutage(server, client, sessionId) {
  const call = { jsonrpc: '2.0', id: 41, method: 'tools/call', params: { name: 'test_simple_text', arguments: {} } };
  const message = check503(await rawPost(server.url, call, sessionId), 'tools/call during the outage');
  ok(`tools/call during the outage: 503, JSON-RPC error ${STORE_UNAVAILABLE}: "${message}"`);
  assert.match(server.output(), new RegExp(`store failure: ${storeName.source} at (http://)?127\\.0\\.0\\.1`),
    'the server\'s log names the store and where it is');
  ok('the server\'s log names the store, its address and the failure');
  const init = await rawPost(server.url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {
    protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'outage', version: '1' } } });
  check503(init, 'initialize during the outage');
  check503(await rawRequest(server.url, 'GET', sessionId), 'GET during the outage');
  check503(await rawRequest(server.url, 'DELETE', sessionId), 'DELETE during the outage');
  ok('initialize, GET and DELETE during the outage: 503 with the same JSON-RPC error');
  await assert.rejects(client.callTool({ name: 'test_simple_text', arguments: {} }),
    (err) => err.code === 503 && err.message.includes(String(STORE_UNAVAILABLE)), 'the SDK client sees the 503');
  ok('the SDK client\'s tools/call failed with HTTP 503 and the JSON-RPC error in its message');
  const health = await fetch(new URL('/health', server.url));
  assert.equal(health.status, 200, 'the process still answers /health');
  assert.ok(alive(server), 'the server process is still running');
  ok('the server process is still running and answers /health');
}

// After the store is back: the first request that succeeds (within `ms`), and the 503s that came before it.
async function firstSuccess(server, sessionId, ms) {
  const deadline = Date.now() + ms;
  for (const failures = []; ; ) {
    const answer = await rawPost(server.url, { jsonrpc: '2.0', id: 50 + failures.length, method: 'tools/list' },
      sessionId);
    if (answer.status === 200) return { answer, failures };
    failures.push(check503(answer, 'a request while the store comes back'));
    if (Date.now() > deadline) throw new Error(`the session did not come back within ${ms} ms: ${answer.text}`);
    await sleep(200);
  }
}

async function main() {
  const store = backend === 'postgres' ? await privatePostgres() : await privateDynalite();
  ok(`started ${store.what}`);
  const server = await startEverything(binary, 'everything', store.env);
  const { client, transport, sessionId } = await connectClient(server.url);
  assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })),
    'This is a simple text response for testing.');
  ok(`session ${sessionId} on ${backend}: initialize and tools/call`);

  await store.stop();
  ok(`${backend} stopped`);
  await duringOutage(server, client, sessionId);

  await store.start();
  const { answer, failures } = await firstSuccess(server, sessionId, 15_000);
  assert.ok(answer.json?.result?.tools?.length > 0, `tools/list after the outage: ${answer.text}`);
  ok(`${backend} started again; the same session answered tools/list after ${failures.length} more 503s, 200 ms ` +
     `apart${failures.length ? `: ${JSON.stringify([...new Set(failures)])}` : ''}`);
  assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })),
    'This is a simple text response for testing.');
  assert.deepEqual(await progressCall(client, 'a progress call after the outage'),
    { text: 'Progress test completed', progress: [0, 50, 100] });
  assert.equal(transport.sessionId, sessionId, 'the SDK client kept its session id');
  ok('the SDK client goes on with the same session: tools/call, a call with progress (events stored again)');

  await transport.terminateSession();
  const gone = await rawPost(server.url, { jsonrpc: '2.0', id: 90, method: 'tools/list' }, sessionId);
  assert.equal(gone.status, 404, `a request after DELETE: ${gone.text}`);
  ok('DELETE ended the session; the next request got 404');
  await client.close();
  await stopGracefully(server);
  await store.stop();
  ok('the server stopped by SIGTERM (exit 0), then the store');
}

await runTest(`store outage (${backend})`, 55_000, main);
