// report_numbers.mjs: how bench/report.mjs and its section modules turn runs into cells: median [min-max],
// ratios and percentages of medians, numbers with thousands separators. Not for: reading results.
export function stats(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}
export function num(x, digits) {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  return x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}
// "12,345 [12,001–12,700]"
export function cell(s, scale = 1, digits) {
  if (!s) return "–";
  const f = (x) => num(x * scale, digits);
  return s.n > 1 ? `${f(s.median)} [${f(s.min)}–${f(s.max)}]` : f(s.median);
}
export function ratio(a, b, digits = 1) {
  return a && b && b.median > 0 ? `${num(a.median / b.median, digits)}×` : "–";
}
export function percent(a, b) {
  return a && b && b.median > 0 ? `${num((100 * a.median) / b.median, 0)}%` : "–";
}
