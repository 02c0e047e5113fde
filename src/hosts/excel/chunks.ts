/**
 * Size rules of the Office.js host: how big one read or one write may be, and how
 * ranges are cut into row chunks. Pure; no Office.js.
 *
 * Limits from the Office Add-ins documentation ("Resource limits and performance
 * optimization", Excel add-ins): Excel on the web caps a request and a response at
 * 5 MB, and a single range read at 5,000,000 cells. Every `context.sync()` is one
 * request and one response, so the budget applies per sync, not per range.
 */

/** Excel's cap on the cells of one range read (all platforms). */
export const MAX_CELLS_PER_READ = 5_000_000;
/** Cells per read chunk: a range larger than this is read in row chunks. */
export const DEFAULT_READ_CHUNK_CELLS = 200_000;
/** Budget per sync on Excel on the web (and when the platform is unknown): under the 5 MB cap. */
export const WEB_SYNC_BYTES = 4_000_000;
/**
 * Budget per sync for reads on Excel desktop (Windows, Mac), where no payload cap is
 * documented. A read that fails anyway is retried with half the budget.
 */
export const DESKTOP_SYNC_BYTES = 32_000_000;
/**
 * Estimated response bytes per cell read with `values`, `numberFormat` and `valueTypes`
 * (a value of ~10 characters, `"General"`, `"Double"`, separators), used before the
 * data is seen.
 */
export const READ_BYTES_PER_CELL = 40;
/** Fixed cost counted for every queued operation (object path, property name). */
export const OP_OVERHEAD_BYTES = 128;

/** UTF-8 length of a string (what travels in a request), without allocating. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes of a value serialised as JSON (the payload of one property in a request or response). */
export function jsonBytes(v: unknown): number {
  const s = JSON.stringify(v);
  return s === undefined ? 0 : utf8Length(s);
}

/** A run of rows: `start` is zero-based within the block, `count` ≥ 1. */
export interface RowSpan {
  readonly start: number;
  readonly count: number;
}

/**
 * Row chunks of a block of `rows` × `cols` cells with at most `maxCells` cells each
 * (at least one row per chunk, however wide).
 */
export function rowSpansByCells(rows: number, cols: number, maxCells: number): RowSpan[] {
  if (rows <= 0) return [];
  const per = Math.max(1, Math.floor(maxCells / Math.max(cols, 1)));
  const out: RowSpan[] = [];
  for (let start = 0; start < rows; start += per) out.push({ start, count: Math.min(per, rows - start) });
  return out;
}

/**
 * Row chunks whose estimated bytes stay within `maxBytes`: `rowBytes[i]` is the cost of
 * row i, `fixed` the cost of a chunk itself. Greedy, in order; a row that alone exceeds
 * the budget gets a chunk of its own.
 */
export function rowSpansByBytes(rowBytes: readonly number[], maxBytes: number, fixed = 0): RowSpan[] {
  const out: RowSpan[] = [];
  let start = 0;
  let size = fixed;
  for (let i = 0; i < rowBytes.length; i++) {
    const b = rowBytes[i]!;
    if (i > start && size + b > maxBytes) {
      out.push({ start, count: i - start });
      start = i;
      size = fixed;
    }
    size += b;
  }
  if (rowBytes.length > start) out.push({ start, count: rowBytes.length - start });
  return out;
}

/**
 * Group items into batches (syncs) in order so that each batch's bytes stay within
 * `budget`; the first batch may have a smaller budget (room taken by other work).
 * An item larger than the budget travels alone.
 */
export function packBySize<T extends { readonly bytes: number }>(items: readonly T[], budget: number, firstBudget = budget): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let size = 0;
  let limit = firstBudget;
  for (const it of items) {
    if (cur.length > 0 && size + it.bytes > limit) {
      out.push(cur);
      cur = [];
      size = 0;
      limit = budget;
    }
    cur.push(it);
    size += it.bytes;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Excel column width in points for a width in characters (Calibri 11: 7 px a character + 5 px padding, 0.75 pt a pixel). */
export function columnWidthPoints(chars: number): number {
  return Math.round((7 * chars + 5) * 0.75 * 100) / 100;
}
