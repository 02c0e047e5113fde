/**
 * A fake Excel object model for testing the Office.js host without Excel.
 *
 * It models what `ExcelHost` uses, with Office.js's batch semantics:
 * - proxies (`getItem`, `getRange`, `add`, ...) are created at once; property sets,
 *   method calls and `load()`s are queued and run in order at `context.sync()`;
 * - a property that was not loaded (and synced) throws when read, like Office.js;
 * - `*OrNullObject` gives a null object (`isNullObject` after sync); using a missing
 *   item otherwise makes the sync fail with `ItemNotFound`;
 * - a failing sync has applied the operations queued before the failure (Office.js
 *   does not roll a batch back) and delivers none of its loads;
 * - every sync is counted with its request bytes (JSON of the values, formats and
 *   formulas written) and response bytes (JSON of what was loaded); in "web" mode a
 *   request or response over 5 MB fails, as in Excel on the web; a range read over
 *   5,000,000 cells fails everywhere;
 * - `failOnSync(n)` makes the n-th sync from now fail (by default after applying half
 *   of its operations);
 * - charts (`worksheet.charts.add`) are recorded with their type, source range, series
 *   orientation, title, legend, position, name, per-series chart types and value-axis format;
 *   an unknown chart type, a series index past the source's series, or per-series types before
 *   ExcelApi 1.7 (axis formats before 1.8) make the sync fail, as in Excel;
 * - values typed into a cell are interpreted as Excel does: text starting with `=`,
 *   `+`, `-` or `@` becomes a formula and number-like text a number, unless the cell's
 *   number format is Text (`@`) or the text starts with an apostrophe.
 *
 * office-addin-mock does not model collections, addresses, used ranges, tables, new
 * sheets or sync counting (TOOLCHAIN.md), hence this fake.
 */
import { type Cell, type Grid, cellA1, isCellError, parseA1, quoteSheet } from "../../../src/workbook/grid";
import type { WorkbookInfo } from "../../../src/workbook/host";
import { describeWorkbook, readSource } from "../../../src/hosts/file/xlsxWorkbook";
import { type XlsxBook, openXlsxBook } from "../../../src/hosts/file/xlsxRead";
import { safeSheetName } from "../../../src/workbook/sheetSpec";
import { jsonBytes } from "../../../src/hosts/excel/chunks";

// ---------------------------------------------------------------------------
// Errors, boxes

