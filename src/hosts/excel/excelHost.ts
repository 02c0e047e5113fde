/**
 * The Office.js host: the open workbook inside Excel, through `Excel.run`.
 *
 * The only module of the project that talks to Office.js (with its pure helpers
 * `chunks.ts` and `ownership.ts`). It behaves like the .xlsx host (`hosts/file`):
 * same grids, same messages for a source that cannot be read, same sheet naming, same
 * settings sheet; the difference is that everything happens in the planner's own
 * workbook, so round trips (`context.sync()`) are counted and kept few:
 *
 * - `describe()`: two syncs (the lists of sheets, tables and names; then used ranges,
 *   table ranges, ownership marks and the saved settings). On a first run (no
 *   `SOP_Settings` sheet yet) the second sync also fetches what the mapping proposal
 *   reads next (the first rows of each sheet, the tables), so the proposal costs no sync.
 * - `read()`: addresses come from `describe()`'s view (kept for `cacheMs`), so every
 *   source is read in one sync: `values`, `numberFormat`, `valueTypes` and the visible
 *   cells (hidden rows). Ranges over the cell budget are read in row chunks; chunks of
 *   all sources share syncs up to the byte budget of one sync.
 * - `write()`: transactional. New content is written into hidden temporary sheets
 *   (first sync: create them, mark them, write the first chunks; one more sync per
 *   further ~4 MB of content), then the last sync swaps them in: the add-in's previous
 *   sheets are renamed aside, the new ones renamed to their names and shown, the old
 *   ones deleted. A failure at any point removes what this write created and puts the
 *   previous sheets back under their names.
 *
 * Text is kept as text by giving every text cell the Text number format (`@`) in the
 * same sync, before its value: Excel then stores `=1+1`, `+A1`, `-3+2`, `@SUM(A1)`,
 * `2026-11` or `007` as typed instead of turning them into formulas, dates or numbers.
 *
 * A sheet's native charts (`SheetSpec.charts`) are added after its values, in the same batch
 * (no sync of their own): `worksheet.charts.add(type, range, "Columns")`, then title, legend,
 * position (`setPosition(start, end)`), line series of a combination chart (ExcelApi 1.7) and
 * the value axis format (ExcelApi 1.8) where supported.
 */
import { type A1Range, type Cell, type Grid, cellA1, columnLetters, mergesInGrid, parseA1 } from "../../workbook/grid";
import type { NameInfo, Progress, ReadResult, SheetInfo, SourceError, TableInfo, WorkbookHost, WorkbookInfo, WriteResult } from "../../workbook/host";
import { isSourceError } from "../../workbook/host";
import { type RangeSource, type Settings, SETTINGS_SHEET, sheetRangeOf } from "../../workbook/mapping";
import { PROPOSAL_HEAD_ROWS, isOwnSheetName } from "../../workbook/roleProposal";
import { settingsFromGrid, settingsToSheet } from "../../workbook/settingsSheet";
import { type ChartKind, type ChartSpec, type ConditionalSpec, type OutCell, type SheetSpec, type TableSpec, freeSheetName, isFormulaCell, safeSheetName } from "../../workbook/sheetSpec";
import {
  DEFAULT_READ_CHUNK_CELLS,
  DESKTOP_SYNC_BYTES,
  MAX_CELLS_PER_READ,
  OP_OVERHEAD_BYTES,
  READ_BYTES_PER_CELL,
  WEB_SYNC_BYTES,
  columnWidthPoints,
  jsonBytes,
  packBySize,
  rowSpansByBytes,
  rowSpansByCells,
} from "./chunks";
import { OWNER_NAME, OWNER_PROPERTY, type OwnerMark, backupSheetName, isTempName, markText, newRunId, ownsSheet, parseMark, tempSheetName } from "./ownership";

// ---------------------------------------------------------------------------
// Public surface

/** One batch of Office.js work inside `Excel.run`. */
export type ExcelBatch<T> = (context: Excel.RequestContext) => Promise<T>;
/** Runs a batch: `Excel.run` in the add-in, a fake in tests. */
export type ExcelRunner = <T>(batch: ExcelBatch<T>) => Promise<T>;

export interface ExcelHostOptions {
  /** Label for messages and the Data Check sheet (default "this workbook"). */
  readonly label?: string;
  /** Where Excel runs; decides the read budget (default: detected from Office.js, else "web"). */
  readonly platform?: "web" | "desktop";
  /** Estimated response bytes one read sync may carry (default 4 MB on the web, 32 MB on desktop). */
  readonly readSyncBytes?: number;
  /** Request bytes one write sync may carry (default 4 MB on every platform). */
  readonly writeSyncBytes?: number;
  /** Cells per read chunk (default 200,000; never above Excel's 5,000,000). */
  readonly readChunkCells?: number;
  /** Requirement-set check (default `Office.context.requirements.isSetSupported`). */
  readonly supports?: (set: string, version: string) => boolean;
  /** How long `describe()`'s view of sheets, tables and names serves reads (default 60 s). */
  readonly cacheMs?: number;
  /** Clock (tests). */
  readonly now?: () => number;
  /** Id of a write (tests). */
  readonly runId?: () => string;
}

/** A failure of the Office.js host, as a sentence for the planner. */
export class ExcelHostError extends Error {
  override readonly name = "ExcelHostError";
}

// ---------------------------------------------------------------------------
// Boxes (zero-based, inclusive of top/left, `rows` × `cols` cells)

interface Box {
  readonly top: number;
  readonly left: number;
  readonly rows: number;
  readonly cols: number;
}

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;
/** Rows per band when a range's merged areas are asked band by band (Excel gives at most 512 per call). */
const MERGE_BAND_ROWS = 128;
/** A loaded block up to this size stays in the view, so a second read of it costs no sync. */
const CACHE_MAX_CELLS = 250_000;
const TABLE_STYLE = "TableStyleMedium2";
/** Excel's limit on the text of one cell. */
const MAX_CELL_TEXT = 32767;

function boxOfA1(r: A1Range): Box {
  return { top: r.top, left: r.left, rows: r.bottom - r.top + 1, cols: r.right - r.left + 1 };
}

function intersect(a: Box, b: Box): Box | null {
  const top = Math.max(a.top, b.top);
  const left = Math.max(a.left, b.left);
  const bottom = Math.min(a.top + a.rows, b.top + b.rows);
  const right = Math.min(a.left + a.cols, b.left + b.cols);
  if (bottom <= top || right <= left) return null;
  return { top, left, rows: bottom - top, cols: right - left };
}

function within(inner: Box, outer: Box): boolean {
  return inner.top >= outer.top && inner.left >= outer.left && inner.top + inner.rows <= outer.top + outer.rows && inner.left + inner.cols <= outer.left + outer.cols;
}

/** `B3:F40` (a single cell gives `B3`). */
function addressOf(b: Box): string {
  const a = cellA1(b.top, b.left);
  if (b.rows === 1 && b.cols === 1) return a;
  return `${a}:${cellA1(b.top + b.rows - 1, b.left + b.cols - 1)}`;
}

