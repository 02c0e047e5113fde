/**
 * ExcelJS workbook ⇄ the workbook model (grids, sheet specs, workbook info).
 *
 * Environment-neutral: no `fs`, no `path`. The file host (Node) and, later, the
 * standalone page (browser) load an ExcelJS `Workbook` themselves and hand it here.
 * ExcelJS is imported for its types only, so this module adds no runtime code of
 * its own for ExcelJS; `jszip` (which ExcelJS bundles anyway) inspects raw packages.
 */
import type { Cell as XlCell, Row, Workbook, Worksheet, CellValue, Fill, Font, Alignment, ConditionalFormattingRule, Style } from "exceljs";
import JSZip from "jszip";
import { type Cell, type Grid, type A1Range, parseA1, cellA1 } from "../../workbook/grid";
import type { NameInfo, SheetInfo, SourceError, TableInfo, WorkbookInfo } from "../../workbook/host";
import { type RangeSource, type Settings, SETTINGS_SHEET, sheetRangeOf } from "../../workbook/mapping";
import { settingsFromGrid } from "../../workbook/settingsSheet";
import {
  type SheetSpec,
  type OutCell,
  type BlockStyle,
  type Block,
  type TableSpec,
  type ConditionalSpec,
  type ValidationSpec,
  isFormulaCell,
  freeSheetName,
  safeSheetName,
} from "../../workbook/sheetSpec";

// ---------------------------------------------------------------------------
// Small helpers

/** ExcelJS `ValueType.Merge` (a merged cell other than the master). */
const MERGE_SLAVE = 1;
const DAY_MS = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Days between the 1900 and the 1904 date systems' day 0. */
const OFFSET_1904 = 1462;
/** Number format recorded for a date cell that carries none (so the date stays recognisable). */
const DEFAULT_DATE_FORMAT = "yyyy-mm-dd";
/** Above this many cells (rows × columns), empty rows of a grid are not padded with nulls. */
const MAX_PADDED_CELLS = 4_000_000;
/** Excel's limit on the text of one cell. */
const MAX_CELL_TEXT = 32767;

function lower(s: string): string {
  return s.toLowerCase();
}

/** Excel serial number of a date (ExcelJS reads date cells as UTC `Date`s). */
export function dateToSerial(d: Date, date1904: boolean): number | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  return (t - EPOCH_1900) / DAY_MS - (date1904 ? OFFSET_1904 : 0);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function richTextToString(rich: unknown): string {
  if (!Array.isArray(rich)) return "";
  let s = "";
  for (const run of rich) {
    if (isRecord(run) && typeof run.text === "string") s += run.text;
  }
  return s;
}

/**
 * One ExcelJS cell value to a `Cell`: numbers, strings (untrimmed), booleans, `null`,
 * dates → serial, formulas → their cached result, rich text and hyperlinks → text,
 * errors → `{ error }`.
 */
export function normaliseValue(v: CellValue | unknown, date1904: boolean): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : { error: "#NUM!" };
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return dateToSerial(v, date1904);
  if (!isRecord(v)) return null;
  if ("formula" in v || "sharedFormula" in v) return normaliseValue(v.result, date1904);
  if (typeof v.error === "string") return { error: v.error };
  if (Array.isArray(v.richText)) return richTextToString(v.richText);
  if ("hyperlink" in v || "text" in v) {
    const t = v.text;
    if (typeof t === "string") return t;
    if (isRecord(t) && Array.isArray(t.richText)) return richTextToString(t.richText);
    return t === undefined || t === null ? null : normaliseValue(t, date1904);
  }
  return null;
}

/** True when a raw ExcelJS value is (or evaluates to) a date. */
function isDateValue(v: unknown): boolean {
  if (v instanceof Date) return true;
  return isRecord(v) && ("formula" in v || "sharedFormula" in v) && v.result instanceof Date;
}

// ---------------------------------------------------------------------------
// Sheets, tables, names

/** A worksheet by name: exact match first, then case-insensitive (as Excel compares). */
export function findSheet(wb: Workbook, name: string): Worksheet | undefined {
  const all = wb.worksheets;
  return all.find((w) => w.name === name) ?? all.find((w) => lower(w.name) === lower(name));
}

interface TableRef {
  readonly name: string;
  readonly sheet: Worksheet;
  /** Whole table range incl. header (and totals row when present). */
  readonly range: A1Range;
  readonly totalsRow: boolean;
  readonly headerRow: boolean;
}

/** Tables of a worksheet, whether loaded from a file or added in memory. */
function tablesOf(ws: Worksheet): TableRef[] {
  const raw = (ws as unknown as { tables?: unknown }).tables;
  if (!isRecord(raw)) return [];
  const out: TableRef[] = [];
  for (const t of Object.values(raw)) {
    if (!isRecord(t)) continue;
    const model = isRecord(t.table) ? t.table : isRecord(t.model) ? t.model : null;
    if (!model || typeof model.name !== "string") continue;
    const refText = typeof model.tableRef === "string" ? model.tableRef : typeof model.ref === "string" ? model.ref : null;
    const range = refText ? parseA1(refText) : null;
    if (!range) continue;
    out.push({
      name: model.name,
      sheet: ws,
      range,
      totalsRow: model.totalsRow === true,
      headerRow: model.headerRow !== false,
    });
  }
  return out;
}

