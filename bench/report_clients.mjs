// report_clients.mjs: the clients' section of bench/results/report.md (bench/run --client), from the "client" and
// "client_env" lines bench/run writes (one bench_client or ts_client.mjs report per client, answer mode,
// concurrency and run). Not for: measuring (bench/clients does that).
import { cell, num, ratio, stats } from "./report_numbers.mjs";

export function clientsSection(md, of) {
  const env = of("client_env")[0] ?? {};
  const rows = (client, answer, c) => of("client", { client, answer }).filter((r) => r.concurrency === c);
  const figure = (client, answer, c, name) => stats(rows(client, answer, c).map((r) => r[name]));
  const ms = (client, answer, c) => {
    const p50 = figure(client, answer, c, "p50_us"), p99 = figure(client, answer, c, "p99_us");
    return p50 ? `${num(p50.median / 1000, 3)} / ${num(p99.median / 1000, 3)}` : "–";
  };
  const concurrencies = [...new Set(of("client").map((r) => r.concurrency))].filter(Number.isFinite).sort((a, b) => a - b);

  md.push("## Clients: tools/call from our client and from the TypeScript SDK's, on one server", "");
  md.push(
    "One `bench_server` process (JSON answers; then another with SSE answers) is called by our `mcp::client` " +
      "(`bench/clients/bench_client`: the Streamable HTTP transport with its default options, on one thread) and " +
      `by the TypeScript SDK's \`Client\` with \`StreamableHTTPClientTransport\` (SDK ${env.sdk ?? "?"}, ` +
      "`bench/clients/ts_client.mjs`), one after the other in the same run (which goes first alternates between " +
      "runs). Each client opens one session and keeps N calls of `echo {text: \"hello\"}` in flight, after an " +
      "uncounted warm-up. The clients and the server share the machine's cores: the server's CPU shows when the " +
      "server, not the client, was the limit; the client's CPU per call is what the client itself costs.",
    "",
  );
  md.push("| answer | calls in flight | ours (calls/s) | TypeScript SDK (calls/s) | ours / SDK | p50 / p99 ms, ours | " +
    "p50 / p99 ms, SDK | client CPU µs/call, ours | client CPU µs/call, SDK | SDK / ours (CPU per call) | " +
    "server CPU %, ours / SDK |");
  md.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const answer of ["json", "sse"])
    for (const c of concurrencies) {
      if (!rows("ours", answer, c).length && !rows("ts", answer, c).length) continue;
      const f = (client, name) => figure(client, answer, c, name);
      const server = (client) => num(f(client, "server_cpu_pct")?.median, 0);
      md.push(`| ${answer.toUpperCase()} | ${c} | ${cell(f("ours", "per_second"))} | ${cell(f("ts", "per_second"))} | ` +
        `${ratio(f("ours", "per_second"), f("ts", "per_second"))} | ${ms("ours", answer, c)} | ${ms("ts", answer, c)} | ` +
        `${cell(f("ours", "load_cpu_us_per_request"), 1, 1)} | ${cell(f("ts", "load_cpu_us_per_request"), 1, 1)} | ` +
        `${ratio(f("ts", "load_cpu_us_per_request"), f("ours", "load_cpu_us_per_request"))} | ` +
        `${server("ours")} / ${server("ts")} |`);
    }
  md.push("");
  const failed = of("client").filter((r) => r.error || r.first_failure);
  for (const r of failed) md.push(`- **${r.client} client, ${r.answer}, run ${r.run}: ${r.error ?? r.first_failure}**`);
  if (failed.length) md.push("");
}