/** An error as Office.js raises it (`OfficeExtension.Error`: name, code, message). */
export class FakeOfficeError extends Error {
  override readonly name = "RichApi.Error";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function notLoaded(prop: string): FakeOfficeError {
  return new FakeOfficeError(
    "PropertyNotLoaded",
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

export interface Box {
  readonly top: number;
  readonly left: number;
  readonly rows: number;
  readonly cols: number;
}

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;
const WEB_LIMIT = 5 * 1024 * 1024;
const MAX_READ_CELLS = 5_000_000;

function boxAddress(b: Box): string {
  const a = cellA1(b.top, b.left);
  if (b.rows === 1 && b.cols === 1) return a;
  return `${a}:${cellA1(b.top + b.rows - 1, b.left + b.cols - 1)}`;
}

/** `A1`, `B2:C9`, `A:C`, `1:40`, with or without a sheet and `$`. */
export function parseBox(address: string): Box {
  const r = parseA1(address);
  if (r) return { top: r.top, left: r.left, rows: r.bottom - r.top + 1, cols: r.right - r.left + 1 };
  const bang = address.lastIndexOf("!");
  const m = /^\$?(\d+):\$?(\d+)$/.exec((bang >= 0 ? address.slice(bang + 1) : address).trim());
  if (!m) throw new FakeOfficeError("InvalidArgument", `not a range address: ${address}`);
  const a = Number(m[1]) - 1;
  const b = Number(m[2]) - 1;
  return { top: Math.min(a, b), left: 0, rows: Math.abs(b - a) + 1, cols: MAX_COLS };
}

function splitProps(props?: string | string[]): string[][] {
  const list = props === undefined ? [] : Array.isArray(props) ? props : props.split(",");
  return list.map((p) => p.trim()).filter((p) => p !== "").map((p) => p.split("/"));
}

// ---------------------------------------------------------------------------
// The model

export interface FormatRecord {
  readonly address: string;
  readonly prop: string;
  readonly value: unknown;
}

/** A data validation set on a range (rule and error alert as the host assigned them). */
export interface ValidationRecord {
  readonly address: string;
  rule?: unknown;
  errorAlert?: unknown;
}

export interface ConditionalRecord {
  readonly address: string;
  readonly type: string;
  fill?: string;
  fontColor?: string;
  rule?: unknown;
}

/** A chart as the fake records it. */
export interface ChartRecord {
  type: string;
  /** Source data address on `sourceSheet` (`A3:C10`). */
  source: string;
  sourceSheet: SheetModel;
  seriesBy: string;
  /** Series in the source (columns or rows after the first). */
  seriesCount: number;
  name: string;
  title: string;
  legend: string;
  /** `setPosition` cells, as given. */
  position: { start: string; end: string } | null;
  /** Chart type per series index, when set. */
  readonly seriesTypes: Map<number, string>;
  valueFormat: string | null;
}

const CHART_TYPES = new Set(["ColumnClustered", "ColumnStacked", "ColumnStacked100", "BarClustered", "BarStacked", "Line", "LineMarkers", "LineStacked", "Pie", "Area", "XYScatter", "Doughnut"]);

export class SheetModel {
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  tabColor = "";
  /** Values by row and column; undefined or null is an empty cell. */
  readonly values: (Cell | undefined)[][] = [];
  readonly formats: (string | undefined)[][] = [];
  readonly formulas = new Map<string, string>();
  readonly hiddenRows = new Set<number>();
  /** Merged areas (the value sits in the top-left cell). */
  readonly merges: Box[] = [];
  readonly columnWidths = new Map<number, number>();
  freeze: { rows: number; cols: number } | null = null;
  readonly customProperties = new Map<string, string>();
  readonly names = new Map<string, { box: Box; comment: string }>();
  readonly formatOps: FormatRecord[] = [];
  readonly conditionals: ConditionalRecord[] = [];
  readonly validations: ValidationRecord[] = [];
  readonly charts: ChartRecord[] = [];
  autoFilter: string | null = null;

  constructor(
    readonly id: string,
    public name: string,
  ) {}

  value(r: number, c: number): Cell {
    const v = this.values[r]?.[c];
    return v === undefined ? null : v;
  }

  format(r: number, c: number): string {
    return this.formats[r]?.[c] ?? "General";
  }

  formula(r: number, c: number): string | undefined {
    return this.formulas.get(`${r},${c}`);
  }

  setRaw(r: number, c: number, v: Cell): void {
    const row = (this.values[r] ??= []);
    row[c] = v === null ? undefined : v;
  }

  setFormat(r: number, c: number, f: string | undefined): void {
    const row = (this.formats[r] ??= []);
    row[c] = f;
  }

  private used(r: number, c: number): boolean {
    const v = this.values[r]?.[c];
    return (v !== undefined && v !== null) || this.formulas.has(`${r},${c}`);
  }

  /** Smallest box holding every cell with a value or formula within `within` (whole sheet by default). */
  usedBox(within?: Box): Box | null {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    const t0 = within?.top ?? 0;
    const t1 = within ? within.top + within.rows : MAX_ROWS;
    const l0 = within?.left ?? 0;
    const l1 = within ? within.left + within.cols : MAX_COLS;
    const take = (r: number, c: number): void => {
      if (r < t0 || r >= t1 || c < l0 || c >= l1) return;
      if (r < top) top = r;
      if (r > bottom) bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    };
    this.values.forEach((row, r) => {
      if (r < t0 || r >= t1) return;
      for (let c = Math.max(l0, 0); c < Math.min(row.length, l1); c++) if (this.used(r, c)) take(r, c);
    });
    for (const k of this.formulas.keys()) {
      const [r, c] = k.split(",").map(Number) as [number, number];
      take(r, c);
    }
    if (bottom < 0) return null;
    return { top, left, rows: bottom - top + 1, cols: right - left + 1 };
  }

  /**
   * Areas of `box` holding constants (or, with `formulas`, formulas), as `getSpecialCells`
   * gives them: runs of occupied cells in a row, runs with the same columns in consecutive
   * rows joined into one rectangle. Walks only the rows that exist (sparse sheets stay cheap).
   */
  occupiedAreas(box: Box, formulas: boolean): Box[] {
    const byRow = new Map<number, [number, number][]>();
    const cellsOfRow = (r: number): number[] => {
      const cols: number[] = [];
      if (formulas) {
        for (const k of this.formulas.keys()) {
          const [fr, fc] = k.split(",").map(Number) as [number, number];
          if (fr === r) cols.push(fc);
        }
      } else {
        this.values[r]?.forEach((v, c) => {
          if (v !== undefined && v !== null && !this.formulas.has(`${r},${c}`)) cols.push(c);
        });
      }
      return cols.filter((c) => c >= box.left && c < box.left + box.cols).sort((a, b) => a - b);
    };
    const rows = new Set<number>();
    if (formulas) for (const k of this.formulas.keys()) rows.add(Number(k.split(",")[0]));
    else this.values.forEach((_row, r) => rows.add(r));
    for (const r of [...rows].sort((a, b) => a - b)) {
      if (r < box.top || r >= box.top + box.rows) continue;
      const runs: [number, number][] = [];
      for (const c of cellsOfRow(r)) {
        const last = runs[runs.length - 1];
        if (last && last[1] === c) last[1] = c + 1;
        else runs.push([c, c + 1]);
      }
      if (runs.length > 0) byRow.set(r, runs);
    }
    const out: Box[] = [];
    const open = new Map<string, Box & { rows: number }>();
    for (const [r, runs] of byRow) {
      const keep = new Set<string>();
      for (const [a, b] of runs) {
        const key = `${a}:${b}`;
        const o = open.get(key);
        if (o && o.top + o.rows === r) {
          open.set(key, { ...o, rows: o.rows + 1 });
        } else {
          if (o) out.push(o);
          open.set(key, { top: r, left: a, rows: 1, cols: b - a });
        }
        keep.add(key);
      }
      for (const [key, o] of open) {
        if (!keep.has(key)) {
          out.push(o);
          open.delete(key);
        }
      }
    }
    out.push(...open.values());
    return out.sort((x, y) => x.top - y.top || x.left - y.left);
  }

  /** Excel's interpretation of a value typed or set through `values` into a cell. */
  enter(r: number, c: number, v: unknown): void {
    if (v === null || v === undefined) return;
    this.formulas.delete(`${r},${c}`);
    if (v === "") {
      this.setRaw(r, c, null);
      return;
    }
    if (typeof v === "number" || typeof v === "boolean") {
      this.setRaw(r, c, v);
      return;
    }
    const s = String(v);
    if (this.format(r, c) === "@") {
      this.setRaw(r, c, s);
      return;
    }
    if (s.startsWith("'")) {
      this.setRaw(r, c, s.slice(1));
      return;
    }
    if (/^[=+\-@]/.test(s) && s.length > 1) {
      this.formulas.set(`${r},${c}`, `=${s.replace(/^[=@]/, "")}`);
      this.setRaw(r, c, null);
      return;
    }
    if (/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(s)) {
      this.setRaw(r, c, Number(s));
      return;
    }
    if (/^(true|false)$/i.test(s)) {
      this.setRaw(r, c, s.toLowerCase() === "true");
      return;
    }
    this.setRaw(r, c, s);
  }

  /** Cells of a box as `values`, `valueTypes`, `numberFormat`, `formulas` give them. */
  read(box: Box, prop: "values" | "valueTypes" | "numberFormat" | "formulas"): unknown[][] {
    const out: unknown[][] = [];
    for (let r = box.top; r < box.top + box.rows; r++) {
      const row: unknown[] = [];
      for (let c = box.left; c < box.left + box.cols; c++) {
        const v = this.value(r, c);
        if (prop === "numberFormat") row.push(this.format(r, c));
        else if (prop === "valueTypes") {
          row.push(v === null ? "Empty" : isCellError(v) ? "Error" : typeof v === "number" ? "Double" : typeof v === "boolean" ? "Boolean" : "String");
        } else {
          const f = prop === "formulas" ? this.formula(r, c) : undefined;
          row.push(f ?? (v === null ? "" : isCellError(v) ? v.error : v));
        }
      }
      out.push(row);
    }
    return out;
  }
}

export class TableModel {
  style = "TableStyleMedium2";
  constructor(
    public name: string,
    public sheet: SheetModel,
    public box: Box,
    public showTotals = false,
  ) {}
}

export class NameModel {
  constructor(
    readonly name: string,
    public sheet: SheetModel | null,
    readonly box: Box,
  ) {}
}

export interface SyncRecord {
  /** 1-based number of the sync since the fake was made. */
  readonly index: number;
  readonly ops: number;
  /** Operations that change the workbook. */
  readonly writeOps: number;
  readonly requestBytes: number;
  responseBytes: number;
  /** `suspendApiCalculationUntilNextSync()` was queued in this batch. */
  calcSuspended: boolean;
  /** Ranges whose `values` were loaded, and their cells. */
  rangeReads: number;
  cellsRead: number;
  /** The sync Excel.run made for operations left unsynced at the end of a batch. */
  readonly implicit: boolean;
  /** The sync failed (injected or by the model's rules). */
  failed: boolean;
}

interface Op {
  readonly bytes: number;
  readonly write: boolean;
  /** Runs the operation; may return the delivery of loaded values (run after a successful sync). */
  readonly run: (rec: SyncRecord) => (() => void) | void;
}

export interface FailOptions {
  /** Operations of the failing batch applied before it fails (default: half of them). */
  readonly applied?: number | "half" | "all-but-one" | "none";
  readonly code?: string;
}

export interface SheetSnapshot {
  readonly name: string;
  readonly visibility: string;
  /** Values from A1 to the used extent. */
  readonly values: Cell[][];
  readonly formulas: readonly string[];
}

/** An .xlsx workbook as the file host reads it: what `describe` says and every sheet's grid. */
export interface FileWorkbook {
  readonly book: XlsxBook;
  readonly info: WorkbookInfo;
  readonly grids: ReadonlyMap<string, Grid>;
  /** Names of the tables that have a totals row (Excel's `showTotals`). */
  readonly totals: ReadonlySet<string>;
}

/** Read .xlsx bytes the way the file host does, for `FakeExcel.fromWorkbook`. */
export async function fileWorkbook(bytes: Uint8Array): Promise<FileWorkbook> {
  const book = await openXlsxBook(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const info = await describeWorkbook(book);
  const grids = new Map<string, Grid>();
  for (const s of info.sheets) {
    const g = await readSource(book, { sheet: s.name });
    if ("values" in g) grids.set(s.name, g);
  }
  const totals = new Set((await book.tables()).filter((t) => t.totalsRow).map((t) => t.name));
  return { book, info, grids, totals };
}

export class FakeExcel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly names: NameModel[] = [];
  readonly syncs: SyncRecord[] = [];
  /** Number of `Excel.run` batches. */
  runs = 0;
  private nextId = 1;
  private nextTable = 1;
  private readonly failures = new Map<number, FailOptions>();
  readonly platform: "web" | "desktop";
  /** Highest ExcelApi 1.x minor version supported. */
  readonly apiMinor: number;

  constructor(options: { platform?: "web" | "desktop"; apiMinor?: number } = {}) {
    this.platform = options.platform ?? "web";
    this.apiMinor = options.apiMinor ?? 17;
  }

  /** `Office.context.requirements.isSetSupported` of this fake. */
  readonly supports = (set: string, version: string): boolean => {
    if (set !== "ExcelApi") return false;
    const m = /^1\.(\d+)$/.exec(version);
    return m !== null && Number(m[1]) <= this.apiMinor;
  };

  /** `Excel.run` over this fake. */
  readonly run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.runs++;
    const ctx = new FakeContext(this);
    const result = await batch(ctx as unknown as Excel.RequestContext);
    if (ctx.pending() > 0) await this.execute(ctx, true);
    return result;
  };

  get syncCount(): number {
    return this.syncs.length;
  }

  /** Make the n-th sync from now fail (1 = the next one). */
  failOnSync(n: number, options: FailOptions = {}): void {
    this.failures.set(this.syncs.length + n, options);
  }

  /** Drop failures that were set and not reached. */
  clearFailures(): void {
    this.failures.clear();
  }

  // -- building -------------------------------------------------------------

  addSheet(name: string, visibility: SheetModel["visibility"] = "Visible"): SheetModel {
    this.checkName(name, null);
    const s = new SheetModel(`{${String(this.nextId++).padStart(8, "0")}-FAKE}`, name);
    s.visibility = visibility;
    this.sheets.push(s);
    return s;
  }

  sheet(name: string): SheetModel {
    const s = this.findSheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  findSheet(key: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === key) ?? this.sheets.find((s) => s.name.toLowerCase() === key.toLowerCase());
  }

  /** Put a block of values (and number formats) into a sheet at (top, left), as stored cells. */
  put(sheet: string, top: number, left: number, values: readonly (readonly Cell[])[], formats?: readonly (readonly (string | null)[])[]): void {
    const s = this.sheet(sheet);
    values.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v === null) return;
        s.setRaw(top + i, left + j, v);
        const f = formats?.[i]?.[j];
        if (f) s.setFormat(top + i, left + j, f);
      }),
    );
  }

  addTable(name: string, sheet: string, address: string, showTotals = false): TableModel {
    const t = new TableModel(name, this.sheet(sheet), parseBox(address), showTotals);
    this.tables.push(t);
    return t;
  }

  addName(name: string, sheet: string, address: string): NameModel {
    const n = new NameModel(name, this.sheet(sheet), parseBox(address));
    this.names.push(n);
    return n;
  }

  /** A fake holding the sheets, tables and names of an .xlsx workbook (values as the .xlsx host reads them: `fileWorkbook`). */
  static fromWorkbook(wb: FileWorkbook, options: { platform?: "web" | "desktop"; apiMinor?: number } = {}): FakeExcel {
    const fake = new FakeExcel(options);
    const { info } = wb;
    for (const ws of info.sheets) {
      fake.addSheet(ws.name, ws.visibility === "hidden" ? "Hidden" : ws.visibility === "veryHidden" ? "VeryHidden" : "Visible");
      const g = wb.grids.get(ws.name);
      if (!g) continue;
      fake.put(ws.name, g.top, g.left, g.values, g.formats);
      for (const h of g.hiddenRows ?? []) fake.sheet(ws.name).hiddenRows.add(g.top + h);
      for (const m of g.merges ?? []) fake.sheet(ws.name).merges.push({ top: g.top + m.top, left: g.left + m.left, rows: m.bottom - m.top + 1, cols: m.right - m.left + 1 });
    }
    for (const t of info.tables) fake.addTable(t.name, t.sheet, t.range, wb.totals.has(t.name));
    for (const n of info.names) fake.addName(n.name, n.sheet, n.range);
    return fake;
  }

  /** A deep copy (sheets, tables, names; not the sync log). */
  clone(): FakeExcel {
    const f = new FakeExcel({ platform: this.platform, apiMinor: this.apiMinor });
    f.nextId = this.nextId;
    f.nextTable = this.nextTable;
    const map = new Map<SheetModel, SheetModel>();
    for (const s of this.sheets) {
      const c = new SheetModel(s.id, s.name);
      c.visibility = s.visibility;
      c.tabColor = s.tabColor;
      s.values.forEach((row, r) => {
        c.values[r] = [...row];
      });
      s.formats.forEach((row, r) => {
        c.formats[r] = [...row];
      });
      for (const [k, v] of s.formulas) c.formulas.set(k, v);
      for (const h of s.hiddenRows) c.hiddenRows.add(h);
      for (const m of s.merges) c.merges.push({ ...m });
      for (const [k, v] of s.columnWidths) c.columnWidths.set(k, v);
      c.freeze = s.freeze ? { ...s.freeze } : null;
      for (const [k, v] of s.customProperties) c.customProperties.set(k, v);
      for (const [k, v] of s.names) c.names.set(k, { ...v });
      c.formatOps.push(...s.formatOps);
      c.conditionals.push(...s.conditionals.map((x) => ({ ...x })));
      c.validations.push(...s.validations.map((x) => ({ ...x })));
      c.autoFilter = s.autoFilter;
      f.sheets.push(c);
      map.set(s, c);
    }
    for (const s of this.sheets) {
      const c = map.get(s)!;
      for (const ch of s.charts) c.charts.push({ ...ch, sourceSheet: map.get(ch.sourceSheet) ?? c, position: ch.position ? { ...ch.position } : null, seriesTypes: new Map(ch.seriesTypes) });
    }
    for (const t of this.tables) {
      const c = new TableModel(t.name, map.get(t.sheet)!, t.box, t.showTotals);
      c.style = t.style;
      f.tables.push(c);
    }
    for (const n of this.names) f.names.push(new NameModel(n.name, n.sheet ? map.get(n.sheet)! : null, n.box));
    return f;
  }

  // -- inspection -----------------------------------------------------------

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  /** Every sheet's name, visibility, values from A1 and formulas: what "the workbook is as it was" compares. */
  snapshot(): SheetSnapshot[] {
    return this.sheets.map((s) => {
      const used = s.usedBox();
      const values: Cell[][] = [];
      if (used) {
        for (let r = 0; r < used.top + used.rows; r++) {
          const row: Cell[] = [];
          for (let c = 0; c < used.left + used.cols; c++) row.push(s.value(r, c));
          values.push(row);
        }
      }
      return { name: s.name, visibility: s.visibility, values, formulas: [...s.formulas.entries()].map(([k, v]) => `${k}=${v}`).sort() };
    });
  }

  /** Syncs from `from` (a `syncCount` taken earlier) to now. */
  since(from: number): SyncRecord[] {
    return this.syncs.slice(from);
  }

  // -- rules ----------------------------------------------------------------

  checkName(name: string, self: SheetModel | null): void {
    if (name === "" || name.length > 31 || safeSheetName(name) !== name) throw new FakeOfficeError("InvalidArgument", `invalid sheet name '${name}'`);
    const clash = this.sheets.find((s) => s !== self && s.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new FakeOfficeError("ItemAlreadyExists", `a sheet named '${name}' already exists`);
  }

  visibleCount(except?: SheetModel): number {
    return this.sheets.filter((s) => s !== except && s.visibility === "Visible").length;
  }

  deleteSheet(s: SheetModel): void {
    const i = this.sheets.indexOf(s);
    if (i < 0) throw new FakeOfficeError("ItemNotFound", "the sheet no longer exists");
    if (s.visibility === "VeryHidden") throw new FakeOfficeError("InvalidOperation", "a very hidden sheet cannot be deleted; make it hidden or visible first");
    if (s.visibility === "Visible" && this.visibleCount(s) === 0) throw new FakeOfficeError("InvalidOperation", "a workbook must keep at least one visible sheet");
    this.sheets.splice(i, 1);
    for (let t = this.tables.length - 1; t >= 0; t--) if (this.tables[t]!.sheet === s) this.tables.splice(t, 1);
    for (const n of this.names) if (n.sheet === s) n.sheet = null;
  }

  tableNameTaken(name: string, self: TableModel | null): boolean {
    const l = name.toLowerCase();
    return this.tables.some((t) => t !== self && t.name.toLowerCase() === l) || this.names.some((n) => n.name.toLowerCase() === l);
  }

  newTable(sheet: SheetModel, box: Box, hasHeaders: boolean): TableModel {
    let b = box;
    if (hasHeaders && b.rows === 1) b = { ...b, rows: 2 };
    for (const t of this.tables) {
      if (t.sheet !== sheet) continue;
      const overlap = b.top < t.box.top + t.box.rows && t.box.top < b.top + b.rows && b.left < t.box.left + t.box.cols && t.box.left < b.left + b.cols;
      if (overlap) throw new FakeOfficeError("InvalidOperation", "a table cannot overlap another table");
    }
    if (hasHeaders) {
      const seen = new Set<string>();
      for (let c = 0; c < b.cols; c++) {
        const v = sheet.value(b.top, b.left + c);
        let h = v === null ? `Column${c + 1}` : isCellError(v) ? v.error : String(v);
        const base = h;
        for (let i = 2; seen.has(h.toLowerCase()); i++) h = `${base}${i}`;
        seen.add(h.toLowerCase());
        sheet.setRaw(b.top, b.left + c, h);
      }
    }
    let name = `Table${this.nextTable++}`;
    while (this.tableNameTaken(name, null)) name = `Table${this.nextTable++}`;
    const t = new TableModel(name, sheet, b);
    this.tables.push(t);
    return t;
  }

  // -- sync -----------------------------------------------------------------

  /** @internal */
  async execute(ctx: FakeContext, implicit = false): Promise<void> {
    const ops = ctx.take();
    const rec: SyncRecord = {
      index: this.syncs.length + 1,
      ops: ops.length,
      writeOps: ops.filter((o) => o.write).length,
      requestBytes: ops.reduce((n, o) => n + o.bytes, 0),
      responseBytes: 0,
      rangeReads: 0,
      cellsRead: 0,
      calcSuspended: false,
      implicit,
      failed: false,
    };
    this.syncs.push(rec);
    await Promise.resolve();
    const fail = this.failures.get(rec.index);
    this.failures.delete(rec.index);
    try {
      if (this.platform === "web" && rec.requestBytes > WEB_LIMIT) {
        throw new FakeOfficeError("RequestPayloadSizeLimitExceeded", `request of ${rec.requestBytes} bytes is over the 5 MB limit of Excel on the web`);
      }
      let n = ops.length;
      if (fail) {
        const a = fail.applied ?? "half";
        n = a === "half" ? Math.floor(ops.length / 2) : a === "all-but-one" ? Math.max(0, ops.length - 1) : a === "none" ? 0 : Math.min(a, ops.length);
      }
      const deliveries: (() => void)[] = [];
      for (let i = 0; i < n; i++) {
        const d = ops[i]!.run(rec);
        if (d) deliveries.push(d);
      }
      if (fail) throw new FakeOfficeError(fail.code ?? "GeneralException", `injected failure at sync ${rec.index} after ${n} of ${ops.length} operations`);
      if (this.platform === "web" && rec.responseBytes > WEB_LIMIT) {
        throw new FakeOfficeError("ResponsePayloadSizeLimitExceeded", `response of ${rec.responseBytes} bytes is over the 5 MB limit of Excel on the web`);
      }
      for (const d of deliveries) d();
    } catch (e) {
      rec.failed = true;
      throw e;
    }
  }
}

