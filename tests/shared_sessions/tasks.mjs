// Tasks across two server processes sharing one store (issue 13, "Done when"): two examples/everything processes
// on PostgreSQL or DynamoDB behind the balancing proxy (every request goes to the other process than the one
// before), driven by the official TypeScript SDK client's task API (1.32, client.experimental.tasks):
//  - a task started on one process is followed by the client (tasks/get on both processes) to its result;
//  - a second task started on one process is cancelled through the other: the cancel is answered `cancelled`, the
//    process running the handler stops it within its heartbeat (1 s here) plus a margin (its log says so), and both
//    processes report the task cancelled afterwards;
//  - tasks/result asked of the process not running a task returns that task's result when it ends;
//  - a task that asks the user (elicitation) is input_required until the client's answer, which may reach either
//    process, and then completes;
//  - tasks/list on either process lists both tasks;
//  - SIGKILL of the process running a task: the other process reports the task failed once its lease ran out
//    (the processes run with a 4 s lease and a 1 s heartbeat, MCP_TASK_LEASE and MCP_TASK_HEARTBEAT).
// Usage: node tests/shared_sessions/tasks.mjs <path-to-everything> postgres|dynamodb
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';

import { CallToolResultSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

import {
  connectClient, executable, fail, ok, rawPost, runTest, sleep, startEverything, stopGracefully, textOf, withTimeout,
} from './harness.mjs';
import { messageOf, startBalancer } from './proxy.mjs';
import { sharedStoreEnv } from './stores.mjs';

const binary = executable(process.argv[2], 'examples/everything');
const backend = process.argv[3];
if (!['postgres', 'dynamodb'].includes(backend)) fail('usage: tasks.mjs <everything> postgres|dynamodb');
const env = { ...sharedStoreEnv(backend), MCP_TASK_LEASE: '4', MCP_TASK_HEARTBEAT: '1000' };

const calls = (balancer, method) => balancer.records.filter((r) => messageOf(r)?.method === method);
const nextTag = (balancer) => balancer.backends[balancer.next % balancer.backends.length].tag;

// Makes the balancer's next request go to `tag` (a ping goes to the other one first when needed).
async function aimAt(client, balancer, tag) {
  if (nextTag(balancer) !== tag) await client.ping();
  assert.equal(nextTag(balancer), tag, `the next request goes to ${tag}`);
}

// Starts `name` as a task and returns its id once the server answered with the task (the stream is left).
async function startTask(client, name, args) {
  const stream = client.experimental.tasks.callToolStream({ name, arguments: args }, CallToolResultSchema);
  for await (const message of stream) {
    if (message.type === 'taskCreated') return { id: message.task.taskId, task: message.task, stream };
    throw new Error(`expected taskCreated first, got ${JSON.stringify(message)}`);
  }
  throw new Error('the stream ended without a task');
}

async function followToResult(client, balancer) {
  const stream = client.experimental.tasks.callToolStream(
    { name: 'test_task_report', arguments: { steps: 4, step_ms: 250 } }, CallToolResultSchema);
  const seen = [];
  let result;
  for await (const message of withTimeoutIterator(stream, 15_000)) {
    seen.push(message.type === 'taskStatus' ? `status ${message.task.status}` : message.type);
    if (message.type === 'result') result = message.result;
    if (message.type === 'error') throw message.error;
  }
  assert.equal(seen[0], 'taskCreated', `the stream starts with the task: ${seen}`);
  assert.equal(textOf(result), 'Report ready: 4 steps', 'the task\'s result');
  const creator = calls(balancer, 'tools/call').at(-1).backend;
  const pollers = new Set(calls(balancer, 'tasks/get').map((r) => r.backend));
  assert.ok(pollers.size === 2, `tasks/get reached both processes: ${[...pollers]}`);
  ok(`a task started on ${creator}, followed with tasks/get on ${[...pollers].join(' and ')} to its result: ` +
     `${seen.join(', ')}`);
}

async function* withTimeoutIterator(stream, ms) {
  const deadline = Date.now() + ms;
  for await (const m of stream) {
    if (Date.now() > deadline) throw new Error(`the task stream ran past ${ms} ms`);
    yield m;
  }
}

async function cancelOnTheOtherProcess(client, balancer, servers) {
  await client.listTools();
  const { id } = await startTask(client, 'test_task_report', { steps: 40, step_ms: 250 });
  const owner = calls(balancer, 'tools/call').at(-1).backend;
  const other = servers.find((s) => s.tag !== owner);
  const running = servers.find((s) => s.tag === owner);
  await aimAt(client, balancer, other.tag);
  const working = await client.experimental.tasks.getTask(id);
  assert.equal(working.status, 'working', `the task is working on ${owner}, seen from ${other.tag}`);
  await aimAt(client, balancer, other.tag);
  const cancelledAt = Date.now();
  const cancelled = await client.experimental.tasks.cancelTask(id);
  assert.equal(cancelled.status, 'cancelled', 'tasks/cancel answers the cancelled task');
  const stopLine = new RegExp(`task ${id} \\(tool test_task_report\\): stopping its handler: the store has it cancelled`);
  while (!stopLine.test(running.output()) && Date.now() - cancelledAt < 5_000) await sleep(50);
  assert.match(running.output(), stopLine, `${owner} stopped the handler within 5 s of the cancel on ${other.tag}`);
  const took = Date.now() - cancelledAt;
  for (const tag of [owner, other.tag]) {
    await aimAt(client, balancer, tag);
    assert.equal((await client.experimental.tasks.getTask(id)).status, 'cancelled', `${tag} reports it cancelled`);
  }
  ok(`a task running on ${owner}, cancelled through ${other.tag}: ${owner} stopped its handler ${took} ms later ` +
     '(heartbeat 1 s); both processes report it cancelled');
  return id;
}

async function resultFromTheOtherProcess(client, balancer) {
  const { id } = await startTask(client, 'test_task_report', { steps: 3, step_ms: 300 });
  const owner = calls(balancer, 'tools/call').at(-1).backend;
  const other = balancer.backends.find((b) => b.tag !== owner).tag;
  await aimAt(client, balancer, other);
  const result = await withTimeout(client.experimental.tasks.getTaskResult(id, CallToolResultSchema), 15_000,
    'tasks/result');
  assert.equal(textOf(result), 'Report ready: 3 steps', 'the result, from the other process');
  assert.equal(result._meta?.['io.modelcontextprotocol/related-task']?.taskId, id, 'the related-task _meta');
  assert.equal(calls(balancer, 'tasks/result').at(-1).backend, other, 'tasks/result went to the other process');
  ok(`tasks/result on ${other} for a task running on ${owner}: waited, then the result`);
  return id;
}

async function inputRequired(client, balancer) {
  const asked = [];
  const whileAsking = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(request.params);
    // The task waits for this answer: tasks/get (on whichever process the balancer picks) must say so now. Polling
    // alone may miss the state when the answer is quick (it lasts one round trip).
    const taskId = request.params._meta?.['io.modelcontextprotocol/related-task']?.taskId;
    if (taskId) whileAsking.push((await client.experimental.tasks.getTask(taskId)).status);
    return { action: 'accept', content: { proceed: true } };
  });
  const stream = client.experimental.tasks.callToolStream({ name: 'test_task_confirm', arguments: {} },
    CallToolResultSchema);
  const statuses = [];
  let result;
  for await (const message of withTimeoutIterator(stream, 20_000)) {
    if (message.type === 'taskStatus') statuses.push(message.task.status);
    if (message.type === 'result') result = message.result;
    if (message.type === 'error') throw message.error;
  }
  assert.equal(asked.length, 1, 'one elicitation/create');
  assert.equal(asked[0].message, 'Delete the build cache?');
  assert.ok(asked[0]._meta?.['io.modelcontextprotocol/related-task']?.taskId, 'the question names its task');
  assert.equal(textOf(result), 'Cleanup done', 'the answer reached the handler');
  assert.deepEqual(whileAsking, ['input_required'], 'tasks/get while the question waits for its answer');
  const owner = calls(balancer, 'tools/call').at(-1).backend;
  ok(`a task on ${owner} asked the user and was input_required until answered; statuses seen by polling: ` +
     `${statuses.join(', ')}; result "${textOf(result)}"`);
}

