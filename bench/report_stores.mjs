// report_stores.mjs: the store backends' section of bench/results/report.md (issue 6) and its MCP task figures
// (issue 13), from the "stores" and "stores_env" lines bench/run writes (one bench_stores report per backend and
// run). Not for: measuring
// (bench/stores/bench_stores does that).
import { cell, num, ratio, stats } from "./report_numbers.mjs";

const backends = [
  ["memory", "memory (in process)"],
  ["sqlite", "SQLite (WAL, one file)"],
  ["postgres", "PostgreSQL 15"],
  ["dynamodb", "DynamoDB API (dynalite)"],
];

export function storesSection(md, of) {
  const env = of("stores_env")[0] ?? {};
  const runs = (backend) => of("stores").filter((r) => r.backend === backend);
  const figure = (backend, name) => stats(runs(backend).map((r) => r[name]));
  const sample = of("stores").find((r) => r.writers) ?? {};
  const pg = env.postgres ?? {};

  md.push("## Store backends: event append, replay, session load+save (issue 6)", "");
  md.push(
    `\`bench_stores\` against each backend through \`storage::open\`, with its default limits and pool sizes; ` +
      `windows of ${num(sample.window_s, 1)} s; ${sample.threads ?? "?"} threads run the stores' coroutines. ` +
      `Events are ${sample.event_bytes ?? 200}-byte JSON-RPC messages, appended to one stream per session (the ` +
      `oldest dropped beyond 1,000 per session, as in a server); concurrent writers each have their own session. ` +
      `A replay is \`after(session, stream, 0)\` of a ${num(sample.replay_events, 0)}-event stream. A session pair ` +
      "is `load` + `save` of a record with client info, capabilities and a subscription (what a request that " +
      "changes the session costs).",
    "",
  );
  md.push("| backend | append, 1 writer (events/s) | append, " + `${sample.writers ?? "N"} writers (events/s) | ` +
    "replay (events/s) | one replay, p50 (ms) | load+save, 1 session (pairs/s) | " +
    `load+save, ${sample.writers ?? "N"} sessions (pairs/s) |`);
  md.push("|---|---:|---:|---:|---:|---:|---:|");
  for (const [backend, label] of backends) {
    if (!runs(backend).length) continue;
    const f = (name) => figure(backend, name);
    md.push(`| ${label} | ${cell(f("append_1_per_s"))} | ${cell(f("append_n_per_s"))} | ` +
      `${cell(f("replay_events_per_s"))} | ${cell(f("replay_p50_ms"), 1, 2)} | ${cell(f("pairs_1_per_s"))} | ` +
      `${cell(f("pairs_n_per_s"))} |`);
  }
  md.push("");
  const failed = of("stores").filter((r) => r.error);
  for (const r of failed) md.push(`- **${r.backend}, run ${r.run}: ${r.error}**`);
  if (failed.length) md.push("");

  const p = (backend, name) => figure(backend, name);
  md.push(
    `What the servers were: PostgreSQL ${pg.server_version ?? "?"} on this machine with fsync=${pg.fsync ?? "?"}, ` +
      `synchronous_commit=${pg.synchronous_commit ?? "?"}, full_page_writes=${pg.full_page_writes ?? "?"} ` +
      "(the throwaway test server of `scripts/services`: a commit does not wait for the disk, so its writes are " +
      "faster than a durable production server's; its connections are local TCP). " +
      `dynalite ${env.dynalite ?? "?"} is a Node.js emulator of the DynamoDB API, on this machine: its figures are ` +
      "what our client and store code cost plus one local Node process answering, **not DynamoDB's performance** " +
      "(DynamoDB answers over the network in a few milliseconds per request and scales with capacity; a replay " +
      `there is one Query per 1 MB page). SQLite's file is on ${env.sqlite_fs ?? "?"}, WAL mode, ` +
      "synchronous=NORMAL (a commit reaches the OS, not the disk; the WAL is synced at checkpoints). " +
      `The servers were ${env.services ?? "?"}.`,
    "",
  );
  if (runs("sqlite").length && runs("postgres").length)
    md.push(`Concurrency: ${sample.writers ?? "N"} writers append ` +
      `${ratio(p("sqlite", "append_n_per_s"), p("sqlite", "append_1_per_s"))} as fast as one on SQLite (one ` +
      `writer at a time, whatever the threads), ${ratio(p("postgres", "append_n_per_s"), p("postgres", "append_1_per_s"))} ` +
      `on PostgreSQL (a pool of 4 connections), ${ratio(p("dynamodb", "append_n_per_s"), p("dynamodb", "append_1_per_s"))} ` +
      "on dynalite (one Node.js process).", "");
}

// MCP tasks end to end through a server on each backend (issue 13).
export function tasksSection(md, of) {
  const runs = (backend) => of("stores").filter((r) => r.backend === backend && r.tasks_n_per_s !== undefined);
  const figure = (backend, name) => stats(runs(backend).map((r) => r[name]));
  const sample = of("stores").find((r) => r.tasks_n_per_s !== undefined) ?? {};
  md.push("## MCP tasks on each store backend (issue 13)", "");
  md.push(
    `\`bench_stores\` runs an \`mcp::server\` in process whose task store is the backend (through \`storage::open\`), ` +
      `with ${sample.writers ?? "N"} sessions at once for ${num(sample.window_s, 1)} s windows. Each session starts a ` +
      "task of a tool that returns at once (`tools/call` with `params.task`), waits for its result (`tasks/result`) " +
      "and starts the next. A task counts when its result came back. Store calls are counted by a wrapper around " +
      "the backend's task store: per task in that loop, and per `tasks/get` of a task that ended (200 of them).",
    "",
  );
  md.push("| backend | tasks/s | task store calls per task | task store calls per tasks/get |");
  md.push("|---|---:|---:|---:|");
  for (const [backend, label] of backends) {
    if (!runs(backend).length) continue;
    const f = (name) => figure(backend, name);
    md.push(`| ${label} | ${cell(f("tasks_n_per_s"))} | ${cell(f("task_store_calls_per_task"), 1, 1)} | ` +
      `${cell(f("task_store_calls_per_get"), 1, 1)} |`);
  }
  md.push("");
  md.push("The store calls of one task: create, one `get` by `tasks/result` (the task still working), the terminal " +
    "write, a second `get` once it ended, and the outcome; a task that runs longer adds one lease renewal per " +
    "heartbeat (2 s) and one `get` per poll of a waiting `tasks/result`.", "");
}
