// Messages tied to no request (here notifications/resources/updated of a subscribed resource) when the session's
// GET stream and the session's other requests are not on the same process, with the official TypeScript SDK
// client and test://watched-resource of examples/everything (it changes every 3 s in each process):
//   other-process  two processes on PostgreSQL behind the balancing proxy (every request to the other one); the
//                  subscription is made on the process without the client's GET stream, and the client then
//                  only listens, as a client waiting for updates does: an update must come within 8 s.
//   after-restart  one process on SQLite; the client subscribes and gets updates; the process restarts (SIGTERM,
//                  a new process on the same file); the client's GET stream resumes on the new process, the
//                  client makes one more request, and an update must come within 8 s.
// Usage: node tests/shared_sessions/notifications.mjs <path-to-everything> other-process|after-restart
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  connectClient, executable, fail, ok, runTest, sleep, startEverything, stopGracefully, tempDir,
} from './harness.mjs';
import { messageOf, startBalancer } from './proxy.mjs';
import { sharedStoreEnv } from './stores.mjs';

const URI = 'test://watched-resource';
const binary = executable(process.argv[2], 'examples/everything');
const scenario = process.argv[3];
if (!['other-process', 'after-restart'].includes(scenario)) {
  fail('usage: notifications.mjs <everything> other-process|after-restart');
}

async function updateWithin(seen, ms, what) {
  const before = seen.updates.length;
  const deadline = Date.now() + ms;
  while (seen.updates.length === before && Date.now() < deadline) await sleep(100);
  assert.ok(seen.updates.length > before, `${what}: no notifications/resources/updated within ${ms / 1000} s`);
  assert.equal(seen.updates.at(-1).uri, URI, 'the update names the subscribed resource');
}

async function otherProcess() {
  const env = sharedStoreEnv('postgres');
  const servers = await Promise.all([startEverything(binary, 'A', env), startEverything(binary, 'B', env)]);
  const balancer = await startBalancer(servers.map((s) => ({ tag: s.tag, port: s.port })));
  const { client, seen } = await connectClient(balancer.url);
  const get = await balancer.standaloneGet();
  if (balancer.backends[balancer.next % 2].tag === get.backend) await client.ping();
  await client.subscribeResource({ uri: URI });
  const subscribe = balancer.records.filter((r) => messageOf(r)?.method === 'resources/subscribe').at(-1);
  assert.notEqual(subscribe.backend, get.backend, 'the subscription is made on the process without the GET stream');
  ok(`GET stream on ${get.backend}, resources/subscribe on ${subscribe.backend}`);
  await updateWithin(seen, 8_000, `subscribed on ${subscribe.backend}, listening on ${get.backend}, no other request`);
  ok(`the update came on the GET stream held by ${get.backend}`);
  await client.close();
  balancer.close();
  await Promise.all(servers.map(stopGracefully));
}

async function afterRestart() {
  const dir = tempDir('mcp-notifications-');
  const env = { MCP_STORE: 'sqlite', MCP_SQLITE_PATH: path.join(dir, 'sessions.db') };
  let server = await startEverything(binary, 'first', env);
  const balancer = await startBalancer([{ tag: server.tag, port: server.port }]);
  const { client, seen } = await connectClient(balancer.url);
  await client.subscribeResource({ uri: URI });
  await updateWithin(seen, 8_000, 'before the restart');
  ok('subscribed: an update came on the GET stream');
  balancer.hold();
  await stopGracefully(server);
  server = await startEverything(binary, 'second', env);
  balancer.backends[0] = { tag: server.tag, port: server.port };
  balancer.resume();
  assert.ok((await client.listTools()).tools.length > 0, 'the session goes on after the restart');
  const resumed = await balancer.waitFor((r) => r.method === 'GET' && r.backend === 'second' && r.status, 5_000,
    'GET stream on the new process');
  assert.equal(resumed.status, 200, 'the GET stream reconnected to the new process');
  ok(`restarted; the session goes on, and the client's GET stream reconnected to the new process (Last-Event-ID ` +
     `${resumed.headers['last-event-id']}: 200)`);
  await updateWithin(seen, 8_000, 'after the restart, the subscription being in the store');
  ok('an update came after the restart');
  await client.close();
  balancer.close();
  await stopGracefully(server);
}

await runTest(`notifications (${scenario})`, 55_000, scenario === 'other-process' ? otherProcess : afterRestart);
