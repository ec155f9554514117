// The official TypeScript SDK client (@modelcontextprotocol/sdk, pinned in package.json) with its own OAuth support
// (client/auth.js), driven headlessly against a protected MCP server: the first request gets 401, the SDK reads the
// protected resource metadata (RFC 9728) and the authorization server's metadata, registers a public client
// (RFC 7591), and builds the authorization URL (PKCE S256, resource indicator, state). Where a browser would open
// that URL, this program follows it with plain GETs (redirects followed by hand, cookies kept) until the
// authorization server redirects to our redirect_uri, takes the code from that Location, and hands it to
// transport.finishAuth(code). Then it connects again with the token, lists the tools, calls one, and refreshes
// the token through the SDK (auth() with the stored refresh token) and lists the tools again with the new one.
// The authorization server must log in and consent without a human (tests/auth/authorization_server.mjs does).
// Not for: checking our server's answers in detail; it reports what the SDK saw.
//
//   node tests/auth/ts_sdk_oauth_client.mjs <mcp-url> [--scope "<s1 s2>"] [--call <tool> [--args '<json>']]
//                                            [--client id:secret] [--no-refresh]
//
//   --scope     the scope of the authorization request. Without it the SDK's own choice stands (the
//               WWW-Authenticate scope, else the resource metadata's scopes_supported); with it the SDK's
//               authorization URL gets this scope instead, as a client asking for less would
//   --call      a tool to call once connected, with --args as its arguments (default {})
//   --client    a client pre-registered at the authorization server (its redirect URI must be
//               http://127.0.0.1:1/callback; an empty secret means a public client): no dynamic registration
//   --no-refresh  skip the refresh step
//
// On success prints ONE JSON line on stdout and exits 0:
//   {"server", "authorization_server", "client_id", "registered": <dynamically>, "redirects": <hops to the code>,
//    "scopes_granted": "...",
//    "token_type", "tools": [names], "call": {"name", "result"} | null,
//    "refresh": {"refresh_token_issued", "refreshed", "new_access_token", "tools_after_refresh"} | null}
// On any failure prints "FAIL: <what>" on stderr and exits 1.
import { randomBytes } from 'node:crypto';

import { auth, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 20;
// Never listened on: the code is read from the Location header that points here.
const REDIRECT_URL = 'http://127.0.0.1:1/callback';

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = { url: undefined, scope: undefined, call: undefined, args: {}, refresh: true, client: undefined };
  const valueOf = (i) => {
    if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i += 1) {
    switch (argv[i]) {
      case '--scope': options.scope = valueOf(i); i += 1; break;
      case '--call': options.call = valueOf(i); i += 1; break;
      case '--args':
        try {
          options.args = JSON.parse(valueOf(i));
        } catch (err) {
          fail(`--args is not JSON: ${err.message}`);
        }
        i += 1;
        break;
      case '--no-refresh': options.refresh = false; break;
      case '--client': {
        const text = valueOf(i);
        const colon = text.indexOf(':');
        if (colon <= 0) fail(`--client expects id:secret, got ${text}`);
        const secret = text.slice(colon + 1);
        options.client = { client_id: text.slice(0, colon), ...(secret ? { client_secret: secret } : {}) };
        i += 1;
        break;
      }
      default:
        if (argv[i].startsWith('--') || options.url) fail(`unexpected argument ${argv[i]} (see the top of this file)`);
        options.url = argv[i];
    }
  }
  if (!options.url || !URL.canParse(options.url)) {
    fail('usage: ts_sdk_oauth_client.mjs <mcp-url> [--scope ...] [--call name --args json] [--client id:secret]');
  }
  return options;
}

// Everything the SDK asks a client application to keep, in memory. Stored values are kept unchanged, as the
// SDK requires (it stamps them with the issuer they belong to).
class MemoryProvider {
  constructor(scopeOverride, client) {
    this.scopeOverride = scopeOverride;
    this.client = client;
    this.saved = undefined;
    this.verifier = undefined;
    this.discovery = undefined;
    this.expectedState = undefined;
    this.authorizationUrl = undefined;
  }

  get redirectUrl() {
    return REDIRECT_URL;
  }

