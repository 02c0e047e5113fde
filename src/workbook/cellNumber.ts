/**
 * Reading a quantity cell: numbers, blanks, Excel errors, and numbers stored as text
 * with thousands separators or decimal commas (`1,234`, `1.234,5`, `12,5`, ` 95 %`).
 *
 * Pure.
 */
import { serialToDate } from "../engine/period";
import { type Cell, type Grid, isCellError } from "./grid";
import { isDateFormat } from "./periodHeader";

export type NumberRead =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "numberText"; readonly value: number; readonly text: string }
  | { readonly kind: "blank" }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "error"; readonly error: string };

const BLANK: NumberRead = { kind: "blank" };
const NUMERIC_TEXT = /^[+-]?(\d[\d\s.,'\u00a0\u202f]*)?\d(%)?$|^[+-]?\.\d+%?$/;

/** Parse text that shows a number; null when it is not one. */
export function parseNumberText(raw: string): number | null {
  let t = raw.trim().replace(/^\((.*)\)$/, "-$1").replace(/[\u2212\u2013]/g, "-");
  if (t === "" || !NUMERIC_TEXT.test(t.replace(/\s+%$/, "%"))) return null;
  let percent = false;
  if (t.endsWith("%")) {
    percent = true;
    t = t.slice(0, -1).trim();
  }
  t = t.replace(/[\s'\u00a0\u202f]/g, "");
  const lastComma = t.lastIndexOf(",");
  const lastDot = t.lastIndexOf(".");
  if (lastComma >= 0 && lastDot >= 0) {
    // The separator that comes last is the decimal one.
    if (lastComma > lastDot) t = t.replace(/\./g, "").replace(",", ".");
    else t = t.replace(/,/g, "");
  } else if (lastComma >= 0) {
    const groups = t.replace(/^[+-]/, "").split(",");
    const thousands = groups.length > 1 && groups.slice(1).every((g) => g.length === 3) && (groups[0] ?? "").length <= 3 && (groups[0] ?? "") !== "";
    t = thousands ? t.replace(/,/g, "") : groups.length === 2 ? t.replace(",", ".") : "";
  } else if (lastDot >= 0 && t.indexOf(".") !== lastDot) {
    // 1.234.567: dots as thousands separators.
    t = t.replace(/\./g, "");
  }
  if (t === "") return null;
  const n = Number(t);
  if (!Number.isFinite(n)) return null;
  return percent ? n / 100 : n;
}

/** Read a cell where a number is expected. */
export function readNumber(v: Cell): NumberRead {
  if (typeof v === "number") return Number.isFinite(v) ? { kind: "number", value: v } : { kind: "text", text: String(v) };
  if (v === null) return BLANK;
  if (typeof v === "string") {
    const t = v.trim();
    if (t === "") return BLANK;
    const n = parseNumberText(t);
    return n === null ? { kind: "text", text: t } : { kind: "numberText", value: n, text: t };
  }
  if (isCellError(v)) return { kind: "error", error: v.error };
  return { kind: "text", text: v ? "TRUE" : "FALSE" };
}

/** Serials below this (dates in 1900) under a date format are taken for numbers shown with the wrong format. */
const FIRST_DATE_SERIAL = 367;

/** One-format memo of {@link isDateCell}: the cells of a column share their format string. */
let lastFormat: string | null = null;
let lastIsDate = false;

/**
 * True when a number cell shows a date: its number format is a date format (Excel turns a
 * quantity typed as `1/5` or `3-4` into a date: 2026-01-05, serial 46027). A number below 367
 * (a day of 1900) under a date format is not taken for a date: it is a quantity shown with the
 * wrong format. Small enough to be inlined in the loops over cells.
 */
export function isDateCell(grid: Grid, r: number, c: number, v: number): boolean {
  if (!(v >= FIRST_DATE_SERIAL)) return false;
  const row = grid.formats?.[r];
  if (row === undefined) return false;
  const f = row[c];
  if (f === undefined || f === null) return false;
  if (f !== lastFormat) {
    lastFormat = f;
    lastIsDate = isDateFormat(f);
  }
  return lastIsDate;
}

/** `YYYY-MM-DD` of a date serial (the grid's date system); the serial itself when out of range. */
export function serialText(v: number, date1904?: boolean): string {
  const d = serialToDate(v, date1904);
  return d === null ? String(v) : `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** The sentence of a `date-in-number` finding (see {@link isDateCell}): `what` is "a quantity", "a price", … */
export function dateMessage(serial: number, date1904: boolean | undefined, what: string): string {
  return `Date ${serialText(serial, date1904)} where ${what} was expected (Excel turns a number typed as 1/5 or 3-4 into a date; the cell holds ${serial.toLocaleString("en-US")}); read as no value.`;
}
