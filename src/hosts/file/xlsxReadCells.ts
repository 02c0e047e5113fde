/**
 * The compact cell store of one scanned worksheet (`xlsxReadSheet.ts` fills it): typed
 * arrays of rows, columns, kinds, numbers and styles, sorted by row then column, and the
 * values and number formats `readBlock` asks for, as ExcelJS gave them. Also the error a
 * damaged part raises, and what a scan needs from the workbook.
 */
import type { Cell } from "../../workbook/grid";
import type { XlsxStyles } from "./xlsxReadStyles";
import type { Box } from "./xlsxReadTags";

// Kinds of a scanned cell (exported for the scanner).
/** Present with a style but no value: holds its place (a later duplicate of it wins), counts for nothing. */
export const K_NULL = 0;
/** Present and counted in the used range, but its value reads as empty (formula without a cached value…). */
export const K_EMPTY = 1;
export const K_NUMBER = 2;
/** A number that ExcelJS read as a date (through a date format): its format defaults to a date format. */
export const K_DATE = 3;
/** Text from the sheet's own string table. */
export const K_TEXT = 4;
/** Text from the workbook's shared strings. */
export const K_SHARED = 5;
export const K_BOOL = 6;
/** An error value (`#N/A`) from the sheet's own string table. */
export const K_ERROR = 7;
/** A merged cell other than the merge's top-left one: ignored everywhere. */
export const K_MERGED = 8;
/** A formula with no cached result in the file (never calculated): counted, reads as empty, reported. */
export const K_UNCALC = 9;

const DAY_MS = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const OFFSET_1904 = 1462;
/** Number format recorded for a date cell that carries none (so the date stays recognisable). */
const DEFAULT_DATE_FORMAT = "yyyy-mm-dd";
/** Largest time value a JavaScript `Date` holds. */
const MAX_TIME = 8.64e15;
/** Excel's last column (XFD). */
export const MAX_COLUMNS = 16384;

/**
 * A serial number as ExcelJS turned it into a `Date` (rounded to the millisecond) and as
 * the file host turned that back into a serial; null when it is no valid date.
 */
export function dateSerialRoundTrip(v: number, date1904: boolean): number | null {
  const ms = Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000);
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME) return null;
  return (ms + 0 - EPOCH_1900) / DAY_MS - (date1904 ? OFFSET_1904 : 0);
}

/** What the scanner needs from the workbook. */
export interface SheetContext {
  readonly styles: XlsxStyles;
  /** The shared strings (null when the package has no `xl/sharedStrings.xml`). */
  readonly sharedStrings: readonly (string | null)[] | null;
  readonly date1904: boolean;
}

/** Cells of one worksheet, sorted by row then column (zero-based), with what `readBlock` needs. */
export class SheetCells {
  constructor(
    /** Number of cells. */
    readonly count: number,
    readonly row: Int32Array,
    readonly col: Int32Array,
    private readonly kind: Uint8Array,
    private readonly num: Float64Array,
    private readonly style: Int32Array,
    private readonly strings: readonly string[],
    private readonly ctx: SheetContext,
    /** Zero-based rows marked hidden. */
    readonly hiddenRows: ReadonlySet<number>,
    /** Used extent from A1 (rows × columns; merged cells other than the top-left one do not count). */
    readonly rows: number,
    readonly cols: number,
    /** Relationship ids of the sheet's `<tablePart>`s, in order. */
    readonly tableParts: readonly string[],
    /** The sheet's merged cells (zero-based, inclusive). */
    readonly merges: readonly Box[] = [],
  ) {}

  /** True when cell `i` is a formula the file holds no calculated result for. */
  uncalculated(i: number): boolean {
    return this.kind[i] === K_UNCALC;
  }

  /** The value of cell `i` (null when it reads as empty). */
  value(i: number): Cell {
    const n = this.num[i]!;
    switch (this.kind[i]) {
      case K_NUMBER:
      case K_DATE:
        return n;
      case K_TEXT:
        return this.strings[n]!;
      case K_SHARED:
        return this.ctx.sharedStrings?.[n] ?? null;
      case K_BOOL:
        return n !== 0;
      case K_ERROR:
        return { error: this.strings[n]! };
      default:
        return null;
    }
  }

  /** Number format of cell `i` when it holds a number (null for General or none), as ExcelJS gave it. */
  numberFormat(i: number): string | null {
    const nf = this.ctx.styles.numFmt(this.style[i]!);
    if (this.kind[i] === K_DATE) return nf && nf !== "General" ? nf : DEFAULT_DATE_FORMAT;
    return nf && nf !== "General" ? nf : null;
  }

  /** Index of the first cell in a row ≥ `row` (zero-based), `count` when none. */
  firstInRow(row: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.row[mid]! < row) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A damaged part that ExcelJS refused too (the host reports the file as unreadable). */
export class XlsxDamagedError extends Error {
  override readonly name = "XlsxDamagedError";
}

/** Growable columns of scanned cells. */
export class CellBuffer {
  n = 0;
  row: Int32Array;
  col: Int32Array;
  kind: Uint8Array;
  num: Float64Array;
  style: Int32Array;
  constructor(capacity: number) {
    this.row = new Int32Array(capacity);
    this.col = new Int32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.num = new Float64Array(capacity);
    this.style = new Int32Array(capacity);
  }

  push(row: number, col: number, kind: number, num: number, style: number): void {
    if (this.n === this.row.length) this.grow();
    const i = this.n++;
    this.row[i] = row;
    this.col[i] = col;
    this.kind[i] = kind;
    this.num[i] = num;
    this.style[i] = style;
  }

  private grow(): void {
    const cap = this.row.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.row = g(this.row, (k) => new Int32Array(k));
    this.col = g(this.col, (k) => new Int32Array(k));
    this.kind = g(this.kind, (k) => new Uint8Array(k));
    this.num = g(this.num, (k) => new Float64Array(k));
    this.style = g(this.style, (k) => new Int32Array(k));
  }
}

export function lowerBound(rows: Int32Array, n: number, row: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]! < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Cells in row then column order, as ExcelJS kept them: a row written twice keeps only the
 * cells of its last `<row>` element, a cell written twice in a row its last value.
 */
export function reorder(buf: CellBuffer, rowElements: readonly number[]): CellBuffer {
  const lastElement = new Map<number, number>();
  for (let e = 0; e < rowElements.length; e += 2) lastElement.set(rowElements[e]!, e);
  const keep: number[] = [];
  for (let e = 0; e < rowElements.length; e += 2) {
    const row = rowElements[e]!;
    if (lastElement.get(row) !== e) continue;
    const from = rowElements[e + 1]!;
    const to = e + 3 < rowElements.length ? rowElements[e + 3]! : buf.n;
    for (let i = from; i < to; i++) keep.push(i);
  }
  keep.sort((x, y) => buf.row[x]! - buf.row[y]! || buf.col[x]! - buf.col[y]! || x - y);
  const out = new CellBuffer(Math.max(1, keep.length));
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j]!;
    const next = keep[j + 1];
    // A later cell at the same place replaces this one.
    if (next !== undefined && buf.row[next] === buf.row[i] && buf.col[next] === buf.col[i]) continue;
    out.push(buf.row[i]!, buf.col[i]!, buf.kind[i]!, buf.num[i]!, buf.style[i]!);
  }
  return out;
}