function allTables(wb: Workbook): TableRef[] {
  return wb.worksheets.flatMap((ws) => tablesOf(ws));
}

function rangeText(r: A1Range): string {
  const a = cellA1(r.top, r.left);
  const b = cellA1(r.bottom, r.right);
  return a === b ? a : `${a}:${b}`;
}

interface NameRef {
  readonly name: string;
  readonly ranges: readonly string[];
}

function definedNames(wb: Workbook): NameRef[] {
  let model: unknown;
  try {
    model = wb.definedNames.model;
  } catch {
    return [];
  }
  if (!Array.isArray(model)) return [];
  const out: NameRef[] = [];
  for (const m of model) {
    if (!isRecord(m) || typeof m.name !== "string" || !Array.isArray(m.ranges)) continue;
    if (m.name.startsWith("_xlnm.")) continue; // print areas, filter databases
    out.push({ name: m.name, ranges: m.ranges.filter((r): r is string => typeof r === "string") });
  }
  return out;
}

/** Settings saved in the workbook's `SOP_Settings` sheet, or null. */
export function readWorkbookSettings(wb: Workbook): Settings | null {
  const ws = findSheet(wb, SETTINGS_SHEET);
  if (!ws) return null;
  return settingsFromGrid(readBlock(ws, 0, 0, Infinity, Infinity, false, {}));
}

/** Names of the sheets the add-in owns in this workbook (lower case): `ownedSheets` plus `SOP_Settings`. */
export function ownedSheetNames(wb: Workbook, settings: Settings | null = readWorkbookSettings(wb)): Set<string> {
  const owned = new Set<string>([lower(SETTINGS_SHEET)]);
  for (const n of settings?.ownedSheets ?? []) owned.add(lower(n));
  return owned;
}

/** Used extent of a sheet from A1 (rows × columns), 0 × 0 when empty. */
function usedExtent(ws: Worksheet): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  ws.eachRow((row, rn) => {
    let last = 0;
    row.eachCell((cell, cn) => {
      if (cell.type !== MERGE_SLAVE) last = cn;
    });
    if (last > 0) {
      rows = rn;
      if (last > cols) cols = last;
    }
  });
  return { rows, cols };
}

/** Sheets (with visibility, used extent and ownership), tables and single-range defined names. */
export function describeWorkbook(wb: Workbook): WorkbookInfo {
  const owned = ownedSheetNames(wb);
  const sheets: SheetInfo[] = wb.worksheets.map((ws) => {
    const { rows, cols } = usedExtent(ws);
    const state = ws.state as string;
    const visibility: SheetInfo["visibility"] = state === "hidden" ? "hidden" : state === "veryHidden" ? "veryHidden" : "visible";
    return { name: ws.name, visibility, rows, cols, owned: owned.has(lower(ws.name)) };
  });
  const tables: TableInfo[] = allTables(wb).map((t) => ({ name: t.name, sheet: t.sheet.name, range: rangeText(t.range) }));
  const names: NameInfo[] = [];
  for (const n of definedNames(wb)) {
    if (n.ranges.length !== 1) continue;
    const r = parseA1(n.ranges[0]!);
    if (!r || r.sheet === undefined) continue;
    const ws = findSheet(wb, r.sheet);
    if (!ws) continue;
    names.push({ name: n.name, sheet: ws.name, range: rangeText(r) });
  }
  return { sheets, tables, names };
}

// ---------------------------------------------------------------------------
// Reading

interface BlockExtra {
  /** Table name when the block is an Excel table. */
  readonly table?: string;
}

/**
 * Read a block of a sheet into a grid. `top`/`left` are zero-based; `bottom`/`right`
 * are zero-based inclusive bounds (Infinity for the whole sheet). The grid is clipped
 * to the used area (trailing empty rows and columns are dropped) but always starts at
 * (`top`, `left`), so addresses computed from it stay true. `formats` rows are only as
 * long as their last formatted cell (memory stays low; `formatAt` reads missing as null).
 */
function readBlock(ws: Worksheet, top: number, left: number, bottom: number, right: number, date1904: boolean, extra: BlockExtra): Grid {
  const values: Cell[][] = [];
  const formats: (string | null)[][] = [];
  const hiddenRows: number[] = [];
  let width = 0;
  let height = 0;
  const firstCol = left + 1;
  const lastCol = right + 1;

  ws.eachRow((row, rn) => {
    const r = rn - 1;
    if (r < top || r > bottom) return;
    const out: Cell[] = [];
    let fmts: (string | null)[] | null = null;
    row.eachCell((cell: XlCell, cn: number) => {
      if (cn < firstCol || cn > lastCol) return;
      if (cell.type === MERGE_SLAVE) return; // the value sits in the master cell
      let raw: unknown = cell.value;
      // ExcelJS drops a cached formula result of 0 (or "") from `value`; `result` keeps it.
      if (isRecord(raw) && ("formula" in raw || "sharedFormula" in raw) && raw.result === undefined && cell.result !== undefined) {
        raw = { ...raw, result: cell.result };
      }
      const v = normaliseValue(raw, date1904);
      if (v === null) return;
      const c = cn - firstCol;
      while (out.length < c) out.push(null);
      out.push(v);
      if (typeof v === "number") {
        const nf = cell.numFmt;
        let fmt: string | null = null;
        if (isDateValue(raw)) fmt = nf && nf !== "General" ? nf : DEFAULT_DATE_FORMAT;
        else if (nf && nf !== "General") fmt = nf;
        if (fmt !== null) {
          if (!fmts) fmts = [];
          while (fmts.length < c) fmts.push(null);
          fmts.push(fmt);
        }
      }
    });
    if (out.length === 0) return;
    const i = r - top;
    while (values.length < i) {
      values.push([]);
      formats.push([]);
    }
    values.push(out);
    formats.push(fmts ?? []);
    if (row.hidden) hiddenRows.push(i);
    if (out.length > width) width = out.length;
    height = i + 1;
  });

  // Rectangular values: pad every row to the grid's width. Past a few million cells (a stray
  // cell in row 1,048,576 or in XFD1048576), rows without any cell stay empty: padding them
  // would mean up to 17 billion nulls. Readers go through `cellAt` / `gridWidth` either way.
  const rectangular = height * width <= MAX_PADDED_CELLS;
  for (const row of values) if (rectangular || row.length > 0) while (row.length < width) row.push(null);
  values.length = height;
  formats.length = height;

  return {
    sheet: ws.name,
    top,
    left,
    values,
    formats,
    hiddenRows,
    ...(extra.table !== undefined ? { table: extra.table } : {}),
    date1904,
  };
}

