// report_coldstart.mjs: the Lambda cold-start section of bench/results/report.md (issue 7), from the
// "coldstart" and "coldstart_env" lines bench/run writes (bench/lambda/coldstart.mjs, one line per cold start).
// Not for: measuring.
import { cell, num, ratio, stats } from "./report_numbers.mjs";

const peers = [
  ["ours-buffered", "ours: `examples/lambda` (release build)", "buffered"],
  ["ours-streaming", "ours: `examples/lambda` (release build)", "streaming"],
  ["bootstrap-buffered", "ours: packaged `bootstrap` (bootstrap.zip)", "buffered"],
  ["bootstrap-streaming", "ours: packaged `bootstrap` (bootstrap.zip)", "streaming"],
  ["ours-streaming-dynamodb", "ours: `examples/lambda`, sessions in DynamoDB (dynalite)", "streaming"],
  ["node-floor-buffered", "Node.js floor: aws-lambda-ric + a fixed answer", "buffered"],
  ["node-floor-streaming", "Node.js floor: aws-lambda-ric + a fixed answer", "streaming"],
  ["ts-sdk-buffered", "TypeScript SDK, stateless, under aws-lambda-ric", "buffered"],
  ["ts-sdk-streaming", "TypeScript SDK, stateless, under aws-lambda-ric", "streaming"],
];

export function coldstartSection(md, of) {
  const env = of("coldstart_env")[0] ?? {};
  const runs = (peer) => of("coldstart", { peer });
  const figure = (peer, name, scale = 1) => stats(runs(peer).map((r) => r[name] * scale));
  const n = stats(peers.map(([p]) => runs(p).length).filter(Boolean))?.max ?? 0;

  md.push("## Lambda cold start: process start to the first initialize answer (issue 7)", "");
  md.push(
    `${n} cold starts per function through \`tools/lambda_emulator\` (Function URL events, one copy): ` +
      "`POST /_emulator/restart` kills the function's process, then an initialize is timed from the client (the " +
      "emulator starts a new process when the request arrives, so this is process start to the last byte of the " +
      "answer, plus the emulator's relay); *emulator cold start* is its `coldStartMs` (spawn to the end of the " +
      "first response), *init* its `initMs` (spawn to the first `/next`: what Lambda reports as Init Duration); " +
      "RSS is the function process's resident memory read when the first response ended. *Warm* is a second " +
      "initialize on the same process. Ours runs with in-memory sessions (`MCP_LAMBDA_CONFIG=development`) " +
      "unless the row says DynamoDB (production configuration against dynalite: the start then also checks both " +
      "tables, and the initialize writes the session).",
    "",
  );
  md.push("| function | mode | first initialize, client (ms) | emulator cold start (ms) | init (ms) | " +
    "RSS after first invocation (MB) | warm initialize (ms) |");
  md.push("|---|---|---:|---:|---:|---:|---:|");
  for (const [peer, label, mode] of peers) {
    if (!runs(peer).length) continue;
    md.push(`| ${label} | ${mode} | ${cell(figure(peer, "client_ms"), 1, 1)} | ` +
      `${cell(figure(peer, "cold_start_ms"), 1, 1)} | ${cell(figure(peer, "init_ms"), 1, 1)} | ` +
      `${cell(figure(peer, "rss_kib", 1 / 1024), 1, 1)} | ${cell(figure(peer, "warm_ms"), 1, 2)} |`);
  }
  md.push("");
  for (const r of of("coldstart").filter((x) => x.error)) md.push(`- **${r.peer}, run ${r.run}: ${r.error}**`);

  md.push("Ratios of medians (the peer divided by ours, same mode):", "");
  md.push("| mode | cold start (client): TS SDK / ours | Node floor / ours | RSS: TS SDK / ours | Node floor / ours |");
  md.push("|---|---:|---:|---:|---:|");
  for (const mode of ["buffered", "streaming"]) {
    const ours = `ours-${mode}`, sdk = `ts-sdk-${mode}`, floor = `node-floor-${mode}`;
    md.push(`| ${mode} | ${ratio(figure(sdk, "client_ms"), figure(ours, "client_ms"))} | ` +
      `${ratio(figure(floor, "client_ms"), figure(ours, "client_ms"))} | ` +
      `${ratio(figure(sdk, "rss_kib"), figure(ours, "rss_kib"))} | ${ratio(figure(floor, "rss_kib"), figure(ours, "rss_kib"))} |`);
  }
  md.push("");
  md.push(
    `The Node.js peers run on Node ${of("machine")[0]?.node ?? "22"} under AWS's runtime interface client ` +
      `aws-lambda-ric ${env.ric ?? "?"}; the SDK is @modelcontextprotocol/sdk ${env.sdk ?? "?"}, imported at init ` +
      "as a deployed function would. The emulator runs each function as a plain child process on this machine: " +
      "no Firecracker micro-VM, no download of the code package, no freezing between invocations, no memory " +
      "limit, and a whole core: Lambda gives a function CPU in proportion to its memory setting (a fraction of a " +
      "core below 1,769 MB), which slows every peer's start there. On AWS a cold start adds the platform's own share (the sandbox and the package), which does not " +
      "depend on what runs inside; AWS's managed Node.js runtime is not exactly aws-lambda-ric on stock Node " +
      "(it is close: the same client, AWS's own Node build). What this measures is what the function itself " +
      "adds: process start, dynamic linking or module loading, the server's set-up, and the first answer.",
    "",
  );
  erasTable(md, figure);
  if (env.bootstrap_zip_date)
    md.push(`The packaged \`bootstrap\` rows run \`build/lambda/bootstrap.zip\` as \`examples/lambda/package.sh\` ` +
      `left it on ${env.bootstrap_zip_date} (stripped, its libraries bundled in lib/; it may predate the commit ` +
      "above).", "");
}

