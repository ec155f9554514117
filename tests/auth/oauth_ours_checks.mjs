// Direct HTTP checks of our protected server (examples/protected) for run_oauth_ours.sh and run_oauth_lambda.sh:
// raw requests with chosen tokens and headers, where the TypeScript SDK client would hide the status codes.
//
//   node tests/auth/oauth_ours_checks.mjs <phase>     environment: MCP_URL (the endpoint), and per phase:
//
//   jwt          AS_LINE (authorization_server.mjs's ready line, started with --mint-endpoint): the protected-
//                resource metadata; no token; every bad token refused with 401 invalid_token on initialize and on
//                a live session; a missing scope is 403 naming it; no refused request reached a handler (the
//                notebook holds only the note written with a good token); forged identity headers change nothing;
//                a session is 404 to another principal
//   kept         TOKEN (a good token minted before the AS stopped): still served once the AS is down
//   unreachable  TOKEN: the server never reached the AS: 503 with Retry-After, never 200
//   opaque       AS_LINE (--opaque): a client_credentials token (no sub) and an unknown opaque token are 401
//   open         FRONT_DOOR (a name), a server without MCP_AUTH_*: forged x-mcp-auth-* / x-authorizer-sub headers
//                never reach whoami
//   lambda       AS_LINE (--mint-endpoint), the server behind a Function URL: 401 without a token, a good token
//                served, a bad one refused, forged headers do not reach the handler
//
// Prints "ok - <check>" or "not ok - <check>: <why>" per check; exits 1 when any failed.
import * as jose from 'jose';

const url = process.env.MCP_URL;
const as = process.env.AS_LINE ? JSON.parse(process.env.AS_LINE) : undefined;
const VERSION = '2025-06-18';
let failures = 0;