function sheetList(wb: Workbook): string {
  const names = wb.worksheets.map((w) => w.name);
  return names.length === 0 ? "the workbook has no sheets" : `sheets: ${names.join(", ")}`;
}

function isDate1904(wb: Workbook): boolean {
  const p: unknown = (wb as unknown as { properties?: unknown }).properties;
  return isRecord(p) && p.date1904 === true;
}

/** Read one source (whole sheet, range, table or defined name) as a grid, or say why it cannot be read. */
export function readSource(wb: Workbook, source: RangeSource): Grid | SourceError {
  const date1904 = isDate1904(wb);
  const fail = (message: string): SourceError => ({ source, message });

  if (source.table !== undefined) {
    const tables = allTables(wb);
    const want = source.table.trim();
    const t = tables.find((x) => x.name === want) ?? tables.find((x) => lower(x.name) === lower(want));
    if (!t) {
      const list = tables.length === 0 ? "the workbook has no tables" : `tables: ${tables.map((x) => x.name).join(", ")}`;
      return fail(`table ${want} not found (${list})`);
    }
    const bottom = t.totalsRow ? t.range.bottom - 1 : t.range.bottom;
    return readBlock(t.sheet, t.range.top, t.range.left, bottom, t.range.right, date1904, { table: t.name });
  }

  if (source.name !== undefined) {
    const want = source.name.trim();
    const names = definedNames(wb);
    const n = names.find((x) => x.name === want) ?? names.find((x) => lower(x.name) === lower(want));
    if (!n) return fail(`name ${want} not found (${names.length === 0 ? "the workbook has no defined names" : `names: ${names.map((x) => x.name).join(", ")}`})`);
    if (n.ranges.length !== 1) return fail(`name ${n.name} refers to ${n.ranges.length} ranges; it must refer to one range`);
    const r = parseA1(n.ranges[0]!);
    if (!r || r.sheet === undefined) return fail(`name ${n.name} does not refer to a range on a sheet (${n.ranges[0]!})`);
    const ws = findSheet(wb, r.sheet);
    if (!ws) return fail(`name ${n.name} refers to sheet '${r.sheet}', which does not exist (${sheetList(wb)})`);
    return readBlock(ws, r.top, r.left, r.bottom, r.right, date1904, {});
  }

  const sr = sheetRangeOf(source);
  if ("error" in sr) return fail(sr.error);
  const { sheet: sheetName, range } = sr;
  const ws = findSheet(wb, sheetName);
  if (!ws) return fail(`sheet '${sheetName}' does not exist (${sheetList(wb)})`);
  if (range) return readBlock(ws, range.top, range.left, range.bottom, range.right, date1904, {});
  return readBlock(ws, 0, 0, Infinity, Infinity, date1904, {});
}

// ---------------------------------------------------------------------------
// Writing

interface OrderedSheet {
  orderNo: number;
}

