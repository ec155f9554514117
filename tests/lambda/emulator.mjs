// The Lambda emulator (tools/lambda_emulator) as the Lambda tests start it: examples/lambda as the function, its
// sessions, events and tasks in tables of their own on the test services' dynalite (MCP_TEST_DYNAMODB_ENDPOINT).
// Not for: the emulator's own tests (tests/lambda_emulator).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';

// Starts the emulator; resolves with {base, process}. `args`: more emulator options (before `--`); `env`: more
// function environment.
export function startEmulator({ emulator, fn, mode, dynamodb, copies, timeoutSeconds = 60, args = [], env = {} }) {
  const tables = `interop-${process.pid}-${Date.now()}`;
  const functionEnv = {
    MCP_STORE: 'dynamodb', MCP_DYNAMODB_CREATE_TABLES: 'true', MCP_DYNAMODB_SESSIONS_TABLE: `${tables}-sessions`,
    MCP_DYNAMODB_EVENTS_TABLE: `${tables}-events`, MCP_DYNAMODB_TASKS_TABLE: `${tables}-tasks`, MCP_DYNAMODB_STATE_TABLE: `${tables}-state`,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDLAMBDATEST',
    AWS_SECRET_ACCESS_KEY: 'lambda-test-secret', MCP_LAMBDA_MODE: mode, ...env,
  };
  const all = ['--port', '0', '--copies', String(copies), '--timeout', String(timeoutSeconds), ...args];
  for (const [k, v] of Object.entries(functionEnv)) all.push('--env', `${k}=${v}`);
  all.push('--', path.resolve(fn));
  const child = spawn(path.resolve(emulator), all, { stdio: ['ignore', 'inherit', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve({ base: `http://127.0.0.1:${m[1]}`, process: child });
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
  });
}

// The copies as GET /_emulator/stats describes them.
export async function stats(base) {
  const r = await fetch(`${base}/_emulator/stats`);
  assert.equal(r.status, 200);
  return (await r.json()).copies;
}

// The command line and reporting every Lambda test script shares: `node <script> <lambda_emulator>
// <lambda_example> streaming|buffered`, MCP_TEST_DYNAMODB_ENDPOINT required, an overall time limit, and numbered
// "ok" lines. fail() kills the emulator given to adopt() and exits 1; stop() ends it with SIGTERM.
export function testScript(script, timeoutMs) {
  const [emulatorPath, functionPath, mode] = process.argv.slice(2);
  let emulator;
  let passed = 0;
  const t = {
    emulatorPath, functionPath, mode, dynamodb: process.env.MCP_TEST_DYNAMODB_ENDPOINT,
    fail(message) {
      console.error(`FAIL: ${message}`);
      if (emulator && emulator.exitCode === null) emulator.kill('SIGKILL');
      process.exit(1);
    },
    ok(what) {
      passed += 1;
      console.log(`ok ${passed} - ${mode}: ${what}`);
    },
    passed: () => passed,
    adopt(child) {
      emulator = child;
    },
    stop() {
      if (emulator && emulator.exitCode === null) emulator.kill('SIGTERM');
    },
  };
  if (!emulatorPath || !functionPath || !['streaming', 'buffered'].includes(mode))
    t.fail(`usage: node ${script} <lambda_emulator> <lambda_example> streaming|buffered`);
  if (!t.dynamodb) t.fail('MCP_TEST_DYNAMODB_ENDPOINT is not set: start the test services (scripts/services run)');
  setTimeout(() => t.fail(`timed out after ${timeoutMs / 1000} s`), timeoutMs).unref();
  return t;
}

// The text blocks of a tool result, joined.
export const textOf = (result) => result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n');
