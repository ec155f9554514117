// A server built with the official TypeScript SDK (@modelcontextprotocol/sdk, pinned in package-lock.json), for the
// interop tests of OUR client (tests/interop/client_interop.cpp). Not a test by itself, and not for checking the
// SDK: it offers one tool, prompt or resource per thing the client must be able to use.
//
//   node sdk_server.mjs [--stateless] [--json] [--stdio] [--port N]
//
//   default       Streamable HTTP with sessions (one McpServer per session), answers as SSE streams
//   --json        answers as application/json (enableJsonResponse)
//   --stateless   no sessions: one McpServer per POST; GET and DELETE get 405
//   --stdio       newline-delimited JSON-RPC on stdin/stdout
// Over HTTP it prints "listening on http://127.0.0.1:<port>/mcp" on stderr once it accepts connections.
//
// Where the server's messages go. A message tied to a call (progress, logs, the sampling request) goes on the
// call's own SSE stream when the call has one (extra.sendNotification / extra.sendRequest). With JSON answers the
// SDK has no stream for such messages and drops them, so they go unasked (server.notification / server.request):
// over the session's GET stream, or nowhere without a session. The elicitation, roots and list_changed messages
// always go unasked, so that a stateful server exercises the client's GET stream in both answer modes.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CreateMessageResultSchema, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod/v4';

const argv = process.argv.slice(2);
const stateless = argv.includes('--stateless');
const json = argv.includes('--json');
const stdio = argv.includes('--stdio');
const port = argv.includes('--port') ? Number(argv[argv.indexOf('--port') + 1]) : 0;

const cities = ['Oslo', 'Paris', 'Perth', 'Prague'];
const itemIds = ['1', '2', '42'];
let cancelledCalls = 0; // calls of `slow` stopped by notifications/cancelled, in every session of this process

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

const text = (t) => ({ content: [{ type: 'text', text: t }] });

// How the messages tied to a call reach the client (see the top of this file).
function tiedTo(server, extra) {
  if (!json) return { notify: (n) => extra.sendNotification(n), request: (r, schema) => extra.sendRequest(r, schema) };
  return { notify: (n) => server.server.notification(n), request: (r, schema) => server.server.request(r, schema) };
}

function addTools(server) {
  server.registerTool('add', {
    description: 'Adds two numbers; the sum is also structured content',
    inputSchema: { a: z.number(), b: z.number() },
    outputSchema: { sum: z.number() },
  }, async ({ a, b }) => ({ ...text(String(a + b)), structuredContent: { sum: a + b } }));

  server.registerTool('fail', { description: 'Always a tool error' },
    async () => ({ ...text('the SDK peer refuses'), isError: true }));

  server.registerTool('progress', {
    description: 'Reports progress 1..steps of steps, then answers',
    inputSchema: { steps: z.number().int().min(1).max(20) },
  }, async ({ steps }, extra) => {
    const token = extra._meta?.progressToken;
    for (let i = 1; token !== undefined && i <= steps; ++i) {
      await tiedTo(server, extra).notify({ method: 'notifications/progress',
        params: { progressToken: token, progress: i, total: steps, message: `step ${i}` } });
      await sleep(20);
    }
    // With JSON answers the progress goes on the GET stream and the answer on the POST: give the progress time
    // to arrive first (the client drops progress for a call it has its answer to).
    if (json && token !== undefined) await sleep(200);
    return text(`${steps} steps done`);
  });

  // debug, info, warning and error, of which the client sees those at or above the level it set.
  server.registerTool('log', { description: 'Sends a log message at each of four levels' }, async (extra) => {
    for (const level of ['debug', 'info', 'warning', 'error']) {
      if (server.server.isMessageIgnored(level, extra.sessionId)) continue;
      await tiedTo(server, extra).notify({ method: 'notifications/message',
        params: { level, logger: 'sdk-peer', data: { said: `${level} message` } } });
    }
    return text('logged');
  });

  server.registerTool('slow', {
    description: 'Waits ms milliseconds, or until the call is cancelled',
    inputSchema: { ms: z.number().int() },
  }, async ({ ms }, extra) => {
    await sleep(ms, extra.signal);
    if (extra.signal.aborted) ++cancelledCalls;
    return text(`waited ${ms} ms`);
  });

  server.registerTool('cancelled_calls', { description: 'How many calls of slow were cancelled' },
    async () => text(String(cancelledCalls)));

  // Asks for a form whose `greeting` has a default: the client fills it in (SEP-1034), and the SDK checks the
  // answer against the schema.
  server.registerTool('ask_name', { description: 'Elicits a name, then greets' }, async () => {
    const answer = await server.server.elicitInput({
      mode: 'form',
      message: 'Who are you?',
      requestedSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', description: 'Your name' },
          greeting: { type: 'string', description: 'How to greet you', default: 'Hello' },
        },
        required: ['name'],
      },
    });
    if (answer.action !== 'accept') return text(`no name: ${answer.action}`);
    return text(`${answer.content.greeting}, ${answer.content.name}`);
  });

  server.registerTool('sample', {
    description: "Asks the client's model to answer a prompt",
    inputSchema: { prompt: z.string() },
  }, async ({ prompt }, extra) => {
    const answer = await tiedTo(server, extra).request({
      method: 'sampling/createMessage',
      params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 50 },
    }, CreateMessageResultSchema);
    return text(`${answer.model} said: ${answer.content.text}`);
  });

  server.registerTool('roots', { description: "Lists the client's roots" }, async () => {
    const { roots } = await server.server.listRoots();
    return text(roots.map((r) => r.uri).join(' '));
  });

  // Registering a tool on a connected server sends notifications/tools/list_changed.
  server.registerTool('enable_extra', { description: 'Adds the tool extra' }, async () => {
    if (!server.extraEnabled) {
      server.extraEnabled = true;
      server.registerTool('extra', { description: 'Appears when enable_extra is called' }, async () => text('extra'));
    }
    return text('enabled');
  });
}