function argb(hex: string): string {
  const h = hex.trim().replace(/^#/, "");
  if (/^[0-9a-fA-F]{6}$/.test(h)) return `FF${h.toUpperCase()}`;
  if (/^[0-9a-fA-F]{8}$/.test(h)) return h.toUpperCase();
  throw new Error(`colour '${hex}' is not #RRGGBB`);
}

/**
 * Functions added to Excel after 2007. A file stores them with the `_xlfn.` prefix
 * (`_xlfn.STDEV.S(…)`); without it Excel and LibreOffice both show #NAME?. Sheet specs
 * hold formulas as typed in Excel (what Office.js takes), so the file writer adds it.
 */
const XLFN_FUNCTIONS = new Set(
  (
    "ACOT ACOTH AGGREGATE ARABIC BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR " +
    "BITRSHIFT BITXOR CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST COMBINA CONCAT " +
    "CONFIDENCE.NORM CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL ERF.PRECISE ERFC.PRECISE EXPON.DIST " +
    "F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY " +
    "FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE GAUSS HYPGEOM.DIST IFNA IFS " +
    "ISFORMULA ISOWEEKNUM LOGNORM.DIST LOGNORM.INV MAXIFS MINIFS MODE.MULT MODE.SNGL NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST " +
    "NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC " +
    "PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC RANK.AVG RANK.EQ RRI SEC SECH SHEET SHEETS SKEW.P STDEV.P STDEV.S " +
    "SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TEXTJOIN UNICHAR UNICODE VAR.P VAR.S WEIBULL.DIST WORKDAY.INTL " +
    "XLOOKUP XMATCH XOR Z.TEST"
  ).split(" "),
);

/**
 * A formula as a file stores it: no leading `=`, `_xlfn.` before newer functions (outside
 * string literals and quoted sheet names; never twice).
 */
export function fileFormula(formula: string): string {
  const f = formula.replace(/^\s*=/, "");
  // Split into quoted parts ("text", 'Sheet name') and the rest; only the rest holds function names.
  return f.replace(/("(?:[^"]|"")*"|'(?:[^']|'')*')|([^"']+)/g, (_m, quoted: string | undefined, code: string | undefined) =>
    quoted !== undefined ? quoted : (code ?? "").replace(/(?<![\w.$!])([A-Za-z][A-Za-z0-9.]*)(?=\()/g, (name: string) => (XLFN_FUNCTIONS.has(name.toUpperCase()) ? `_xlfn.${name.toUpperCase()}` : name)),
  );
}

/** An output cell as an ExcelJS value. Strings stay strings (ExcelJS never parses them as formulas). */
function toExcelValue(v: OutCell): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : { error: "#NUM!" as const };
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v.length > MAX_CELL_TEXT ? v.slice(0, MAX_CELL_TEXT) : v;
  if (isFormulaCell(v)) {
    const formula = fileFormula(v.formula);
    // The cached result: 0, FALSE and "" are results too (written as <v>0</v>, <v>0</v>, <v></v>).
    const r = v.value;
    if (r === null || r === undefined) return { formula, date1904: false } as CellValue;
    const result = typeof r === "number" && !Number.isFinite(r) ? { error: "#NUM!" as const } : r;
    return { formula, result, date1904: false } as CellValue;
  }
  return null;
}

function blockRef(b: Block): string {
  const a = cellA1(b.row, b.col);
  if (b.rows <= 1 && b.cols <= 1) return a;
  return `${a}:${cellA1(b.row + Math.max(b.rows, 1) - 1, b.col + Math.max(b.cols, 1) - 1)}`;
}

/** A cell style as ExcelJS keeps it (number format, font, fill, alignment). */
type CellStyle = Partial<Style>;

/**
 * Apply the spec's block styles in order (a later block adds to, or overrides, an earlier one:
 * number format and fill replaced, font and alignment merged), creating the cells they cover.
 *
 * Cells with the same styles share one style object: ExcelJS keys its style registry by object
 * identity when it writes, so a shared object is turned into style XML once instead of once per
 * cell (the write cost of large sheets), and a cell holds no copy of its own. `empty` is the
 * style of every cell written without one. Style objects are never changed once made.
 */
function applyStyles(ws: Worksheet, styles: readonly BlockStyle[], empty: CellStyle): void {
  const made = new Set<CellStyle>([empty]);
  const memo = new Map<CellStyle, Map<number, CellStyle>>();
  styles.forEach((s, index) => {
    const fontPatch: Partial<Font> = {};
    if (s.bold !== undefined) fontPatch.bold = s.bold;
    if (s.italic !== undefined) fontPatch.italic = s.italic;
    if (s.fontSize !== undefined) fontPatch.size = s.fontSize;
    if (s.fontColor !== undefined) fontPatch.color = { argb: argb(s.fontColor) };
    const hasFont = Object.keys(fontPatch).length > 0;
    const fill: Fill | null = s.fill !== undefined ? { type: "pattern", pattern: "solid", fgColor: { argb: argb(s.fill) } } : null;
    const compose = (prev: CellStyle): CellStyle => {
      let byBlock = memo.get(prev);
      if (byBlock === undefined) memo.set(prev, (byBlock = new Map()));
      let next = byBlock.get(index);
      if (next === undefined) {
        next = { ...prev };
        if (s.numberFormat !== undefined) next.numFmt = s.numberFormat;
        if (hasFont) next.font = { ...(prev.font ?? {}), ...fontPatch };
        if (fill) next.fill = fill;
        if (s.wrap !== undefined) next.alignment = { ...(prev.alignment ?? {}), wrapText: s.wrap } as Partial<Alignment>;
        byBlock.set(index, next);
        made.add(next);
      }
      return next;
    };
    for (let r = s.row; r < s.row + s.rows; r++) {
      const row = ws.getRow(r + 1);
      for (let c = s.col; c < s.col + s.cols; c++) {
        const cell = row.getCell(c + 1);
        // A cell this function did not style yet holds ExcelJS's fresh empty style (a new sheet has no row or column styles).
        const prev = made.has(cell.style) ? cell.style : empty;
        cell.style = compose(prev);
      }
    }
  });
}

/** A valid, workbook-unique table name (letters, digits, `_`, `.`; not a cell address). */
function tableName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[^A-Za-z0-9_.\\]/g, "_");
  if (!/^[A-Za-z_\\]/.test(base)) base = `_${base}`;
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(base) || /^[RrCc]$/.test(base) || /^[Rr][0-9]*[Cc][0-9]*$/.test(base)) base = `_${base}`;
  base = base.slice(0, 250);
  let name = base;
  for (let i = 2; taken.has(lower(name)); i++) name = `${base}_${i}`;
  taken.add(lower(name));
  return name;
}

