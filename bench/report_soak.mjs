// bench/report_soak.mjs: the soak's samples (bench/soak) as a Markdown report with its verdicts.
// Usage: node bench/report_soak.mjs soak.jsonl MINUTES
import fs from 'node:fs';

const [file, minutes] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const samples = lines.filter((l) => l.kind === 'sample');
const one = (kind) => lines.find((l) => l.kind === kind);
const warm = samples.filter((s) => s.t_s >= 60);
const growth = (key) => {
  if (warm.length < 2) return NaN;
  const least = Math.min(...warm.map((s) => s[key]));
  return (100 * (warm.at(-1)[key] - least)) / least;
};
const idle = one('idle').report;
const streams = one('streams').report;
const churn = one('churn');
const flood = one('flood');
const errors = (idle.errors ?? 0) + (streams.errors ?? 0) + (churn.report.errors ?? 0);
const rssGrowth = growth('rss_kb');
const fdGrowth = growth('fds');
const mb = (kb) => (kb / 1024).toFixed(1);
const verdict = (pass) => (pass ? 'pass' : '**FAIL**');
const floodSessions = flood.report.sessions ?? flood.report.ok ?? 0;
const perSession = (flood.rss_after_kb - flood.rss_before_kb) / Math.max(1, floodSessions);

const out = [];
out.push(`# Soak: ${idle.sessions ?? idle.ok ?? '?'} idle sessions, ${streams.streams} GET streams, churn for ${minutes} min`);
out.push('');
out.push('| figure | value | target | verdict |');
out.push('|---|---|---|---|');
out.push(`| failed requests (idle set-up, streams, churn) | ${errors} | 0 | ${verdict(errors === 0)} |`);
out.push(`| server alive at the end | ${churn.server_alive ? 'yes' : 'no'} | yes | ${verdict(churn.server_alive === 1)} |`);
out.push(`| sessions churned | ${churn.report.requests} (${Math.round(churn.report.per_second)}/s) | | |`);
out.push(`| resident memory after warm-up: least, last, growth | ${mb(Math.min(...warm.map((s) => s.rss_kb)))} MB, ` +
  `${mb(warm.at(-1).rss_kb)} MB, ${rssGrowth.toFixed(2)}% | < 5% | ${verdict(rssGrowth < 5)} |`);
out.push(`| open descriptors after warm-up: least, last, growth | ${Math.min(...warm.map((s) => s.fds))}, ` +
  `${warm.at(-1).fds}, ${fdGrowth.toFixed(2)}% | < 5% | ${verdict(fdGrowth < 5)} |`);
out.push(`| initialize flood: ${floodSessions} sessions with 15,000-byte capabilities | ` +
  `${mb(flood.rss_before_kb)} MB -> ${mb(flood.rss_after_kb)} MB (${perSession.toFixed(1)} KB a session) | ` +
  `< 1,000 MB (10,000 x 16 KiB x ~5 copies) | ${verdict(flood.rss_after_kb < 1000 * 1024)} |`);
const refused = (flood.oversized.errors ?? 0) === 1;
out.push(`| an initialize with 20,000-byte capabilities | ${refused ? 'refused' : 'accepted'} | refused (-32602) | ` +
  `${verdict(refused)} |`);
out.push('');
out.push('Samples (every 10 s): t, resident memory, descriptors');
out.push('');
out.push('```');
for (const s of samples) out.push(`${String(s.t_s).padStart(4)} s  ${mb(s.rss_kb).padStart(8)} MB  ${String(s.fds).padStart(6)} fds`);
out.push('```');
console.log(out.join('\n'));