function addPromptsAndResources(server) {
  server.registerPrompt('greet', {
    description: 'A greeting from a city',
    argsSchema: { city: completable(z.string(), (value) => cities.filter((c) => c.startsWith(value))) },
  }, ({ city }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Hello from ${city}` } }] }));

  server.registerResource('readme', 'sdk://readme', { description: 'What this server is', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'The SDK peer server.' }] }));

  const items = new ResourceTemplate('sdk://items/{id}', {
    list: undefined,
    complete: { id: (value) => itemIds.filter((id) => id.startsWith(value)) },
  });
  server.registerResource('item', items, { description: 'An item by id', mimeType: 'application/json' },
    async (uri, { id }) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id }) }] }));
}

function newServer() {
  const server = new McpServer({ name: 'sdk-peer', version: '1.0.0' }, { capabilities: { logging: {} } });
  addTools(server);
  addPromptsAndResources(server);
  return server;
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  try {
    return JSON.parse(Buffer.concat(chunks).toString());
  } catch {
    return undefined;
  }
}

// Stateless: a new server and transport for each POST, closed with its response.
async function serveStateless(req, res) {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' }).end();
    return;
  }
  const server = newServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: json });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, await readBody(req));
}

// Stateful: initialize makes a session (a server and its transport); later requests name it.
const sessions = new Map();
async function serveStateful(req, res) {
  const id = req.headers['mcp-session-id'];
  if (id) {
    const transport = sessions.get(id);
    if (!transport) {
      res.writeHead(404).end();
      return;
    }
    await transport.handleRequest(req, res);
    return;
  }
  const body = req.method === 'POST' ? await readBody(req) : undefined;
  if (!isInitializeRequest(body)) {
    res.writeHead(400).end();
    return;
  }
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: json,
    onsessioninitialized: (sid) => sessions.set(sid, transport),
  });
  transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
  await newServer().connect(transport);
  await transport.handleRequest(req, res, body);
}

if (stdio) {
  await newServer().connect(new StdioServerTransport());
} else {
  const http = createServer((req, res) => {
    (stateless ? serveStateless : serveStateful)(req, res).catch((err) => {
      console.error(`sdk_server: ${err.stack ?? err}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  http.listen(port, '127.0.0.1', () =>
    console.error(`sdk_server: listening on http://127.0.0.1:${http.address().port}/mcp` +
                  ` (${stateless ? 'stateless' : 'stateful'}, ${json ? 'JSON' : 'SSE'} answers)`));
  process.on('SIGTERM', () => process.exit(0));
}
