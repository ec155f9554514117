// MCP tasks on the Lambda front door (issue 13, "Done when"): examples/lambda run by tools/lambda_emulator with
// --freeze (a copy waiting in /next is stopped, as Lambda freezes an idle environment, so work wrongly left for
// after /next would stall), three copies, a 6 s function timeout, a 3 s task lease; tasks in DynamoDB (dynalite).
// Driven by the official TypeScript SDK client's task API. Checks:
//  - a task started by one invocation completes after that invocation's response (the CreateTaskResult comes
//    before the task could have ended), followed with tasks/get through other copies (the starting copy is busy
//    running it), and its result fetched;
//  - a copy restarted mid-task (its process killed) leaves the task failed by its lease, not working forever;
//  - a task longer than the invocation's deadline ends failed, saying so.
// Usage: node tests/lambda/lambda_tasks.mjs <lambda_emulator> <lambda_example> streaming|buffered
// Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';

import { startEmulator, stats, testScript, textOf } from './emulator.mjs';

const harness = testScript('lambda_tasks.mjs', 90_000);
const { fail, ok } = harness;
const [emulatorArg, functionArg, mode, dynamodb] = [harness.emulatorPath, harness.functionPath, harness.mode,
  harness.dynamodb];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts `name` as a task: its id and how long the CreateTaskResult took.
async function startTask(client, name, args) {
  const began = Date.now();
  const stream = client.experimental.tasks.callToolStream({ name, arguments: args }, CallToolResultSchema);
  for await (const message of stream) {
    if (message.type === 'taskCreated') return { id: message.task.taskId, answeredMs: Date.now() - began };
    throw new Error(`expected taskCreated first, got ${JSON.stringify(message)}`);
  }
  throw new Error('the stream ended without a task');
}

// Starts a task and finds the copy that runs it: the one that has answered its invocation but not asked for the
// next (the emulator's state "answered"), as Lambda keeps an environment that has not called /next.
async function startTaskOnACopy(base, client, name, args) {
  const started = await startTask(client, name, args);
  const running = (await stats(base)).filter((c) => c.state === 'answered');
  assert.equal(running.length, 1, `one copy runs the task after its response: ${JSON.stringify(await stats(base))}`);
  return { ...started, copy: running[0].copy };
}

// tasks/get until the task leaves `working` (or `limitMs` passes): the task as last seen and when.
async function pollUntilEnded(client, id, limitMs) {
  const began = Date.now();
  for (;;) {
    const task = await client.experimental.tasks.getTask(id);
    if (task.status !== 'working' || Date.now() - began > limitMs) return { task, tookMs: Date.now() - began };
    await sleep(200);
  }
}

async function completesAfterTheResponse(base, client) {
  const { id, answeredMs, copy } = await startTaskOnACopy(base, client, 'test_task_report', { steps: 4, step_ms: 400 });
  assert.ok(answeredMs < 1_600, `the CreateTaskResult came after ${answeredMs} ms: not at once`);
  const { task, tookMs } = await pollUntilEnded(client, id, 20_000);
  assert.equal(task.status, 'completed', `the task ended: ${JSON.stringify(task)}`);
  const result = await client.experimental.tasks.getTaskResult(id, CallToolResultSchema);
  assert.equal(textOf(result), 'Report ready: 4 steps');
  const served = (await stats(base)).filter((c) => c.invocationsTotal > 0).length;
  assert.ok(served >= 2, `tasks/get and tasks/result were served by another copy too (${served} copies served)`);
  ok(`task answered in ${answeredMs} ms, ran 1.6 s in copy ${copy} after its response, completed ` +
     `(seen ${tookMs} ms later through ${served} copies); result "${textOf(result)}"`);
}

async function restartedMidTask(base, client) {
  const { id, copy } = await startTaskOnACopy(base, client, 'test_task_report', { steps: 100, step_ms: 200 });
  const r = await fetch(`${base}/_emulator/restart?copy=${copy}`, { method: 'POST' });
  assert.equal(r.status, 200, 'restart the copy running the task');
  const { task, tookMs } = await pollUntilEnded(client, id, 20_000);
  assert.equal(task.status, 'failed', `the task of the restarted copy: ${JSON.stringify(task)}`);
  assert.match(task.statusMessage, /stopped renewing its lease/);
  ok(`copy ${copy} restarted mid-task: the task was failed by its lease ${tookMs} ms later ` +
     `("${task.statusMessage}")`);
}

async function pastTheDeadline(client) {
  const { id } = await startTask(client, 'test_task_report', { steps: 40, step_ms: 250 });
  const { task, tookMs } = await pollUntilEnded(client, id, 20_000);
  assert.equal(task.status, 'failed', `a 10 s task in a 6 s invocation: ${JSON.stringify(task)}`);
  assert.match(task.statusMessage, /reached its deadline before the task finished/);
  ok(`a 10 s task under a 6 s timeout ended failed ${tookMs} ms after it started: "${task.statusMessage}"`);
}

async function main() {
  const started = await startEmulator({ emulator: emulatorArg, fn: functionArg, mode, dynamodb, copies: 3,
    timeoutSeconds: 6, args: ['--freeze'], env: { MCP_TASK_LEASE: '3', MCP_TASK_HEARTBEAT: '500' } });
  harness.adopt(started.process);
  const base = started.base;
  const client = new Client({ name: 'lambda-tasks', version: '1.0.0' }, { capabilities: {} });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  assert.ok(client.getServerCapabilities().tasks, 'the tasks capability');
  await client.listTools(); // the SDK task-augments only tools it has seen marked
  ok('initialize: the tasks capability; tools listed');
  await completesAfterTheResponse(base, client);
  await restartedMidTask(base, client);
  await pastTheDeadline(client);
  await client.close().catch(() => {});
  harness.stop();
  console.log(`${mode}: all ${harness.passed()} checks passed`);
  process.exit(0);
}

main().catch((e) => fail(e.stack ?? String(e)));
