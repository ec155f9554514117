// A session outlives its server process on SQLite (issue 6, "Done when"): examples/everything runs on a SQLite
// file behind a balancing proxy; the official TypeScript SDK client initializes and calls a tool; a call with
// progress has its POST stream cut mid-call, and the server is stopped with SIGTERM while the call is still
// running (graceful: the call finishes and its events are stored); a new process starts on the same file and the
// proxy is pointed at it. The client goes on with the SAME session id (no second initialize), resumes the broken
// stream with Last-Event-ID on the new process and gets exactly the events it missed, then more calls work. A
// plain restart (no call in flight) keeps the session too, and so does a session that never opened a stream.
// Usage: node tests/shared_sessions/sqlite_restart.mjs <path-to-everything>
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  connectClient, executable, ok, progressCall, rawPost, rawSession, runTest, startEverything,
  stopGracefully, tempDir, textOf, withTimeout,
} from './harness.mjs';
import { checkResume, startBalancer } from './proxy.mjs';

const binary = executable(process.argv[2], 'examples/everything');
const dir = tempDir('mcp-sqlite-restart-');
const env = { MCP_STORE: 'sqlite', MCP_SQLITE_PATH: path.join(dir, 'sessions.db') };

let generation = 0;
async function startServer() {
  generation += 1;
  return startEverything(binary, `everything#${generation}`, env);
}

// Stops `server` gracefully while the balancer holds new requests, starts the next process on the same file and
// points the balancer at it, then lets the held requests through.
async function restart(server, balancer) {
  balancer.hold();
  await stopGracefully(server);
  const next = await startServer();
  balancer.backends[0] = { tag: next.tag, port: next.port };
  balancer.resume();
  return next;
}

async function main() {
  let server = await startServer();
  const balancer = await startBalancer([{ tag: server.tag, port: server.port }]);
  const { client, transport, sessionId, seen } = await connectClient(balancer.url);
  ok(`initialized through the balancer on ${server.tag}: session ${sessionId}`);
  assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })),
    'This is a simple text response for testing.');
  ok('tools/call test_simple_text');

  // The cut: the balancer forwards the first progress event, closes both sides, and we stop the server at once,
  // while the tool is still running (it takes 100 ms). The SDK's resume waits at the balancer meanwhile.
  const stopped = new Promise((resolve) => {
    balancer.onCut = () => {
      balancer.onCut = undefined;
      balancer.hold();
      resolve(server);
    };
  });
  balancer.armedTool = 'test_tool_with_progress';
  const call = progressCall(client, 'the call cut before the restart', 30_000);
  const first = await withTimeout(stopped, 10_000, 'the cut of the progress call');
  await stopGracefully(first);
  ok(`${first.tag} stopped by SIGTERM (exit 0) right after the cut, with the call still running`);
  server = await startServer();
  balancer.backends[0] = { tag: server.tag, port: server.port };
  balancer.resume();
  const { text, progress } = await call;
  assert.equal(text, 'Progress test completed', 'the result of the call cut before the restart');
  assert.deepEqual(progress, [0, 50, 100], 'progress across the restart: each value once, in order');
  const cutRecord = balancer.records.find((r) => r.cut);
  const { seen: lastSeen, resumed } = checkResume(balancer, cutRecord, sessionId);
  ok(`after the restart the client resumed with Last-Event-ID ${lastSeen} on ${server.tag} and got exactly ` +
     `${resumed.join(', ')} (progress 50, 100, the answer): nothing lost, nothing repeated`);

  assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })),
    'This is a simple text response for testing.');
  assert.deepEqual(await progressCall(client, 'a progress call after the restart'),
    { text: 'Progress test completed', progress: [0, 50, 100] });
  assert.ok((await client.listTools()).tools.length > 0);
  ok(`the same session goes on on ${server.tag}: tools/call, a call with progress, tools/list`);

  // A plain restart: nothing in flight. A second session that never opened a stream survives it too.
  const quiet = await rawSession(balancer.url);
  server = await restart(server, balancer);
  assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })),
    'This is a simple text response for testing.');
  assert.ok((await client.listPrompts()).prompts.length > 0);
  const list = await rawPost(balancer.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, quiet);
  assert.equal(list.status, 200, `tools/list of the stream-less session after the restart: ${list.text}`);
  assert.ok(list.json?.result?.tools?.length > 0, `tools/list result: ${list.text}`);
  ok(`plain restart to ${server.tag}: the SDK's session and a session without any stream both go on`);

  // Every request but the two initializes named a session: the SDK client's, or the stream-less one's.
  const initializes = balancer.records.filter((r) => r.body.includes('"method":"initialize"'));
  assert.equal(initializes.length, 2, 'two initialize requests in all: the SDK client\'s and the stream-less one');
  const others = balancer.records.filter((r) => !initializes.includes(r));
  assert.deepEqual(others.filter((r) => ![sessionId, quiet].includes(r.headers['mcp-session-id'])), [],
    'requests naming another session, or none');
  const mine = others.filter((r) => r.headers['mcp-session-id'] === sessionId);
  ok(`the SDK client initialized once: its ${mine.length} other requests, across two restarts, named session ` +
     `${sessionId} (transport errors it reported: ${JSON.stringify(seen.errors)})`);

  await transport.terminateSession();
  const gone = await rawPost(balancer.url, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, sessionId);
  assert.equal(gone.status, 404, `a request after DELETE: ${gone.text}`);
  ok('DELETE ended the session; the next request got 404');
  await client.close();
  await stopGracefully(server);
  balancer.close();
  ok(`${server.tag} stopped by SIGTERM (exit 0)`);
}

await runTest('sqlite restart', 55_000, main);