// The owner of a running task dies without a word; the survivor, asked directly, fails the task once the lease
// (4 s) has run out, and says why.
async function killedOwner(client, balancer, servers, sessionId) {
  const { id } = await startTask(client, 'test_task_report', { steps: 400, step_ms: 250 });
  const victim = servers.find((s) => s.tag === calls(balancer, 'tools/call').at(-1).backend);
  const survivor = servers.find((s) => s !== victim);
  victim.process.kill('SIGKILL');
  await victim.exited;
  const killedAt = Date.now();
  let task;
  for (let n = 100; Date.now() - killedAt < 15_000; n++) {
    const answer = await rawPost(survivor.url, { jsonrpc: '2.0', id: n, method: 'tasks/get', params: { taskId: id } },
      sessionId);
    task = answer.json?.result;
    assert.ok(task, `tasks/get on ${survivor.tag}: ${answer.text}`);
    if (task.status !== 'working') break;
    await sleep(250);
  }
  const took = Date.now() - killedAt;
  assert.equal(task.status, 'failed', `the dead owner's task is failed: ${JSON.stringify(task)}`);
  assert.match(task.statusMessage, /stopped renewing its lease/, 'the status message says why');
  assert.ok(took >= 2_000, `not failed before its lease could run out (${took} ms)`);
  ok(`SIGKILL of ${victim.tag} running a task: ${survivor.tag} reported it failed ${took} ms later ` +
     `("${task.statusMessage}")`);
  return survivor;
}

