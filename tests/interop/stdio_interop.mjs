// Interop test: the official TypeScript SDK client drives our examples/hello server over stdio.
// Usage: node tests/interop/stdio_interop.mjs <path-to-hello-binary>
// Checks what a real client sees (handshake, tools with an output schema, elicitation round trip, a bad
// call as a tool error, prompts, resources, ping). Not for: protocol edge cases (the conformance suite and
// the C++ unit tests cover those). Exits 0 when every check passes, 1 with a message otherwise.
import assert from 'node:assert/strict';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const TIMEOUT_MS = 30_000;

let transport; // set once the server is spawned, so a failure can stop it
function fail(message) {
  console.error(`FAIL: ${message}`);
  // Do not leave a stuck server behind holding ctest's output pipe.
  if (transport?.pid) {
    try {
      process.kill(transport.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(1);
}

const binaryArg = process.argv[2];
if (!binaryArg) fail('usage: node tests/interop/stdio_interop.mjs <path-to-hello-binary>');
const binary = path.resolve(binaryArg);
try {
  if (!statSync(binary).isFile()) fail(`${binary} is not a file (build examples/hello first: scripts/build)`);
  accessSync(binary, constants.X_OK);
} catch (err) {
  fail(`cannot run the hello server at ${binary}: ${err.code ?? err.message} (build it first: scripts/build)`);
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

async function main() {
  const client = new Client({ name: 'stdio-interop-test', version: '1.0.0' }, { capabilities: { elicitation: {} } });

  // The server asks for a name while `welcome` runs; answer, and check the request in the main flow so a
  // wrong request is reported here rather than as an opaque error back to the server.
  const elicitations = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicitations.push(request.params);
    return { action: 'accept', content: { name: 'Ada' } };
  });

  transport = new StdioClientTransport({ command: binary, args: ['--transport', 'stdio'], stderr: 'inherit' });
  await client.connect(transport);
  assert.equal(client.getServerVersion()?.name, 'hello', 'serverInfo.name');
  const caps = client.getServerCapabilities() ?? {};
  for (const c of ['tools', 'prompts', 'resources']) assert.ok(caps[c], `server capability ${c} missing: ${JSON.stringify(caps)}`);
  ok(`initialize: serverInfo ${JSON.stringify(client.getServerVersion())}, capabilities tools/prompts/resources`);

  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), ['add', 'welcome'], 'tool names');
  const add = tools.find((t) => t.name === 'add');
  assert.equal(add.inputSchema.type, 'object', 'add inputSchema.type');
  assert.deepEqual([...(add.inputSchema.required ?? [])].sort(), ['a', 'b'], 'add inputSchema.required');
  assert.ok(add.inputSchema.properties?.a && add.inputSchema.properties?.b, 'add inputSchema.properties a, b');
  assert.ok(add.outputSchema, 'add has an outputSchema');
  assert.equal(add.outputSchema.type, 'object', 'add outputSchema.type');
  assert.ok(add.outputSchema.properties?.sum, 'add outputSchema.properties.sum');
  ok('tools/list: exactly add and welcome; add has required [a, b] and an output schema with sum');

  const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
  assert.notEqual(sum.isError, true, `add returned an error: ${JSON.stringify(sum)}`);
  assert.deepEqual(sum.structuredContent, { sum: 5 }, 'add structuredContent');
  assert.deepEqual(JSON.parse(textOf(sum)), { sum: 5 }, 'add text content is the JSON of the result');
  ok('tools/call add {a: 2, b: 3}: structuredContent {sum: 5} and its JSON as text');

  const welcome = await client.callTool({ name: 'welcome', arguments: {} });
  assert.equal(elicitations.length, 1, 'welcome sends exactly one elicitation/create');
  const asked = elicitations[0];
  assert.equal(typeof asked.message, 'string', 'elicitation message is a string');
  assert.match(asked.message, /name/i, 'elicitation message asks for the name');
  assert.equal(asked.requestedSchema?.type, 'object', 'elicitation requestedSchema.type');
  assert.equal(asked.requestedSchema?.properties?.name?.type, 'string', 'elicitation requestedSchema property name (string)');
  assert.notEqual(welcome.isError, true, `welcome returned an error: ${JSON.stringify(welcome)}`);
  assert.equal(textOf(welcome), 'Hello, Ada!', 'welcome text');
  ok(`tools/call welcome: elicitation "${asked.message}" accepted with Ada, result "Hello, Ada!"`);

  const bad = await client.callTool({ name: 'add', arguments: { a: 'x', b: 1 } });
  assert.equal(bad.isError, true, `add {a: "x"} must be a tool error (isError), got ${JSON.stringify(bad)}`);
  const badText = textOf(bad);
  assert.match(badText, /(^|[^A-Za-z0-9_])a([^A-Za-z0-9_]|$)/, `the error text names argument a: ${badText}`);
  ok(`tools/call add {a: "x", b: 1}: isError with "${badText}"`);

  const { prompts } = await client.listPrompts();
  const greet = prompts.find((p) => p.name === 'greet');
  assert.ok(greet, `prompt greet listed: ${JSON.stringify(prompts)}`);
  const nameArg = (greet.arguments ?? []).find((a) => a.name === 'name');
  assert.ok(nameArg?.required, `greet has a required argument name: ${JSON.stringify(greet.arguments)}`);
  const got = await client.getPrompt({ name: 'greet', arguments: { name: 'Bob' } });
  assert.equal(got.messages.length, 1, 'greet returns one message');
  assert.equal(got.messages[0].role, 'user', 'greet message role');
  assert.equal(got.messages[0].content.type, 'text', 'greet message content type');
  assert.ok(got.messages[0].content.text.includes('Bob'), `greet text mentions Bob: ${got.messages[0].content.text}`);
  ok(`prompts/list + prompts/get greet {name: Bob}: "${got.messages[0].content.text}"`);

  const { resources } = await client.listResources();
  const readme = resources.find((r) => r.uri === 'hello://readme');
  assert.ok(readme, `resource hello://readme listed: ${JSON.stringify(resources)}`);
  assert.equal(readme.mimeType, 'text/plain', 'hello://readme mimeType');
  const read = await client.readResource({ uri: 'hello://readme' });
  assert.equal(read.contents.length, 1, 'hello://readme has one content');
  assert.equal(read.contents[0].uri, 'hello://readme', 'content uri');
  assert.equal(typeof read.contents[0].text, 'string', 'content is text');
  assert.ok(read.contents[0].text.length > 0, 'content text is not empty');
  ok(`resources/list + resources/read hello://readme: ${read.contents[0].text.length} characters of text`);

  const pong = await client.ping();
  assert.equal(typeof pong, 'object', 'ping result is an object');
  ok('ping');

  await client.close();
  ok('close');
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
console.log(`stdio interop: all ${passed} checks passed`);
process.exit(0);
