/**
 * Numbers in sentences: the one way the engine writes units, percentages and money into the
 * texts planners read (decisions, adherence, the agenda). Sheets keep full-precision numbers with
 * Excel formats; these are only for words.
 *
 * - units: whole, en-US grouping (1,240);
 * - percent: one decimal, a true minus sign, "+" when asked (−12.4 %, +3.0 %), "n/a" for null;
 * - money: 28 k, 2.05 M, 950; a true minus sign, "+" when asked.
 *
 * Pure; no I/O.
 */

/** 1,240 (whole units, en-US grouping). */
export function formatUnits(v: number): string {
  return Math.round(v).toLocaleString("en-US");
}

/** "92.4 %", "−3.0 %", with `signed` "+3.0 %"; "n/a" for null. */
export function formatPct(p: number | null, signed = false): string {
  if (p === null || !Number.isFinite(p)) return "n/a";
  const x = Math.round(p * 1000) / 10;
  if (!Number.isFinite(x)) return "n/a"; // beyond 1.8e305: × 1000 overflows
  if (x === 0) return "0.0 %";
  return `${x < 0 ? "\u2212" : signed ? "+" : ""}${Math.abs(x).toFixed(1)} %`;
}

/** Points of a share, signed: 0.086 → "+8.6 pts", −0.072 → "−7.2 pts"; "n/a" for null. */
export function formatPoints(p: number | null): string {
  const t = formatPct(p, true);
  return t === "n/a" ? t : t.replace(" %", " pts");
}

/** "−12.4 %", "+3.0 %" (one decimal, true minus sign); "n/a" for null. */
export function formatSignedPct(p: number | null): string {
  return formatPct(p, true);
}

/** 950, 28 k, 2.05 M (a true minus sign; "+" when `signed` and positive). */
export function formatMoney(v: number, signed = false): string {
  const a = Math.abs(v);
  const s = a >= 1e6 ? `${(a / 1e6).toFixed(2)} M` : a >= 1e4 ? `${(a / 1e3).toFixed(0)} k` : formatUnits(a);
  return v < 0 && s !== "0" ? `\u2212${s}` : signed && v > 0 ? `+${s}` : s;
}
