// bench/report.mjs: turns the result lines of bench/run (results.jsonl) into report.md and the charts.
//
//   node bench/report.mjs RESULTS.jsonl OUT_DIR
//
// Every figure is the median of its runs, shown with [min-max]; ratios are of medians measured in the same run.
// A run of some sections only (bench/run --stores, --tasks, --lists, --coldstart, --client) gets only those sections.
// The charts are drawn by gnuplot (Debian's gnuplot-nox, installed by scripts/setup) when it is there.
// Not for: measuring (bench/run does that).
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

import { cell, num, percent, ratio, stats } from "./report_numbers.mjs";
import { coldstartSection } from "./report_coldstart.mjs";
import { clientsSection } from "./report_clients.mjs";
import { listsSection, storesSection, tasksSection } from "./report_stores.mjs";

const [resultsPath, outDir] = process.argv.slice(2);
const lines = readFileSync(resultsPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const machine = lines.find((l) => l.kind === "machine") ?? {};
const after = lines.find((l) => l.kind === "machine_after") ?? {};
const of = (kind, where = {}) =>
  lines.filter((l) => l.kind === kind && Object.entries(where).every(([k, v]) => l[k] === v));
// Results written before the sections existed are issue 5's figures only.
const sections = lines.find((l) => l.kind === "sections")?.sections ?? ["main"];

const field = (rows, name) => stats(rows.map((r) => r[name]));
const errors = lines.reduce((n, l) => n + (typeof l.errors === "number" ? l.errors : 0), 0);

// --- the sections ---------------------------------------------------------------------------------------------
const md = [];
const date = machine.date ? machine.date.replace("T", " ").replace(/\..*/, " UTC") : "unknown";
md.push("# Benchmark report", "");
md.push(
  `Written by \`bench/run\`${machine.quick ? " **--quick** (a smoke run: one short run per figure; not for quoting)" : ""}` +
    ` on ${date}, commit \`${machine.commit}\`.`,
  "",
);
md.push("| machine | |", "|---|---|");
md.push(`| CPU | ${machine.cpu}, ${machine.cores} cores (shared by the server and the load generator) |`);
md.push(`| system | ${machine.kernel}; ${machine.compiler}; Node ${machine.node} for the TypeScript SDK |`);
md.push(
  `| load average (1, 5, 15 min) | ${machine.load_before} before, ${after.load_after ?? "?"} after; ` +
    `compiler processes running: ${machine.compilers_before} before, ${after.compilers_after ?? "?"} after |`,
);
md.push(`| sections | ${sections.join(", ")} |`);
md.push(`| runs | ${machine.runs} per figure (memory: ${(machine.runs + 1) >> 1}, start-up and cold start: ` +
  `${2 * machine.runs}), ${machine.duration_s} s load windows |`);
md.push(`| errors | ${errors} failed requests or store operations in the whole run |`, "");
md.push(
  "Each figure is the **median [min–max]** of its runs; ratios compare medians measured in this same run on this " +
    "same machine with the same load generator (`bench/load`, one thread, C++: its own HTTP/1.1 exchanges on Asio). Absolute numbers move with " +
    "the machine's load; the ratios are what to compare. `docs/benchmarks.md` says how each figure is measured.",
  "",
);

const calls = (peer, c) => of("calls", { peer, concurrency: c });
const tput = (peer, c) => field(calls(peer, c), "per_second");
const at = (peer, c, f) => field(calls(peer, c), f);
// The load generator's CPU per answered request (µs), median of the rows; older results lack the field and get
// it from load_cpu_pct. Printed next to every ratio: a ratio is only as good as the generator's headroom.
const loadCpu = (rows) =>
  stats(rows.map((r) => r.load_cpu_us_per_request ?? (r.load_cpu_pct && r.per_second ? (r.load_cpu_pct * 1e4) / r.per_second : null)));
const us = (s) => (s ? num(s.median, 1) : "–");
// "12.3 / 45.6": the generator's CPU µs per request against each peer of a ratio, in the ratio's order.
const loadPair = (...rows) => rows.map((r) => us(loadCpu(r))).join(" / ");
const concurrencies = [1, 16, 64];

if (sections.includes("main")) mainSections();
if (sections.includes("stores")) storesSection(md, of);
if (sections.includes("stores") || sections.includes("tasks")) tasksSection(md, of);
if (sections.includes("lists")) listsSection(md, of);
if (sections.includes("coldstart")) coldstartSection(md, of);
if (sections.includes("client")) clientsSection(md, of);
writeFileSync(join(outDir, "report.md"), md.join("\n"));
if (sections.includes("main")) chart();

// Issue 17's targets (the request path): ratios against the raw ceiling and between the answer modes.
function requestPathTargets() {
  const shared = (peer) => field(of("calls_shared", { peer }), "per_second");
  const mark = (a, b, goal) => (a && b ? (a.median / b.median >= goal ? "met" : "**missed**") : "–");
  const rows = [
    ["JSON at c=64, ours / raw ceiling, one I/O thread per core", tput("ours-json", 64), tput("raw", 64), 0.75],
    ["JSON at c=64, ours / raw ceiling, one I/O thread", tput("ours-json-1t", 64), tput("raw-1t", 64), 0.75],
    ["64 connections on one session, ours / raw ceiling, per core", shared("ours-json"), tput("raw", 64), 0.6],
    ["64 connections on one session, ours / raw ceiling, one thread", shared("ours-json-1t"), tput("raw-1t", 64), 0.6],
    ["SSE / JSON answers at c=16", tput("ours-sse", 16), tput("ours-json", 16), 0.75],
    ["SSE / JSON answers at c=64", tput("ours-sse", 64), tput("ours-json", 64), 0.75],
  ];
  md.push("## Targets (issue 17: the request path)", "", "| target | measured | goal | |", "|---|---:|---:|---|");
  for (const [name, a, b, goal] of rows)
    md.push(`| ${name} | ${percent(a, b)} | ≥ ${Math.round(goal * 100)}% | ${mark(a, b, goal)} |`);
  md.push("", "64 connections on one session (`bench/load calls --shared-session`: one client firing 64 calls in " +
    "parallel, requests/s): " + `${cell(shared("ours-json"))} per core, ${cell(shared("ours-json-1t"))} with one thread.`, "");
}

// Issue 5's figures: tools/call, churn, memory, start-up, binary size, micro benchmarks.
function mainSections() {
  // Targets first: what issue 5 asks.
  const targets = [];
  {
    const t64 = stats(calls("ts-json", 64).map((r) => r.per_second));
    const o64 = tput("ours-json", 64);
    const r64 = tput("raw", 64);
    const p99 = at("ours-json", 16, "p99_us");
    const idle = idlePerSession("ours-json");
    const start = field(of("startup", { peer: "hello" }), "ms");
    const mark = (ok) => (ok === null ? "–" : ok ? "met" : "**missed**");
    targets.push(["tools/call throughput at c=64, ours / TypeScript SDK (JSON)",
      ratio(o64, t64) + (o64 && t64 ? ` (load: ${loadPair(calls("ours-json", 64), calls("ts-json", 64))} µs/req)` : ""), "≥ 25×",
      mark(o64 && t64 ? o64.median / t64.median >= 25 : null)]);
    targets.push(["tools/call throughput at c=64, ours / raw ceiling",
      percent(o64, r64) + (o64 && r64 ? ` (load: ${loadPair(calls("ours-json", 64), calls("raw", 64))} µs/req)` : ""), "≥ 60%",
      mark(o64 && r64 ? o64.median / r64.median >= 0.6 : null)]);
    targets.push(["p99 latency of echo at c=16 (JSON)", p99 ? `${num(p99.median / 1000, 2)} ms` : "–", "< 2 ms",
      mark(p99 ? p99.median < 2000 : null)]);
    targets.push([`memory per idle in-memory session (${num(machine.idle_sessions ?? idleCount(), 0)} sessions)`,
      idle ? `${num(idle.median / 1024, 2)} KB` : "–", "< 4 KB", mark(idle ? idle.median < 4096 : null)]);
    targets.push(["start to first initialize answer (examples/hello)", start ? `${num(start.median, 1)} ms` : "–",
      "< 20 ms", mark(start ? start.median < 20 : null)]);
  }
  md.push("## Targets (issue 5)", "", "| target | measured | goal | |", "|---|---:|---:|---|");
  for (const t of targets) md.push(`| ${t.join(" | ")} |`);
  md.push("");
  requestPathTargets();

  md.push("## tools/call throughput on established sessions (requests/s)", "");
  md.push("`echo {text: \"hello\"}`, back to back on keep-alive connections, one session per connection. The last " +
    "column is the load generator's own CPU per answered request against each peer (ours / SDK / raw): the ratios " +
    "hold only while it is small next to what the server spends (`bench/ceiling` checks the raw ceiling against wrk).", "");
  md.push("| concurrency | answer | ours | TypeScript SDK | raw ceiling | ours / SDK | ours / raw | load CPU µs/request |");
  md.push("|---:|---|---:|---:|---:|---:|---:|---:|");
  for (const [answer, ours, ts] of [["JSON", "ours-json", "ts-json"], ["SSE", "ours-sse", "ts-sse"]])
    for (const c of concurrencies) {
      const json = answer === "JSON";
      const raw = json ? tput("raw", c) : null;
      const generator = json ? loadPair(calls(ours, c), calls(ts, c), calls("raw", c)) : loadPair(calls(ours, c), calls(ts, c));
      md.push(`| ${c} | ${answer} | ${cell(tput(ours, c))} | ${cell(tput(ts, c))} | ${json ? cell(raw) : "–"} | ` +
        `${ratio(tput(ours, c), tput(ts, c))} | ${json ? percent(tput(ours, c), raw) : "–"} | ${generator} |`);
    }
  md.push("", "![tools/call throughput](throughput.svg)", "");

  const add = (peer) => field(of("calls_add", { peer }), "per_second");
  md.push("`add {a: 2, b: 3}` (typed arguments in, `structuredContent` with its text fallback out), JSON answers, " +
    "16 connections:", "");
  md.push("| ours | TypeScript SDK | ours / SDK | load CPU µs/request (ours / SDK) |", "|---:|---:|---:|---:|");
  md.push(`| ${cell(add("ours-json"))} | ${cell(add("ts-json"))} | ${ratio(add("ours-json"), add("ts-json"))} | ` +
    `${loadPair(of("calls_add", { peer: "ours-json" }), of("calls_add", { peer: "ts-json" }))} |`, "");

  md.push("### One I/O thread instead of one per core", "");
  md.push("The same JSON runs with `--threads 1` for ours and the raw ceiling. On a small machine the second thread " +
    "mostly adds cross-thread hand-offs: compare the CPU each uses per request.", "");
  md.push("| concurrency | ours, 1 thread | raw, 1 thread | ours / raw | ours: CPU µs per request, 1 thread / per core | " +
    "load CPU µs/request (ours / raw) |");
  md.push("|---:|---:|---:|---:|---:|---:|");
  const cpuPerRequest = (peer, c) => {
    const s = stats(calls(peer, c).map((r) => (r.server_cpu_pct * 1e4) / r.per_second));
    return s ? num(s.median, 0) : "–";
  };
  for (const c of concurrencies)
    md.push(`| ${c} | ${cell(tput("ours-json-1t", c))} | ${cell(tput("raw-1t", c))} | ` +
      `${percent(tput("ours-json-1t", c), tput("raw-1t", c))} | ${cpuPerRequest("ours-json-1t", c)} / ${cpuPerRequest("ours-json", c)} | ` +
      `${loadPair(calls("ours-json-1t", c), calls("raw-1t", c))} |`);
  md.push("");

  md.push("## tools/call latency (ms): p50 / p99", "");
  md.push("| concurrency | answer | ours | TypeScript SDK | raw ceiling |", "|---:|---|---:|---:|---:|");
  const lat = (peer, c) => {
    const p50 = at(peer, c, "p50_us"), p99 = at(peer, c, "p99_us");
    return p50 ? `${num(p50.median / 1000, 3)} / ${num(p99.median / 1000, 3)}` : "–";
  };
  for (const [answer, ours, ts] of [["JSON", "ours-json", "ts-json"], ["SSE", "ours-sse", "ts-sse"]])
    for (const c of concurrencies)
      md.push(`| ${c} | ${answer} | ${lat(ours, c)} | ${lat(ts, c)} | ${answer === "JSON" ? lat("raw", c) : "–"} |`);
  md.push("");

  md.push("## CPU used during the tools/call windows (% of one core, median)", "");
  md.push("The server and the load generator share the machine's cores. A load generator that used most of a core " +
    "would cap what it can measure: compare its columns with the server's.", "");
  md.push("| concurrency | peer | server | load generator | load CPU µs/request |", "|---:|---|---:|---:|---:|");
  for (const c of concurrencies)
    for (const peer of ["ours-json", "ours-sse", "ts-json", "ts-sse", "raw", "ours-json-1t", "raw-1t"]) {
      const s = at(peer, c, "server_cpu_pct"), l = at(peer, c, "load_cpu_pct");
      if (s || l) md.push(`| ${c} | ${peer} | ${cell(s, 1, 0)} | ${cell(l, 1, 0)} | ${us(loadCpu(calls(peer, c)))} |`);
    }
  md.push("");

  md.push("## Session churn (sessions/s)", "");
  md.push("Each unit: initialize, notifications/initialized, one tools/call, DELETE; 16 connections.", "");
  const churn = (peer) => field(of("churn", { peer }), "per_second");
  md.push("| ours | TypeScript SDK | ours / SDK | load CPU µs/session (ours / SDK) |", "|---:|---:|---:|---:|");
  md.push(`| ${cell(churn("ours-json"))} | ${cell(churn("ts-json"))} | ${ratio(churn("ours-json"), churn("ts-json"))} | ` +
    `${loadPair(of("churn", { peer: "ours-json" }), of("churn", { peer: "ts-json" }))} |`, "");

  function idleCount() {
    return stats(of("idle", { peer: "ours-json" }).map((r) => r.sessions))?.median;
  }
  function idlePerSession(peer) {
    return stats(of("idle", { peer }).map((r) => ((r.rss_after_kb - r.rss_before_kb) * 1024) / Math.max(1, r.sessions)));
  }
  function streamPer(peer) {
    return stats(of("streams", { peer }).map((r) => ((r.rss_after_kb - r.rss_before_kb) * 1024) / Math.max(1, r.streams)));
  }
  const rss = (kind, peer, f) => stats(of(kind, { peer }).map((r) => r[f] / 1024));
  md.push("## Memory (resident set size)", "");
  md.push("A fresh server for each measurement; sessions opened with initialize + notifications/initialized, then left " +
    "idle; streams are one session each with its standalone GET SSE stream held open.", "");
  md.push("| | ours | TypeScript SDK | SDK / ours |", "|---|---:|---:|---:|");
  const idleN = num(idleCount(), 0);
  const streamN = num(stats(of("streams", { peer: "ours-json" }).map((r) => r.streams))?.median, 0);
  md.push(`| RSS at start (MB) | ${cell(rss("idle", "ours-json", "rss_before_kb"))} | ${cell(rss("idle", "ts-json", "rss_before_kb"))} | ${ratio(rss("idle", "ts-json", "rss_before_kb"), rss("idle", "ours-json", "rss_before_kb"))} |`);
  md.push(`| RSS with ${idleN} idle sessions (MB) | ${cell(rss("idle", "ours-json", "rss_after_kb"))} | ${cell(rss("idle", "ts-json", "rss_after_kb"))} | ${ratio(rss("idle", "ts-json", "rss_after_kb"), rss("idle", "ours-json", "rss_after_kb"))} |`);
  md.push(`| per idle session (KB) | ${cell(idlePerSession("ours-json"), 1 / 1024, 2)} | ${cell(idlePerSession("ts-json"), 1 / 1024, 1)} | ${ratio(idlePerSession("ts-json"), idlePerSession("ours-json"))} |`);
  md.push(`| RSS with ${streamN} open GET streams (MB) | ${cell(rss("streams", "ours-json", "rss_after_kb"))} | ${cell(rss("streams", "ts-json", "rss_after_kb"))} | ${ratio(rss("streams", "ts-json", "rss_after_kb"), rss("streams", "ours-json", "rss_after_kb"))} |`);
  md.push(`| per stream, its session included (KB) | ${cell(streamPer("ours-json"), 1 / 1024, 1)} | ${cell(streamPer("ts-json"), 1 / 1024, 1)} | ${ratio(streamPer("ts-json"), streamPer("ours-json"))} |`, "");

  md.push("## Start-up: process start to the first initialize answer (ms)", "");
  const start = (peer) => field(of("startup", { peer }), "ms");
  md.push("| examples/hello | bench_server | TypeScript SDK (node) | SDK / hello |", "|---:|---:|---:|---:|");
  md.push(`| ${cell(start("hello"), 1, 1)} | ${cell(start("ours-json"), 1, 1)} | ${cell(start("ts-json"), 1, 0)} | ${ratio(start("ts-json"), start("hello"), 0)} |`, "");

  md.push("## Binary size", "");
  md.push("| release binary | size | stripped |", "|---|---:|---:|");
  for (const s of of("size")) md.push(`| \`${s.binary}\` | ${num(s.bytes / 1048576, 2)} MB | ${num(s.stripped_bytes / 1048576, 2)} MB |`);
  md.push("");

  md.push("## Micro benchmarks of the hot path (bench_micro, ns per operation, median)", "");
  md.push("| benchmark | ns |", "|---|---:|");
  for (const m of of("micro")) md.push(`| \`${m.name}\` | ${num(m.ns, 0)} |`);
  md.push("");
} // mainSections

// --- chart ------------------------------------------------------------------------------------------------------
function chart() {
  const rows = [];
  for (const [answer, ours, ts] of [["JSON", "ours-json", "ts-json"], ["SSE", "ours-sse", "ts-sse"]])
    for (const c of concurrencies) {
      const v = (s) => (s ? s.median.toFixed(0) : "NaN");
      rows.push(`"c=${c} ${answer}" ${v(tput(ours, c))} ${v(tput(ts, c))} ${answer === "JSON" ? v(tput("raw", c)) : "NaN"}`);
    }
  const data = join(outDir, "throughput.dat");
  writeFileSync(data, "# answer ours typescript-sdk raw-ceiling (requests/s, medians)\n" + rows.join("\n") + "\n");
  const script = [
    `set terminal svg size 900,480 dynamic font "sans,12" background rgb "white"`,
    `set output "${join(outDir, "throughput.svg")}"`,
    `set title "tools/call echo on established sessions (requests/s, median of ${machine.runs}, log scale)"`,
    `set style data histograms`, `set style histogram clustered gap 1`, `set style fill solid 0.85 border -1`,
    `set boxwidth 0.9`, `set logscale y`, `set yrange [10:*]`, `set grid ytics`, `set key top right`,
    `set ylabel "requests per second"`, `set xtics nomirror`,
    `plot "${data}" using 2:xtic(1) title "ours" lc rgb "#1f77b4", ` +
      `"" using 3 title "TypeScript SDK" lc rgb "#d62728", "" using 4 title "raw ceiling (no MCP)" lc rgb "#7f7f7f"`,
  ].join("\n");
  try {
    execFileSync("gnuplot", [], { input: script, stdio: ["pipe", "ignore", "pipe"] });
  } catch (e) {
    console.error(`report: no chart (gnuplot: ${e.code === "ENOENT" ? "not installed; scripts/setup installs gnuplot-nox" : e.message})`);
  }
}