// ---------------------------------------------------------------------------
// Proxies

class FakeContext {
  private ops: Op[] = [];
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;

  constructor(readonly excel: FakeExcel) {
    this.workbook = new FakeWorkbook(this);
    this.application = new FakeApplication(this);
  }

  queue(op: Op): void {
    this.ops.push(op);
  }

  pending(): number {
    return this.ops.length;
  }

  take(): Op[] {
    const o = this.ops;
    this.ops = [];
    return o;
  }

  sync(): Promise<void> {
    return this.excel.execute(this);
  }
}

class FakeApplication {
  constructor(private readonly ctx: FakeContext) {}
  suspendApiCalculationUntilNextSync(): void {
    this.ctx.queue({
      bytes: 32,
      write: false,
      run: (rec) => {
        rec.calcSuspended = true;
      },
    });
  }
}

class FakeWorkbook {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  readonly names: FakeNamedItemCollection;
  constructor(ctx: FakeContext) {
    this.worksheets = new FakeWorksheetCollection(ctx);
    this.tables = new FakeTableCollection(ctx);
    this.names = new FakeNamedItemCollection(ctx);
  }
}

/** Base of the proxies: resolution at sync time (memoized), load/read discipline, queued sets. */
abstract class BaseProxy<T> {
  private memo: { readonly v: T | null } | null = null;
  private readonly loaded = new Map<string, unknown>();
  private nullState: boolean | null = null;

