// report_eras.mjs: the tables of bench/eras (2026-07-28 next to 2025-11-25 on one bench_server), from its
// eras.jsonl: one "eras" line per load report (answer, run, era, concurrency and the report's figures), with a
// "machine" line before and a "machine_after" line after. Prints Markdown on stdout.
//
//   node bench/report_eras.mjs OUT/eras.jsonl
//
// Every figure is the median of its runs with [min-max]; ratios are of medians from the same run. Not for:
// measuring (bench/eras and bench/load do that).
import { readFileSync } from "node:fs";

import { cell, num, ratio, stats } from "./report_numbers.mjs";

const lines = readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const machine = lines.find((l) => l.kind === "machine") ?? {};
const after = lines.find((l) => l.kind === "machine_after") ?? {};
const legacy = "2025-11-25", modern = "2026-07-28";
const rows = (answer, era, c) =>
  lines.filter((l) => l.kind === "eras" && l.answer === answer && l.era === era && l.concurrency === c);
// The server's CPU per answered call, in µs: its share of a core over the window, divided by the calls.
const serverUs = (r) => (r.server_cpu_pct && r.per_second ? (r.server_cpu_pct * 1e4) / r.per_second : null);
const figure = (answer, era, c, name) =>
  stats(rows(answer, era, c).map((r) => (name === "server_us" ? serverUs(r) : r[name])));
const concurrencies = [...new Set(lines.filter((l) => l.kind === "eras").map((l) => l.concurrency))].sort((a, b) => a - b);
const answers = ["json", "sse"].filter((a) => lines.some((l) => l.kind === "eras" && l.answer === a));

function header(md) {
  md.push(`bench/eras on ${machine.date ?? "?"}, commit \`${machine.commit ?? "?"}\`: ${machine.runs} runs of ` +
    `${machine.duration_s} s per figure; ${machine.cpu ?? "?"}, ${machine.cores} cores shared by the server and ` +
    `the load generator; load average ${machine.load_before} before, ${after.load_after ?? "?"} after; compiler ` +
    `processes ${machine.compilers_before} before, ${after.compilers_after ?? "?"} after.`, "");
}

// One row per answer mode, connections and era: the figures as measured.
function figuresTable(md) {
  md.push("| answer | connections | era | calls/s | p50 ms | p90 ms | p99 ms | server CPU µs/call | generator CPU µs/call |");
  md.push("|---|---:|---|---:|---:|---:|---:|---:|---:|");
  for (const answer of answers)
    for (const c of concurrencies)
      for (const era of [legacy, modern]) {
        const f = (name) => figure(answer, era, c, name);
        md.push(`| ${answer.toUpperCase()} | ${c} | ${era} | ${cell(f("per_second"), 1, 0)} | ` +
          `${cell(f("p50_us"), 1e-3, 3)} | ${cell(f("p90_us"), 1e-3, 3)} | ${cell(f("p99_us"), 1e-3, 3)} | ` +
          `${cell(f("server_us"), 1, 1)} | ${cell(f("load_cpu_us_per_request"), 1, 1)} |`);
      }
  md.push("");
}

// calls/s of 2026-07-28 divided by 2025-11-25's within each run (the two windows were next to each other), as
// median [min-max] over the runs: steadier than the ratio of medians when the machine's load moves.
function pairedRatio(answer, c) {
  const perRun = rows(answer, modern, c).map((m) => {
    const l = rows(answer, legacy, c).find((x) => x.run === m.run);
    return l?.per_second ? m.per_second / l.per_second : null;
  });
  return cell(stats(perRun), 1, 2);
}

// One row per answer mode and connections: 2026-07-28 divided by 2025-11-25, medians of the same run.
function ratiosTable(md) {
  md.push("| answer | connections | calls/s | calls/s, per run | p50 | p90 | p99 | server CPU per call |");
  md.push("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const answer of answers)
    for (const c of concurrencies) {
      const q = (name) => ratio(figure(answer, modern, c, name), figure(answer, legacy, c, name), 2);
      md.push(`| ${answer.toUpperCase()} | ${c} | ${q("per_second")} | ${pairedRatio(answer, c)} | ${q("p50_us")} | ` +
        `${q("p90_us")} | ${q("p99_us")} | ${q("server_us")} |`);
    }
  md.push("");
}

function failures(md) {
  const failed = lines.filter((l) => l.kind === "eras" && (l.errors || l.error));
  const total = failed.reduce((n, l) => n + (l.errors ?? 1), 0);
  md.push(`Errors: ${num(total, 0)} failed calls in the whole run.`);
  for (const l of failed)
    md.push(`- ${l.answer} ${l.era} at ${l.concurrency}, run ${l.run}: ${l.first_failure ?? l.error}`);
  md.push("");
}

const md = [];
header(md);
figuresTable(md);
md.push("2026-07-28 / 2025-11-25: ratios of the medians above, and (*per run*) the median [min–max] of the " +
  "runs' own ratios. Above 1× for calls/s, or below 1× for latency and CPU, means 2026-07-28 is cheaper:", "");
ratiosTable(md);
failures(md);
console.log(md.join("\n"));