function headerText(v: OutCell | undefined): string {
  if (v === null || v === undefined) return "";
  if (isFormulaCell(v)) return v.value === null || v.value === undefined ? "" : String(v.value);
  return String(v).trim();
}

function writeTable(ws: Worksheet, spec: SheetSpec, t: TableSpec, taken: Set<string>): void {
  if (t.rows < 1 || t.cols < 1) return;
  const headers: string[] = [];
  const seen = new Set<string>();
  for (let c = 0; c < t.cols; c++) {
    let h = headerText(spec.rows[t.row]?.[t.col + c]);
    if (h === "") h = `Column${c + 1}`;
    let u = h;
    for (let i = 2; seen.has(lower(u)); i++) u = `${h}${i}`;
    seen.add(lower(u));
    headers.push(u);
  }
  const rows: CellValue[][] = [];
  for (let r = t.row + 1; r < t.row + t.rows; r++) {
    const src = spec.rows[r] ?? [];
    const out: CellValue[] = [];
    for (let c = 0; c < t.cols; c++) out.push(toExcelValue(src[t.col + c] ?? null));
    rows.push(out);
  }
  if (rows.length === 0) {
    // Excel needs one data row below the header; use it when it is free, else fall back to a filter.
    const below = spec.rows[t.row + 1] ?? [];
    const free = below.slice(t.col, t.col + t.cols).every((v) => v === null || v === undefined || v === "");
    if (!free) {
      ws.autoFilter = blockRef({ row: t.row, col: t.col, rows: 1, cols: t.cols });
      return;
    }
    rows.push(headers.map(() => null));
  }
  ws.addTable({
    name: tableName(t.name, taken),
    ref: cellA1(t.row, t.col),
    headerRow: true,
    totalsRow: false,
    style: { theme: "TableStyleMedium2", showRowStripes: true },
    columns: headers.map((name) => ({ name, filterButton: true })),
    rows,
  });
}

function formulaLiteral(v: number | string): string {
  return typeof v === "number" ? String(v) : `"${v.replace(/"/g, '""')}"`;
}

function writeConditional(ws: Worksheet, cf: ConditionalSpec): void {
  const style: Partial<Style> = {
    fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(cf.fill) } },
    ...(cf.fontColor !== undefined ? { font: { color: { argb: argb(cf.fontColor) } } } : {}),
  };
  // priority 0: ExcelJS numbers the rules of a sheet in order when it writes them.
  const rule: ConditionalFormattingRule =
    cf.operator === "textContains"
      ? { type: "containsText", operator: "containsText", text: String(cf.value), style, priority: 0 }
      : { type: "cellIs", operator: cf.operator, formulae: [formulaLiteral(cf.value)], style, priority: 0 };
  ws.addConditionalFormatting({ ref: blockRef(cf), rules: [rule] });
}

function fillSheet(ws: Worksheet, spec: SheetSpec, tableNames: Set<string>): void {
  const empty: CellStyle = {};
  for (let r = 0; r < spec.rows.length; r++) {
    const cells = spec.rows[r]!;
    let row: Row | null = null;
    for (let c = 0; c < cells.length; c++) {
      const v = cells[c];
      if (v === null || v === undefined) continue;
      row ??= ws.getRow(r + 1);
      const cell = row.getCell(c + 1);
      cell.value = toExcelValue(v);
      cell.style = empty;
    }
  }
  applyStyles(ws, spec.styles ?? [], empty);
  (spec.columnWidths ?? []).forEach((w, i) => {
    if (Number.isFinite(w) && w > 0) ws.getColumn(i + 1).width = w;
  });
  if (spec.freeze && (spec.freeze.rows > 0 || (spec.freeze.cols ?? 0) > 0)) {
    const xSplit = spec.freeze.cols ?? 0;
    const ySplit = spec.freeze.rows;
    ws.views = [{ state: "frozen", xSplit, ySplit, topLeftCell: cellA1(ySplit, xSplit) }];
  }
  for (const t of spec.tables ?? []) writeTable(ws, spec, t, tableNames);
  for (const cf of spec.conditionals ?? []) writeConditional(ws, cf);
  for (const v of spec.validations ?? []) writeValidation(ws, v);
  if (spec.hidden) ws.state = "hidden";
  if (spec.tabColor !== undefined) ws.properties.tabColor = { argb: argb(spec.tabColor) };
}

