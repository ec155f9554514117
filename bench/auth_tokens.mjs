// bench/auth_tokens.mjs: bench/auth_cost's issuer, made with jose. One throwaway key of each algorithm
// (RS256: RSA 2048, ES256: P-256, EdDSA: Ed25519), their public JWKS, and one access token per key for the
// resource, valid for an hour. Not for: anything but benchmarks (the private keys are never kept).
//
//   node bench/auth_tokens.mjs DIR ISSUER RESOURCE
//
// Writes DIR/jwks.json and DIR/token.rs256, DIR/token.es256, DIR/token.eddsa.
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, issuer, resource] = process.argv.slice(2);
if (!dir || !issuer || !resource) {
  console.error('usage: node bench/auth_tokens.mjs DIR ISSUER RESOURCE');
  process.exit(2);
}

const algorithms = [
  { name: 'rs256', alg: 'RS256', options: { modulusLength: 2048 } },
  { name: 'es256', alg: 'ES256', options: {} },
  { name: 'eddsa', alg: 'EdDSA', options: { crv: 'Ed25519' } },
];
const keys = [];
for (const a of algorithms) {
  const { publicKey, privateKey } = await generateKeyPair(a.alg, a.options);
  const kid = `bench-${a.name}`;
  keys.push({ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: a.alg });
  const token = await new SignJWT({ scope: 'mcp:tools' })
    .setProtectedHeader({ alg: a.alg, kid })
    .setIssuer(issuer)
    .setAudience(resource)
    .setSubject('bench-user')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  writeFileSync(join(dir, `token.${a.name}`), token);
}
writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys }));
