// A server killed with SIGKILL in the middle of a call loses nothing it acknowledged (hardening issue, faults):
// examples/everything on SQLite, PostgreSQL or DynamoDB (dynalite) answers a call with progress on an SSE stream;
// as soon as the client has read a progress event, the process is killed -9 (no shutdown, no flush: whatever it
// was writing, SQLite's WAL, a libpq statement, a DynamoDB PutItem, is cut). A new process starts on the same
// store; the client resumes the stream with Last-Event-ID set to the priming event and must get every event it
// had read, with the same ids and data, in order, each exactly once (an event is stored before it is sent), and
// the session goes on.
// Usage: node tests/shared_sessions/kill_restart.mjs <path-to-everything> sqlite|postgres|dynamodb
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  eventId, executable, fail, mcpHeaders, ok, parseSse, rawPost, rawSession, runTest, startEverything,
  stopGracefully, tempDir, withTimeout,
} from './harness.mjs';
import { sharedStoreEnv } from './stores.mjs';

const binary = executable(process.argv[2], 'examples/everything');
const backend = process.argv[3];
if (!['sqlite', 'postgres', 'dynamodb'].includes(backend)) {
  fail('usage: kill_restart.mjs <everything> sqlite|postgres|dynamodb');
}
const env = backend === 'sqlite'
  ? { MCP_STORE: 'sqlite', MCP_SQLITE_PATH: path.join(tempDir('mcp-kill-restart-'), 'sessions.db') }
  : sharedStoreEnv(backend);

// Reads an SSE response until `enough(events)` says so (or the body ends, or `ms` pass); returns what was read.
async function readEvents(response, enough, ms) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      const left = deadline - Date.now();
      const chunk = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r({ late: true }), left))]);
      if (chunk.late || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      const complete = text.slice(0, text.lastIndexOf('\n\n') + 2);
      if (enough(parseSse(complete))) break;
    }
  } catch {
    // the connection died with its server: what was read is what the client saw
  }
  reader.cancel().catch(() => {});
  return parseSse(text.slice(0, text.lastIndexOf('\n\n') + 2));
}

// The progress number of a progress notification event, undefined for any other event (the priming event has an
// empty data line).
const progressOf = (e) => (e.data ? JSON.parse(e.data).params?.progress : undefined);

async function main() {
  const first = await startEverything(binary, 'everything#1', env);
  const sessionId = await rawSession(first.url);
  ok(`session ${sessionId} on ${backend}, served by ${first.tag}`);

  const call = await fetch(first.url, {
    method: 'POST', headers: mcpHeaders(sessionId), body: JSON.stringify({
      jsonrpc: '2.0', id: 7, method: 'tools/call',
      params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'k' } },
    }),
  });
  assert.equal(call.status, 200);
  assert.ok(call.headers.get('content-type').startsWith('text/event-stream'), 'a call with progress streams');
  const seen = await readEvents(call, (events) => events.some((e) => progressOf(e) !== undefined), 10_000);
  first.process.kill('SIGKILL');
  const status = await withTimeout(first.exited, 10_000, `${first.tag} exit after SIGKILL`);
  assert.equal(status.signal, 'SIGKILL');
  const priming = seen[0];
  const acknowledged = seen.filter((e) => e.data);
  assert.ok(priming?.id && !priming.data, `the stream starts with a priming event: ${JSON.stringify(seen)}`);
  assert.ok(acknowledged.length >= 1, 'the client read at least one progress event before the kill');
  ok(`${first.tag} killed -9 mid-call after the client read ${acknowledged.map((e) => e.id).join(', ')}`);

  const second = await startEverything(binary, 'everything#2', env);
  const resumed = await fetch(second.url, {
    headers: { ...mcpHeaders(sessionId), accept: 'text/event-stream', 'last-event-id': priming.id },
  });
  assert.equal(resumed.status, 200, `the resume on ${second.tag}`);
  // The call died with its process: the stream gets no answer, so read what the store replays, then give up.
  const replay = (await readEvents(resumed, () => false, 1_500)).filter((e) => e.data);
  const ids = replay.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length, `no event twice: ${ids.join(', ')}`);
  const sequences = replay.map((e) => eventId(e.id).sequence);
  assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b), `in order: ${ids.join(', ')}`);
  for (const e of acknowledged) {
    const again = replay.find((r) => r.id === e.id);
    assert.ok(again, `event ${e.id}, read before the kill, is replayed (got ${ids.join(', ') || 'nothing'})`);
    assert.equal(again.data, e.data, `event ${e.id} is replayed as it was sent`);
  }
  ok(`${second.tag} replayed ${ids.join(', ')}: every acknowledged event, each once, in order`);

  const after = await rawPost(second.url, {
    jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'test_simple_text', arguments: {} },
  }, sessionId);
  assert.equal(after.status, 200, `a call after the restart: ${after.text}`);
  ok(`the session goes on on ${second.tag}`);
  await stopGracefully(second);
}

await runTest(`kill -9 restart on ${backend}`, 55_000, main);