  constructor(
    protected readonly ctx: FakeContext,
    private readonly resolver: () => T | null,
    private readonly nullable: boolean,
  ) {}

  get excel(): FakeExcel {
    return this.ctx.excel;
  }

  /** The object behind the proxy (during a sync); a null object here is an error. */
  target(): T {
    const v = this.tryTarget();
    if (v === null) throw new FakeOfficeError("ItemNotFound", "the object is a null object or no longer exists");
    return v;
  }

  tryTarget(): T | null {
    if (!this.memo) {
      const v = this.resolver();
      if (v === null && !this.nullable) throw new FakeOfficeError("ItemNotFound", "the requested resource does not exist");
      this.memo = { v };
    }
    return this.memo.v;
  }

  /** Bind to an object already known (items of a loaded collection). */
  bind(v: T): this {
    this.memo = { v };
    return this;
  }

  get isNullObject(): boolean {
    if (this.nullState === null) throw notLoaded("isNullObject");
    return this.nullState;
  }

  load(props?: string | string[]): this {
    const paths = splitProps(props);
    this.ctx.queue({ bytes: 64, write: false, run: (rec) => this.stage(paths, rec) });
    return this;
  }

  /** Read the paths now; return their delivery. */
  stage(paths: string[][], rec: SyncRecord): () => void {
    const t = this.tryTarget();
    const values = new Map<string, unknown>();
    const children: (() => void)[] = [];
    if (t !== null) {
      for (const path of paths) {
        const head = path[0]!;
        if (path.length > 1) {
          const child = this.navigate(t, head);
          children.push(child.stage([path.slice(1)], rec));
          values.set(head, child);
        } else {
          const v = this.readProp(t, head);
          rec.responseBytes += jsonBytes(v) + head.length + 4;
          if (head === "values" && Array.isArray(v)) {
            rec.rangeReads++;
            rec.cellsRead += v.reduce((n: number, row: unknown) => n + (Array.isArray(row) ? row.length : 0), 0);
          }
          values.set(head, v);
        }
      }
    }
    return () => {
      this.nullState = t === null;
      for (const [k, v] of values) this.loaded.set(k, v);
      for (const c of children) c();
    };
  }