/** A drop-down list (data validation) on every cell of a block; items with commas or quotes are dropped. */
function writeValidation(ws: Worksheet, v: ValidationSpec): void {
  const items = v.list.filter((x) => x !== "" && !/[,"]/.test(x));
  if (items.length === 0) return;
  const formula = `"${items.join(",")}"`;
  if (formula.length > 257) return; // Excel's limit for a literal list
  for (let r = v.row; r < v.row + v.rows; r++) {
    for (let c = v.col; c < v.col + v.cols; c++) {
      ws.getCell(r + 1, c + 1).dataValidation = { type: "list", allowBlank: true, showErrorMessage: true, errorTitle: "Not in the list", error: `Pick one of: ${items.join(", ")}`, formulae: [formula] };
    }
  }
}

/**
 * Tables loaded from a file come back from ExcelJS in a shape it writes badly: a column
 * without a `filterColumn` element (Excel's usual case) is written with its filter
 * button hidden, and a table without an `autoFilter` element gets an `autoFilter`
 * without a range (Excel then repairs the file). Restore what Excel meant.
 */
function repairLoadedTables(wb: Workbook): void {
  for (const ws of wb.worksheets) {
    const raw = (ws as unknown as { tables?: unknown }).tables;
    if (!isRecord(raw)) continue;
    for (const t of Object.values(raw)) {
      if (!isRecord(t) || !isRecord(t.table)) continue;
      const model = t.table;
      if (!Array.isArray(model.columns)) continue;
      const hadFilter = typeof model.autoFilterRef === "string" && model.autoFilterRef !== "";
      if (!hadFilter && typeof model.tableRef === "string") {
        const r = parseA1(model.tableRef);
        if (r) {
          const bottom = model.totalsRow === true ? r.bottom - 1 : r.bottom;
          model.autoFilterRef = rangeText({ top: r.top, left: r.left, bottom: Math.max(bottom, r.top), right: r.right });
        }
      }
      for (const col of model.columns) {
        if (isRecord(col) && col.filterButton === undefined) col.filterButton = hadFilter;
      }
    }
  }
}

/**
 * Write sheet specs into a workbook (in memory). A sheet of the same name that the
 * add-in owns is replaced in its tab position; a planner's sheet of that name is
 * left untouched and the spec gets a free name (`SOP Data Check (2)`). A free name
 * that is itself an owned sheet from an earlier run is reused. Throws on invalid
 * specs (the workbook may then be half-written: callers work on a copy).
 */
export function writeSheets(
  wb: Workbook,
  sheets: readonly SheetSpec[],
  existingOwned: Set<string>,
): { requested: string; written: string }[] {
  const owned = new Set<string>([...existingOwned].map(lower));
  const requestedSeen = new Set<string>();
  for (const s of sheets) {
    if (requestedSeen.has(lower(s.name))) throw new Error(`two output sheets are named '${s.name}'`);
    requestedSeen.add(lower(s.name));
  }
  const writtenNow = new Set<string>();
  const results: { requested: string; written: string }[] = [];
  repairLoadedTables(wb);

  for (const spec of sheets) {
    if (safeSheetName(spec.name) !== spec.name) {
      throw new Error(`'${spec.name}' is not a valid sheet name (at most 31 characters, none of \\ / ? * [ ] :)`);
    }
    const plannerNames = wb.worksheets.map((w) => w.name).filter((n) => !owned.has(lower(n)));
    const target = freeSheetName(spec.name, [...plannerNames, ...writtenNow]);
    const existing = findSheet(wb, target);
    let orderNo: number | undefined;
    if (existing) {
      orderNo = (existing as unknown as OrderedSheet).orderNo;
      wb.removeWorksheet(existing.id);
    }
    const ws = wb.addWorksheet(target);
    if (orderNo !== undefined) (ws as unknown as OrderedSheet).orderNo = orderNo;
    const tableNames = new Set<string>();
    for (const t of allTables(wb)) tableNames.add(lower(t.name));
    for (const n of definedNames(wb)) tableNames.add(lower(n.name));
    fillSheet(ws, spec, tableNames);
    owned.add(lower(target));
    writtenNow.add(target);
    results.push({ requested: spec.name, written: target });
  }
  if (sheets.some((s) => s.rows.some((r) => r.some((v) => isFormulaCell(v))))) {
    // Formulas written without a cached result are computed when Excel opens the file.
    wb.calcProperties = { ...(wb.calcProperties ?? {}), fullCalcOnLoad: true };
  }
  return results;
}

// ---------------------------------------------------------------------------
// What a rewrite with ExcelJS would lose

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

/** True when an OLE compound file holds an encrypted OOXML package (a password-protected .xlsx). */
export function isEncryptedPackage(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, CFB_MAGIC)) return false;
  const needle = "EncryptedPackage";
  const limit = Math.min(bytes.length, 1 << 22);
  outer: for (let i = 0; i + needle.length * 2 <= limit; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + 2 * j] !== needle.charCodeAt(j) || bytes[i + 2 * j + 1] !== 0) continue outer;
    }
    return true;
  }
  return false;
}

/** What kind of file the bytes are, before any parsing. */
export function packageKind(bytes: Uint8Array): "zip" | "encrypted" | "legacy" | "other" {
  if (startsWith(bytes, ZIP_MAGIC)) return "zip";
  if (startsWith(bytes, CFB_MAGIC)) return isEncryptedPackage(bytes) ? "encrypted" : "legacy";
  return "other";
}

/** Filter criteria inside an `autoFilter` element (a filter is applied). */
const FILTER_CRITERIA = /<(?:\w+:)?(?:filters|customFilters|top10|dynamicFilter|colorFilter|iconFilter)\b/;

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&amp;/g, "&");
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[:.]/g, "\\$&")}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  if (!m) return undefined;
  return decodeXml(m[2] ?? m[3] ?? "");
}