// Ours in both protocol eras (docs/eras.md): the first tool result after a cold start and a warm tools/call.
function erasTable(md, figure) {
  const pairs = [
    ["ours-buffered", "in-memory sessions", "buffered"],
    ["ours-streaming", "in-memory sessions", "streaming"],
    ["ours-streaming-dynamodb", "sessions in DynamoDB (dynalite)", "streaming"],
  ].filter(([peer]) => figure(`${peer}-2026`, "first_call_ms") && figure(peer, "first_call_ms"));
  if (!pairs.length) return;
  md.push("### The 2026-07-28 era next to 2025-11-25 on Lambda", "");
  md.push(
    "The same function, configuration and cold starts, called as a 2025-11-25 client (initialize, " +
      "notifications/initialized, then `tools/call test_simple_text`: three invocations before the first tool " +
      "result) and as a 2026-07-28 client (the `tools/call` alone, its version and capabilities in `_meta`, no " +
      "session). *Warm tools/call* is one more call on the same process: on the 2025 session, or another " +
      "2026-07-28 request. Ratios are 2026-07-28 / 2025-11-25 of medians.",
    "",
  );
  md.push("| function | mode | first tool result, cold, 2025-11-25 (ms) | 2026-07-28 (ms) | 2026 / 2025 | " +
    "warm tools/call, 2025-11-25 (ms) | 2026-07-28 (ms) | 2026 / 2025 | init, 2025 / 2026 (ms) |");
  md.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const [peer, label, mode] of pairs) {
    const f = (era, name) => figure(era === "2026" ? `${peer}-2026` : peer, name);
    md.push(`| ours: \`examples/lambda\`, ${label} | ${mode} | ${cell(f("2025", "first_call_ms"), 1, 1)} | ` +
      `${cell(f("2026", "first_call_ms"), 1, 1)} | ${ratio(f("2026", "first_call_ms"), f("2025", "first_call_ms"), 2)} | ` +
      `${cell(f("2025", "warm_call_ms"), 1, 2)} | ${cell(f("2026", "warm_call_ms"), 1, 2)} | ` +
      `${ratio(f("2026", "warm_call_ms"), f("2025", "warm_call_ms"), 2)} | ` +
      `${num(f("2025", "init_ms")?.median, 1)} / ${num(f("2026", "init_ms")?.median, 1)} |`);
  }
  md.push("");
}
