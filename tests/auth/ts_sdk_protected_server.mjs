// A protected MCP server built only from the official TypeScript SDK's parts (@modelcontextprotocol/sdk, pinned in
// package.json): requireBearerAuth in front of a stateless Streamable HTTP endpoint, and mcpAuthMetadataRouter for
// the RFC 9728 protected resource metadata. The reference the OAuth test tools (authorization_server.mjs,
// ts_sdk_oauth_client.mjs) are proved against, and a peer for our C++ server's auth tests. Not a test by itself.
//
//   node tests/auth/ts_sdk_protected_server.mjs --issuer http://127.0.0.1:AS_PORT [flags]
//
//   --issuer <url>            the authorization server (required); its metadata is read from
//                             <issuer>/.well-known/openid-configuration at startup, so start it first
//   --port <n>                listen on 127.0.0.1:<n> (default 0: a free one); the endpoint is /mcp
//   --scopes "<s1 s2 ...>"    scopes_supported in the resource metadata (default "mcp:read mcp:write mcp:admin")
//   --required-scopes "<..>"  scopes every request needs (default none); a token without them gets 403
//                             insufficient_scope
//   --introspection-client id:secret
//                             validate tokens by introspection (RFC 7662) with this client instead of as JWTs
//
// JWT access tokens are checked with jose (pinned) against the issuer's JWKS: signature, typ at+jwt (RFC 9068),
// iss, aud = this endpoint's URL, exp. Tools: "whoami" answers the token's sub, client_id and scopes as JSON
// text; "echo" answers its "text" argument.
// When it accepts connections it prints ONE JSON line on stdout and runs until killed:
//   {"url": "http://127.0.0.1:PORT/mcp",
//    "resource_metadata": "http://127.0.0.1:PORT/.well-known/oauth-protected-resource/mcp"}
// Each request's method, path and status go to stderr.
import express from 'express';
import * as jose from 'jose';

import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthMetadataRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod/v4';

function fail(message) {
  console.error(`ts_sdk_protected_server: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = {
    issuer: undefined,
    port: 0,
    scopes: 'mcp:read mcp:write mcp:admin',
    requiredScopes: '',
    introspectionClient: undefined,
  };
  const valueOf = (i) => {
    if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i += 1) {
    switch (argv[i]) {
      case '--issuer': options.issuer = valueOf(i); i += 1; break;
      case '--port': options.port = Number(valueOf(i)); i += 1; break;
      case '--scopes': options.scopes = valueOf(i); i += 1; break;
      case '--required-scopes': options.requiredScopes = valueOf(i); i += 1; break;
      case '--introspection-client': {
        const text = valueOf(i);
        const colon = text.indexOf(':');
        if (colon <= 0) fail(`--introspection-client expects id:secret, got ${text}`);
        options.introspectionClient = { id: text.slice(0, colon), secret: text.slice(colon + 1) };
        i += 1;
        break;
      }
      default: fail(`unknown flag ${argv[i]} (see the top of tests/auth/ts_sdk_protected_server.mjs)`);
    }
  }
  if (!options.issuer) fail('--issuer <url of the authorization server> is required');
  if (!Number.isInteger(options.port) || options.port < 0) fail('--port must be a port number');
  return options;
}

const words = (text) => text.split(' ').filter(Boolean);

// RFC 9068 JWT access tokens, checked against the issuer's published keys.
function jwtVerifier(metadata, resource) {
  const jwks = jose.createRemoteJWKSet(new URL(metadata.jwks_uri));
  return {
    async verifyAccessToken(token) {
      let payload;
      try {
        const expected = { issuer: metadata.issuer, audience: resource, typ: 'at+jwt' };
        ({ payload } = await jose.jwtVerify(token, jwks, expected));
      } catch (err) {
        throw new InvalidTokenError(`token rejected: ${err.code ?? err.message}`);
      }
      return {
        token,
        clientId: payload.client_id,
        scopes: words(payload.scope ?? ''),
        expiresAt: payload.exp,
        resource: new URL(resource),
        extra: { sub: payload.sub },
      };
    },
  };
}

// Opaque tokens, asked about at the introspection endpoint.
function introspectionVerifier(metadata, resource, { id, secret }) {
  const basic = Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
  return {
    async verifyAccessToken(token) {
      const response = await fetch(metadata.introspection_endpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      });
      if (!response.ok) throw new Error(`introspection answered ${response.status}`);
      const info = await response.json();
      if (!info.active) throw new InvalidTokenError('token is not active');
      const audiences = [info.aud ?? []].flat();
      if (!audiences.includes(resource)) throw new InvalidTokenError('token was not issued for this resource');
      return {
        token,
        clientId: info.client_id,
        scopes: words(info.scope ?? ''),
        expiresAt: info.exp,
        resource: new URL(resource),
        extra: { sub: info.sub },
      };
    },
  };
}

function mcpServer(auth) {
  const server = new McpServer({ name: 'ts-sdk-protected-server', version: '1.0.0' });
  const caller = { sub: auth?.extra?.sub, client_id: auth?.clientId, scopes: auth?.scopes };
  server.registerTool('whoami', { description: 'The caller as the access token names it' }, async () => ({
    content: [{ type: 'text', text: JSON.stringify(caller) }],
  }));
  const echo = { description: 'Answers its text', inputSchema: { text: z.string() } };
  server.registerTool('echo', echo, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const metadataUrl = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const metadataResponse = await fetch(metadataUrl).catch((err) =>
    fail(`cannot read ${metadataUrl}: ${err.cause?.code ?? err.message}`));
  if (!metadataResponse.ok) fail(`${metadataUrl} answered ${metadataResponse.status}`);
  const metadata = await metadataResponse.json();

  const app = express();
  app.use((req, res, next) => {
    const path = new URL(req.originalUrl, 'http://x').pathname; // req.path is relative inside routers
    res.on('finish', () => console.error(`ts_sdk_protected_server: ${req.method} ${path} ${res.statusCode}`));
    next();
  });
  const listener = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, '127.0.0.1', (err) => (err ? reject(err) : resolve(s)));
  });
  const resource = `http://127.0.0.1:${listener.address().port}/mcp`;
  const resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(resource));

  app.use(mcpAuthMetadataRouter({
    oauthMetadata: metadata,
    resourceServerUrl: new URL(resource),
    scopesSupported: words(options.scopes),
  }));
  const verifier = options.introspectionClient
    ? introspectionVerifier(metadata, resource, options.introspectionClient)
    : jwtVerifier(metadata, resource);
  const bearer = requireBearerAuth({
    verifier,
    requiredScopes: words(options.requiredScopes),
    resourceMetadataUrl,
    expectedResource: new URL(resource),
  });
  // Stateless: one McpServer per POST, so each request's token decides what "whoami" answers.
  app.post('/mcp', bearer, express.json(), async (req, res) => {
    const server = mcpServer(req.auth);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.all('/mcp', bearer, (_req, res) => res.status(405).set('allow', 'POST').end());

  process.stdout.write(`${JSON.stringify({ url: resource, resource_metadata: resourceMetadataUrl })}\n`);
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
}

main().catch((err) => fail(err.stack ?? String(err)));