/** Relationships of a part: id → { type (last path segment), target (resolved zip path) }. */
function parseRels(xml: string, partPath: string): Map<string, { type: string; target: string }> {
  const dir = partPath.includes("/") ? partPath.slice(0, partPath.lastIndexOf("/")) : "";
  const out = new Map<string, { type: string; target: string }>();
  for (const m of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const tag = m[0];
    const id = attr(tag, "Id");
    const type = attr(tag, "Type") ?? "";
    const target = attr(tag, "Target") ?? "";
    if (id === undefined) continue;
    if (attr(tag, "TargetMode") === "External") {
      out.set(id, { type: type.slice(type.lastIndexOf("/") + 1), target: "" });
      continue;
    }
    out.set(id, { type: type.slice(type.lastIndexOf("/") + 1), target: resolvePath(dir, target) });
  }
  return out;
}

function resolvePath(dir: string, target: string): string {
  const parts = target.startsWith("/") ? [] : dir.split("/").filter((p) => p !== "");
  for (const p of target.replace(/^\//, "").split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return parts.join("/");
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/**
 * Why rewriting this .xlsx with ExcelJS would lose something (charts, pivots, macros,
 * external links, slicers, …). An empty list means a rewrite keeps the workbook's content.
 */
export async function unsupportedForRewrite(bytes: Uint8Array | ArrayBuffer): Promise<string[]> {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const kind = packageKind(u8);
  if (kind === "encrypted") return ["The workbook is password-protected (encrypted); it cannot be rewritten."];
  if (kind === "legacy") return ["The file is an Excel 97-2003 workbook (.xls), not an .xlsx workbook."];
  if (kind === "other") return ["The file is not an .xlsx workbook (it is not a zip package)."];

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(u8);
  } catch (e) {
    return [`The file is not a readable .xlsx package (${e instanceof Error ? e.message : String(e)}).`];
  }
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const has = (p: string): boolean => zip.file(p) !== null;
  const under = (prefix: string): string[] => names.filter((n) => n.startsWith(prefix));
  const text = async (p: string): Promise<string> => {
    const f = zip.file(p);
    return f ? f.async("string") : "";
  };
  const reasons: string[] = [];
  const add = (r: string): void => {
    if (!reasons.includes(r)) reasons.push(r);
  };

  const contentTypes = await text("[Content_Types].xml");
  if (has("xl/workbook.bin") || /sheet\.binary\.macroEnabled/i.test(contentTypes)) {
    add("The file is an Excel binary workbook (.xlsb), not an .xlsx workbook.");
  } else if (/macroEnabled\.main\+xml/i.test(contentTypes)) {
    add("The file is a macro-enabled workbook (.xlsm); rewriting it would drop its macros.");
  } else if (/template\.main\+xml/i.test(contentTypes)) {
    add("The file is an Excel template (.xltx), not an .xlsx workbook.");
  }
  if (!has("xl/workbook.xml") && !has("xl/workbook.bin")) {
    add("The package has no workbook part (xl/workbook.xml); it is not an .xlsx workbook.");
    return reasons;
  }

  const workbookXml = await text("xl/workbook.xml");
  if (/<(?:\w+:)?workbookProtection\b/.test(workbookXml)) add("The workbook's structure protection would be removed.");
  const ref = "(?:'(?:[^']|'')+'|[^'!,()\"]+)!\\$?[A-Z]{1,3}\\$?[0-9]+(?::\\$?[A-Z]{1,3}\\$?[0-9]+)?";
  const rangeList = new RegExp(`^${ref}(?:,${ref})*$`);
  for (const m of workbookXml.matchAll(/<(?:\w+:)?definedName\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?definedName>/g)) {
    const tag = `<x ${m[1] ?? ""}>`;
    const name = attr(tag, "name") ?? "";
    if (name.startsWith("_xlnm.")) continue;
    const body = decodeXml(m[2] ?? "").trim();
    if (!rangeList.test(body)) add(`Defined name '${name}' (a formula, a constant or a whole-column reference) would be damaged.`);
    else if (attr(tag, "localSheetId") !== undefined) add(`Defined name '${name}' belongs to one sheet and would become workbook-wide.`);
  }

  // Features already reported with their sheet (the generic sentence is then left out).
  const found = new Set<string>();
  // Sheet names by part path.
  const sheetName = new Map<string, string>();
  const wbRels = parseRels(await text("xl/_rels/workbook.xml.rels"), "xl/workbook.xml");
  for (const m of (await text("xl/workbook.xml")).matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attr(m[0], "name");
    const rid = attr(m[0], "r:id");
    const rel = rid !== undefined ? wbRels.get(rid) : undefined;
    if (name !== undefined && rel) {
      sheetName.set(rel.target, name);
      if (rel.type === "chartsheet") {
        add(`Chart sheet '${name}' would be lost.`);
        found.add("chart");
      }
      if (rel.type === "dialogsheet") add(`Dialog sheet '${name}' would be lost.`);
      if (/macrosheet/i.test(rel.type)) add(`Excel 4 macro sheet '${name}' would be lost.`);
    }
  }

  for (const [part, name] of sheetName) {
    if (!part.startsWith("xl/worksheets/")) continue;
    const rels = parseRels(await text(relsPathOf(part)), part);
    for (const rel of rels.values()) {
      switch (rel.type) {
        case "pivotTable":
          add(`Pivot table on sheet '${name}' would be lost.`);
          found.add("pivot");
          break;
        case "drawing": {
          const dRels = parseRels(await text(relsPathOf(rel.target)), rel.target);
          for (const d of dRels.values()) {
            if (d.type === "chart" || d.type === "chartEx") {
              add(`Chart on sheet '${name}' would be lost.`);
              found.add("chart");
            }
            if (d.type === "diagramData") add(`SmartArt graphic on sheet '${name}' would be lost.`);
          }
          const dXml = await text(rel.target);
          if (/<(?:\w+:)?sp[\s>]/.test(dXml) || /<(?:\w+:)?cxnSp[\s>]/.test(dXml)) {
            add(`Shapes or text boxes on sheet '${name}' would be lost.`);
          }
          break;
        }
        case "ctrlProp":
          add(`Form controls on sheet '${name}' would be lost.`);
          found.add("ctrl");
          break;
        case "control":
          add(`ActiveX controls on sheet '${name}' would be lost.`);
          found.add("activex");
          break;
        case "slicer":
          add(`Slicers on sheet '${name}' would be lost.`);
          found.add("slicer");
          break;
        case "timeline":
          add(`Timelines on sheet '${name}' would be lost.`);
          found.add("timeline");
          break;
        case "oleObject":
        case "package":
          add(`Embedded objects on sheet '${name}' would be lost.`);
          found.add("ole");
          break;
        case "threadedComment":
          add(`Threaded comments on sheet '${name}' would be lost.`);
          found.add("threaded");
          break;
        default:
          break;
      }
    }
    const xml = await text(part);
    const filter = /<(?:\w+:)?autoFilter\b[^>]*>([\s\S]*?)<\/(?:\w+:)?autoFilter>/.exec(xml);
    if (filter && FILTER_CRITERIA.test(filter[1] ?? "")) add(`The filter applied on sheet '${name}' would be lost (clear it first).`);
    if (/<(?:\w+:)?extLst\b/.test(xml)) {
      if (/x14:sparklineGroups/.test(xml)) add(`Sparklines on sheet '${name}' would be lost.`);
      if (/x14:dataValidations/.test(xml)) add(`Data validation lists referring to other sheets on sheet '${name}' would be lost.`);
    }
  }

  for (const part of under("xl/tables/")) {
    const xml = await text(part);
    const tableTag = /<(?:\w+:)?table\b[^>]*>/.exec(xml)?.[0] ?? "";
    const filter = /<(?:\w+:)?autoFilter\b[^>]*>([\s\S]*?)<\/(?:\w+:)?autoFilter>/.exec(xml);
    if (filter && FILTER_CRITERIA.test(filter[1] ?? "")) {
      add(`The filter applied in table ${attr(tableTag, "name") ?? part} would be lost (clear it first).`);
    }
  }

  const global: [boolean, string, string][] = [
    [under("xl/charts/").length > 0 || under("xl/chartsheets/").length > 0, "chart", "The workbook contains charts, which would be lost."],
    [under("xl/pivotTables/").length > 0 || under("xl/pivotCache/").length > 0, "pivot", "The workbook contains pivot tables or pivot caches, which would be lost."],
    [has("xl/vbaProject.bin"), "vba", "The workbook contains macros (a VBA project), which would be lost."],
    [under("xl/externalLinks/").length > 0, "ext", "The workbook links to other workbooks (external links), which would be lost."],
    [under("xl/slicers/").length > 0 || under("xl/slicerCaches/").length > 0, "slicer", "The workbook contains slicers, which would be lost."],
    [under("xl/timelines/").length > 0 || under("xl/timelineCaches/").length > 0, "timeline", "The workbook contains timelines, which would be lost."],
    [under("xl/ctrlProps/").length > 0, "ctrl", "The workbook contains form controls, which would be lost."],
    [under("xl/activeX/").length > 0, "activex", "The workbook contains ActiveX controls, which would be lost."],
    [under("xl/model/").length > 0, "model", "The workbook contains a data model (Power Pivot), which would be lost."],
    [has("xl/connections.xml"), "conn", "The workbook contains data connections (Power Query or external data), which would be lost."],
    [under("xl/queryTables/").length > 0, "query", "The workbook contains query tables, which would be lost."],
    [under("xl/threadedComments/").length > 0 || under("xl/persons/").length > 0, "threaded", "The workbook contains threaded comments, which would be lost."],
    [under("customXml/").length > 0, "customxml", "The workbook contains custom XML parts, which would be lost."],
    [under("xl/embeddings/").length > 0, "ole", "The workbook contains embedded objects, which would be lost."],
    [under("xl/diagrams/").length > 0, "smartart", "The workbook contains SmartArt graphics, which would be lost."],
    [under("xl/macrosheets/").length > 0, "xlm", "The workbook contains Excel 4 macro sheets, which would be lost."],
    [under("xl/webextensions/").length > 0, "webext", "The workbook contains Office add-in parts (web extensions), which would be lost."],
    [under("xl/richData/").length > 0, "richdata", "The workbook contains data types or pictures in cells, which would be lost."],
    [has("xl/metadata.xml"), "metadata", "The workbook contains cell metadata (dynamic array formulas), which would be lost."],
    [has("docProps/custom.xml"), "custom", "The workbook has custom document properties (such as sensitivity labels), which would be lost."],
  ];
  for (const [present, key, reason] of global) {
    if (present && !found.has(key)) add(reason);
  }
  return reasons;
}