  protected got<V>(prop: string): V {
    if (!this.loaded.has(prop)) throw notLoaded(prop);
    return this.loaded.get(prop) as V;
  }

  protected set(value: unknown, apply: (t: T) => void, bytes = jsonBytes(value) + 32): void {
    this.ctx.queue({ bytes, write: true, run: () => apply(this.target()) });
  }

  protected call(apply: (t: T) => void, bytes = 64): void {
    this.ctx.queue({ bytes, write: true, run: () => apply(this.target()) });
  }

  protected abstract readProp(t: T, prop: string): unknown;

  protected navigate(_t: T, prop: string): BaseProxy<unknown> {
    throw new Error(`the fake cannot navigate '${prop}'`);
  }
}

/** Collection proxy: `load("items/…")` fills `items` with bound item proxies. */
abstract class CollectionProxy<M, P extends BaseProxy<M>> {
  private loadedItems: P[] | null = null;
  constructor(protected readonly ctx: FakeContext) {}

  protected abstract all(): M[];
  protected abstract item(m: M): P;

  get items(): P[] {
    if (!this.loadedItems) throw notLoaded("items");
    return this.loadedItems;
  }

  load(props?: string | string[]): this {
    const paths = splitProps(props).map((p) => (p[0] === "items" ? p.slice(1) : p)).filter((p) => p.length > 0);
    this.ctx.queue({
      bytes: 64,
      write: false,
      run: (rec) => {
        const proxies = this.all().map((m) => this.item(m).bind(m));
        const deliveries = proxies.map((p) => p.stage(paths, rec));
        return () => {
          for (const d of deliveries) d();
          this.loadedItems = proxies;
        };
      },
    });
    return this;
  }
}

class FakeWorksheetCollection extends CollectionProxy<SheetModel, FakeWorksheet> {
  protected all(): SheetModel[] {
    return [...this.ctx.excel.sheets];
  }
  protected item(_m: SheetModel): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => null, false);
  }
  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.findSheet(key) ?? null, false);
  }
  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.ctx, () => this.ctx.excel.findSheet(key) ?? null, true);
  }
  add(name: string): FakeWorksheet {
    let created: SheetModel | null = null;
    const ws = new FakeWorksheet(this.ctx, () => created, false);
    this.ctx.queue({
      bytes: 64 + name.length,
      write: true,
      run: () => {
        created = this.ctx.excel.addSheet(name);
      },
    });
    return ws;
  }
}

class FakeWorksheet extends BaseProxy<SheetModel> {
  protected readProp(s: SheetModel, prop: string): unknown {
    switch (prop) {
      case "id":
        return s.id;
      case "name":
        return s.name;
      case "visibility":
        return s.visibility;
      case "position":
        return this.excel.sheets.indexOf(s);
      case "tabColor":
        return s.tabColor;
      default:
        throw new Error(`the fake worksheet has no property '${prop}'`);
    }
  }

  get id(): string {
    return this.got("id");
  }
  get name(): string {
    return this.got("name");
  }
  set name(v: string) {
    this.set(v, (s) => {
      this.excel.checkName(v, s);
      s.name = v;
    });
  }
  get visibility(): string {
    return this.got("visibility");
  }
  set visibility(v: string) {
    this.set(v, (s) => {
      if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden") throw new FakeOfficeError("InvalidArgument", `visibility ${v}`);
      if (v !== "Visible" && s.visibility === "Visible" && this.excel.visibleCount(s) === 0) {
        throw new FakeOfficeError("InvalidOperation", "a workbook must keep at least one visible sheet");
      }
      s.visibility = v;
    });
  }
  get position(): number {
    return this.got("position");
  }
  set position(v: number) {
    this.set(v, (s) => {
      const list = this.excel.sheets;
      const i = list.indexOf(s);
      list.splice(i, 1);
      list.splice(Math.max(0, Math.min(v, list.length)), 0, s);
    });
  }
  get tabColor(): string {
    return this.got("tabColor");
  }
  set tabColor(v: string) {
    this.set(v, (s) => {
      s.tabColor = v;
    });
  }

