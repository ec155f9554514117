// report_stores.mjs: the store backends' section of bench/results/report.md (issue 6), its MCP task figures
// (issue 13) and the dynamic list figures (issue 14), from the "stores", "stores_env" and "lists" lines bench/run
// writes (one bench_stores report per backend and run). Not for: measuring (bench/stores/bench_stores does that).
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

// Dynamic lists on each backend (issue 14): the "lists" lines of bench/run --lists (bench_stores --lists-only).
export function listsSection(md, of) {
  const all = of("lists");
  const runs = (backend) => all.filter((r) => r.backend === backend);
  const figure = (backend, name) => stats(runs(backend).map((r) => r[name]));
  // Every change of every run, pooled: the median and the maximum are over all of them.
  const pooled = (backend, name) => stats(runs(backend).flatMap((r) => r[name] ?? []));
  const sample = all.find((r) => r.lists_check_interval_s !== undefined) ?? {};
  const look = all.find((r) => r.lists_change_by && r.lists_change_by !== "push")?.lists_change_check_interval_s;
  const small = (s) => {
    const f = (x) => (x === 0 ? "0" : x.toExponential(1));
    return !s ? "–" : s.n > 1 ? `${f(s.median)} [${f(s.min)}–${f(s.max)}]` : f(s.median);
  };
  md.push("## Dynamic lists on each store backend (issue 14)", "");
  md.push(
    `**Steady state.** An \`mcp::server\` in \`list_mode::dynamic\` (four tools) whose state store is the ` +
      `backend's, wrapped in a counter of its loads and saves; ${sample.writers ?? "N"} initialized sessions send ` +
      "requests back to back, each `refresh_lists_if_due()` then `tools/list`, as the HTTP front door serves a POST " +
      `(no background look: every store call counted is a request's). The look interval is ` +
      `${num(sample.lists_check_interval_s, 2)} s instead of the default 10 s, so that the ` +
      `${num(sample.window_s, 1)} s counted window holds a few looks. *With / without* compares the same requests ` +
      "without `refresh_lists_if_due()`, measured in alternating slices of the same run (per run, then the median).",
    "",
  );
  md.push("| backend | state store calls per request | calls per look interval | requests/s with list checks | " +
    "requests/s without (ceiling) | with / without |");
  md.push("|---|---:|---:|---:|---:|---:|");
  for (const [backend, label] of backends) {
    if (!runs(backend).length) continue;
    const f = (name) => figure(backend, name);
    md.push(`| ${label} | ${small(f("lists_state_calls_per_request"))} | ${cell(f("lists_state_calls_per_interval"), 1, 2)} | ` +
      `${cell(f("lists_requests_per_s"))} | ${cell(f("lists_ceiling_per_s"))} | ${cell(f("lists_requests_vs_ceiling"), 1, 2)} |`);
  }
  md.push("");
  md.push(
    "**A change, from one instance to another.** Two servers on the same backend, each with its own store " +
      "objects and connections as two processes would have (memory: one store, shared, as it is one process's): " +
      "B runs `start_list_checks` and holds an initialized session whose messages are recorded; A deactivates and " +
      "activates a tool in turn, each after a random pause, and each change waits for B's session to get " +
      "`notifications/tools/list_changed`. The time is from A's `deactivate_tool` (or `activate_tool`) returning " +
      "(0 when B's session was told first) and, next to it, from A's call beginning. " +
      `B looks every ${num(look, 0)} s where the store does not push (the default is 10 s: expect about ten ` +
      "times those rows' times with it). The floor is one `save` " +
      "through A's state store and one `load` through B's, back to back, in the same run. Median and maximum " +
      "over every change of every run.",
    "",
  );
  md.push("| backend | B learns by | changes | returned → told, median (ms) | max (ms) | began → told, median (ms) | " +
    "told before A returned | save+load floor (ms) | median / floor |");
  md.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [backend, label] of backends) {
    if (!runs(backend).length) continue;
    const notify = pooled(backend, "lists_notify_ms");
    const floor = figure(backend, "lists_floor_p50_ms");
    const by = runs(backend).find((r) => r.lists_change_by)?.lists_change_by ?? "?";
    const count = runs(backend).reduce((n, r) => n + (r.lists_changes ?? 0), 0);
    const before = runs(backend).reduce((n, r) => n + (r.lists_told_before_return ?? 0), 0);
    md.push(`| ${label} | ${by} | ${count} | ${num(notify?.median, 2)} | ${num(notify?.max, 2)} | ` +
      `${num(pooled(backend, "lists_notify_from_call_ms")?.median, 2)} | ${before} | ${cell(floor, 1, 3)} | ` +
      `${ratio(notify, floor)} |`);
  }
  md.push("");
  const failed = all.filter((r) => r.error);
  for (const r of failed) md.push(`- **${r.backend}, run ${r.run}: ${r.error}**`);
  if (failed.length) md.push("");
}