interface Dims {
  readonly rowIndex: number;
  readonly columnIndex: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

function boxOfRange(r: Dims): Box {
  return { top: r.rowIndex, left: r.columnIndex, rows: r.rowCount, cols: r.columnCount };
}

const DIMS = "rowIndex,columnIndex,rowCount,columnCount";
const CELLS = "values,numberFormat,valueTypes";

/** Split an address list (`Sheet1!A1:B4, 'My, sheet'!D1`) at the commas outside quotes. */
function splitAreas(address: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out;
}

/** One area of an address: A1 ranges, whole columns (`A:C`) and whole rows (`1:40`). */
function areaBox(area: string): Box | null {
  const r = parseA1(area);
  if (r) return boxOfA1(r);
  const bang = area.lastIndexOf("!");
  const m = /^\$?(\d+):\$?(\d+)$/.exec((bang >= 0 ? area.slice(bang + 1) : area).trim());
  if (!m) return null;
  const a = Number(m[1]) - 1;
  const b = Number(m[2]) - 1;
  return { top: Math.min(a, b), left: 0, rows: Math.abs(b - a) + 1, cols: MAX_COLS };
}

function areasOf(address: string): Box[] {
  const out: Box[] = [];
  for (const a of splitAreas(address)) {
    const b = areaBox(a);
    if (b) out.push(b);
  }
  return out;
}

/**
 * A range to read above this many cells (a used range stretched by one stray value in row
 * 1,048,576 or column XFD) is read by its occupied areas (`getSpecialCells`, ExcelApi 1.9)
 * instead of cell by cell: 20 read chunks of empty cells cost more than one extra sync.
 */
const SPARSE_READ_CELLS = 4_000_000;
/** Past this many cells a grid's rows are not padded to its width (as the .xlsx host does). */
const MAX_PADDED_CELLS = 4_000_000;

/**
 * Row bands covering `areas` (boxes of occupied cells): areas whose rows overlap or touch
 * share a band spanning their columns. Bands are sorted by row and never share a row, as
 * `buildGrid` expects of the blocks it assembles.
 */
export function rowBands(areas: readonly Box[]): Box[] {
  const sorted = [...areas].filter((a) => a.rows > 0 && a.cols > 0).sort((a, b) => a.top - b.top);
  const out: Box[] = [];
  let cur: { top: number; bottom: number; left: number; right: number } | null = null;
  for (const a of sorted) {
    const bottom = a.top + a.rows;
    const right = a.left + a.cols;
    if (cur && a.top <= cur.bottom) {
      cur.bottom = Math.max(cur.bottom, bottom);
      cur.left = Math.min(cur.left, a.left);
      cur.right = Math.max(cur.right, right);
      continue;
    }
    if (cur) out.push({ top: cur.top, left: cur.left, rows: cur.bottom - cur.top, cols: cur.right - cur.left });
    cur = { top: a.top, bottom, left: a.left, right };
  }
  if (cur) out.push({ top: cur.top, left: cur.left, rows: cur.bottom - cur.top, cols: cur.right - cur.left });
  return out;
}

function lower(s: string): string {
  return s.toLowerCase();
}

// ---------------------------------------------------------------------------
// The view of the workbook `describe()` builds

interface SheetState {
  readonly id: string;
  readonly name: string;
  readonly visibility: SheetInfo["visibility"];
  readonly position: number;
  /** Used range (values only), null when the sheet is empty. */
  readonly used: Box | null;
  readonly mark: OwnerMark | null;
  readonly owned: boolean;
  /** A temporary or backup sheet left by an interrupted write (the add-in's; removed by the next write). */
  readonly leftover: boolean;
}

interface TableState {
  readonly name: string;
  readonly sheet: string;
  /** Whole table range: header, body and totals row. */
  readonly box: Box;
  readonly showTotals: boolean;
}

interface NameState {
  readonly name: string;
  readonly sheet?: string;
  readonly box?: Box;
  /** Why the name cannot be read as one range (the .xlsx host's sentence). */
  readonly problem?: string;
}

/** Cells as Excel returned them for a box. */
interface RawBlock {
  readonly box: Box;
  readonly values: readonly (readonly unknown[])[];
  readonly formats: readonly (readonly unknown[])[];
  readonly types: readonly (readonly unknown[])[];
}

/** A region of a sheet whose cells are all known: those in `data`, the rest empty. */
interface Known {
  readonly sheet: string;
  readonly region: Box;
  readonly data: RawBlock | null;
  /** Visible areas within the region; null when unknown. */
  readonly visible: readonly Box[] | null;
  /** Merged areas whose top-left cell is in the region (ExcelApi 1.13); null when not asked (tables hold none). */
  readonly merges: readonly Box[] | null;
}

interface WorkbookState {
  readonly at: number;
  readonly sheets: readonly SheetState[];
  readonly tables: readonly TableState[];
  readonly names: readonly NameState[];
  readonly known: Known[];
  /** The settings sheet's used range as a grid, when there is such a sheet. */
  readonly settingsGrid: Grid | null;
}

function visibilityOf(v: string): SheetInfo["visibility"] {
  return v === "Hidden" ? "hidden" : v === "VeryHidden" ? "veryHidden" : "visible";
}

function findSheet(st: WorkbookState, name: string): SheetState | undefined {
  return st.sheets.find((s) => s.name === name) ?? st.sheets.find((s) => lower(s.name) === lower(name));
}

function sheetList(st: WorkbookState): string {
  return st.sheets.length === 0 ? "the workbook has no sheets" : `sheets: ${st.sheets.map((s) => s.name).join(", ")}`;
}

function infoOf(st: WorkbookState): WorkbookInfo {
  const sheets: SheetInfo[] = st.sheets.map((s) => ({
    name: s.name,
    visibility: s.visibility,
    rows: s.used ? s.used.top + s.used.rows : 0,
    cols: s.used ? s.used.left + s.used.cols : 0,
    owned: s.owned,
  }));
  const tables: TableInfo[] = st.tables.map((t) => ({ name: t.name, sheet: t.sheet, range: addressOf(t.box) }));
  const names: NameInfo[] = [];
  for (const n of st.names) if (n.sheet !== undefined && n.box) names.push({ name: n.name, sheet: n.sheet, range: addressOf(n.box) });
  return { sheets, tables, names };
}

// ---------------------------------------------------------------------------
// Cells and grids

/** One cell as Excel gives it (`values` + `valueTypes`) to a `Cell`. */
function toCell(v: unknown, type: unknown): Cell {
  if (type === "Error") return { error: String(v) };
  if (type === "Empty" || v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : { error: "#NUM!" };
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v === "" && type !== "String" ? null : v;
  return String(v);
}

/**
 * Build a grid that starts at `origin` (the requested top-left cell, as the .xlsx host
 * does) from blocks covering `eff` (the requested range clipped to the used range).
 * Trailing empty rows and columns are dropped; number formats are kept for numbers.
 */
function buildGrid(sheet: string, origin: { top: number; left: number }, eff: Box | null, blocks: readonly RawBlock[], visible: readonly Box[] | null, table?: string, merged: readonly Box[] | null = null): Grid {
  const values: Cell[][] = [];
  const formats: (string | null)[][] = [];
  let height = 0;
  let width = 0;
  if (eff) {
    const sorted = [...blocks].sort((a, b) => a.box.top - b.box.top);
    const offR = eff.top - origin.top;
    const offC = eff.left - origin.left;
    let bi = 0;
    for (let r = 0; r < eff.rows; r++) {
      const abs = eff.top + r;
      while (bi < sorted.length && sorted[bi]!.box.top + sorted[bi]!.box.rows <= abs) bi++;
      const blk = sorted[bi];
      if (!blk || blk.box.top > abs) continue;
      const br = abs - blk.box.top;
      const vRow = blk.values[br] ?? [];
      const fRow = blk.formats[br] ?? [];
      const tRow = blk.types[br] ?? [];
      const c0 = Math.max(eff.left, blk.box.left);
      const c1 = Math.min(eff.left + eff.cols, blk.box.left + blk.box.cols);
      let rowV: Cell[] | null = null;
      let rowF: (string | null)[] | null = null;
      for (let c = c0; c < c1; c++) {
        const k = c - blk.box.left;
        const cell = toCell(vRow[k], tRow[k]);
        if (cell === null) continue;
        const j = offC + (c - eff.left);
        rowV ??= [];
        rowF ??= [];
        while (rowV.length < j) rowV.push(null);
        while (rowF.length < j) rowF.push(null);
        rowV.push(cell);
        const f = fRow[k];
        rowF.push(typeof cell === "number" && typeof f === "string" && f !== "" && f !== "General" ? f : null);
      }
      if (rowV === null || rowF === null) continue;
      const i = offR + r;
      while (values.length < i) {
        values.push([]);
        formats.push([]);
      }
      values[i] = rowV;
      formats[i] = rowF;
      if (rowV.length > width) width = rowV.length;
      height = i + 1;
    }
  }
  values.length = height;
  formats.length = height;
  // Rectangular rows, except past a few million cells (a stray value far down or right): rows
  // without any cell then stay empty, as the .xlsx host leaves them; readers use `cellAt`.
  const rectangular = height * width <= MAX_PADDED_CELLS;
  for (let i = 0; i < height; i++) {
    const v = (values[i] ??= []);
    const f = (formats[i] ??= []);
    if (!rectangular && v.length === 0) continue;
    while (v.length < width) v.push(null);
    while (f.length < width) f.push(null);
  }
  const hiddenRows: number[] = [];
  if (visible && eff) {
    for (let i = 0; i < height; i++) {
      const abs = origin.top + i;
      if (abs < eff.top || abs >= eff.top + eff.rows) continue;
      if (!values[i]!.some((c) => c !== null)) continue;
      if (!visible.some((a) => abs >= a.top && abs < a.top + a.rows)) hiddenRows.push(i);
    }
  }
  const inclusive = (merged ?? []).map((m) => ({ top: m.top, left: m.left, bottom: m.top + m.rows - 1, right: m.left + m.cols - 1 }));
  const merges = mergesInGrid(inclusive, origin.top, origin.left, height, width);
  return { sheet, top: origin.top, left: origin.left, values, formats, hiddenRows, ...(table !== undefined ? { table } : {}), ...(merges.length > 0 ? { merges } : {}), date1904: false };
}

function rawOf(box: Box, r: { values: unknown[][]; numberFormat: unknown[][]; valueTypes: unknown[][] }): RawBlock {
  return { box, values: r.values, formats: r.numberFormat, types: r.valueTypes };
}

// ---------------------------------------------------------------------------
// Writing: sheet specs to queued Office.js operations

/** One piece of a write: its estimated request bytes and the operations it queues on its sheet. */
interface Unit {
  readonly sheet: number;
  readonly bytes: number;
  readonly apply: (ws: Excel.Worksheet) => void;
}

interface SheetPlan {
  readonly spec: SheetSpec;
  /** Final name (the requested one, or a free name beside a planner's sheet). */
  readonly target: string;
  /** The add-in's previous sheet of that name, replaced at the end. */
  readonly replaced: SheetState | null;
}

/** A table renamed to its wanted name once the previous sheet holding that name is gone. */
interface TableRename {
  readonly provisional: string;
  readonly wanted: string;
}

/** A valid table name (letters, digits, `_`, `.`; not a cell address), as the .xlsx host makes it. */
function cleanTableName(wanted: string): string {
  let base = wanted.replace(/[^A-Za-z0-9_.\\]/g, "_");
  if (!/^[A-Za-z_\\]/.test(base)) base = `_${base}`;
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(base) || /^[RrCc]$/.test(base) || /^[Rr][0-9]*[Cc][0-9]*$/.test(base)) base = `_${base}`;
  return base.slice(0, 250);
}

function formulaLiteral(v: number | string): string {
  return typeof v === "number" ? `=${v}` : `="${v.replace(/"/g, '""')}"`;
}

const CF_OPERATOR: Record<Exclude<ConditionalSpec["operator"], "textContains">, "GreaterThan" | "LessThan" | "EqualTo"> = {
  greaterThan: "GreaterThan",
  lessThan: "LessThan",
  equal: "EqualTo",
};

/** Office.js chart types of the chart kinds a sheet spec may ask for. */
const CHART_TYPE: Record<ChartKind, "Line" | "LineMarkers" | "ColumnClustered" | "ColumnStacked" | "BarClustered"> = {
  line: "Line",
  lineMarkers: "LineMarkers",
  columnClustered: "ColumnClustered",
  columnStacked: "ColumnStacked",
  barClustered: "BarClustered",
};

/** True when a chart's data block and position are usable (a header row or column plus data). */
function chartUsable(c: ChartSpec): boolean {
  const d = c.data;
  const p = c.position;
  return d.rows >= 2 && d.cols >= 2 && d.row >= 0 && d.col >= 0 && p.rows >= 1 && p.cols >= 1 && p.row >= 0 && p.col >= 0;
}

/** Width of a sheet's cell matrix: its widest row or number-formatted block. */
function sheetWidth(spec: SheetSpec): number {
  let w = 0;
  for (const r of spec.rows) if (r.length > w) w = r.length;
  for (const s of spec.styles ?? []) if (s.numberFormat !== undefined && s.col + s.cols > w) w = s.col + s.cols;
  return w;
}

/** Number formats the spec's styles give each cell (last style wins), by row. */
function styleFormats(spec: SheetSpec, height: number): ((string | undefined)[] | undefined)[] {
  const out: ((string | undefined)[] | undefined)[] = new Array<(string | undefined)[] | undefined>(height);
  for (const s of spec.styles ?? []) {
    if (s.numberFormat === undefined) continue;
    for (let r = s.row; r < Math.min(s.row + s.rows, height); r++) {
      const row = (out[r] ??= []);
      for (let c = s.col; c < s.col + s.cols; c++) row[c] = s.numberFormat;
    }
  }
  return out;
}

interface RowCells {
  readonly values: (number | string | boolean | null)[];
  readonly formats: (string | null)[];
  readonly formulas: (string | null)[] | null;
  readonly anyValue: boolean;
  readonly anyFormat: boolean;
}

/** One output row as the three matrices Office.js takes (null leaves a cell as it is). */
function rowCells(cells: readonly OutCell[] | undefined, width: number, fmts: readonly (string | undefined)[] | undefined): RowCells {
  const values: (number | string | boolean | null)[] = new Array<number | string | boolean | null>(width).fill(null);
  const formats: (string | null)[] = new Array<string | null>(width).fill(null);
  let formulas: (string | null)[] | null = null;
  let anyValue = false;
  let anyFormat = false;
  for (let c = 0; c < width; c++) {
    const v = cells?.[c];
    const styleFmt = fmts?.[c];
    if (styleFmt !== undefined) {
      formats[c] = styleFmt;
      anyFormat = true;
    }
    if (v === null || v === undefined) continue;
    if (isFormulaCell(v)) {
      formulas ??= new Array<string | null>(width).fill(null);
      formulas[c] = `=${v.formula.replace(/^\s*=/, "")}`;
    } else if (typeof v === "number") {
      if (Number.isFinite(v)) {
        values[c] = v;
        anyValue = true;
      } else {
        formulas ??= new Array<string | null>(width).fill(null);
        formulas[c] = "=#NUM!";
      }
    } else if (typeof v === "boolean") {
      values[c] = v;
      anyValue = true;
    } else if (v !== "") {
      // Text stays text: the Text format goes in before the value (see the module note).
      values[c] = v.length > MAX_CELL_TEXT ? v.slice(0, MAX_CELL_TEXT) : v;
      formats[c] = "@";
      anyValue = true;
      anyFormat = true;
    }
  }
  return { values, formats, formulas, anyValue, anyFormat };
}

// ---------------------------------------------------------------------------
// Errors as sentences

function errorCode(e: unknown): string {
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string" ? (e as { code: string }).code : "";
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What Excel said, as a sentence with what to do. */
function reason(e: unknown): string {
  const code = errorCode(e);
  if (code === "InvalidOperationInCellEditMode") return "Excel is busy editing a cell. Press Enter or Esc to leave the cell, then run again.";
  if (code === "AccessDenied") return "Excel refused the change (the workbook or a sheet may be protected or read-only).";
  if (code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded" || code === "RangeExceedsLimit") {
    return "The data is too large for one exchange with Excel.";
  }
  const msg = errorMessage(e).trim();
  return `Excel reported: ${msg === "" ? code || "an unknown error" : msg}${/[.!?]$/.test(msg) ? "" : "."}`;
}

/** True when Excel refused a sync for its size (request, response, or cells of one read). */
function isSizeError(e: unknown): boolean {
  const code = errorCode(e);
  if (code === "ResponsePayloadSizeLimitExceeded" || code === "RequestPayloadSizeLimitExceeded" || code === "RangeExceedsLimit") return true;
  return /payload|size limit|too large/i.test(errorMessage(e));
}

/** A group of reads cut in two: its items in halves, or one item's rows in halves; null when it is one row. */
function splitGroup<T extends { readonly box: Box; readonly first: boolean; readonly bytes: number }>(group: readonly T[]): T[][] | null {
  if (group.length > 1) {
    const h = Math.ceil(group.length / 2);
    return [group.slice(0, h), group.slice(h)];
  }
  const it = group[0];
  if (!it || it.box.rows < 2) return null;
  const top = Math.ceil(it.box.rows / 2);
  const a: T = { ...it, box: { ...it.box, rows: top }, bytes: Math.ceil(it.bytes / 2) };
  const b: T = { ...it, box: { ...it.box, top: it.box.top + top, rows: it.box.rows - top }, first: false, bytes: Math.floor(it.bytes / 2) };
  return [[a], [b]];
}

/** Raised after the first write sync when the workbook's sheets are not those `describe()` saw. */
class StaleWorkbook extends Error {}

// ---------------------------------------------------------------------------
// The host

function detectPlatform(): "web" | "desktop" {
  if (typeof Office === "undefined") return "web";
  const p = (Office.context as { platform?: unknown } | undefined)?.platform;
  return p === "PC" || p === "Mac" ? "desktop" : "web";
}

function defaultSupports(set: string, version: string): boolean {
  if (typeof Office === "undefined") return false;
  return Office.context?.requirements?.isSetSupported(set, version) === true;
}

export class ExcelHost implements WorkbookHost {
  readonly label: string;
  private readonly run: ExcelRunner;
  private readonly readBudget: number;
  private readonly writeBudget: number;
  private readonly chunkCells: number;
  private readonly supports: (set: string, version: string) => boolean;
  private readonly cacheMs: number;
  private readonly now: () => number;
  private readonly runId: () => string;
  private state: WorkbookState | null = null;

  constructor(run: ExcelRunner = (batch) => Excel.run(batch), options: ExcelHostOptions = {}) {
    this.run = run;
    this.label = options.label ?? "this workbook";
    const platform = options.platform ?? detectPlatform();
    this.readBudget = options.readSyncBytes ?? (platform === "desktop" ? DESKTOP_SYNC_BYTES : WEB_SYNC_BYTES);
    this.writeBudget = options.writeSyncBytes ?? WEB_SYNC_BYTES;
    this.chunkCells = Math.min(options.readChunkCells ?? DEFAULT_READ_CHUNK_CELLS, MAX_CELLS_PER_READ);
    this.supports = options.supports ?? defaultSupports;
    this.cacheMs = options.cacheMs ?? 60_000;
    this.now = options.now ?? ((): number => Date.now());
    this.runId = options.runId ?? newRunId;
  }

  // -- describe --------------------------------------------------------------

  async describe(): Promise<WorkbookInfo> {
    return infoOf(await this.refresh(true));
  }

  /** Forget the view of the workbook (the next read describes it again). */
  invalidate(): void {
    this.state = null;
  }

  private async freshState(): Promise<WorkbookState> {
    const st = this.state;
    if (st && this.now() - st.at <= this.cacheMs) return st;
    return this.refresh(false);
  }

  /** Describe the workbook in two syncs; `prefetch` also fetches what a first run's proposal reads. */
  private async refresh(prefetch: boolean): Promise<WorkbookState> {
    let st: WorkbookState;
    try {
      st = await this.run((ctx) => this.loadState(ctx, prefetch));
    } catch (e) {
      if (!prefetch) throw new ExcelHostError(`Could not read the workbook's sheets and tables. ${reason(e)}`);
      try {
        st = await this.run((ctx) => this.loadState(ctx, false));
      } catch (e2) {
        throw new ExcelHostError(`Could not read the workbook's sheets and tables. ${reason(e2)}`);
      }
    }
    this.state = st;
    return st;
  }

  private async loadState(ctx: Excel.RequestContext, prefetch: boolean): Promise<WorkbookState> {
    const wb = ctx.workbook;
    const wss = wb.worksheets;
    wss.load("items/id,items/name,items/visibility,items/position");
    const tbls = wb.tables;
    tbls.load("items/name,items/showTotals,items/worksheet/name,items/rows/count,items/columns/count");
    const nms = wb.names;
    nms.load("items/name,items/type,items/value");
    await ctx.sync();

    const sheets = wss.items;
    const has112 = this.supports("ExcelApi", "1.12");
    const used = sheets.map((ws) => {
      const r = ws.getUsedRangeOrNullObject(true);
      r.load(DIMS);
      return r;
    });
    const props = has112
      ? sheets.map((ws) => {
          const p = ws.customProperties.getItemOrNullObject(OWNER_PROPERTY);
          p.load("value");
          return p;
        })
      : null;
    const scoped = sheets.map((ws) => {
      const n = ws.names.getItemOrNullObject(OWNER_NAME);
      n.load("comment");
      return n;
    });
    const tableRanges = tbls.items.map((t) => {
      const r = t.getRange();
      r.load(DIMS);
      return r;
    });
    const settingsIndex = sheets.findIndex((ws) => lower(ws.name) === lower(SETTINGS_SHEET));
    if (settingsIndex >= 0) used[settingsIndex]!.load(CELLS);

    // First run (no settings yet): fetch now what the mapping proposal reads next.
    const heads: { sheet: string; head: Excel.Range; vis: Excel.RangeAreas; merged: Excel.RangeAreas | null }[] = [];
    // A head's merged areas ride along (a small sheet is read from its head; see `readWith`). Too many of
    // them fail this sync: `refresh` then describes again without fetching anything ahead.
    const mergesApi = this.supports("ExcelApi", "1.13");
    const tableData: { index: number; vis: Excel.RangeAreas }[] = [];
    if (prefetch && settingsIndex < 0) {
      const tableSheets = new Set(tbls.items.map((t) => lower(t.worksheet.name)));
      for (const ws of sheets) {
        if (ws.visibility === "VeryHidden" || tableSheets.has(lower(ws.name)) || isOwnSheetName(ws.name) || isTempName(ws.name)) continue;
        const rows = ws.getRange(`1:${PROPOSAL_HEAD_ROWS}`);
        const head = rows.getUsedRangeOrNullObject(true);
        head.load(`${DIMS},${CELLS}`);
        const vis = rows.getSpecialCellsOrNullObject("Visible");
        vis.load("address");
        const merged = mergesApi ? rows.getMergedAreasOrNullObject() : null;
        merged?.load("address");
        heads.push({ sheet: ws.name, head, vis, merged });
      }
      let spent = 0;
      tbls.items.forEach((t, index) => {
        if (isOwnSheetName(t.worksheet.name)) return;
        const cells = (t.rows.count + 2) * Math.max(t.columns.count, 1);
        const bytes = cells * READ_BYTES_PER_CELL;
        if (cells > this.chunkCells || spent + bytes > this.readBudget / 2) return;
        spent += bytes;
        const r = tableRanges[index]!;
        r.load(CELLS);
        const vis = r.getSpecialCellsOrNullObject("Visible");
        vis.load("address");
        tableData.push({ index, vis });
      });
    }
    await ctx.sync();

    // Names: one range on an existing sheet, or the .xlsx host's sentence for why not.
    const sheetNames = sheets.map((ws) => ws.name);
    const listText = sheetNames.length === 0 ? "the workbook has no sheets" : `sheets: ${sheetNames.join(", ")}`;
    const names: NameState[] = [];
    for (const n of nms.items) {
      if (n.name.startsWith("_xlnm.")) continue;
      const raw: unknown = n.value;
      const text = typeof raw === "string" ? raw.replace(/^=/, "").trim() : "";
      const areas = text === "" ? [] : splitAreas(text);
      if (n.type !== "Range" || areas.length === 0) {
        names.push({ name: n.name, problem: `name ${n.name} does not refer to a range on a sheet (${text || String(raw)})` });
        continue;
      }
      if (areas.length !== 1) {
        names.push({ name: n.name, problem: `name ${n.name} refers to ${areas.length} ranges; it must refer to one range` });
        continue;
      }
      const r = parseA1(areas[0]!);
      if (!r || r.sheet === undefined) {
        names.push({ name: n.name, problem: `name ${n.name} does not refer to a range on a sheet (${text})` });
        continue;
      }
      const want = r.sheet;
      const sheet = sheetNames.find((s) => s === want) ?? sheetNames.find((s) => lower(s) === lower(want));
      if (sheet === undefined) {
        names.push({ name: n.name, problem: `name ${n.name} refers to sheet '${want}', which does not exist (${listText})` });
        continue;
      }
      names.push({ name: n.name, sheet, box: boxOfA1(r) });
    }

    let settingsGrid: Grid | null = null;
    if (settingsIndex >= 0) {
      const r = used[settingsIndex]!;
      settingsGrid = r.isNullObject
        ? buildGrid(sheets[settingsIndex]!.name, { top: 0, left: 0 }, null, [], null)
        : buildGrid(sheets[settingsIndex]!.name, { top: 0, left: 0 }, boxOfRange(r), [rawOf(boxOfRange(r), r)], null);
    }

    const states: SheetState[] = sheets.map((ws, i) => {
      const p = props?.[i];
      const s = scoped[i]!;
      const mark = (p && !p.isNullObject ? parseMark(p.value) : null) ?? (!s.isNullObject ? parseMark(s.comment) : null);
      const u = used[i]!;
      const isSettings = i === settingsIndex;
      const owned = ownsSheet(mark, ws.name) || (isSettings && settingsGrid !== null && settingsFromGrid(settingsGrid) !== null);
      return {
        id: ws.id,
        name: ws.name,
        visibility: visibilityOf(ws.visibility),
        position: ws.position,
        used: u.isNullObject ? null : boxOfRange(u),
        mark,
        owned,
        leftover: mark !== null && isTempName(ws.name),
      };
    });
    const tables: TableState[] = tbls.items.map((t, i) => ({
      name: t.name,
      sheet: t.worksheet.name,
      box: boxOfRange(tableRanges[i]!),
      showTotals: t.showTotals,
    }));

    const known: Known[] = [];
    for (const h of heads) {
      known.push({
        sheet: h.sheet,
        region: { top: 0, left: 0, rows: PROPOSAL_HEAD_ROWS, cols: MAX_COLS },
        data: h.head.isNullObject ? null : rawOf(boxOfRange(h.head), h.head),
        visible: h.vis.isNullObject ? [] : areasOf(h.vis.address),
        merges: h.merged === null ? null : h.merged.isNullObject ? [] : areasOf(h.merged.address),
      });
    }
    for (const d of tableData) {
      const r = tableRanges[d.index]!;
      const box = boxOfRange(r);
      known.push({ sheet: tables[d.index]!.sheet, region: box, data: rawOf(box, r), visible: d.vis.isNullObject ? [] : areasOf(d.vis.address), merges: null });
    }
    return { at: this.now(), sheets: states, tables, names, known, settingsGrid };
  }

  // -- read ------------------------------------------------------------------

  async read(sources: readonly RangeSource[], progress?: Progress): Promise<ReadResult[]> {
    if (sources.length === 0) return [];
    const st = await this.freshState();
    try {
      return await this.readWith(st, sources, progress, this.readBudget);
    } catch (e) {
      // The workbook changed under the view, or a sync was too large: look again, read in halves.
      const again = await this.refresh(false);
      try {
        return await this.readWith(again, sources, progress, Math.max(this.readBudget / 2, 64 * 1024));
      } catch (e2) {
        throw new ExcelHostError(`Could not read the mapped ranges. ${reason(e2 ?? e)}`);
      }
    }
  }

  async readOwnedSheet(name: string): Promise<Grid | null> {
    const st = await this.freshState();
    const s = st.sheets.find((x) => x.owned && !x.leftover && lower(x.name) === lower(name));
    if (!s) return null;
    const [g] = await this.read([{ sheet: s.name }]);
    return g && !isSourceError(g) ? g : null;
  }

  async readSettings(): Promise<Settings | null> {
    const st = await this.freshState();
    return st.settingsGrid ? settingsFromGrid(st.settingsGrid) : null;
  }

  /** Where a source is: the sheet, the requested range (the grid's origin), the part to read; or why it cannot be read. */
  private resolve(st: WorkbookState, source: RangeSource): { sheet: string; req: Box; eff: Box | null; table?: string } | SourceError {
    const fail = (message: string): SourceError => ({ source, message });
    const target = (sheet: string, req: Box, table?: string): { sheet: string; req: Box; eff: Box | null; table?: string } => {
      const used = findSheet(st, sheet)?.used ?? null;
      return { sheet, req, eff: used ? intersect(req, used) : null, ...(table !== undefined ? { table } : {}) };
    };

    if (source.table !== undefined) {
      const want = source.table.trim();
      const t = st.tables.find((x) => x.name === want) ?? st.tables.find((x) => lower(x.name) === lower(want));
      if (!t) {
        const list = st.tables.length === 0 ? "the workbook has no tables" : `tables: ${st.tables.map((x) => x.name).join(", ")}`;
        return fail(`table ${want} not found (${list})`);
      }
      const box = t.showTotals && t.box.rows > 1 ? { ...t.box, rows: t.box.rows - 1 } : t.box;
      return target(t.sheet, box, t.name);
    }

    if (source.name !== undefined) {
      const want = source.name.trim();
      const n = st.names.find((x) => x.name === want) ?? st.names.find((x) => lower(x.name) === lower(want));
      if (!n) {
        const list = st.names.length === 0 ? "the workbook has no defined names" : `names: ${st.names.map((x) => x.name).join(", ")}`;
        return fail(`name ${want} not found (${list})`);
      }
      if (n.problem !== undefined || n.sheet === undefined || !n.box) return fail(n.problem ?? `name ${n.name} does not refer to a range on a sheet`);
      return target(n.sheet, n.box);
    }

    const sr = sheetRangeOf(source);
    if ("error" in sr) return fail(sr.error);
    const { sheet: sheetName, range } = sr;
    const ws = findSheet(st, sheetName);
    if (!ws) return fail(`sheet '${sheetName}' does not exist (${sheetList(st)})`);
    return target(ws.name, range ? boxOfA1(range) : { top: 0, left: 0, rows: MAX_ROWS, cols: MAX_COLS });
  }

  /**
   * For ranges too large to read cell by cell (`SPARSE_READ_CELLS`), the row bands that hold
   * their constants and formulas, found in one sync (ExcelApi 1.9 `getSpecialCells`). A range
   * missing from the result is read whole, as before: small ones, hosts without the API, and
   * any failure of the lookup itself.
   */
  private async occupiedBands(needs: readonly { readonly sheet: string; readonly box: Box }[]): Promise<Map<object, Box[]>> {
    const out = new Map<object, Box[]>();
    const large = needs.filter((n) => n.box.rows * n.box.cols > SPARSE_READ_CELLS);
    if (large.length === 0 || !this.supports("ExcelApi", "1.9")) return out;
    try {
      await this.run(async (ctx) => {
        const loads = large.map((need) => {
          const r = ctx.workbook.worksheets.getItem(need.sheet).getRange(addressOf(need.box));
          const kinds = (["Constants", "Formulas"] as const).map((k) => {
            const a = r.getSpecialCellsOrNullObject(k);
            a.load("address");
            return a;
          });
          return { need, kinds };
        });
        await ctx.sync();
        for (const l of loads) {
          const areas: Box[] = [];
          for (const a of l.kinds) {
            if (a.isNullObject) continue;
            for (const b of areasOf(a.address)) {
              const x = intersect(b, l.need.box);
              if (x) areas.push(x);
            }
          }
          out.set(l.need, rowBands(areas));
        }
      });
    } catch {
      out.clear(); // the lookup is an optimisation: read the ranges whole
    }
    return out;
  }

  /**
   * The merged areas of ranges Excel would not give at once (more than 512 in a range): asked in
   * bands of `MERGE_BAND_ROWS` rows, every band of every range in one sync; when that fails too,
   * each range on its own. A range whose merges still cannot be had keeps `merges` null (its grid
   * is read without them). Never throws.
   */
  private async mergesInBands(needs: readonly { readonly sheet: string; readonly box: Box; merges: Box[] | null }[]): Promise<void> {
    const ask = (list: readonly (typeof needs)[number][]): Promise<void> =>
      this.run(async (ctx) => {
        const loads = list.map((need) => {
          const ws = ctx.workbook.worksheets.getItem(need.sheet);
          const bands: Excel.RangeAreas[] = [];
          for (let top = need.box.top; top < need.box.top + need.box.rows; top += MERGE_BAND_ROWS) {
            const band = { top, left: need.box.left, rows: Math.min(MERGE_BAND_ROWS, need.box.top + need.box.rows - top), cols: need.box.cols };
            const a = ws.getRange(addressOf(band)).getMergedAreasOrNullObject();
            a.load("address");
            bands.push(a);
          }
          return { need, bands };
        });
        await ctx.sync();
        for (const { need, bands } of loads) need.merges = bands.flatMap((a) => (a.isNullObject ? [] : areasOf(a.address)));
      });
    try {
      await ask(needs);
    } catch {
      for (const need of needs) {
        try {
          await ask([need]);
        } catch {
          // Still too many (several merged blocks on every row): this range is read without its merges.
        }
      }
    }
  }

  private async readWith(st: WorkbookState, sources: readonly RangeSource[], progress: Progress | undefined, budget: number): Promise<ReadResult[]> {
    interface Need {
      readonly sheet: string;
      readonly box: Box;
      readonly blocks: RawBlock[];
      visible: Box[] | null;
      /** Merged areas with their top-left cell in the box; null while not known. */
      merges: Box[] | null;
      /** Merged areas are asked with the first chunk (not for the add-in's own sheets, nor before ExcelApi 1.13). */
      askMerges: boolean;
    }
    const results: ReadResult[] = new Array<ReadResult>(sources.length);
    const mergesApi = this.supports("ExcelApi", "1.13");
    const pending: { index: number; sheet: string; req: Box; need: Need; table?: string }[] = [];
    const needs = new Map<string, Need>();

    sources.forEach((source, index) => {
      const t = this.resolve(st, source);
      if ("message" in t) {
        results[index] = t;
        return;
      }
      if (!t.eff) {
        results[index] = buildGrid(t.sheet, t.req, null, [], null, t.table);
        return;
      }
      const eff = t.eff;
      const k = st.known.find((x) => x.sheet === t.sheet && within(eff, x.region));
      if (k) {
        results[index] = buildGrid(t.sheet, t.req, eff, k.data ? [k.data] : [], k.visible, t.table, k.merges);
        return;
      }
      const key = `${t.sheet}\u0000${addressOf(eff)}`;
      let need = needs.get(key);
      if (!need) {
        // Excel tables cannot hold merged cells; the add-in's own sheets have none that matter.
        const askMerges = mergesApi && t.table === undefined && !st.sheets.some((x) => x.owned && x.name === t.sheet);
        need = { sheet: t.sheet, box: eff, blocks: [], visible: null, merges: null, askMerges };
        needs.set(key, need);
      }
      pending.push({ index, sheet: t.sheet, req: t.req, need, ...(t.table !== undefined ? { table: t.table } : {}) });
    });

    if (needs.size > 0) {
      const bands = await this.occupiedBands([...needs.values()]);
      // Row chunks within the cell budget and the sync budget; chunks of every source share syncs.
      const items: { need: Need; box: Box; first: boolean; bytes: number; merges?: boolean }[] = [];
      for (const need of needs.values()) {
        const maxCells = Math.max(1, Math.min(this.chunkCells, Math.floor(budget / READ_BYTES_PER_CELL)));
        (bands.get(need) ?? [need.box]).forEach((band, b) => {
          rowSpansByCells(band.rows, band.cols, maxCells).forEach((span, i) => {
            const box = { top: band.top + span.start, left: band.left, rows: span.count, cols: band.cols };
            items.push({ need, box, first: b === 0 && i === 0, bytes: span.count * band.cols * READ_BYTES_PER_CELL + OP_OVERHEAD_BYTES });
          });
        });
      }
      type Item = (typeof items)[number];
      const queue: Item[][] = packBySize(items, budget);
      const total = queue.length;
      await this.run(async (ctx) => {
        const wss = ctx.workbook.worksheets;
        const sheetProxies = new Map<string, Excel.Worksheet>();
        const sheetOf = (name: string): Excel.Worksheet => {
          let ws = sheetProxies.get(name);
          if (!ws) {
            ws = wss.getItem(name);
            sheetProxies.set(name, ws);
          }
          return ws;
        };
        let done = 0;
        while (queue.length > 0) {
          const group = queue.shift()!;
          const loads = group.map((it) => {
            const ws = sheetOf(it.need.sheet);
            const r = ws.getRange(addressOf(it.box));
            r.load(CELLS);
            let vis: Excel.RangeAreas | null = null;
            let merged: Excel.RangeAreas | null = null;
            if (it.first) {
              const whole = ws.getRange(addressOf(it.need.box));
              vis = whole.getSpecialCellsOrNullObject("Visible");
              vis.load("address");
              // The merged areas ride in the same sync (ExcelApi 1.13).
              if (it.need.askMerges && it.merges !== false) {
                merged = whole.getMergedAreasOrNullObject();
                merged.load("address");
              }
            }
            return { it, r, vis, merged };
          });
          try {
            await ctx.sync();
          } catch (e) {
            // Larger than Excel accepts in one exchange (the estimate was low: long texts): halve and go on.
            const halves = isSizeError(e) ? splitGroup(group) : null;
            if (halves) {
              queue.unshift(...halves);
              continue;
            }
            // Excel refuses the merged areas of a range that has more than 512: the values again without them.
            if (loads.some((l) => l.merged !== null)) {
              queue.unshift(group.map((it) => (it.first ? { ...it, merges: false } : it)));
              continue;
            }
            throw e;
          }
          for (const l of loads) {
            l.it.need.blocks.push(rawOf(l.it.box, l.r));
            if (l.vis) l.it.need.visible = l.vis.isNullObject ? [] : areasOf(l.vis.address);
            if (l.merged) l.it.need.merges = l.merged.isNullObject ? [] : areasOf(l.merged.address);
          }
          done++;
          progress?.(Math.min(done / total, 1), `read ${done} of ${Math.max(total, done)}`);
        }
      });
      // Ranges with too many merged areas for one call: asked again in bands of rows.
      const unknown = [...needs.values()].filter((n) => n.askMerges && n.merges === null);
      if (unknown.length > 0) await this.mergesInBands(unknown);
      for (const p of pending) results[p.index] = buildGrid(p.sheet, p.req, p.need.box, p.need.blocks, p.need.visible, p.table, p.need.merges);
      for (const need of needs.values()) {
        if (need.box.rows * need.box.cols > CACHE_MAX_CELLS || need.blocks.length !== 1) continue;
        st.known.push({ sheet: need.sheet, region: need.box, data: need.blocks[0]!, visible: need.visible, merges: need.merges });
      }
    } else {
      progress?.(1, "read from the workbook view");
    }
    return results;
  }

  // -- write -----------------------------------------------------------------

  async write(sheets: readonly SheetSpec[], settings: Settings, progress?: Progress): Promise<WriteResult> {
    const seen = new Set<string>();
    for (const s of sheets) {
      if (safeSheetName(s.name) !== s.name) throw new ExcelHostError(`'${s.name}' is not a valid sheet name (at most 31 characters, none of \\ / ? * [ ] :).`);
      if (seen.has(lower(s.name))) throw new ExcelHostError(`Two output sheets are named '${s.name}'.`);
      seen.add(lower(s.name));
    }
    try {
      const st = this.state ?? (await this.refresh(false));
      try {
        return await this.writeOnce(st, sheets, settings, progress);
      } catch (e) {
        if (!(e instanceof StaleWorkbook)) throw e;
        // Sheets were added, removed or renamed since the workbook was described: look again, once.
        const again = await this.refresh(false);
        try {
          return await this.writeOnce(again, sheets, settings, progress);
        } catch (e2) {
          if (e2 instanceof StaleWorkbook) {
            throw new ExcelHostError("The workbook's sheets changed while the add-in was writing. Nothing was changed; run again.");
          }
          throw e2;
        }
      }
    } finally {
      this.state = null;
    }
  }

  private suspendCalculation(ctx: Excel.RequestContext): void {
    if (this.supports("ExcelApi", "1.6")) ctx.application.suspendApiCalculationUntilNextSync();
  }

  private queueMark(ws: Excel.Worksheet, target: string, run: string): void {
    const text = markText(target, run);
    if (this.supports("ExcelApi", "1.12")) ws.customProperties.add(OWNER_PROPERTY, text);
    else ws.names.add(OWNER_NAME, ws.getRange("A1"), text);
  }

  private async writeOnce(st: WorkbookState, sheets: readonly SheetSpec[], settings: Settings, progress?: Progress): Promise<WriteResult> {
    const run = this.runId();

    // 1. Names: a planner's sheet is never replaced; the add-in's previous sheet of the same name is.
    const plannerNames = st.sheets.filter((s) => !s.owned).map((s) => s.name);
    const ownedByName = new Map<string, SheetState>();
    for (const s of st.sheets) if (s.owned && !s.leftover) ownedByName.set(lower(s.name), s);
    const writtenNow: string[] = [];
    const planFor = (spec: SheetSpec): SheetPlan => {
      const target = freeSheetName(spec.name, [...plannerNames, ...writtenNow]);
      writtenNow.push(target);
      return { spec, target, replaced: ownedByName.get(lower(target)) ?? null };
    };
    const plans = sheets.filter((s) => lower(s.name) !== lower(SETTINGS_SHEET)).map(planFor);
    const replacedIds = new Set(plans.map((p) => p.replaced?.id).filter((x): x is string => x !== undefined));
    const ownedAfter = [...writtenNow];
    for (const s of st.sheets) {
      if (s.owned && !s.leftover && !replacedIds.has(s.id) && lower(s.name) !== lower(SETTINGS_SHEET) && !ownedAfter.some((n) => lower(n) === lower(s.name))) ownedAfter.push(s.name);
    }
    const written = plans.map((p) => ({ requested: p.spec.name, written: p.target }));
    plans.push(planFor(settingsToSheet({ ...settings, ownedSheets: ownedAfter })));
    const leftovers = st.sheets.filter((s) => s.leftover);

    // 2. Table names: unique in the workbook while the previous sheets still exist; the wanted
    //    name is taken back in the last sync when it belonged to a replaced sheet.
    const taken = new Set<string>([...st.tables.map((t) => lower(t.name)), ...st.names.map((n) => lower(n.name))]);
    const replacedNames = new Set(plans.filter((p) => p.replaced).map((p) => lower(p.replaced!.name)));
    const renames: TableRename[] = [];
    const tableName = (t: TableSpec): string => {
      const wanted = cleanTableName(t.name);
      let name = wanted;
      for (let i = 2; taken.has(lower(name)); i++) name = `${wanted}_${i}`;
      taken.add(lower(name));
      if (name !== wanted) {
        const holder = st.tables.find((x) => lower(x.name) === lower(wanted));
        if (holder && replacedNames.has(lower(holder.sheet))) renames.push({ provisional: name, wanted });
      }
      return name;
    };

    // 3. Content as units of work, packed into syncs of at most the write budget.
    const units: Unit[] = [];
    plans.forEach((p, i) => units.push(...this.sheetUnits(i, p.spec, tableName)));
    const createBytes = (plans.length + 1) * 4 * OP_OVERHEAD_BYTES;
    const groups = packBySize(units, this.writeBudget, Math.max(this.writeBudget - createBytes, 1));
    const totalSyncs = Math.max(groups.length, 1) + 1;

    let newIds: string[] | null = null;
    let swapping = false;
    let syncsDone = 0;
    const step = (label: string): void => {
      syncsDone++;
      progress?.(syncsDone / totalSyncs, label);
    };
    try {
      await this.run(async (ctx) => {
        const wss = ctx.workbook.worksheets;
        // First sync: check the sheets are those described, create the hidden new sheets, first content.
        this.suspendCalculation(ctx);
        wss.load("items/id,items/name,items/position");
        const created = plans.map((p, i) => {
          const ws = wss.add(tempSheetName(run, i));
          ws.visibility = "Hidden";
          this.queueMark(ws, p.target, run);
          ws.load("id");
          return ws;
        });
        for (const u of groups[0] ?? []) u.apply(created[u.sheet]!);
        await ctx.sync();
        newIds = created.map((ws) => ws.id);
        step("new sheets created");
        const ids = new Set(newIds);
        const live = wss.items.filter((ws) => !ids.has(ws.id));
        const liveKey = live.map((ws) => `${ws.id}\u0000${lower(ws.name)}`).sort();
        const stateKey = st.sheets.map((s) => `${s.id}\u0000${lower(s.name)}`).sort();
        if (liveKey.length !== stateKey.length || liveKey.some((k, i) => k !== stateKey[i])) throw new StaleWorkbook();
        const position = new Map(live.map((ws) => [ws.id, ws.position]));

        // One more sync per further chunk of content.
        for (const g of groups.slice(1)) {
          this.suspendCalculation(ctx);
          for (const u of g) u.apply(created[u.sheet]!);
          await ctx.sync();
          step("writing");
        }

        // Last sync: swap. Old sheets aside, new sheets to their names, shown, in the old places; old deleted.
        this.suspendCalculation(ctx);
        swapping = true;
        const replaced = plans
          .map((p, i) => ({ p, i, pos: p.replaced ? (position.get(p.replaced.id) ?? p.replaced.position) : -1 }))
          .filter((x) => x.p.replaced !== null)
          .sort((a, b) => a.pos - b.pos);
        replaced.forEach((x, k) => {
          wss.getItem(x.p.replaced!.id).name = backupSheetName(run, k);
        });
        plans.forEach((p, i) => {
          created[i]!.name = p.target;
        });
        plans.forEach((p, i) => {
          if (!p.spec.hidden) created[i]!.visibility = "Visible";
        });
        replaced.forEach((x, k) => {
          created[x.i]!.position = x.pos + k;
        });
        // Excel refuses to delete a very hidden sheet: hide it plainly first.
        const remove = (s: SheetState): void => {
          const ws = wss.getItem(s.id);
          if (s.visibility === "veryHidden") ws.visibility = "Hidden";
          ws.delete();
        };
        for (const x of replaced) remove(x.p.replaced!);
        for (const s of leftovers) remove(s);
        for (const r of renames) ctx.workbook.tables.getItem(r.provisional).name = r.wanted;
        await ctx.sync();
        step("sheets swapped in");
      });
    } catch (e) {
      const outcome = await this.recover(run, plans, newIds, swapping, renames).catch((re: unknown) => {
        const names = plans.map((p) => `'${p.target}'`).join(", ");
        throw new ExcelHostError(
          `Writing the add-in's sheets failed (${reason(e)}), and undoing it failed too (${reason(re)}). ` +
            `Hidden sheets whose names begin with '~SOP' may remain; the next run removes them. Check ${names} before relying on them.`,
        );
      });
      if (e instanceof StaleWorkbook) throw e;
      if (outcome === "rolled back") {
        throw new ExcelHostError(`Writing the add-in's sheets failed. ${reason(e)} Nothing was changed: the workbook is as it was before the run.`);
      }
      return { sheets: written, target: this.label, notes: [...this.renameNotes(written), `Excel reported a problem while finishing (${reason(e)}); the new sheets are in place.`] };
    }
    return { sheets: written, target: this.label, notes: this.renameNotes(written) };
  }

  private renameNotes(written: readonly { requested: string; written: string }[]): string[] {
    return written
      .filter((w) => w.written !== w.requested)
      .map((w) => `A sheet named '${w.requested}' already exists and is not the add-in's: the output was written to '${w.written}'.`);
  }

  /**
   * After a failed write sync (Office.js keeps the operations of a failed batch that ran before
   * the failure). While every sheet being replaced still exists, the write is undone: the new
   * sheets are deleted and the old ones get their names back, so the workbook is as it was.
   * Once an old sheet has been deleted (the tail of the last sync), the new sheets are already
   * in place under their names, and the write is finished instead.
   */
  private async recover(run: string, plans: readonly SheetPlan[], newIds: readonly string[] | null, swapping: boolean, renames: readonly TableRename[]): Promise<"rolled back" | "finished"> {
    return this.run(async (ctx) => {
      const wss = ctx.workbook.worksheets;
      wss.load("items/id,items/name,items/visibility");
      const tables = ctx.workbook.tables;
      tables.load("items/name,items/worksheet/id");
      await ctx.sync();
      const byId = new Map(wss.items.map((ws) => [ws.id, ws.name]));
      const byName = new Map(wss.items.map((ws) => [lower(ws.name), ws.id]));
      const shown = new Map(wss.items.map((ws) => [ws.id, visibilityOf(ws.visibility)]));
      const oldGone = plans.some((p) => p.replaced !== null && !byId.has(p.replaced.id));
      if (swapping && oldGone && newIds !== null) {
        plans.forEach((p, i) => {
          const id = newIds[i]!;
          if (byId.get(id) !== p.target) wss.getItem(id).name = p.target;
          if (!p.spec.hidden) wss.getItem(id).visibility = "Visible";
        });
        const deleted = new Set<string>();
        for (const p of plans) {
          if (!p.replaced || !byId.has(p.replaced.id)) continue;
          const ws = wss.getItem(p.replaced.id);
          if (p.replaced.visibility === "veryHidden") ws.visibility = "Hidden";
          ws.delete();
          deleted.add(p.replaced.id);
        }
        // A wanted table name held by a table of an old sheet deleted just above is free by the time the rename runs.
        const tableNames = new Set(tables.items.filter((t) => !deleted.has(t.worksheet.id)).map((t) => lower(t.name)));
        for (const r of renames) {
          if (tableNames.has(lower(r.provisional)) && !tableNames.has(lower(r.wanted))) tables.getItem(r.provisional).name = r.wanted;
        }
        await ctx.sync();
        return "finished";
      }
      // Undo: delete what this write created (by id, or by temporary name when the first sync failed), then names back.
      const doomed = new Set<string>();
      if (newIds) for (const id of newIds) if (byId.has(id)) doomed.add(id);
      plans.forEach((_p, i) => {
        const id = byName.get(lower(tempSheetName(run, i)));
        if (id !== undefined) doomed.add(id);
      });
      for (const id of doomed) wss.getItem(id).delete();
      for (const p of plans) {
        const r = p.replaced;
        if (!r) continue;
        const now = byId.get(r.id);
        if (now === undefined) continue;
        if (now !== r.name) wss.getItem(r.id).name = r.name;
        if (shown.get(r.id) !== r.visibility) wss.getItem(r.id).visibility = r.visibility === "veryHidden" ? "VeryHidden" : r.visibility === "hidden" ? "Hidden" : "Visible";
      }
      await ctx.sync();
      return "rolled back";
    });
  }

  /** The work of writing one sheet's content, in units of at most the write budget. */
  private sheetUnits(sheet: number, spec: SheetSpec, tableName: (t: TableSpec) => string): Unit[] {
    const units: Unit[] = [];
    const height = spec.rows.length;
    const width = sheetWidth(spec);
    const fmts = styleFormats(spec, height);

    // Values in row chunks: numberFormat (Text for text cells) before values, then formulas.
    if (width > 0 && height > 0) {
      const rows: RowCells[] = [];
      for (let r = 0; r < height; r++) rows.push(rowCells(spec.rows[r], width, fmts[r]));
      // Every matrix a chunk may send is counted for every row (a chunk with one formula sends a formulas row for each row).
      const emptyFormulas = rows.some((x) => x.formulas !== null) ? jsonBytes(new Array<null>(width).fill(null)) : 0;
      const rowBytes = rows.map((x) => jsonBytes(x.values) + jsonBytes(x.formats) + (x.formulas ? jsonBytes(x.formulas) : emptyFormulas) + 3);
      const fixed = 3 * OP_OVERHEAD_BYTES + 6;
      for (const span of rowSpansByBytes(rowBytes, this.writeBudget, fixed)) {
        const part = rows.slice(span.start, span.start + span.count);
        const anyValue = part.some((x) => x.anyValue);
        const anyFormat = part.some((x) => x.anyFormat);
        const anyFormula = part.some((x) => x.formulas !== null);
        if (!anyValue && !anyFormat && !anyFormula) continue;
        let bytes = fixed;
        for (let i = span.start; i < span.start + span.count; i++) bytes += rowBytes[i]!;
        const address = addressOf({ top: span.start, left: 0, rows: span.count, cols: width });
        units.push({
          sheet,
          bytes,
          apply: (ws) => {
            const range = ws.getRange(address);
            if (anyFormat) range.numberFormat = part.map((x) => x.formats);
            if (anyValue) range.values = part.map((x) => x.values);
            if (anyFormula) range.formulas = part.map((x) => x.formulas ?? new Array<string | null>(width).fill(null));
          },
        });
      }
    }

    // Fonts, fills, wrapping.
    for (const s of spec.styles ?? []) {
      if (s.rows < 1 || s.cols < 1) continue;
      if (s.bold === undefined && s.italic === undefined && s.fontSize === undefined && s.fontColor === undefined && s.fill === undefined && s.wrap === undefined) continue;
      const address = addressOf({ top: s.row, left: s.col, rows: s.rows, cols: s.cols });
      units.push({
        sheet,
        bytes: OP_OVERHEAD_BYTES * 2,
        apply: (ws) => {
          const f = ws.getRange(address).format;
          if (s.bold !== undefined) f.font.bold = s.bold;
          if (s.italic !== undefined) f.font.italic = s.italic;
          if (s.fontSize !== undefined) f.font.size = s.fontSize;
          if (s.fontColor !== undefined) f.font.color = s.fontColor;
          if (s.fill !== undefined) f.fill.color = s.fill;
          if (s.wrap !== undefined) f.wrapText = s.wrap;
        },
      });
    }

    // Column widths (characters → points), consecutive equal widths in one range.
    const widths = spec.columnWidths ?? [];
    for (let c = 0; c < widths.length; ) {
      const w = widths[c]!;
      let e = c + 1;
      while (e < widths.length && widths[e] === w) e++;
      if (Number.isFinite(w) && w > 0) {
        const address = `${columnLetters(c)}:${columnLetters(e - 1)}`;
        const points = columnWidthPoints(w);
        units.push({
          sheet,
          bytes: OP_OVERHEAD_BYTES,
          apply: (ws) => {
            ws.getRange(address).format.columnWidth = points;
          },
        });
      }
      c = e;
    }

    // Frozen header rows (and columns).
    const fr = spec.freeze?.rows ?? 0;
    const fc = spec.freeze?.cols ?? 0;
    if (fr > 0 || fc > 0) {
      units.push({
        sheet,
        bytes: OP_OVERHEAD_BYTES,
        apply: (ws) => {
          if (fr > 0 && fc > 0) ws.freezePanes.freezeAt(ws.getRange(addressOf({ top: 0, left: 0, rows: fr, cols: fc })));
          else if (fr > 0) ws.freezePanes.freezeRows(fr);
          else ws.freezePanes.freezeColumns(fc);
        },
      });
    }

    // Result tables as Excel tables (a header without data rows takes the free row below, else a filter).
    for (const t of spec.tables ?? []) {
      if (t.rows < 1 || t.cols < 1) continue;
      let box: Box = { top: t.row, left: t.col, rows: t.rows, cols: t.cols };
      if (t.rows === 1) {
        const below = spec.rows[t.row + 1] ?? [];
        const free = below.slice(t.col, t.col + t.cols).every((v) => v === null || v === undefined || v === "");
        if (!free) {
          const address = addressOf(box);
          units.push({ sheet, bytes: OP_OVERHEAD_BYTES, apply: (ws) => ws.autoFilter.apply(ws.getRange(address)) });
          continue;
        }
        box = { ...box, rows: 2 };
      }
      const name = tableName(t);
      const address = addressOf(box);
      units.push({
        sheet,
        bytes: OP_OVERHEAD_BYTES * 3,
        apply: (ws) => {
          // A Range, not an address: an address without a sheet would put the table on the active sheet.
          const table = ws.tables.add(ws.getRange(address), true);
          table.name = name;
          table.style = TABLE_STYLE;
        },
      });
    }

    // Conditional formats for alerts.
    for (const cf of spec.conditionals ?? []) {
      if (cf.rows < 1 || cf.cols < 1) continue;
      const address = addressOf({ top: cf.row, left: cf.col, rows: cf.rows, cols: cf.cols });
      units.push({
        sheet,
        bytes: OP_OVERHEAD_BYTES * 3,
        apply: (ws) => {
          const range = ws.getRange(address);
          if (cf.operator === "textContains") {
            const f = range.conditionalFormats.add("ContainsText");
            f.textComparison.format.fill.color = cf.fill;
            if (cf.fontColor !== undefined) f.textComparison.format.font.color = cf.fontColor;
            f.textComparison.rule = { operator: "Contains", text: String(cf.value) };
          } else {
            const f = range.conditionalFormats.add("CellValue");
            f.cellValue.format.fill.color = cf.fill;
            if (cf.fontColor !== undefined) f.cellValue.format.font.color = cf.fontColor;
            f.cellValue.rule = { formula1: formulaLiteral(cf.value), operator: CF_OPERATOR[cf.operator] };
          }
        },
      });
    }

    // Drop-down lists (data validation, ExcelApi 1.8; skipped where unsupported: the cells stay free text).
    if (this.supports("ExcelApi", "1.8")) {
      for (const v of spec.validations ?? []) {
        const items = v.list.filter((x) => x !== "" && !x.includes(","));
        if (v.rows < 1 || v.cols < 1 || items.length === 0) continue;
        const address = addressOf({ top: v.row, left: v.col, rows: v.rows, cols: v.cols });
        units.push({
          sheet,
          bytes: OP_OVERHEAD_BYTES * 2 + items.join(",").length,
          apply: (ws) => {
            const dv = ws.getRange(address).dataValidation;
            dv.rule = { list: { inCellDropDown: true, source: items.join(",") } };
            dv.errorAlert = { showAlert: true, style: "Stop", title: "Not in the list", message: `Pick one of: ${items.join(", ")}` };
          },
        });
      }
    }

    const tab = spec.tabColor;
    if (tab !== undefined) {
      units.push({
        sheet,
        bytes: OP_OVERHEAD_BYTES,
        apply: (ws) => {
          ws.tabColor = tab;
        },
      });
    }

    // Native charts, after the values they draw (units run in order, in the same batch: no sync of their own).
    const perSeriesTypes = this.supports("ExcelApi", "1.7");
    const axisFormats = this.supports("ExcelApi", "1.8");
    for (const c of spec.charts ?? []) {
      if (!chartUsable(c)) continue;
      const source = addressOf({ top: c.data.row, left: c.data.col, rows: c.data.rows, cols: c.data.cols });
      const start = cellA1(c.position.row, c.position.col);
      const end = cellA1(c.position.row + c.position.rows - 1, c.position.col + c.position.cols - 1);
      const seriesCount = (c.seriesBy === "rows" ? c.data.rows : c.data.cols) - 1;
      const lines = perSeriesTypes ? (c.lineSeries ?? []).filter((i) => Number.isInteger(i) && i >= 0 && i < seriesCount) : [];
      const format = axisFormats ? c.valueFormat : undefined;
      units.push({
        sheet,
        bytes: OP_OVERHEAD_BYTES * (5 + lines.length) + c.title.length,
        apply: (ws) => {
          const chart = ws.charts.add(CHART_TYPE[c.kind], ws.getRange(source), c.seriesBy === "rows" ? "Rows" : "Columns");
          if (c.name !== undefined) chart.name = c.name;
          chart.title.text = c.title;
          chart.legend.position = "Bottom";
          chart.setPosition(start, end);
          for (const i of lines) chart.series.getItemAt(i).chartType = "Line";
          if (format !== undefined) chart.axes.valueAxis.numberFormat = format;
        },
      });
    }
    return units;
  }
}
