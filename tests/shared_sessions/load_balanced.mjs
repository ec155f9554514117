// Two server processes share one store behind a load balancer (issue 6, "Done when"): two examples/everything
// processes on PostgreSQL or DynamoDB (the shared test services of scripts/services, tables of this run's own), a
// balancing proxy that sends EVERY request (POST, GET, DELETE) to the other process than the one before, and the
// official TypeScript SDK client running a whole session through it: initialize, listings, a tool call,
// logging/setLevel on one process then a logged call on the other, resources/subscribe on the process without the
// client's GET stream then an update from the one with it (once a request reached it), a call with progress, an
// elicitation whose answer POST lands on the other process, a POST stream cut mid-call and resumed with
// Last-Event-ID on the other process, DELETE, then 404 from both processes. Each process must have served requests.
// Usage: node tests/shared_sessions/load_balanced.mjs <path-to-everything> postgres|dynamodb
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';

import {
  connectClient, executable, fail, ok, progressCall, rawPost, rawRequest, runTest, sleep, startEverything,
  stopGracefully, textOf, withTimeout,
} from './harness.mjs';
import { checkResume, messageOf, startBalancer } from './proxy.mjs';
import { sharedStoreEnv } from './stores.mjs';

const binary = executable(process.argv[2], 'examples/everything');
const backend = process.argv[3];
if (!['postgres', 'dynamodb'].includes(backend)) fail('usage: load_balanced.mjs <everything> postgres|dynamodb');
const env = sharedStoreEnv(backend);

// The record of the last request whose JSON-RPC method is `method`.
function lastCall(balancer, method) {
  const found = balancer.records.filter((r) => messageOf(r)?.method === method).at(-1);
  assert.ok(found, `the balancer saw a ${method} request`);
  return found;
}

// The process the balancer sends the next request to.
const nextTag = (balancer) => balancer.backends[balancer.next % balancer.backends.length].tag;

async function checkLogging(client, seen, balancer) {
  await client.setLoggingLevel('warning');
  const quiet = seen.logs.length;
  assert.equal(textOf(await client.callTool({ name: 'test_tool_with_logging', arguments: {} })),
    'Logging test completed');
  assert.equal(seen.logs.length, quiet, `no info logs at level warning: ${JSON.stringify(seen.logs.slice(quiet))}`);
  const [setQuiet, callQuiet] = [lastCall(balancer, 'logging/setLevel'), lastCall(balancer, 'tools/call')];
  assert.notEqual(setQuiet.backend, callQuiet.backend, 'setLevel and the logged call on different processes');
  await client.setLoggingLevel('info');
  assert.equal(textOf(await client.callTool({ name: 'test_tool_with_logging', arguments: {} })),
    'Logging test completed');
  assert.deepEqual(seen.logs.slice(quiet).map((l) => [l.level, l.data]), [['info', 'Tool execution started'],
    ['info', 'Tool processing data'], ['info', 'Tool execution completed']], 'the three info logs at level info');
  const [setLoud, callLoud] = [lastCall(balancer, 'logging/setLevel'), lastCall(balancer, 'tools/call')];
  assert.notEqual(setLoud.backend, callLoud.backend, 'setLevel and the logged call on different processes');
  ok(`logging/setLevel warning on ${setQuiet.backend}: the call on ${callQuiet.backend} sent no info log; ` +
     `setLevel info on ${setLoud.backend}: the call on ${callLoud.backend} sent its three info logs`);
}

// test://watched-resource changes every 3 s in each process; an update reaches the client on its GET stream,
// which is open on one process. The subscription is made on the other one; the next request of the session that
// reaches the process with the GET stream brings its copy of the session up to date from the store.
// (notifications.mjs checks the same without that request.)
async function checkSubscription(client, seen, balancer) {
  const get = await balancer.standaloneGet();
  if (nextTag(balancer) === get.backend) await client.ping();
  await client.subscribeResource({ uri: 'test://watched-resource' });
  const before = seen.updates.length;
  const subscribe = lastCall(balancer, 'resources/subscribe');
  assert.notEqual(subscribe.backend, get.backend, 'the subscription is made on the process without the GET stream');
  await client.ping();
  assert.equal(lastCall(balancer, 'ping').backend, get.backend, 'the ping after it reaches the GET stream\'s process');
  const deadline = Date.now() + 8_000;
  while (seen.updates.length === before && Date.now() < deadline) await sleep(100);
  assert.ok(seen.updates.length > before, `notifications/resources/updated within 8 s of resources/subscribe on ` +
    `${subscribe.backend}, the GET stream being on ${get.backend}`);
  assert.equal(seen.updates.at(-1).uri, 'test://watched-resource', 'the update names the subscribed resource');
  await client.unsubscribeResource({ uri: 'test://watched-resource' });
  ok(`resources/subscribe on ${subscribe.backend}; after a ping on ${get.backend}, the resource's update came on ` +
     `the GET stream held there`);
}

