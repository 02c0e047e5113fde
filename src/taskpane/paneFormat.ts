/**
 * The pane's shared ways of writing figures and places: percentages and signed figures with a
 * typographic minus, counted nouns, spans of months, large amounts in short, and the cells of
 * an output sheet as written (a clash with a planner's sheet gives it a new name). Used by the
 * Demand and Supply steps alike.
 *
 * Pure: plain data in, strings out. No React, no Office.js, no worker.
 */
import type { WriteResult } from "../workbook/host";

/** The typographic minus sign (U+2212): "−3.1", as a planner reads it. */
export const MINUS = "\u2212";

/** A number with `digits` decimals and a typographic minus; a value that rounds to zero has no sign. */
export function fixed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  const zero = Number(text) === 0;
  return zero || value >= 0 ? text : `${MINUS}${text}`;
}

/** Same, with "+" before a positive value. */
export function signedFixed(value: number, digits: number): string {
  const text = fixed(value, digits);
  return Number(Math.abs(value).toFixed(digits)) === 0 || value < 0 ? text : `+${text}`;
}

/** A fraction as a percentage: 0.877 → "87.7 %"; null → "n/a". */
export function percent(fraction: number | null, digits = 1): string {
  return fraction === null || !Number.isFinite(fraction) ? "n/a" : `${fixed(fraction * 100, digits)} %`;
}

/** A fraction as a signed percentage: 0.123 → "+12.3 %", −0.04 → "−4.0 %", 0.0004 → "0.0 %"; null → "n/a". */
export function signedPercent(fraction: number | null, digits = 1): string {
  return fraction === null || !Number.isFinite(fraction) ? "n/a" : `${signedFixed(fraction * 100, digits)} %`;
}

/** "Sales" → "Sales", "statistical" → "Statistical". */
export function capitalise(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** A count and its noun: 1 → "1 month", 3 → "3 months", 1200 → "1,200 months". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** A span of months: "2026-11 … 2028-04 (18 months)", "2026-10 (1 month)"; "" when there is none. */
export function monthSpan(periods: readonly string[]): string {
  if (periods.length === 0) return "";
  if (periods.length === 1) return `${periods[0]} (1 month)`;
  return `${periods[0]} … ${periods[periods.length - 1]} (${plural(periods.length, "month")})`;
}

/** A whole amount with thousands separators and a typographic minus: 1234.6 → "1,235", −5 → "−5"; not finite → "n/a". */
export function wholeAmount(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const r = Math.round(v);
  const text = Math.abs(r).toLocaleString("en-US");
  return r < 0 ? `${MINUS}${text}` : text;
}

const UNITS: readonly (readonly [number, string])[] = [
  [1e3, "k"],
  [1e6, "M"],
  [1e9, "bn"],
];

/**
 * A large amount in short, three significant digits: below 10,000 it is written whole
 * ("9,876"), above in thousands, millions or billions: 12,345 → "12.3 k", 2,341,794 →
 * "2.34 M", 94,440,426 → "94.4 M", 256,933,802 → "257 M"; a value that rounds up to the next
 * unit takes it (999,600 → "1.00 M"). Not finite → "n/a".
 */
export function shortAmount(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  if (Math.round(a) < 10_000) return wholeAmount(v);
  const sign = v < 0 ? MINUS : "";
  for (const [scale, unit] of UNITS) {
    const x = Number((a / scale).toPrecision(3));
    if (x < 1000 || unit === "bn") return `${sign}${x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0)} ${unit}`;
  }
  return wholeAmount(v);
}

/** Same, with "+" before a positive amount: 3,616,233 → "+3.62 M". */
export function signedShortAmount(v: number): string {
  const text = shortAmount(v);
  return v > 0 && Number.isFinite(v) ? `+${text}` : text;
}

/** The name a requested output sheet got when written (a clash with a planner's sheet gives a new name). */
export function writtenSheet(requested: string, written: WriteResult | null): string {
  const hit = written?.sheets.find((s) => s.requested.toLowerCase() === requested.toLowerCase());
  return hit ? hit.written : requested;
}

/** `'SOP Accuracy'!A57`: the cells something points at, on its sheet as written, for selecting them in Excel. */
export function sheetAddress(at: { readonly sheet: string; readonly address: string }, written: WriteResult | null): string {
  const sheet = writtenSheet(at.sheet, written);
  return `'${sheet.replace(/'/g, "''")}'!${at.address}`;
}
