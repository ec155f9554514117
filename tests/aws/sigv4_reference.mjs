// Signs every request of sigv4_cases.json with the reference signer @smithy/signature-v4 (pinned in
// package-lock.json, the signer of the AWS SDK for JavaScript v3) and prints the results as one JSON object:
//   {"<case name>": {"headers": {"authorization": ..., "x-amz-date": ..., ...}, "canonicalRequest": ...}, ...}
// sigv4_reference_test.cpp runs it and compares our sigv4::sign() with it, header by header.
//   node sigv4_reference.mjs sigv4_cases.json
//
// How a case becomes the reference's input (the reference takes headers and query as objects, not lists):
//  - repeated query keys become an array of values (the reference sorts them, as SigV4 says);
//  - repeated header names (in any case) become one header whose value is the values, each trimmed, joined with
//    ',': how HTTP combines repeated fields, and what SigV4 signs for them;
//  - the reference computes every hash with the Sha256 class below (node:crypto), as the AWS SDK does with its own.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignatureV4, getCanonicalHeaders, getPayloadHash } from '@smithy/signature-v4';

class Sha256 {
  constructor(secret) {
    this.hash = secret ? createHmac('sha256', secret) : createHash('sha256');
  }
  update(data) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

function body(c) {
  if (c.bodyBase64 !== undefined) return new Uint8Array(Buffer.from(c.bodyBase64, 'base64'));
  if (c.bodyRepeat !== undefined) return c.bodyRepeat.text.repeat(c.bodyRepeat.times);
  return c.body;
}

function queryBag(pairs) {
  const bag = {};
  for (const [name, value] of pairs) {
    if (name in bag) bag[name] = [].concat(bag[name], value);
    else bag[name] = value;
  }
  return bag;
}

function headerBag(pairs) {
  const groups = new Map();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(value);
  }
  const bag = {};
  for (const [key, values] of groups) bag[key] = values.length === 1 ? values[0] : values.map((v) => v.trim()).join(',');
  return bag;
}

async function signCase(c, credentials) {
  const signer = new SignatureV4({
    credentials,
    region: c.region,
    service: c.service,
    sha256: Sha256,
    applyChecksum: c.contentSha256,
  });
  const request = {
    method: c.method,
    protocol: 'https:',
    hostname: 'example.amazonaws.com',
    path: c.path,
    query: queryBag(c.query),
    headers: headerBag(c.headers),
    body: body(c),
  };
  const signed = await signer.sign(request, { signingDate: new Date(c.date) });
  const out = {};
  for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']) {
    if (signed.headers[name] !== undefined) out[name] = signed.headers[name];
  }
  const payloadHash = await getPayloadHash(signed, Sha256);
  const canonicalRequest = signer.createCanonicalRequest(signed, getCanonicalHeaders(signed), payloadHash);
  return { headers: out, canonicalRequest };
}

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = {};
for (const raw of spec.cases) {
  const c = { ...spec.defaults, ...raw };
  results[c.name] = await signCase(c, spec.credentials[c.credentials]);
}
process.stdout.write(JSON.stringify(results));