async function checkElicitation(client, seen, balancer) {
  const result = await withTimeout(
    client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } }), 15_000, 'test_elicitation');
  assert.equal(seen.elicitations.length, 1, 'one elicitation/create');
  assert.equal(seen.elicitations[0].message, 'Who are you?', 'the elicitation message');
  assert.match(textOf(result), /^User response: action=accept, content=\{.*"ada@example.com".*\}$/);
  const call = lastCall(balancer, 'tools/call');
  const answers = balancer.records.filter((r) => {
    const m = messageOf(r);
    return m && m.result && m.method === undefined && r.n > call.n;
  });
  assert.equal(answers.length, 1, 'one POST carried the elicitation answer');
  assert.notEqual(answers[0].backend, call.backend, 'the answer POST landed on the other process');
  ok(`elicitation: tools/call on ${call.backend}, the answer POSTed to ${answers[0].backend} reached the tool: ` +
     `"${textOf(result)}"`);
}

async function checkCutAndResume(client, balancer, sessionId) {
  balancer.armedTool = 'test_tool_with_progress';
  const { text, progress } = await progressCall(client, 'the call whose stream was cut');
  assert.equal(text, 'Progress test completed', 'the result of the cut call');
  assert.deepEqual(progress, [0, 50, 100], 'progress across the cut: each value once, in order');
  const cut = balancer.records.find((r) => r.cut);
  assert.ok(cut, 'the balancer cut the stream of the progress call');
  const { resume, seen, resumed } = checkResume(balancer, cut, sessionId);
  assert.notEqual(resume.backend, cut.backend, 'the resume went to the other process');
  ok(`POST stream cut on ${cut.backend} after ${seen}; resumed with Last-Event-ID on ${resume.backend}: ` +
     `${resumed.join(', ')}, nothing lost, nothing repeated`);
}

async function checkDelete(transport, balancer, servers, sessionId) {
  await transport.terminateSession();
  const del = balancer.records.filter((r) => r.method === 'DELETE');
  assert.equal(del.length, 1, 'one DELETE');
  for (const server of servers) {
    const post = await rawPost(server.url, { jsonrpc: '2.0', id: 7, method: 'tools/list' }, sessionId);
    assert.equal(post.status, 404, `POST to ${server.tag} after DELETE: ${post.text}`);
    const get = await rawRequest(server.url, 'GET', sessionId);
    assert.equal(get.status, 404, `GET to ${server.tag} after DELETE: ${get.text}`);
  }
  ok(`DELETE on ${del[0].backend}; then POST and GET with the session id got 404 from both processes`);
}

async function main() {
  const servers = await Promise.all([startEverything(binary, 'A', env), startEverything(binary, 'B', env)]);
  ok(`two processes on ${backend} (${Object.entries(env).filter(([k]) => /TABLE|PREFIX/.test(k))
    .map(([k, v]) => `${k}=${v}`).join(' ')}): A on ${servers[0].port}, B on ${servers[1].port}`);
  const balancer = await startBalancer(servers.map((s) => ({ tag: s.tag, port: s.port })));
  const { client, transport, seen, sessionId } = await connectClient(balancer.url);
  ok(`initialize on ${lastCall(balancer, 'initialize').backend}: session ${sessionId}`);

  const [tools, resources, prompts] = [await client.listTools(), await client.listResources(),
    await client.listPrompts()];
  assert.ok(tools.tools.some((t) => t.name === 'test_elicitation'), 'tools/list names test_elicitation');
  assert.ok(resources.resources.length > 0 && prompts.prompts.length > 0, 'resources and prompts listed');
  assert.equal(textOf(await client.callTool({ name: 'test_simple_text', arguments: {} })),
    'This is a simple text response for testing.');
  ok(`tools/list (${tools.tools.length}), resources/list, prompts/list, tools/call: on both processes in turn`);

  await checkLogging(client, seen, balancer);
  await checkSubscription(client, seen, balancer);
  assert.deepEqual(await progressCall(client, 'a call with progress'),
    { text: 'Progress test completed', progress: [0, 50, 100] });
  ok(`a call with progress on ${lastCall(balancer, 'tools/call').backend}: 0, 50, 100, then the result`);
  await checkElicitation(client, seen, balancer);
  await checkCutAndResume(client, balancer, sessionId);
  await checkDelete(transport, balancer, servers, sessionId);

  const counts = servers.map((s) => `${s.tag} ${balancer.served(s.tag)}`);
  for (const s of servers) assert.ok(balancer.served(s.tag) >= 8, `${s.tag} served requests: ${counts}`);
  ok(`requests served: ${counts.join(', ')} (of ${balancer.records.length})`);
  await client.close();
  balancer.close();
  await Promise.all(servers.map(stopGracefully));
  ok('both processes stopped by SIGTERM (exit 0)');
}

await runTest(`load balanced (${backend})`, 55_000, main);
