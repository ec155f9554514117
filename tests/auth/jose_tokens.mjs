// Signs the tokens of jose_interop_test.cpp with jose (an independent JOSE implementation, pinned in
// package.json) and node:crypto, and prints one JSON object on stdout:
//   {"now": <NumericDate the tokens are made for>, "issuer", "audience", "jwks": {"keys": [...]},
//    "tokens": {"<case>": "<compact JWS>", ...}}
// Keys are made anew on every run; the C++ test holds the expected outcome of each case.
import * as jose from 'jose';
import { KeyObject, sign as nodeSign } from 'node:crypto';

const now = 1767225600; // 2026-01-01T00:00:00Z
const issuer = 'https://as.example';
const audience = 'https://mcp.example/mcp';

async function keyPair(alg, kid) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, publicKey, privateKey, jwk };
}

function claims(extra = {}) {
  return { iss: issuer, aud: audience, sub: 'alice', scope: 'tools:call tools:list', ...extra };
}

function token(key, { payload = claims(), exp = now + 600, nbf, header = {} } = {}) {
  const jwt = new jose.SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .setIssuedAt(now - 10)
    .setExpirationTime(exp);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return jwt.sign(key.privateKey);
}

function flipSignatureByte(compact) {
  const [h, p, s] = compact.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[sig.length >> 1] ^= 0x01;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

// The same ES256 token, signed by node:crypto in DER form instead of JWS's raw R || S.
function derSigned(key) {
  const input = [{ alg: 'ES256', kid: key.kid }, { ...claims(), iat: now - 10, exp: now + 600 }]
    .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
    .join('.');
  const der = nodeSign('sha256', Buffer.from(input), {
    key: KeyObject.from(key.privateKey),
    dsaEncoding: 'der',
  });
  return `${input}.${der.toString('base64url')}`;
}

const rsa = await keyPair('RS256', 'rsa-1');
const ec = await keyPair('ES256', 'ec-1');
const ed = await keyPair('EdDSA', 'ed-1');
const secret = await jose.generateSecret('HS256', { extractable: true });
const hmacJwk = { ...(await jose.exportJWK(secret)), kid: 'hmac-1', alg: 'HS256' };
const rsaPem = new TextEncoder().encode(await jose.exportSPKI(rsa.publicKey));

const valid = await token(rsa);
const tokens = {
  valid_rs256: valid,
  valid_es256: await token(ec, { payload: claims({ aud: ['https://other.example', audience] }) }),
  valid_eddsa: await token(ed),
  expired: await token(rsa, { exp: now - 120 }),
  nbf_in_future: await token(ec, { nbf: now + 120 }),
  wrong_aud: await token(ed, { payload: claims({ aud: 'https://other.example/mcp' }) }),
  wrong_iss: await token(rsa, { payload: claims({ iss: 'https://other.example' }) }),
  bad_signature_rs256: flipSignatureByte(valid),
  bad_signature_es256: flipSignatureByte(await token(ec)),
  bad_signature_eddsa: flipSignatureByte(await token(ed)),
  alg_none: new jose.UnsecuredJWT(claims()).setIssuedAt(now - 10).setExpirationTime(now + 600).encode(),
  hs256_with_rsa_public_key: await new jose.SignJWT(claims())
    .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
    .setExpirationTime(now + 600)
    .sign(rsaPem),
  hs256_with_published_secret: await new jose.SignJWT(claims())
    .setProtectedHeader({ alg: 'HS256', kid: 'hmac-1' })
    .setExpirationTime(now + 600)
    .sign(secret),
  unknown_kid: await token(rsa, { header: { kid: 'rotated-away' } }),
  es256_naming_rsa_kid: await token(ec, { header: { kid: 'rsa-1' } }),
  es256_der_signature: derSigned(ec),
  oversized: await token(rsa, { payload: claims({ pad: 'a'.repeat(17000) }) }),
  garbage_base64: valid.replace(/\.[^.]*\./, '.%%%garbage%%%.'),
};

process.stdout.write(
  JSON.stringify({ now, issuer, audience, jwks: { keys: [rsa.jwk, ec.jwk, ed.jwk, hmacJwk] }, tokens }),
);
