/**
 * The planner's workbook as grids: the one shape every host reads into.
 *
 * A `Grid` holds the values of a rectangular range as Excel gives them through
 * Office.js (`range.values`): numbers (dates are serial numbers, recognised by
 * their number format), strings, booleans, `null` for empty cells, and Excel
 * error values as `{ error: "#N/A" }`. The .xlsx host normalises ExcelJS cells
 * to the same shape, so that everything above the hosts sees one model.
 *
 * Pure: no I/O, no Office.js.
 */

/** An Excel error value such as `#N/A`, `#REF!`, `#DIV/0!`. */
export interface CellError {
  readonly error: string;
}

/** One cell value as read from a workbook. */
export type Cell = number | string | boolean | null | CellError;

/** A rectangular block of cells read from one sheet. */
export interface Grid {
  /** Sheet name as shown on the tab. */
  readonly sheet: string;
  /** Zero-based row of the top-left cell in the sheet (A1 is row 0). */
  readonly top: number;
  /** Zero-based column of the top-left cell in the sheet (A1 is column 0). */
  readonly left: number;
  /** Values, row-major; rows may be shorter than the widest row (missing cells are empty). */
  readonly values: Cell[][];
  /** Number formats (`General`, `mmm-yy`, `#,##0`), same shape as `values` when known. */
  readonly formats?: (string | null)[][];
  /** Zero-based row offsets (within the grid) of rows hidden in the sheet, when known. */
  readonly hiddenRows?: readonly number[];
  /** Excel table (ListObject) name when the grid was read from a table. */
  readonly table?: string;
  /**
   * Formula cells the file holds no calculated result for (a workbook written by a program and
   * never opened in Excel): they read as empty. Their number and the first one (zero-based,
   * within the grid). Only the .xlsx host can see this; Excel always calculates.
   */
  readonly uncalculated?: { readonly count: number; readonly first: { readonly row: number; readonly col: number } };
  /** True when the workbook uses the 1904 date system (Mac legacy). */
  readonly date1904?: boolean;
  /**
   * Merged cells whose top-left cell lies in the grid (zero-based, grid-relative, inclusive,
   * clipped to the grid), when known. Only the top-left cell of a merge holds its value.
   */
  readonly merges?: readonly GridBox[];
}

/** A block of a grid: zero-based rows and columns, inclusive. */
export interface GridBox {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/**
 * The merged areas (sheet coordinates, inclusive) whose top-left cell lies in a grid at
 * (`top`, `left`) of `height` × `width` cells, grid-relative and clipped to it; an area the grid
 * cuts to one cell is no merge there. What `Grid.merges` holds, for both hosts.
 */
export function mergesInGrid(merges: Iterable<GridBox>, top: number, left: number, height: number, width: number): GridBox[] {
  const out: GridBox[] = [];
  for (const m of merges) {
    const t = m.top - top;
    const l = m.left - left;
    if (t < 0 || l < 0 || t >= height || l >= width) continue;
    const box = { top: t, left: l, bottom: Math.min(m.bottom - top, height - 1), right: Math.min(m.right - left, width - 1) };
    if (box.bottom > box.top || box.right > box.left) out.push(box);
  }
  return out;
}

/** True when a cell holds an Excel error value. */
export function isCellError(v: Cell | undefined): v is CellError {
  return typeof v === "object" && v !== null && typeof (v as CellError).error === "string";
}

/** True when a cell is empty or holds only white space. */
export function isBlank(v: Cell | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** Letters of the columns asked so far (addresses are made by the hundred thousand). */
const lettersOf: string[] = [];

/** Zero-based column index to letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(col: number): string {
  if (Number.isInteger(col) && col >= 0 && col < 16384) return (lettersOf[col] ??= lettersFor(col));
  return lettersFor(col);
}

function lettersFor(col: number): string {
  let n = col + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Column letters to zero-based index: A → 0, AA → 26. Returns -1 when not letters. */
export function columnIndex(letters: string): number {
  const up = letters.toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(up)) return -1;
  let n = 0;
  for (let i = 0; i < up.length; i++) n = n * 26 + (up.charCodeAt(i) - 64);
  return n - 1;
}

/** Sheet names as quoted so far (a workbook has a few dozen). */
const quotedSheets = new Map<string, string>();

/** Quote a sheet name for an address when Excel would: `Sales EU` → `'Sales EU'`. */
export function quoteSheet(sheet: string): string {
  let q = quotedSheets.get(sheet);
  if (q === undefined) {
    q = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}[0-9]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
    if (quotedSheets.size >= 1000) quotedSheets.clear();
    quotedSheets.set(sheet, q);
  }
  return q;
}