async function check(name, body) {
  try {
    await body();
    console.log(`ok - ${name}`);
  } catch (err) {
    failures += 1;
    console.log(`not ok - ${name}: ${err.message}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// One JSON-RPC message to the endpoint: {status, headers, message (the answer, from JSON or SSE), session}.
async function post(token, message, { session, headers = {} } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(message),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': VERSION } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
  });
  const text = await response.text();
  let answer;
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    for (const line of text.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const data = JSON.parse(line.slice(5));
      if (data.id === message.id) answer = data;
    }
  } else if (text) {
    answer = JSON.parse(text);
  }
  const made = response.headers.get('mcp-session-id');
  return { status: response.status, headers: response.headers, answer, session: made };
}

let nextId = 1;
const initialize = () => ({
  jsonrpc: '2.0',
  id: nextId++,
  method: 'initialize',
  params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: 'oauth-ours-checks', version: '0' } },
});
const call = (name, args = {}) => ({
  jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args },
});

async function openSession(token, headers = {}) {
  const r = await post(token, initialize(), { headers });
  expect(r.status === 200 && r.session, `initialize: ${r.status} ${JSON.stringify(r.answer)}`);
  const done = await post(token, { jsonrpc: '2.0', method: 'notifications/initialized' }, { session: r.session });
  expect(done.status === 202, `notifications/initialized: ${done.status}`);
  return r.session;
}

// A tool's structuredContent, after checking the call succeeded.
async function tool(token, session, name, args = {}, headers = {}) {
  const r = await post(token, call(name, args), { session, headers });
  expect(r.status === 200, `${name}: HTTP ${r.status}`);
  expect(r.answer?.result && !r.answer.result.isError, `${name}: ${JSON.stringify(r.answer)}`);
  return r.answer.result.structuredContent;
}

function challenge(r) {
  return r.headers.get('www-authenticate') ?? '';
}

// A 401 as RFC 6750 section 3 and RFC 9728 section 5.1 say: Bearer, resource_metadata, error= only with a token.
function expectUnauthorized(r, withToken) {
  const header = challenge(r);
  expect(r.status === 401, `status ${r.status} (${JSON.stringify(r.answer)})`);
  expect(/^Bearer /.test(header), `WWW-Authenticate: ${header}`);
  expect(/resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/mcp"/.test(header),
    `no resource_metadata in ${header}`);
  if (withToken) expect(header.includes('error="invalid_token"'), `no error="invalid_token" in ${header}`);
  else expect(!header.includes('error='), `an error= without a token: ${header}`);
}

async function mint(claims = {}, header = {}) {
  const r = await fetch(as.mint_url, { method: 'POST', body: JSON.stringify({ claims, header }) });
  const body = await r.json();
  if (!r.ok) throw new Error(`mint: ${body.error}`);
  return body.token;
}

async function clientCredentials(scope) {
  const basic = Buffer.from(`${as.minter.client_id}:${as.minter.client_secret}`).toString('base64');
  const r = await fetch(as.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource: as.resource }),
  });
  const body = await r.json();
  if (!r.ok) throw new Error(`client_credentials: ${JSON.stringify(body)}`);
  return body.access_token;
}

function flipSignature(token) {
  const [h, p, s] = token.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[sig.length >> 1] ^= 0x01;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

// Every token our server must refuse with 401 invalid_token, by name. Those the AS's key can sign come from the
// mint endpoint; the others are made here from its published JWKS.
async function badTokens() {
  const now = Math.floor(Date.now() / 1000);
  const jwks = await (await fetch(as.jwks_uri)).json();
  const publicJwk = jwks.keys[0];
  const pem = await jose.exportSPKI(await jose.importJWK(publicJwk, publicJwk.alg));
  const claims = { iss: as.issuer, aud: as.resource, sub: 'test-user', scope: 'mcp:read mcp:write', exp: now + 600 };
  return {
    expired: await mint({ iat: now - 1200, exp: now - 600 }),
    'not yet valid (nbf)': await mint({ nbf: now + 600 }),
    'wrong audience': await mint({ aud: 'http://127.0.0.1:1/elsewhere' }),
    'wrong issuer': await mint({ iss: 'http://127.0.0.1:1' }),
    'bad signature': flipSignature(await mint()),
    'alg none': new jose.UnsecuredJWT(claims).setIssuedAt().encode(),
    'HS256 signed with the RSA public key': await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid, typ: 'at+jwt' })
      .sign(new TextEncoder().encode(pem)),
    'unknown kid': await mint({}, { kid: 'rotated-away' }),
    'typ JWT where at+jwt is required': await mint({}, { typ: 'JWT' }),
    'no sub': await mint({ sub: null }),
    'not a JWT': 'not-a-jwt',
  };
}

async function metadataChecks() {
  await check('GET /.well-known/oauth-protected-resource/mcp is the RFC 9728 document', async () => {
    const r = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', url));
    expect(r.status === 200, `status ${r.status}`);
    const doc = await r.json();
    expect(doc.resource === as.resource, `resource ${doc.resource}`);
    expect(JSON.stringify(doc.authorization_servers) === JSON.stringify([as.issuer]),
      `authorization_servers ${JSON.stringify(doc.authorization_servers)}`);
    expect(['mcp:read', 'mcp:write'].every((s) => doc.scopes_supported?.includes(s)),
      `scopes_supported ${JSON.stringify(doc.scopes_supported)}`);
    expect(JSON.stringify(doc.bearer_methods_supported) === '["header"]',
      `bearer_methods_supported ${JSON.stringify(doc.bearer_methods_supported)}`);
  });
}

async function refusalChecks(good, session) {
  await check('no token: 401 Bearer with resource_metadata and no error=', async () => {
    expectUnauthorized(await post(undefined, initialize()), false);
    expectUnauthorized(await post(undefined, call('notes_write', { text: 'forged-no-token' }), { session }), false);
  });
  for (const [name, token] of Object.entries(await badTokens())) {
    await check(`${name}: 401 invalid_token, on initialize and on a live session`, async () => {
      expectUnauthorized(await post(token, initialize()), true);
      expectUnauthorized(await post(token, call('notes_write', { text: `forged-${name}` }), { session }), true);
    });
  }
  await check('a token without mcp:write calling notes_write: 403 insufficient_scope naming mcp:write', async () => {
    const readOnly = await mint({ scope: 'mcp:read' });
    const r = await post(readOnly, call('notes_write', { text: 'forged-read-only' }), { session });
    const header = challenge(r);
    expect(r.status === 403, `status ${r.status} ${JSON.stringify(r.answer)}`);
    expect(header.includes('error="insufficient_scope"'), `WWW-Authenticate: ${header}`);
    expect(/scope="[^"]*\bmcp:write\b[^"]*"/.test(header), `no scope naming mcp:write in ${header}`);
    expect(header.includes('resource_metadata="'), `no resource_metadata in ${header}`);
    await tool(readOnly, session, 'notes_read'); // the same token may read
  });
  await check('no refused request reached a handler: the notebook has only the good note', async () => {
    await tool(good, session, 'notes_write', { text: 'written with a good token' });
    const { notes } = await tool(good, session, 'notes_read');
    expect(JSON.stringify(notes) === JSON.stringify(['test-user: written with a good token']),
      `notes ${JSON.stringify(notes)}`);
  });
}

async function identityChecks(good, session) {
  const forged = { 'x-mcp-auth-subject': 'mallory', 'x-authorizer-sub': 'mallory', 'x-mcp-auth-scopes': 'mcp:admin' };
  await check('forged x-mcp-auth-subject / x-authorizer-sub / x-mcp-auth-scopes headers change nothing', async () => {
    const who = await tool(good, session, 'whoami', {}, forged);
    expect(who.subject === 'test-user', `subject ${who.subject}`);
    expect(JSON.stringify(who.scopes) === '["mcp:read","mcp:write"]', `scopes ${JSON.stringify(who.scopes)}`);
    const forgedSession = await openSession(good, forged);
    const again = await tool(good, forgedSession, 'whoami');
    expect(again.subject === 'test-user', `a session opened with forged headers belongs to ${again.subject}`);
    expectUnauthorized(await post(undefined, initialize(), { headers: forged }), false);
  });
  await check("test-user's session used with the minter's token: 404", async () => {
    const minter = await clientCredentials('mcp:read mcp:write');
    const r = await post(minter, call('whoami'), { session });
    expect(r.status === 404, `status ${r.status} ${JSON.stringify(r.answer)}`);
    const own = await openSession(minter);
    const who = await tool(minter, own, 'whoami');
    expect(who.subject === 'minter', `the minter's own session says ${who.subject}`);
    const back = await post(good, call('whoami'), { session: own });
    expect(back.status === 404, `the minter's session used by test-user: ${back.status}`);
  });
}

