// ts_client.mjs: the TypeScript SDK client's side of `bench/run --client` (@modelcontextprotocol/sdk, pinned in
// package-lock.json), as its documentation shows it: one Client on a StreamableHTTPClientTransport (one session),
// calling a tool back to back with N calls in flight at once, for a warm-up of a number of calls (Node's JIT
// needs about 10,000 to reach the client's steady cost) and then a measured window. The same options and the same
// one JSON line as bench_client (ours): calls/s, latency percentiles (nearest rank, as bench/load/stats.cpp), its
// own CPU as load_cpu_*, the server's with --pid.
//
//   node ts_client.mjs --url http://127.0.0.1:PORT/mcp [--concurrency 1] [--duration 3] [--warmup 10000]
//                      [--tool echo|add] [--pid SERVER]
//
// The transport shares one AbortSignal among all its requests and Node's fetch (undici) removes its listener
// from it only when the request is garbage-collected: past 1,500 listeners Node prints a MaxListenersExceededWarning
// per call on stderr. That is the SDK as shipped (1.32.2); the cost it adds was within the noise when measured.
//
// Not for: loading a server (bench/load does that); this measures the client.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const argv = process.argv.slice(2);
const arg = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const o = {
  url: arg("--url"),
  concurrency: Number(arg("--concurrency", 1)),
  duration: Number(arg("--duration", 3)),
  warmup: Number(arg("--warmup", 10000)), // calls
  tool: arg("--tool", "echo"),
  pid: Number(arg("--pid", 0)),
};
const call = o.tool === "add" ? { name: "add", arguments: { a: 2, b: 3 } } : { name: "echo", arguments: { text: "hello" } };

// The answer bench_server and ts_server.mjs give: echo's text, add's structured {sum: 5}.
function answered(r) {
  if (r.isError) return false;
  if (o.tool === "add") return r.structuredContent?.sum === 5;
  return r.content?.length === 1 && r.content[0].type === "text" && r.content[0].text === "hello";
}

// User + system CPU seconds of process `pid` so far (/proc/PID/stat, all its threads), as stats.cpp reads it.
const ticks = Number(execFileSync("getconf", ["CLK_TCK"]).toString());
function processCpuSeconds(pid) {
  if (!pid) return -1;
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" "); // field 3 onwards
  return (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime (fields 14 and 15)
}
const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// Calls back to back until `more()` says stop; a failure is counted and ends this caller (the others go on).
async function caller(client, more, latencies, tally) {
  while (more()) {
    const t0 = process.hrtime.bigint();
    let r;
    try {
      r = await client.callTool(call);
    } catch (e) {
      r = { failure: String(e?.message ?? e) };
    }
    if (r.failure || !answered(r)) {
      tally.errors++;
      tally.firstFailure ??= r.failure ?? `an unexpected result: ${JSON.stringify(r).slice(0, 200)}`;
      return;
    }
    latencies.push(Number(process.hrtime.bigint() - t0));
    tally.ok++;
  }
}

// N callers for `seconds`, or for `calls` calls in all when given.
async function runWindow(client, seconds, calls) {
  const tally = { ok: 0, errors: 0, firstFailure: undefined };
  const latencies = [];
  const server0 = processCpuSeconds(o.pid);
  const cpu0 = ownCpuSeconds();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let left = calls;
  const more = calls === undefined ? () => performance.now() < deadline : () => left-- > 0;
  await Promise.all(Array.from({ length: o.concurrency }, () => caller(client, more, latencies, tally)));
  const elapsed = (performance.now() - start) / 1000;
  return { tally, latencies, elapsed, cpu: ownCpuSeconds() - cpu0, serverCpu: o.pid ? processCpuSeconds(o.pid) - server0 : -1 };
}

function reportOf(w) {
  const ns = w.latencies.sort((a, b) => a - b);
  const rank = (p) => (ns.length ? ns[Math.min(Math.floor(p * ns.length), ns.length - 1)] / 1000 : 0);
  const report = { mode: "client", client: "ts", concurrency: o.concurrency, tool: o.tool, seconds: w.elapsed,
    requests: w.tally.ok, errors: w.tally.errors };
  if (w.tally.firstFailure) report.first_failure = w.tally.firstFailure;
  Object.assign(report, { per_second: w.tally.ok / w.elapsed, p50_us: rank(0.5), p90_us: rank(0.9), p99_us: rank(0.99),
    max_us: ns.length ? ns[ns.length - 1] / 1000 : 0, load_cpu_s: w.cpu, load_cpu_pct: (100 * w.cpu) / w.elapsed });
  if (w.tally.ok) report.load_cpu_us_per_request = (1e6 * w.cpu) / w.tally.ok;
  if (w.serverCpu >= 0) report.server_cpu_pct = (100 * w.serverCpu) / w.elapsed;
  return report;
}

async function main() {
  const client = new Client({ name: "ts_client", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(o.url));
  await client.connect(transport);
  if (o.warmup > 0) await runWindow(client, 0, o.warmup);
  const report = reportOf(await runWindow(client, o.duration));
  await transport.terminateSession(); // DELETE, as our client's close() does
  await client.close();
  return report;
}

let report;
try {
  report = await main();
} catch (e) {
  report = { mode: "client", client: "ts", concurrency: o.concurrency, errors: 1, error: String(e?.message ?? e) };
}
console.log(JSON.stringify(report));
process.exit(report.error || report.errors ? 1 : 0);