/** A1 address of one cell (zero-based row/col), without sheet: (16, 5) → `F17`. */
export function cellA1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** Address of one cell with its sheet: `'Sales EU'!F17`. */
export function cellAddress(sheet: string, row: number, col: number): string {
  return `${quoteSheet(sheet)}!${cellA1(row, col)}`;
}

/** Address of a block with its sheet: `'Sales EU'!A3:F40` (a single cell gives `'Sales EU'!A3`). */
export function rangeAddress(sheet: string, top: number, left: number, rows: number, cols: number): string {
  const a = cellA1(top, left);
  if (rows <= 1 && cols <= 1) return `${quoteSheet(sheet)}!${a}`;
  return `${quoteSheet(sheet)}!${a}:${cellA1(top + Math.max(rows, 1) - 1, left + Math.max(cols, 1) - 1)}`;
}

/** A parsed A1 range (zero-based, inclusive bounds). */
export interface A1Range {
  readonly sheet?: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/**
 * Parse `A1`, `B2:F40`, `Sheet1!A1:C3`, `'Sales EU'!$A$1:$F$40`, or whole columns `A:F`
 * (bottom = 1,048,575). Returns null when the text is not an address.
 */
export function parseA1(address: string): A1Range | null {
  let sheet: string | undefined;
  let rest = address.trim();
  const bang = rest.lastIndexOf("!");
  if (bang >= 0) {
    let s = rest.slice(0, bang);
    if (s.startsWith("'") && s.endsWith("'")) s = s.slice(1, -1).replace(/''/g, "'");
    sheet = s;
    rest = rest.slice(bang + 1);
  }
  rest = rest.replace(/\$/g, "").toUpperCase();
  const cell = /^([A-Z]{1,3})([0-9]{1,7})$/;
  const col = /^([A-Z]{1,3})$/;
  const parts = rest.split(":");
  const a = parts[0] ?? "";
  const b = parts[1] ?? a;
  if (parts.length > 2) return null;
  const ma = cell.exec(a);
  const mb = cell.exec(b);
  if (ma && mb) {
    const r1 = Number(ma[2]) - 1;
    const r2 = Number(mb[2]) - 1;
    const c1 = columnIndex(ma[1]!);
    const c2 = columnIndex(mb[1]!);
    if (r1 < 0 || r2 < 0) return null;
    return { sheet, top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
  }
  const ca = col.exec(a);
  const cb = col.exec(b);
  if (ca && cb) {
    const c1 = columnIndex(ca[1]!);
    const c2 = columnIndex(cb[1]!);
    return { sheet, top: 0, left: Math.min(c1, c2), bottom: 1048575, right: Math.max(c1, c2) };
  }
  return null;
}

/** Cell value at grid-relative (row, col), `null` when outside the stored block. */
export function cellAt(grid: Grid, row: number, col: number): Cell {
  const r = grid.values[row];
  if (r === undefined) return null;
  const v = r[col];
  return v === undefined ? null : v;
}

/** Number format at grid-relative (row, col), or null. */
export function formatAt(grid: Grid, row: number, col: number): string | null {
  const f = grid.formats?.[row]?.[col];
  return f === undefined ? null : f;
}

/** Width of the widest row of a grid. */
export function gridWidth(grid: Grid): number {
  let w = 0;
  for (const r of grid.values) if (r.length > w) w = r.length;
  return w;
}

/** Display text of a cell for messages: `'n/a'`, `#N/A`, `12.5`, `(blank)`. */
export function cellText(v: Cell): string {
  if (v === null) return "(blank)";
  if (isCellError(v)) return v.error;
  if (typeof v === "string") return v.trim() === "" ? "(blank)" : `'${v.length > 40 ? v.slice(0, 37) + "..." : v}'`;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}
