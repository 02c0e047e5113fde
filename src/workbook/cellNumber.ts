/**
 * Reading a quantity cell: numbers, blanks, Excel errors, and numbers stored as text
 * with thousands separators or decimal commas (`1,234`, `1.234,5`, `12,5`, ` 95 %`).
 *
 * Pure.
 */
import { type Cell, isCellError } from "./grid";

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