  delete(): void {
    this.call((s) => this.excel.deleteSheet(s));
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.ctx, () => ({ sheet: this.target(), box: address === undefined ? { top: 0, left: 0, rows: MAX_ROWS, cols: MAX_COLS } : parseBox(address) }), false);
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    void valuesOnly;
    return new FakeRange(
      this.ctx,
      () => {
        const s = this.target();
        const b = s.usedBox();
        return b ? { sheet: s, box: b } : null;
      },
      true,
    );
  }

  get customProperties(): FakeCustomProperties {
    return new FakeCustomProperties(this.ctx, this);
  }

  get names(): FakeSheetNames {
    return new FakeSheetNames(this.ctx, this);
  }

  get freezePanes(): { freezeRows(n: number): void; freezeColumns(n: number): void; freezeAt(r: FakeRange | string): void } {
    return {
      freezeRows: (n) =>
        this.call((s) => {
          s.freeze = { rows: n, cols: 0 };
        }),
      freezeColumns: (n) =>
        this.call((s) => {
          s.freeze = { rows: 0, cols: n };
        }),
      freezeAt: (r) =>
        this.call((s) => {
          const box = typeof r === "string" ? parseBox(r) : r.target().box;
          s.freeze = { rows: box.top + box.rows, cols: box.left + box.cols };
        }),
    };
  }

  get tables(): { add(address: FakeRange | string, hasHeaders: boolean): FakeTable } {
    return {
      add: (address, hasHeaders) => {
        let created: TableModel | null = null;
        const t = new FakeTable(this.ctx, () => created, false);
        this.call(() => {
          if (typeof address === "string") {
            // Office.js: an address without a sheet name means the active sheet; the fake has none.
            if (!address.includes("!")) throw new FakeOfficeError("InvalidArgument", "tables.add with an address and no sheet name uses the active sheet; pass a Range");
            created = this.excel.newTable(this.excel.sheet(address.slice(0, address.lastIndexOf("!")).replace(/^'|'$/g, "")), parseBox(address), hasHeaders);
          } else {
            const r = address.target();
            created = this.excel.newTable(r.sheet, r.box, hasHeaders);
          }
        });
        return t;
      },
    };
  }

  get charts(): FakeChartCollection {
    return new FakeChartCollection(this.ctx, this);
  }

  get autoFilter(): { apply(r: FakeRange | string): void } {
    return {
      apply: (r) =>
        this.call((s) => {
          s.autoFilter = boxAddress(typeof r === "string" ? parseBox(r) : r.target().box);
        }),
    };
  }
}

class FakeCustomProperties {
  constructor(
    private readonly ctx: FakeContext,
    private readonly ws: FakeWorksheet,
  ) {}
  getItemOrNullObject(key: string): FakeKeyValue {
    return new FakeKeyValue(
      this.ctx,
      () => {
        const s = this.ws.target();
        const v = s.customProperties.get(key);
        return v === undefined ? null : { value: v, comment: "" };
      },
      true,
    );
  }
  add(key: string, value: string): void {
    if (this.ctx.excel.apiMinor < 12) throw new FakeOfficeError("ApiNotFound", "worksheet custom properties need ExcelApi 1.12");
    this.ctx.queue({
      bytes: 64 + key.length + value.length,
      write: true,
      run: () => {
        this.ws.target().customProperties.set(key, value);
      },
    });
  }
}

class FakeSheetNames {
  constructor(
    private readonly ctx: FakeContext,
    private readonly ws: FakeWorksheet,
  ) {}
  getItemOrNullObject(name: string): FakeKeyValue {
    return new FakeKeyValue(
      this.ctx,
      () => {
        const n = this.ws.target().names.get(name.toLowerCase());
        return n ? { value: boxAddress(n.box), comment: n.comment } : null;
      },
      true,
    );
  }
  add(name: string, reference: FakeRange | string, comment?: string): void {
    this.ctx.queue({
      bytes: 96 + name.length + (comment?.length ?? 0),
      write: true,
      run: () => {
        const s = this.ws.target();
        if (s.names.has(name.toLowerCase())) throw new FakeOfficeError("ItemAlreadyExists", `name ${name} exists`);
        const box = typeof reference === "string" ? parseBox(reference) : reference.target().box;
        s.names.set(name.toLowerCase(), { box, comment: comment ?? "" });
      },
    });
  }
}

class FakeKeyValue extends BaseProxy<{ value: string; comment: string }> {
  protected readProp(t: { value: string; comment: string }, prop: string): unknown {
    if (prop === "value") return t.value;
    if (prop === "comment") return t.comment;
    throw new Error(`no property ${prop}`);
  }
  get value(): string {
    return this.got("value");
  }
  get comment(): string {
    return this.got("comment");
  }
}

interface RangeRef {
  readonly sheet: SheetModel;
  readonly box: Box;
}

class FakeRange extends BaseProxy<RangeRef> {
  protected readProp(r: RangeRef, prop: string): unknown {
    switch (prop) {
      case "rowIndex":
        return r.box.top;
      case "columnIndex":
        return r.box.left;
      case "rowCount":
        return r.box.rows;
      case "columnCount":
        return r.box.cols;
      case "address":
        return `${quoteSheet(r.sheet.name)}!${boxAddress(r.box)}`;
      case "values":
      case "valueTypes":
      case "numberFormat":
      case "formulas":
        if (r.box.rows * r.box.cols > MAX_READ_CELLS) throw new FakeOfficeError("RangeExceedsLimit", `a read of ${r.box.rows * r.box.cols} cells is over 5,000,000`);
        return r.sheet.read(r.box, prop);
      default:
        throw new Error(`the fake range has no property '${prop}'`);
    }
  }

  get rowIndex(): number {
    return this.got("rowIndex");
  }
  get columnIndex(): number {
    return this.got("columnIndex");
  }
  get rowCount(): number {
    return this.got("rowCount");
  }
  get columnCount(): number {
    return this.got("columnCount");
  }
  get address(): string {
    return this.got("address");
  }
  get valueTypes(): unknown[][] {
    return this.got("valueTypes");
  }

  get values(): unknown[][] {
    return this.got("values");
  }
  set values(m: unknown[][]) {
    this.set(m, (r) => this.eachCell(r, m, (s, row, col, v) => s.enter(row, col, v)));
  }
  get numberFormat(): unknown[][] {
    return this.got("numberFormat");
  }
  set numberFormat(m: unknown[][]) {
    this.set(m, (r) =>
      this.eachCell(r, m, (s, row, col, v) => {
        if (v === null || v === undefined) return;
        s.setFormat(row, col, v === "" ? undefined : String(v));
      }),
    );
  }
  get formulas(): unknown[][] {
    return this.got("formulas");
  }
  set formulas(m: unknown[][]) {
    this.set(m, (r) =>
      this.eachCell(r, m, (s, row, col, v) => {
        if (typeof v === "string" && v.startsWith("=")) {
          s.formulas.set(`${row},${col}`, v);
          s.setRaw(row, col, null);
        } else s.enter(row, col, v);
      }),
    );
  }

  private eachCell(r: RangeRef, m: unknown[][], f: (s: SheetModel, row: number, col: number, v: unknown) => void): void {
    if (!Array.isArray(m) || m.length !== r.box.rows || m.some((row) => !Array.isArray(row) || row.length !== r.box.cols)) {
      throw new FakeOfficeError("InvalidArgument", `the array is not ${r.box.rows} × ${r.box.cols} for ${boxAddress(r.box)}`);
    }
    m.forEach((row, i) => row.forEach((v, j) => f(r.sheet, r.box.top + i, r.box.left + j, v)));
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    void valuesOnly;
    return new FakeRange(
      this.ctx,
      () => {
        const r = this.target();
        const b = r.sheet.usedBox(r.box);
        return b ? { sheet: r.sheet, box: b } : null;
      },
      true,
    );
  }

