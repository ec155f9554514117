// Shared by the emulator's tests (emulator_test.mjs, ric_check.mjs): start lambda_emulator on an ephemeral port
// with a function command, talk HTTP to its front with node:http (so the test sees status, headers and each body
// chunk as it arrives), read its log, and stop it with SIGTERM, expecting exit code 0.
// Not for: MCP (the lead's Lambda example tests drive the emulator with the official SDK client).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

const STARTUP_MS = 10_000;
const SHUTDOWN_MS = 8_000;
const running = new Set();

let passed = 0;
export function ok(what) {
  passed += 1;
  console.log(`ok ${passed} - ${what}`);
}

export function fail(message) {
  console.error(`FAIL: ${message}`);
  for (const e of running) {
    try { e.child.kill("SIGKILL"); } catch { /* gone */ }
  }
  process.exit(1);
}

// Runs `body` with an overall time limit; any exception fails the test with its message.
export async function main(limitMs, body) {
  const timer = setTimeout(() => fail(`timed out after ${limitMs / 1000} s`), limitMs);
  try {
    await body();
  } catch (err) {
    fail(err?.stack ?? String(err));
  }
  clearTimeout(timer);
  console.log(`all ${passed} checks passed`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A fresh path in a private temporary directory: a "gate" file the test creates to release a function.
const gates = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-emulator-test-"));
let gateCount = 0;
export function gatePath() {
  gateCount += 1;
  return path.join(gates, `gate-${gateCount}`);
}
export const openGate = (p) => fs.writeFileSync(p, "");

// Starts `binary [args] -- command...`; resolves once it logs its URL. Its stderr is kept (emulator.log()) and
// echoed with a prefix so that ctest shows it on failure.
export function startEmulator(binary, args, command, { env = process.env, name = "emulator" } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["--port", "0", ...args, "--", ...command], { stdio: ["ignore", "pipe", "pipe"], env });
    const e = { child, log: "", url: "" };
    running.add(e);
    const timer = setTimeout(() => reject(new Error(`${name}: no "listening on" line within ${STARTUP_MS} ms:\n${e.log}`)),
                             STARTUP_MS);
    const take = (stream, tag) => stream.on("data", (d) => {
      const text = d.toString();
      e.log += text;
      for (const line of text.split("\n")) if (line) console.log(`  [${name} ${tag}] ${line}`);
      const m = /listening on (http:\/\/[0-9.]+:[0-9]+)/.exec(e.log);
      if (m && !e.url) {
        e.url = m[1];
        clearTimeout(timer);
        resolve(e);
      }
    });
    take(child.stderr, "stderr");
    take(child.stdout, "stdout");
    child.on("exit", (code, signal) => {
      e.exit = { code, signal };
      if (!e.url) reject(new Error(`${name} exited early (${code ?? signal}):\n${e.log}`));
    });
  });
}

// SIGTERM, then the exit code must be 0 within SHUTDOWN_MS, with no sanitizer report in the log.
export async function stopEmulator(e) {
  const exited = e.exit ? Promise.resolve() : new Promise((r) => e.child.once("exit", r));
  e.child.kill("SIGTERM");
  const limit = sleep(SHUTDOWN_MS).then(() => "late");
  assert.notEqual(await Promise.race([exited, limit]), "late", `the emulator did not exit within ${SHUTDOWN_MS} ms of SIGTERM`);
  running.delete(e);
  assert.equal(e.exit.code, 0, `exit after SIGTERM: ${JSON.stringify(e.exit)}`);
  // In the asan preset: any AddressSanitizer, LeakSanitizer or UBSan report fails the test.
  assert.doesNotMatch(e.log, /Sanitizer|runtime error:/, "a sanitizer report in the emulator's log");
}

// Waits until the emulator's log matches `re` (the log may lag the HTTP answer by a moment).
export async function waitForLog(e, re, ms = 5000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (re.test(e.log)) return;
  throw new Error(`the log never matched ${re}:\n${e.log}`);
}

// One HTTP request. Resolves when the response is complete (or broken) with status, headers, body (a Buffer),
// `complete` (false when the stream ended without its last chunk) and `chunks` (the body pieces as they came).
// `onChunk(text, req)` sees each piece as it arrives.
export function request(url, { method = "GET", headers = {}, body, agent, onChunk } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      let settled = false;
      const done = (complete) => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), complete, chunks });
      };
      res.on("data", (c) => {
        chunks.push(c);
        onChunk?.(c.toString(), req);
      });
      res.on("end", () => done(res.complete));
      res.on("aborted", () => done(false));
      res.on("error", () => done(false));
      res.on("close", () => done(res.complete));
    });
    req.on("error", reject);
    req.end(body);
  });
}

export async function json(url, options) {
  const r = await request(url, options);
  return { ...r, json: JSON.parse(r.body.toString()) };
}

export const stats = async (e) => (await json(`${e.url}/_emulator/stats`)).json;
