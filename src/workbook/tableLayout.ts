/**
 * Table layout detection: where the header row is (below any title rows), what each
 * column means, and whether a time-phased range is wide (one column per period) or
 * long (one row per key and period).
 *
 * Pure: grids in, layout descriptions out.
 */
import type { Period, PeriodKind } from "../engine/period";
import type { FindingSink } from "./findings";
import { type Cell, type Grid, formatAt, gridWidth, isBlank, isCellError, rangeAddress } from "./grid";
import { type ColumnKind, type HeaderMatch, matchHeader } from "./headerMatch";
import { isDateFormat, parsePeriodHeader, parsePeriodHeaderRow } from "./periodHeader";

/** One column of a detected table. */
export interface ColumnInfo {
  /** Grid-relative column index. */
  readonly col: number;
  /** Header text as shown (dates rendered as their period key). */
  readonly header: string;
  readonly match: HeaderMatch | null;
  readonly period: Period | null;
}

/** A detected header row and its columns. */
export interface HeaderInfo {
  /** Grid-relative row of the header. */
  readonly row: number;
  readonly columns: readonly ColumnInfo[];
  /** Kind of the period columns (wide layout), null when none. */
  readonly periodKind: PeriodKind | null;
  /** Number of period columns. */
  readonly periodCount: number;
  /** Text of the rows above the header (title block), for measures such as "revenue (EUR)". */
  readonly titleText: string;
}

/** How many rows below the top are searched for the header row. */
export const HEADER_SCAN_ROWS = 30;

function headerText(v: Cell): string {
  if (v === null) return "";
  if (isCellError(v)) return v.error;
  return String(v).trim();
}

/**
 * Find the header row: the row in the first 30 with the most recognised headers
 * (named columns and period columns), needing at least two recognised cells, or one
 * named column and a period. Returns null when no row qualifies.
 */
export function detectHeader(grid: Grid): HeaderInfo | null {
  const rows = Math.min(grid.values.length, HEADER_SCAN_ROWS);
  let best: { row: number; score: number } | null = null;
  const width = gridWidth(grid);
  for (let r = 0; r < rows; r++) {
    const values = headerCells(grid, r);
    let named = 0;
    let texts = 0;
    for (const v of values) {
      if (typeof v === "string" && v.trim() !== "") {
        texts++;
        if (matchHeader(v) !== null) named++;
      }
    }
    if (texts === 0 && values.every((v) => typeof v !== "number")) continue;
    const pr = periodRow(grid, r);
    const periods = pr.count;
    const score = named * 2 + Math.min(periods, 6);
    const qualifies = named >= 2 || (named >= 1 && periods >= 1);
    if (qualifies && (best === null || score > best.score)) best = { row: r, score };
  }
  if (best === null) return null;
  const r = best.row;
  const pr = periodRow(grid, r);
  const cells = headerCells(grid, r);
  const columns: ColumnInfo[] = [];
  for (let c = 0; c < width; c++) {
    const v = cells[c] ?? null;
    const period = pr.periods[c] ?? null;
    if (period !== null) {
      columns.push({ col: c, header: period.kind === "month" ? `${period.year}-${String(period.num).padStart(2, "0")}` : `${period.year}-W${String(period.num).padStart(2, "0")}`, match: null, period });
      continue;
    }
    const text = headerText(v);
    columns.push({ col: c, header: text, match: text === "" ? null : matchHeader(text), period: null });
  }
  const title: string[] = [];
  for (let t = 0; t < r; t++) for (const v of grid.values[t] ?? []) if (typeof v === "string" && v.trim() !== "") title.push(v.trim());
  return { row: r, columns, periodKind: pr.kind, periodCount: pr.count, titleText: title.join(" ") };
}

/**
 * The cells of a candidate header row. A blank cell under a recognised column name is
 * that name: a header cell merged down two rows (`Item` over a row of months) leaves
 * the lower cell blank, in Excel as in the file.
 */