  /**
   * The merged areas whose top-left cell lies in the range (ExcelApi 1.13); as Excel does, the
   * call fails at sync for a range with more than 512 of them.
   */
  getMergedAreasOrNullObject(): FakeRangeAreas {
    if (this.ctx.excel.apiMinor < 13) throw new FakeOfficeError("ApiNotFound", "getMergedAreasOrNullObject needs ExcelApi 1.13");
    return new FakeRangeAreas(
      this.ctx,
      () => {
        const r = this.target();
        const areas = r.sheet.merges.filter((m) => m.top >= r.box.top && m.top < r.box.top + r.box.rows && m.left >= r.box.left && m.left < r.box.left + r.box.cols);
        if (areas.length > 512) throw new FakeOfficeError("GeneralException", "There are too many merged areas in the range (more than 512).");
        return areas.length === 0 ? null : { sheet: r.sheet, areas };
      },
      true,
    );
  }

  getSpecialCellsOrNullObject(cellType: string): FakeRangeAreas {
    return new FakeRangeAreas(
      this.ctx,
      () => {
        if (cellType === "Constants" || cellType === "Formulas") {
          const r = this.target();
          const areas = r.sheet.occupiedAreas(r.box, cellType === "Formulas");
          return areas.length === 0 ? null : { sheet: r.sheet, areas };
        }
        if (cellType !== "Visible") throw new Error(`the fake models only visible, constant and formula cells, not ${cellType}`);
        const r = this.target();
        const areas: Box[] = [];
        let start = -1;
        for (let row = r.box.top; row <= r.box.top + r.box.rows; row++) {
          const visible = row < r.box.top + r.box.rows && !r.sheet.hiddenRows.has(row);
          if (visible && start < 0) start = row;
          if (!visible && start >= 0) {
            areas.push({ top: start, left: r.box.left, rows: row - start, cols: r.box.cols });
            start = -1;
          }
        }
        return areas.length === 0 ? null : { sheet: r.sheet, areas };
      },
      true,
    );
  }

  get format(): FakeRangeFormat {
    return new FakeRangeFormat(this);
  }

  /** Data validation (ExcelApi 1.8): setting `rule` / `errorAlert` is queued like any write. */
  get dataValidation(): { rule: unknown; errorAlert: unknown } {
    const rec: ValidationRecord = { address: "" };
    let added = false;
    const put = (k: "rule" | "errorAlert", v: unknown): void => {
      this.call((r) => {
        (rec as { address: string }).address = boxAddress(r.box);
        rec[k] = v;
        if (!added) {
          r.sheet.validations.push(rec);
          added = true;
        }
      });
    };
    return {
      get rule(): unknown {
        return rec.rule;
      },
      set rule(v: unknown) {
        put("rule", v);
      },
      get errorAlert(): unknown {
        return rec.errorAlert;
      },
      set errorAlert(v: unknown) {
        put("errorAlert", v);
      },
    };
  }

  get conditionalFormats(): { add(type: string): FakeConditionalFormat } {
    return {
      add: (type) => {
        const rec: ConditionalRecord = { address: "", type };
        this.call((r) => {
          (rec as { address: string }).address = boxAddress(r.box);
          r.sheet.conditionals.push(rec);
        });
        return new FakeConditionalFormat(this, rec);
      },
    };
  }

  /** @internal queue a format change of this range. */
  formatSet(prop: string, value: unknown, apply?: (r: RangeRef) => void): void {
    this.set(value, (r) => {
      r.sheet.formatOps.push({ address: boxAddress(r.box), prop, value });
      apply?.(r);
    });
  }

  /** @internal queue a change of a conditional format of this range. */
  conditionalSet(value: unknown, apply: () => void): void {
    this.set(value, () => apply());
  }
}

class FakeRangeAreas extends BaseProxy<{ sheet: SheetModel; areas: Box[] }> {
  protected readProp(t: { sheet: SheetModel; areas: Box[] }, prop: string): unknown {
    if (prop === "address") return t.areas.map((b) => `${quoteSheet(t.sheet.name)}!${boxAddress(b)}`).join(", ");
    throw new Error(`no property ${prop}`);
  }
  get address(): string {
    return this.got("address");
  }
}

class FakeRangeFormat {
  constructor(private readonly range: FakeRange) {}
  set columnWidth(v: number) {
    this.range.formatSet("columnWidth", v, (r) => {
      for (let c = r.box.left; c < r.box.left + r.box.cols; c++) r.sheet.columnWidths.set(c, v);
    });
  }
  set wrapText(v: boolean) {
    this.range.formatSet("wrapText", v);
  }
  get font(): { bold: boolean; italic: boolean; size: number; color: string } {
    const range = this.range;
    return {
      set bold(v: boolean) {
        range.formatSet("font.bold", v);
      },
      set italic(v: boolean) {
        range.formatSet("font.italic", v);
      },
      set size(v: number) {
        range.formatSet("font.size", v);
      },
      set color(v: string) {
        range.formatSet("font.color", v);
      },
    } as { bold: boolean; italic: boolean; size: number; color: string };
  }
  get fill(): { color: string } {
    const range = this.range;
    return {
      set color(v: string) {
        range.formatSet("fill.color", v);
      },
    } as { color: string };
  }
}

class FakeConditionalFormat {
  constructor(
    private readonly range: FakeRange,
    private readonly rec: ConditionalRecord,
  ) {}
  private part(): { format: { fill: { color: string }; font: { color: string } }; rule: unknown } {
    const range = this.range;
    const rec = this.rec;
    return {
      format: {
        fill: {
          set color(v: string) {
            range.conditionalSet(v, () => {
              rec.fill = v;
            });
          },
        } as { color: string },
        font: {
          set color(v: string) {
            range.conditionalSet(v, () => {
              rec.fontColor = v;
            });
          },
        } as { color: string },
      },
      set rule(v: unknown) {
        range.conditionalSet(v, () => {
          rec.rule = v;
        });
      },
    } as { format: { fill: { color: string }; font: { color: string } }; rule: unknown };
  }
  get cellValue(): ReturnType<FakeConditionalFormat["part"]> {
    return this.part();
  }
  get textComparison(): ReturnType<FakeConditionalFormat["part"]> {
    return this.part();
  }
}

class FakeTableCollection extends CollectionProxy<TableModel, FakeTable> {
  protected all(): TableModel[] {
    return [...this.ctx.excel.tables];
  }
  protected item(_m: TableModel): FakeTable {
    return new FakeTable(this.ctx, () => null, false);
  }
  getItem(name: string): FakeTable {
    return new FakeTable(this.ctx, () => this.ctx.excel.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null, false);
  }
  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(this.ctx, () => this.ctx.excel.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null, true);
  }
}