  get clientMetadata() {
    return {
      client_name: 'ts-sdk-oauth-client (mcp-cpp tests)',
      redirect_uris: [REDIRECT_URL],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state() {
    this.expectedState = randomBytes(16).toString('base64url');
    return this.expectedState;
  }

  clientInformation() { return this.client; }
  saveClientInformation(info) { this.client = info; }
  tokens() { return this.saved; }
  saveTokens(tokens) { this.saved = tokens; }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }
  discoveryState() { return this.discovery; }
  saveDiscoveryState(state) { this.discovery = state; }

  redirectToAuthorization(url) {
    const target = new URL(url);
    if (this.scopeOverride !== undefined) target.searchParams.set('scope', this.scopeOverride);
    this.authorizationUrl = target;
  }
}

// A browser without a screen: GET, remember Set-Cookie, follow Location, until the redirect to our redirect_uri.
async function followToRedirectUri(start, expectedState) {
  const cookies = new Map();
  let url = start;
  for (let hop = 1; hop <= MAX_REDIRECTS; hop += 1) {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      const body = (await response.text()).slice(0, 500);
      throw new Error(`the authorization flow stopped at ${url.origin}${url.pathname}: ${response.status} ${body}`);
    }
    await response.body?.cancel();
    url = new URL(location, url);
    if (url.href.startsWith(REDIRECT_URL)) {
      const params = url.searchParams;
      if (params.has('error')) {
        throw new Error(`the authorization server answered ${params.get('error')}: ${params.get('error_description')}`);
      }
      if (params.get('state') !== expectedState) {
        throw new Error(`state ${params.get('state')} is not the one sent (${expectedState})`);
      }
      if (!params.get('code')) throw new Error(`no code in the redirect ${url.href}`);
      return { code: params.get('code'), hops: hop };
    }
  }
  throw new Error(`no redirect to ${REDIRECT_URL} after ${MAX_REDIRECTS} hops`);
}

async function connect(url, provider) {
  const client = new Client({ name: 'ts-sdk-oauth-client', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await client.connect(transport);
  return { client, transport };
}

async function refresh(url, client, provider) {
  const before = provider.tokens();
  const issued = Boolean(before?.refresh_token);
  if (!issued) {
    return { refresh_token_issued: false, refreshed: false, new_access_token: false, tools_after_refresh: null };
  }
  // auth() with no code and a stored refresh token asks the token endpoint for new tokens (grant_type=refresh_token).
  const result = await auth(provider, { serverUrl: new URL(url) });
  const after = provider.tokens();
  const tools = await client.listTools(); // the transport reads the token anew for every request
  return {
    refresh_token_issued: true,
    refreshed: result === 'AUTHORIZED' && after !== before,
    new_access_token: after.access_token !== before.access_token,
    tools_after_refresh: tools.tools.map((t) => t.name),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const provider = new MemoryProvider(options.scope, options.client);

  // 1. Without a token: the SDK gets 401, discovers, registers, and "redirects" (stores the URL).
  try {
    await connect(options.url, provider);
    fail('the server accepted a connection without a token: it is not protected');
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) throw err;
  }
  if (!provider.authorizationUrl) fail('the SDK did not start an authorization (no authorization URL)');
  if (!provider.client?.client_id) fail('the SDK did not register a client');
  const registered = !options.client;

  // 2. The "browser", then the code exchange through the SDK.
  const { code, hops } = await followToRedirectUri(provider.authorizationUrl, provider.expectedState);
  const first = new StreamableHTTPClientTransport(new URL(options.url), { authProvider: provider });
  await first.finishAuth(code);
  const tokens = provider.tokens();
  if (!tokens?.access_token) fail('finishAuth stored no access token');

  // 3. Connected with the token.
  const { client, transport } = await connect(options.url, provider);
  const tools = await client.listTools();
  let call = null;
  if (options.call) {
    const result = await client.callTool({ name: options.call, arguments: options.args });
    if (result.isError) fail(`tool ${options.call} answered an error: ${JSON.stringify(result.content)}`);
    call = { name: options.call, result };
  }
  const refreshed = options.refresh ? await refresh(options.url, client, provider) : null;
  await transport.close();

  const summary = {
    server: options.url,
    authorization_server: provider.discovery?.authorizationServerUrl,
    client_id: provider.client.client_id,
    registered,
    redirects: hops,
    scopes_granted: tokens.scope ?? null,
    token_type: tokens.token_type,
    tools: tools.tools.map((t) => t.name),
    call,
    refresh: refreshed,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

const timer = setTimeout(() => fail(`no result within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
main()
  .then(() => {
    clearTimeout(timer);
    process.exit(0);
  })
  .catch((err) => {
    // fetch's own message is "fetch failed"; the reason (ECONNREFUSED, ...) is in its cause.
    const cause = err?.cause ? ` (${err.cause.code ?? err.cause.message ?? err.cause})` : '';
    fail(`${err?.message ?? err}${cause}\n${err?.stack ?? ''}`);
  });