async function main() {
  const servers = await Promise.all([startEverything(binary, 'A', env), startEverything(binary, 'B', env)]);
  ok(`two processes on ${backend}: A on ${servers[0].port}, B on ${servers[1].port}`);
  const balancer = await startBalancer(servers.map((s) => ({ tag: s.tag, port: s.port })));
  const { client, sessionId } = await connectClient(balancer.url);
  const caps = client.getServerCapabilities();
  assert.deepEqual(caps.tasks, { list: {}, cancel: {}, requests: { tools: { call: {} } } }, 'the tasks capability');
  const listed = (await client.listTools()).tools.filter((t) => t.execution && t.name.startsWith('test_task_'));
  assert.deepEqual(listed.map((t) => [t.name, t.execution.taskSupport]).sort(), [['test_task_confirm', 'optional'],
    ['test_task_report', 'optional'], ['test_task_required_report', 'required']], 'execution.taskSupport listed');
  ok('capabilities.tasks and execution.taskSupport as configured');

  await followToResult(client, balancer);
  const cancelled = await cancelOnTheOtherProcess(client, balancer, servers);
  const waited = await resultFromTheOtherProcess(client, balancer);
  await inputRequired(client, balancer);
  for (const s of servers) {
    await aimAt(client, balancer, s.tag);
    const ids = (await client.experimental.tasks.listTasks()).tasks.map((t) => t.taskId);
    assert.ok(ids.includes(cancelled) && ids.includes(waited), `tasks/list on ${s.tag} has both tasks: ${ids}`);
  }
  ok('tasks/list on each process lists the tasks started on either');
  const survivor = await killedOwner(client, balancer, servers, sessionId);
  await client.close().catch(() => {});
  balancer.close();
  await stopGracefully(survivor);
  ok(`${survivor.tag} stopped by SIGTERM (exit 0)`);
}

await runTest(`tasks (${backend})`, 55_000, main);