class FakeTable extends BaseProxy<TableModel> {
  protected readProp(t: TableModel, prop: string): unknown {
    switch (prop) {
      case "name":
        return t.name;
      case "showTotals":
        return t.showTotals;
      case "style":
        return t.style;
      default:
        throw new Error(`the fake table has no property '${prop}'`);
    }
  }
  protected override navigate(t: TableModel, prop: string): BaseProxy<unknown> {
    if (prop === "worksheet") return new FakeWorksheet(this.ctx, () => null, false).bind(t.sheet) as unknown as BaseProxy<unknown>;
    if (prop === "rows") return new FakeCount(this.ctx, () => null, false).bind({ count: Math.max(0, t.box.rows - 1 - (t.showTotals ? 1 : 0)) }) as unknown as BaseProxy<unknown>;
    if (prop === "columns") return new FakeCount(this.ctx, () => null, false).bind({ count: t.box.cols }) as unknown as BaseProxy<unknown>;
    return super.navigate(t, prop);
  }
  get name(): string {
    return this.got("name");
  }
  set name(v: string) {
    this.set(v, (t) => {
      if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(v)) throw new FakeOfficeError("InvalidArgument", `invalid table name ${v}`);
      if (this.excel.tableNameTaken(v, t)) throw new FakeOfficeError("ItemAlreadyExists", `the name ${v} is taken`);
      t.name = v;
    });
  }
  get showTotals(): boolean {
    return this.got("showTotals");
  }
  set style(v: string) {
    this.set(v, (t) => {
      t.style = v;
    });
  }
  get worksheet(): FakeWorksheet {
    return this.got("worksheet");
  }
  get rows(): FakeCount {
    return this.got("rows");
  }
  get columns(): FakeCount {
    return this.got("columns");
  }
  getRange(): FakeRange {
    return new FakeRange(
      this.ctx,
      () => {
        const t = this.target();
        return { sheet: t.sheet, box: t.box };
      },
      false,
    );
  }
}

class FakeCount extends BaseProxy<{ count: number }> {
  protected readProp(t: { count: number }, prop: string): unknown {
    if (prop === "count") return t.count;
    throw new Error(`no property ${prop}`);
  }
  get count(): number {
    return this.got("count");
  }
}

class FakeNamedItemCollection extends CollectionProxy<NameModel, FakeNamedItem> {
  protected all(): NameModel[] {
    return [...this.ctx.excel.names];
  }
  protected item(_m: NameModel): FakeNamedItem {
    return new FakeNamedItem(this.ctx, () => null, false);
  }
}

class FakeNamedItem extends BaseProxy<NameModel> {
  protected readProp(n: NameModel, prop: string): unknown {
    switch (prop) {
      case "name":
        return n.name;
      case "type":
        return n.sheet ? "Range" : "Error";
      case "value":
        return n.sheet ? `${quoteSheet(n.sheet.name)}!${boxAddress(n.box).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2")}` : "#REF!";
      case "comment":
        return "";
      default:
        throw new Error(`the fake name has no property '${prop}'`);
    }
  }
  get name(): string {
    return this.got("name");
  }
  get type(): string {
    return this.got("type");
  }
  get value(): unknown {
    return this.got("value");
  }
}

// ---------------------------------------------------------------------------
// Charts

class FakeChartCollection {
  constructor(
    private readonly ctx: FakeContext,
    private readonly ws: FakeWorksheet,
  ) {}
  add(type: string, sourceData: FakeRange, seriesBy?: string): FakeChart {
    const rec: { chart: ChartRecord | null } = { chart: null };
    this.ctx.queue({
      bytes: 96 + type.length,
      write: true,
      run: () => {
        if (!CHART_TYPES.has(type)) throw new FakeOfficeError("InvalidArgument", `unknown chart type ${type}`);
        const by = seriesBy ?? "Auto";
        if (by !== "Auto" && by !== "Columns" && by !== "Rows") throw new FakeOfficeError("InvalidArgument", `seriesBy ${by}`);
        const s = this.ws.target();
        const r = sourceData.target();
        const seriesCount = (by === "Rows" ? r.box.rows : r.box.cols) - 1;
        const chart: ChartRecord = {
          type,
          source: boxAddress(r.box),
          sourceSheet: r.sheet,
          seriesBy: by,
          seriesCount,
          name: `Chart ${s.charts.length + 1}`,
          title: "",
          legend: "Right",
          position: null,
          seriesTypes: new Map(),
          valueFormat: null,
        };
        s.charts.push(chart);
        rec.chart = chart;
      },
    });
    return new FakeChart(this.ctx, () => rec.chart);
  }
}

/** A chart proxy: every property set is queued and applied to the recorded chart at sync. */
class FakeChart {
  constructor(
    private readonly ctx: FakeContext,
    private readonly chart: () => ChartRecord | null,
  ) {}
  /** @internal */
  queueSet(bytes: number, apply: (c: ChartRecord) => void): void {
    this.ctx.queue({
      bytes,
      write: true,
      run: () => {
        const c = this.chart();
        if (c === null) throw new FakeOfficeError("ItemNotFound", "the chart does not exist");
        apply(c);
      },
    });
  }
  set name(v: string) {
    this.queueSet(32 + v.length, (c) => {
      c.name = v;
    });
  }
  get title(): { text: string } {
    const queue = this.queueSet.bind(this);
    return {
      set text(v: string) {
        queue(32 + v.length, (c) => {
          c.title = v;
        });
      },
    } as { text: string };
  }
  get legend(): { position: string } {
    const queue = this.queueSet.bind(this);
    return {
      set position(v: string) {
        queue(32, (c) => {
          c.legend = v;
        });
      },
    } as { position: string };
  }
  setPosition(startCell: string, endCell?: string): void {
    this.queueSet(48, (c) => {
      parseBox(startCell);
      if (endCell !== undefined) parseBox(endCell);
      c.position = { start: startCell, end: endCell ?? startCell };
    });
  }
  get series(): { getItemAt(i: number): { chartType: string } } {
    const queue = this.queueSet.bind(this);
    const minor = this.ctx.excel.apiMinor;
    return {
      getItemAt: (i: number) =>
        ({
          set chartType(v: string) {
            queue(32, (c) => {
              if (minor < 7) throw new FakeOfficeError("ApiNotFound", "series chart types need ExcelApi 1.7");
              if (!Number.isInteger(i) || i < 0 || i >= c.seriesCount) throw new FakeOfficeError("ItemNotFound", `no series ${i} (the chart has ${c.seriesCount})`);
              if (!CHART_TYPES.has(v)) throw new FakeOfficeError("InvalidArgument", `unknown chart type ${v}`);
              c.seriesTypes.set(i, v);
            });
          },
        }) as { chartType: string },
    };
  }
  get axes(): { valueAxis: { numberFormat: string } } {
    const queue = this.queueSet.bind(this);
    const minor = this.ctx.excel.apiMinor;
    return {
      valueAxis: {
        set numberFormat(v: string) {
          queue(32 + v.length, (c) => {
            if (minor < 8) throw new FakeOfficeError("ApiNotFound", "axis number formats need ExcelApi 1.8");
            c.valueFormat = v;
          });
        },
      } as { numberFormat: string },
    };
  }
}