function headerCells(grid: Grid, r: number): readonly Cell[] {
  const row = grid.values[r] ?? [];
  if (r === 0) return row;
  const above = grid.values[r - 1] ?? [];
  let out: Cell[] | null = null;
  for (let c = 0; c < above.length; c++) {
    const a = above[c];
    if (typeof a !== "string" || a.trim() === "" || !isBlank(row[c] ?? null)) continue;
    if (parsePeriodHeader(a) !== null || matchHeader(a) === null) continue;
    out ??= [...row];
    while (out.length <= c) out.push(null);
    out[c] = a;
  }
  return out ?? row;
}

/** Text compared case- and space-insensitively: trimmed, runs of white space as one space, lower case. */
function normalText(t: string): string {
  return t.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * `normalText(a) === normal` (normal: a header's normalised text), without building a string
 * for the common cell: printable ASCII with single spaces between words is its own normal form
 * but for case, so a length that differs already says no.
 */
function sameText(a: string, normal: string): boolean {
  let plain = a.length > 0 && a.charCodeAt(0) !== 0x20 && a.charCodeAt(a.length - 1) !== 0x20;
  for (let i = 0; plain && i < a.length; i++) {
    const c = a.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || (c === 0x20 && a.charCodeAt(i + 1) === 0x20)) plain = false;
  }
  if (plain) return a.length === normal.length && a.toLowerCase() === normal;
  return normalText(a) === normal;
}

/** The normalised header text of each column (`normalText`), per header: a table's rows share it. */
const normalHeaders = new WeakMap<HeaderInfo, readonly string[]>();

function normalHeadersOf(h: HeaderInfo): readonly string[] {
  let n = normalHeaders.get(h);
  if (n === undefined) normalHeaders.set(h, (n = h.columns.map((c) => normalText(c.header))));
  return n;
}

/**
 * True when a data row repeats the header row (ERP reports print one header per page):
 * at least two of its cells say what the header says (same name, same period) and they
 * are most of the row's non-blank cells.
 */
export function isRepeatedHeader(grid: Grid, r: number, h: HeaderInfo): boolean {
  if (r === h.row) return false;
  const row = grid.values[r];
  if (row === undefined) return false;
  let same = 0;
  let differ = 0;
  const normal = normalHeadersOf(h);
  const columns = h.columns;
  const n = columns.length;
  for (let k = 0; k < n; k++) {
    // Even if every column left said the same, the row could not be mostly header: stop here.
    if (same + (n - k) <= differ) return false;
    const c = columns[k]!;
    const cell = row[c.col];
    const v = cell === undefined ? null : cell;
    if (isBlank(v)) continue;
    if (c.period !== null) {
      const p = typeof v === "string" || isDateFormat(formatAt(grid, r, c.col)) ? parsePeriodHeader(v, formatAt(grid, r, c.col), grid.date1904) : null;
      if (p !== null && p.kind === c.period.kind && p.year === c.period.year && p.num === c.period.num) same++;
      else differ++;
    } else if (c.header !== "" && typeof v === "string" && sameText(v, normal[k]!)) same++;
    else differ++;
  }
  return same >= 2 && same > differ;
}

/** A plain year in a cell: 2025 or "2025" (1990–2100). */
function yearOf(v: Cell): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\s*\d{4}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1990 && n <= 2100 ? n : null;
}

/**
 * The periods of a header row. When the row holds month names without a year (`Jan`,
 * `Feb`, …) under a row of years (often merged cells: the year sits in the first cell of
 * its block), the two rows are read together: `Jan` under `2025` is 2025-01.
 */
function periodRow(grid: Grid, r: number): ReturnType<typeof parsePeriodHeaderRow> {
  const values = grid.values[r] ?? [];
  const direct = parsePeriodHeaderRow(values, grid.formats?.[r] ?? null, grid.date1904);
  if (direct.count >= 2 || r === 0) return direct;
  const above = grid.values[r - 1] ?? [];
  let year: number | null = null;
  let monthOnly = 0;
  const combined: Cell[] = values.map((v, c) => {
    const y = yearOf(above[c] ?? null);
    if (y !== null) year = y;
    else if (!isBlank(above[c] ?? null)) year = null;
    if (typeof v !== "string" || year === null || parsePeriodHeader(v) !== null) return v;
    const withYear = `${v.trim()} ${year}`;
    if (parsePeriodHeader(withYear) === null) return v;
    monthOnly++;
    return withYear;
  });
  if (monthOnly < 2) return direct;
  return parsePeriodHeaderRow(combined, grid.formats?.[r] ?? null, grid.date1904);
}