const phases = {
  // No access policy at all: nothing trusted sets x-mcp-auth-*, so a client's header of that name would be the
  // only source of a subject. The front door must drop it.
  async open() {
    const forged = { 'x-mcp-auth-subject': 'mallory', 'x-authorizer-sub': 'mallory', 'x-mcp-auth-scopes': 'mcp:write' };
    await check(`${process.env.FRONT_DOOR}: without auth, forged identity headers are dropped before the handler`,
      async () => {
        const session = await openSession(undefined, forged);
        const who = await tool(undefined, session, 'whoami', {}, forged);
        expect(who.subject === '' && who.scopes.length === 0, `whoami saw ${JSON.stringify(who)}`);
      });
  },
  async jwt() {
    await metadataChecks();
    const good = await mint();
    const session = await openSession(good);
    await refusalChecks(good, session);
    await identityChecks(good, session);
  },
  async kept() {
    await check('keys fetched before the AS stopped: a good token is still served', async () => {
      const session = await openSession(process.env.TOKEN);
      const who = await tool(process.env.TOKEN, session, 'whoami');
      expect(who.subject === 'test-user', `subject ${who.subject}`);
    });
  },
  async unreachable() {
    await check('the AS unreachable and no keys cached: 503 with Retry-After, never 200', async () => {
      for (let i = 0; i < 3; i += 1) {
        const r = await post(process.env.TOKEN, initialize());
        expect(r.status === 503, `attempt ${i + 1}: status ${r.status} ${JSON.stringify(r.answer)}`);
        expect(/^\d+$/.test(r.headers.get('retry-after') ?? ''), `Retry-After: ${r.headers.get('retry-after')}`);
      }
    });
    await check('the AS unreachable: no token is still 401', async () => {
      expectUnauthorized(await post(undefined, initialize()), false);
    });
  },
  async opaque() {
    // The SDK flow (run_oauth_ours.sh) is the token served. A client_credentials token has no end user, and
    // oidc-provider's introspection answer for it has no sub (RFC 7662 makes sub optional): our verifier refuses
    // a principal without a subject, so it is a 401, never a 200 with an empty principal, a 500 or a 503.
    await check('opaque tokens: a client_credentials token (introspection without sub) is 401', async () => {
      const token = await clientCredentials('mcp:read mcp:write');
      expect(token.split('.').length !== 3, 'the AS issued a JWT, not an opaque token');
      expectUnauthorized(await post(token, initialize()), true);
    });
    await check('opaque tokens: an unknown one is 401 invalid_token', async () => {
      expectUnauthorized(await post('unknown-opaque-token-0123456789', initialize()), true);
    });
  },
  async lambda() {
    await check('Function URL: no token is 401 with resource_metadata', async () => {
      expectUnauthorized(await post(undefined, initialize()), false);
    });
    await check('Function URL: a bad token (wrong audience) is 401 invalid_token', async () => {
      expectUnauthorized(await post(await mint({ aud: 'http://127.0.0.1:1/elsewhere' }), initialize()), true);
    });
    const good = await mint();
    const forged = { 'x-mcp-auth-subject': 'mallory', 'x-authorizer-sub': 'mallory' };
    await check('Function URL: a good token is served; forged identity headers do not reach the handler', async () => {
      const session = await openSession(good, forged);
      const who = await tool(good, session, 'whoami', {}, forged);
      expect(who.subject === 'test-user', `subject ${who.subject}`);
      expect(!who.scopes.includes('mcp:admin'), `scopes ${JSON.stringify(who.scopes)}`);
    });
  },
};

const phase = phases[process.argv[2]];
if (!url || !phase) {
  console.log(`not ok - usage: MCP_URL=... oauth_ours_checks.mjs ${Object.keys(phases).join('|')}`);
  process.exit(1);
}
await phase();
process.exit(failures ? 1 : 0);
