// The stores the shared-session tests run on: the environment that points examples/everything at the shared test
// services (scripts/services: MCP_TEST_POSTGRES_URL, MCP_TEST_DYNAMODB_ENDPOINT), each run on tables of its own;
// and private store servers that a test may stop and start again (outages): a PostgreSQL cluster of its own and a
// dynalite child keeping its data on disk.
// Not for: the services themselves (scripts/services starts those).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePort, onCleanup, requireEnv, startChild, tempDir, withTimeout } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PG_BIN = '/usr/lib/postgresql/15/bin';

// A name no other run uses: tables of concurrent and earlier runs stay apart.
export function uniqueName() {
  return `${process.pid.toString(36)}${Date.now().toString(36)}`;
}

export function dynamodbEnv(endpoint) {
  const name = `shared-${uniqueName()}`;
  return {
    MCP_STORE: 'dynamodb', MCP_DYNAMODB_CREATE_TABLES: 'true', MCP_DYNAMODB_SESSIONS_TABLE: `${name}-sessions`,
    MCP_DYNAMODB_EVENTS_TABLE: `${name}-events`, MCP_DYNAMODB_TASKS_TABLE: `${name}-tasks`, MCP_DYNAMODB_STATE_TABLE: `${name}-state`, AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDSHAREDSESSIONS', AWS_SECRET_ACCESS_KEY: 'shared-sessions-test-secret',
  };
}

export function postgresEnv(url) {
  return { MCP_STORE: 'postgres', MCP_POSTGRES_URL: url, MCP_POSTGRES_TABLE_PREFIX: `shared_${uniqueName()}_` };
}

// The environment for the shared test service of `backend` (postgres or dynamodb).
export function sharedStoreEnv(backend) {
  if (backend === 'postgres') return postgresEnv(requireEnv('MCP_TEST_POSTGRES_URL'));
  if (backend === 'dynamodb') return dynamodbEnv(requireEnv('MCP_TEST_DYNAMODB_ENDPOINT'));
  throw new Error(`unknown backend ${backend}: postgres or dynamodb`);
}

// dynalite on a fixed port with its data in a directory, so that a stop and a start keep every item.
export async function privateDynalite() {
  const dir = tempDir('mcp-outage-dynalite-');
  const port = await freePort();
  const args = [path.join(root, 'node_modules', 'dynalite', 'cli.js'), '--host', '127.0.0.1', '--port', String(port),
    '--path', dir, '--createTableMs', '0', '--deleteTableMs', '0', '--updateTableMs', '0'];
  let child;
  const store = {
    what: `dynalite on 127.0.0.1:${port} (data in ${dir})`,
    env: dynamodbEnv(`http://127.0.0.1:${port}`),
    async start() {
      child = await startChild('dynalite', process.execPath, args, { ready: /listening/ });
    },
    async stop() {
      child.process.kill('SIGTERM');
      await withTimeout(child.exited, 10_000, 'dynalite exit after SIGTERM');
    },
  };
  await store.start();
  return store;
}

// The command line of a PostgreSQL tool, run as the postgres user when we are root (the server refuses root).
function postgresTool(tool, args) {
  const binary = path.join(PG_BIN, tool);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function asPostgres(tool, args) {
  const [command, full] = postgresTool(tool, args);
  const r = spawnSync(command, full, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`${tool} ${args.join(' ')} failed (${r.status ?? r.error?.message}): ${r.stdout}${r.stderr}`);
  }
  return r.stdout;
}

// A PostgreSQL 15 cluster of this test's own (as scripts/services makes one), on a free port; stopped for good at
// exit, whatever happens.
export async function privatePostgres() {
  const dir = tempDir('mcp-outage-pg-', 'postgres');
  const data = path.join(dir, 'data');
  const port = await freePort();
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${data} -c fsync=off -c synchronous_commit=off ` +
    '-c full_page_writes=off';
  const store = {
    what: `PostgreSQL 15 on 127.0.0.1:${port} (data in ${data})`,
    env: postgresEnv(`postgresql://postgres@127.0.0.1:${port}/mcp_outage`),
    async start() {
      asPostgres('pg_ctl', ['-D', data, '-l', path.join(data, 'server.log'), '-w', '-t', '60', 'start', '-o', options]);
    },
    async stop() {
      asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
  onCleanup(() => spawnSync(...postgresTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    { stdio: 'ignore' }));
  await store.start();
  asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'mcp_outage']);
  return store;
}
