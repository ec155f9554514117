// A real OAuth 2.1 authorization server for the auth tests: oidc-provider (npm, pinned in package.json), a certified
// OpenID Connect provider, configured for one MCP resource server and run on 127.0.0.1. Not a mock: discovery,
// dynamic client registration (RFC 7591), PKCE, resource indicators (RFC 8707), JWT access tokens (RFC 9068),
// refresh, introspection (RFC 7662) and client_credentials are oidc-provider's own. Only the login and consent
// pages are ours: they log in "test-user" and grant what was asked without a human, so that following the
// authorization URL with plain GETs (redirects followed, cookies kept) ends in a redirect to the client's
// redirect_uri with ?code=...&state=... (tests/auth/ts_sdk_oauth_client.mjs does exactly that).
//
//   node tests/auth/authorization_server.mjs --resource http://127.0.0.1:8080/mcp [flags]
//
//   --resource <url>          the MCP endpoint (required). Access tokens are issued for it alone: aud = <url>, and a
//                             request without a resource parameter gets it too; another resource is invalid_target
//   --scopes "<s1 s2 ...>"    the scopes the resource accepts (default "mcp:read mcp:write mcp:admin")
//   --alg RS256|ES256|EdDSA   the key type of the JWKS and the signature of the access tokens (default RS256)
//   --opaque                  opaque access tokens instead of JWTs (validate them through introspection)
//   --access-token-ttl <s>    access token lifetime in seconds (default 3600)
//   --client id:secret:uri    a pre-registered client for the code flow (repeatable): confidential with
//                             client_secret_basic, or public (auth method none) when secret is empty ("id::uri")
//   --introspection-client id:secret
//                             a pre-registered confidential client that may call the introspection endpoint
//   --token-for "<scopes>"    also mint one access token for these scopes (client_credentials, see below) and put
//                             it in the ready line as "access_token"
//   --port <n>                listen on this port (default 0: a free one)
//   --mint-endpoint           also serve POST /sign on another free port of 127.0.0.1 (see below); its URL is the
//                             ready line's "mint_url"
//
// When it accepts connections it prints ONE JSON line on stdout and then runs until killed (SIGTERM/SIGINT):
//   {"issuer": "http://127.0.0.1:PORT", "jwks_uri", "authorization_endpoint", "token_endpoint",
//    "registration_endpoint", "introspection_endpoint", "resource", "scopes": [...], "alg", "access_token_format",
//    "minter": {"client_id", "client_secret"}, "access_token"?: "...", "mint_url"?: "http://127.0.0.1:M/sign"}
// Each request's method, path and status go to stderr (never a query string, body or token).
//
// What a JWT access token looks like (RFC 9068): header {"alg", "typ": "at+jwt", "kid"}; claims iss (the issuer,
// no trailing '/'), aud (the --resource string), sub ("test-user" after the code flow), client_id, scope (space
// separated, only scopes of --scopes: others asked for are dropped, not refused), iat, exp, jti. Refresh tokens go
// to every client registered with the refresh_token grant, public ones included (oidc-provider's default wants
// offline_access), and rotate on use. The resource's scopes are also in the discovery's scopes_supported.
//
// Minting a token without the browser flow: a confidential client "minter" (its secret new on every run, in the
// ready line) may use client_credentials for the resource. A test wanting more tokens than --token-for gives
// POSTs to token_endpoint: grant_type=client_credentials&scope=<scopes>&resource=<resource> with HTTP Basic
// minter:secret. Such a token has no end user: its sub and client_id are both "minter".
//
// Tokens with chosen claims (--mint-endpoint), for tests of a resource server's refusals: POST <mint_url> with a
// JSON body {"claims": {...}, "header": {...}} answers {"token": "<compact JWS>"} signed by the AS's own signing key
// (the one its JWKS publishes). The defaults are those of a real access token of test-user: header {alg, kid,
// typ: "at+jwt"}, claims {iss, aud: <resource>, sub: "test-user", client_id: "minted", scope: <--scopes>, iat: now,
// exp: now + --access-token-ttl, jti}; the body's members replace them, and a member set to null is left out. Any
// header alg other than the key's is refused (400): tokens the key cannot sign (alg none, HS256) are the test's
// to craft from the JWKS. This port is a test backdoor by design: it listens on 127.0.0.1 only, apart from the
// issuer's port, and only with the flag.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

import * as jose from 'jose';
import Provider, { errors } from 'oidc-provider';

const TEST_USER = 'test-user';
const MINTER = 'minter';

