// A small HTTP-aware load balancer for the shared-session tests: each request (POST, GET, DELETE) goes to the next
// backend in turn (round robin, per request, not per connection), its response streams back unchanged. It keeps a
// record of every request and response, can cut the response stream of one tools/call mid-stream (after the first
// event with data), can hold new requests (a deploy: the backends change while clients wait), and can be pointed at
// other backends.
// Not for: a real load balancer (no health checks, no retries, every body read whole).
import assert from 'node:assert/strict';
import http from 'node:http';

import { eventId, onFailureReport, parseSse } from './harness.mjs';

// Headers of one hop, not passed on (node sets its own framing).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te',
  'trailer']);

function endToEnd(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// The end of the first SSE event carrying data in `text` (the priming event has none), or -1.
function endOfFirstDataEvent(text) {
  const data = text.indexOf('data: {');
  return data < 0 ? -1 : text.indexOf('\n\n', data);
}

class Balancer {
  // backends: [{tag, port}]; the array may be changed (repoint) between requests.
  constructor(backends) {
    this.backends = backends;
    this.next = 0;
    this.records = []; // {n, backend, method, headers, body, status, responseText, cut, done}
    this.armedTool = undefined; // the tools/call whose stream the next matching POST cuts
    this.onCut = undefined; // called with the record right after a cut
    this.held = undefined; // a promise new requests wait for while the balancer holds them
    this.release = undefined;
    this.agent = new http.Agent({ keepAlive: false });
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${err.message}`);
      });
    });
  }

  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = this.server.address().port;
        this.url = new URL(`http://127.0.0.1:${this.port}/mcp`);
        resolve(this);
      });
    });
  }

  // New requests wait until release() (requests already forwarded go on).
  hold() {
    if (!this.held) this.held = new Promise((resolve) => { this.release = resolve; });
  }

  resume() {
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }

  // The first record that satisfies `test`, waiting for it up to `ms` (requests the SDK makes in the background).
  async waitFor(test, ms, what) {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.records.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`the balancer saw no ${what} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // The standalone GET stream the SDK opens after initializing.
  standaloneGet() {
    return this.waitFor((r) => r.method === 'GET' && !r.headers['last-event-id'], 5_000, 'GET without Last-Event-ID');
  }

  served(tag) {
    return this.records.filter((r) => r.backend === tag).length;
  }

  async serve(req, res) {
    const body = await readBody(req);
    while (this.held) await this.held;
    const backend = this.backends[this.next++ % this.backends.length];
    const text = body.toString('utf8');
    const record = { n: this.records.length + 1, backend: backend.tag, method: req.method, headers: req.headers,
      body: text, responseText: '', cut: false, done: false };
    this.records.push(record);
    const cutThis = this.armedTool !== undefined && req.method === 'POST' && text.includes('"method":"tools/call"') &&
      text.includes(`"name":"${this.armedTool}"`);
    if (cutThis) this.armedTool = undefined;
    await this.forward(req, res, body, backend, record, cutThis);
  }

  forward(req, res, body, backend, record, cutThis) {
    return new Promise((resolve) => {
      const upstream = http.request({ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url,
        headers: { ...endToEnd(req.headers), 'content-length': String(body.length) }, agent: this.agent });
      const finish = () => {
        record.done = true;
        resolve();
      };
      upstream.on('error', (err) => {
        record.error = err.message;
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`proxy: backend ${backend.tag} unreachable: ${err.message}`);
        } else {
          res.destroy();
        }
        finish();
      });
      // The client left: the backend sees its connection close, as it would behind a real balancer.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
        finish();
      });
      upstream.on('response', (answer) => {
        record.status = answer.statusCode;
        res.writeHead(answer.statusCode, endToEnd(answer.headers));
        answer.on('data', (chunk) => this.pass(chunk, record, res, upstream, cutThis));
        answer.on('end', () => {
          if (!record.cut) res.end();
          finish();
        });
        answer.on('error', () => res.destroy());
      });
      upstream.end(body);
    });
  }

  // Passes a chunk of the response on; on the stream to cut, only up to the end of its first event with data,
  // then both sides are closed.
  pass(chunk, record, res, upstream, cutThis) {
    if (record.cut) return;
    const before = record.responseText.length;
    record.responseText += chunk.toString('utf8');
    const end = cutThis ? endOfFirstDataEvent(record.responseText) : -1;
    if (end < 0) {
      res.write(chunk);
      return;
    }
    record.cut = true;
    const upTo = record.responseText.slice(before, end + 2);
    record.responseText = record.responseText.slice(0, end + 2);
    res.write(upTo, () => {
      res.socket?.destroy();
      upstream.destroy();
      this.onCut?.(record);
    });
  }

  // One line per request, for failure reports.
  summary() {
    const lines = this.records.map((r) => {
      const message = messageOf(r);
      const what = message ? (message.method ?? (message.result ? `answer to ${message.id}` : 'error answer')) : '';
      const resume = r.headers['last-event-id'] ? ` Last-Event-ID ${r.headers['last-event-id']}` : '';
      const events = eventsOf(r).map((e) => e.id ?? '-').join(',');
      return `  #${r.n} ${r.method} ${what}${resume} -> ${r.backend}: ${r.status ?? r.error ?? 'pending'}` +
        `${r.cut ? ' CUT' : ''}${events ? ` events ${events}` : ''}`;
    });
    return `balancer log:\n${lines.join('\n')}`;
  }

  close() {
    this.server.closeAllConnections?.();
    this.server.close();
    this.agent.destroy();
  }
}

export async function startBalancer(backends) {
  const balancer = await new Balancer(backends).listen();
  onFailureReport(() => balancer.summary());
  return balancer;
}

// The SSE events of a recorded response: [{id, data, retry}].
export function eventsOf(record) {
  return parseSse(record.responseText);
}

// The JSON-RPC message a recorded POST carried.
export function messageOf(record) {
  try {
    return JSON.parse(record.body);
  } catch {
    return undefined;
  }
}

// Checks the resume of the stream the balancer cut: one GET whose Last-Event-ID is the last event the client saw
// before the cut, naming the session, answered 200 with the events after that one, numbered on without a gap:
// two progress notifications (50 and 100) and the call's answer. Returns {resume, seen, resumed}.
export function checkResume(balancer, cutRecord, sessionId) {
  const before = eventsOf(cutRecord).filter((e) => e.id);
  const seen = before.at(-1).id;
  const resumes = balancer.records.filter((r) => r.method === 'GET' && r.headers['last-event-id'] === seen);
  assert.equal(resumes.length, 1, `one GET with Last-Event-ID ${seen} (the last id seen before the cut)`);
  const resume = resumes[0];
  assert.equal(resume.headers['mcp-session-id'], sessionId, 'the resume names the same session');
  assert.equal(resume.status, 200, `the resume: status ${resume.status} ${resume.responseText}`);
  const { stream, sequence } = eventId(seen);
  const after = eventsOf(resume).filter((e) => e.data);
  assert.deepEqual(after.map((e) => e.id), after.map((_, i) => `${stream}_${sequence + 1 + i}`),
    'the resumed events follow the last one seen, one by one');
  const messages = after.map((e) => JSON.parse(e.data));
  assert.deepEqual(messages.map((m) => m.method ?? 'response'),
    ['notifications/progress', 'notifications/progress', 'response'], 'the events missed: two progress, the answer');
  assert.deepEqual(messages.slice(0, 2).map((m) => m.params.progress), [50, 100], 'the missed progress values');
  return { resume, seen, resumed: after.map((e) => e.id) };
}