/** First column of one of the given kinds, in the order of preference of `kinds`. */
export function findColumn(h: HeaderInfo, ...kinds: ColumnKind[]): ColumnInfo | undefined {
  for (const k of kinds) {
    const c = h.columns.find((x) => x.match?.kind === k);
    if (c) return c;
  }
  return undefined;
}

/** Headers of computed columns (totals, averages, year-to-date) that are neither keys nor attributes. */
const NOT_ATTRIBUTE = /^(grand\s*)?(sub\s*)?totals?\b|\btotals?$|^sum\b|^ytd\b|^avg\b|^average\b|^fy\s*\d|^(comments?|notes?|remarks?)$/i;

/** Columns that carry no known meaning but have header text: kept as attributes. */
export function attributeColumns(h: HeaderInfo, used: ReadonlySet<number>): ColumnInfo[] {
  return h.columns.filter(
    (c) =>
      !used.has(c.col) &&
      c.period === null &&
      c.header !== "" &&
      !NOT_ATTRIBUTE.test(c.header) &&
      (c.match === null || c.match.kind === "attribute" || c.match.kind === "family" || c.match.kind === "description" || c.match.kind === "unit"),
  );
}

/** Canonical attribute name of a column: Family, Description, Region, or the header text. */
export function attributeName(c: ColumnInfo): string {
  if (c.match?.kind === "family") return "Family";
  if (c.match?.kind === "description") return "Description";
  if (c.match?.kind === "unit") return "Unit";
  if (c.match?.attribute) return c.match.attribute;
  return c.header;
}

const TOTAL_RE = /^(grand\s*total|sub\s*-?\s*total|total|totals|sum|gesamt|summe)\b|\b(total|subtotal|totals)$/i;

/** True when a key text marks a total or subtotal row ("Total", "Subtotal Pumps", "Pumps total", "Grand total"). */
export function isTotalLabel(v: Cell): boolean {
  return typeof v === "string" && hasSOrT(v) && TOTAL_RE.test(v.trim());
}

/** True when a text has an s or a t (either case): every total label has one, most keys (`2026-01`, `PMP-1002`) have none. */
function hasSOrT(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i) | 0x20;
    if (c === 0x73 || c === 0x74) return true;
  }
  return false;
}

/** True when every cell of a grid row is blank. */
export function isBlankRow(grid: Grid, row: number): boolean {
  const r = grid.values[row];
  if (r === undefined) return true;
  for (const v of r) if (!isBlank(v)) return false;
  return true;
}

/** Text of a key or attribute cell: trimmed string, numbers as written (item 1001), null when blank. */
export function keyText(v: Cell): string | null {
  if (v === null) return null;
  if (typeof v === "string") {
    const t = v.trim();
    return t === "" ? null : t;
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : null;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return null;
}

/**
 * The header of a grid, or null after reporting why there is none: an empty range, or no
 * header row in the first 30 rows (`expected` says what was looked for).
 */
export function headerOrFinding(grid: Grid, label: string, role: string, expected: string, out: FindingSink): HeaderInfo | null {
  const width = gridWidth(grid);
  if (grid.values.length === 0 || width === 0) {
    out.add({ severity: "error", code: "range-empty", role, address: label, message: `${label} is empty.` });
    return null;
  }
  const h = detectHeader(grid);
  if (h === null) {
    out.add({
      severity: "error",
      code: "header-not-found",
      role,
      address: rangeAddress(grid.sheet, grid.top, grid.left, Math.min(grid.values.length, HEADER_SCAN_ROWS), width),
      message: `No header row found in the first ${HEADER_SCAN_ROWS} rows of ${label}: expected ${expected}.`,
    });
  }
  return h;
}