function fail(message) {
  console.error(`authorization_server: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = {
    resource: undefined,
    scopes: 'mcp:read mcp:write mcp:admin',
    alg: 'RS256',
    opaque: false,
    accessTokenTtl: 3600,
    clients: [],
    introspectionClient: undefined,
    tokenFor: undefined,
    port: 0,
    mintEndpoint: false,
  };
  const valueOf = (i) => {
    if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    switch (flag) {
      case '--resource': options.resource = valueOf(i); i += 1; break;
      case '--scopes': options.scopes = valueOf(i); i += 1; break;
      case '--alg': options.alg = valueOf(i); i += 1; break;
      case '--opaque': options.opaque = true; break;
      case '--access-token-ttl': options.accessTokenTtl = Number(valueOf(i)); i += 1; break;
      case '--client': options.clients.push(parseClient(valueOf(i))); i += 1; break;
      case '--introspection-client': options.introspectionClient = parseIdSecret(valueOf(i)); i += 1; break;
      case '--token-for': options.tokenFor = valueOf(i); i += 1; break;
      case '--port': options.port = Number(valueOf(i)); i += 1; break;
      case '--mint-endpoint': options.mintEndpoint = true; break;
      default: fail(`unknown flag ${flag} (see the top of tests/auth/authorization_server.mjs)`);
    }
  }
  if (!options.resource) fail('--resource <url of the MCP endpoint> is required');
  if (!URL.canParse(options.resource)) fail(`--resource ${options.resource} is not a URL`);
  if (!['RS256', 'ES256', 'EdDSA'].includes(options.alg)) {
    fail(`--alg must be RS256, ES256 or EdDSA, not ${options.alg}`);
  }
  if (!(options.accessTokenTtl > 0)) fail('--access-token-ttl must be a positive number of seconds');
  if (!Number.isInteger(options.port) || options.port < 0) fail('--port must be a port number');
  return options;
}

// "id:secret" (the secret may contain ':').
function parseIdSecret(text) {
  const colon = text.indexOf(':');
  if (colon <= 0) fail(`expected id:secret, got ${text}`);
  return { id: text.slice(0, colon), secret: text.slice(colon + 1) };
}

// "id:secret:redirect_uri" (the redirect URI has colons of its own; the secret may be empty).
function parseClient(text) {
  const match = /^([^:]+):([^:]*):(.+)$/.exec(text);
  if (!match || !URL.canParse(match[3])) fail(`--client expects id:secret:redirect_uri, got ${text}`);
  return { id: match[1], secret: match[2], redirectUri: match[3] };
}

// The pre-registered clients: the test's own, the introspection caller, and the minter.
function staticClients(options, minterSecret) {
  const clients = options.clients.map(({ id, secret, redirectUri }) => ({
    client_id: id,
    ...(secret
      ? { client_secret: secret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  }));
  if (options.introspectionClient) {
    clients.push({
      client_id: options.introspectionClient.id,
      client_secret: options.introspectionClient.secret,
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: [],
      grant_types: [],
      response_types: [],
    });
  }
  clients.push({
    client_id: MINTER,
    client_secret: minterSecret,
    token_endpoint_auth_method: 'client_secret_basic',
    redirect_uris: [],
    grant_types: ['client_credentials'],
    response_types: [],
  });
  return clients;
}

// Resource indicators are compared without a trailing '/': the TypeScript SDK sends the protected resource
// metadata's "resource" verbatim, other clients may normalize a bare origin to "origin/".
const comparable = (url) => url.replace(/\/$/, '');

function configuration(options, jwk, minterSecret) {
  const resourceServer = {
    scope: options.scopes,
    audience: options.resource,
    accessTokenTTL: options.accessTokenTtl,
    accessTokenFormat: options.opaque ? 'opaque' : 'jwt',
    ...(options.opaque ? {} : { jwt: { sign: { alg: options.alg } } }),
  };
  return {
    clients: staticClients(options, minterSecret),
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      id_token_signed_response_alg: options.alg,
      response_types: ['code'],
    },
    // The resource's scopes are listed as the server's own too: dynamic registration refuses a client "scope"
    // with values outside this list, and the TypeScript SDK registers with the resource's scopes_supported.
    scopes: ['openid', 'offline_access', ...options.scopes.split(' ').filter(Boolean)],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true }, // S256 is the only method oidc-provider 9 offers
    // Refresh tokens for every client allowed the grant, public ones included, without offline_access (which
    // would make this an OpenID request; MCP clients ask for the resource's scopes only).
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.kind === 'AuthorizationCode',
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    features: {
      devInteractions: { enabled: false }, // ours below: no human, no HTML form
      registration: { enabled: true, initialAccessToken: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? options.resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (comparable(indicator) !== comparable(options.resource)) {
            throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          }
          return resourceServer;
        },
      },
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? options.accessTokenTtl,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? options.accessTokenTtl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

// The login and consent pages, without a human: login is always test-user, consent grants exactly what the
// prompt says is missing (OpenID scopes and claims, and each resource's scopes). interactionFinished answers with
// a redirect back to the authorization endpoint, which either asks the next prompt or redirects to the client.
async function interact(provider, req, res) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    const login = { login: { accountId: TEST_USER } };
    await provider.interactionFinished(req, res, login, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name !== 'consent') throw new Error(`no automatic answer to the prompt "${prompt.name}"`);
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const consent = { consent: { grantId: await grant.save() } };
  await provider.interactionFinished(req, res, consent, { mergeWithLastSubmission: true });
}

async function signingKey(alg) {
  const { privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  return { ...(await jose.exportJWK(privateKey)), alg, use: 'sig', kid };
}

async function mint(issuerMeta, options, minterSecret) {
  const response = await fetch(issuerMeta.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${MINTER}:${minterSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: options.tokenFor,
      resource: options.resource,
    }),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(`--token-for: the token endpoint answered ${response.status} ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

// {"claims", "header"} -> a JWS of the AS's key: the defaults of a real access token, replaced member by member.
async function signChosen(request, jwk, issuer, options) {
  const now = Math.floor(Date.now() / 1000);
  const drop = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  const header = drop({ alg: jwk.alg, kid: jwk.kid, typ: 'at+jwt', ...(request.header ?? {}) });
  if (header.alg !== jwk.alg) throw new Error(`the signing key is ${jwk.alg}, not ${header.alg}`);
  const claims = drop({
    iss: issuer,
    aud: options.resource,
    sub: TEST_USER,
    client_id: 'minted',
    scope: options.scopes,
    iat: now,
    exp: now + options.accessTokenTtl,
    jti: randomBytes(8).toString('hex'),
    ...(request.claims ?? {}),
  });
  const key = await jose.importJWK(jwk, jwk.alg);
  return new jose.CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader(header).sign(key);
}

// POST /sign on its own loopback port (--mint-endpoint); answers 400 with {"error"} when it cannot sign.
async function startMintEndpoint(jwk, issuer, options) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const answer = (status, body) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || new URL(req.url, issuer).pathname !== '/sign') return answer(404, {});
      try {
        const token = await signChosen(JSON.parse(Buffer.concat(chunks).toString() || '{}'), jwk, issuer, options);
        answer(200, { token });
      } catch (err) {
        answer(400, { error: err.message });
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${server.address().port}/sign`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const jwk = await signingKey(options.alg);
  const minterSecret = randomBytes(24).toString('base64url');

  // The issuer holds the port, so listen first and build the provider once the port is known.
  let handler = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration(options, jwk, minterSecret));
  provider.on('server_error', (_ctx, err) => console.error(`authorization_server: server_error: ${err.stack}`));
  const callback = provider.callback();
  handler = (req, res) => {
    const path = new URL(req.url, issuer).pathname;
    res.on('finish', () => console.error(`authorization_server: ${req.method} ${path} ${res.statusCode}`));
    if (path.startsWith('/interaction/') && req.method === 'GET') {
      interact(provider, req, res).catch((err) => {
        console.error(`authorization_server: interaction failed: ${err.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message);
      });
      return;
    }
    callback(req, res);
  };

  const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const ready = {
    issuer,
    jwks_uri: metadata.jwks_uri,
    authorization_endpoint: metadata.authorization_endpoint,
    token_endpoint: metadata.token_endpoint,
    registration_endpoint: metadata.registration_endpoint,
    introspection_endpoint: metadata.introspection_endpoint,
    resource: options.resource,
    scopes: options.scopes.split(' ').filter(Boolean),
    alg: options.alg,
    access_token_format: options.opaque ? 'opaque' : 'jwt',
    minter: { client_id: MINTER, client_secret: minterSecret },
  };
  if (options.tokenFor !== undefined) ready.access_token = await mint(metadata, options, minterSecret);
  if (options.mintEndpoint) ready.mint_url = await startMintEndpoint(jwk, issuer, options);
  process.stdout.write(`${JSON.stringify(ready)}\n`);

  const stop = () => process.exit(0); // nothing to flush: every store is in memory
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => fail(err.stack ?? String(err)));
