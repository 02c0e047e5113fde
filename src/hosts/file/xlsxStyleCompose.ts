/**
 * The style of every cell of an output sheet, composed from the spec's block styles, for the
 * .xlsx writer.
 *
 * Blocks apply in order; a later block adds to or overrides an earlier one: number format and
 * fill are replaced, font (bold, italic, size, colour) and alignment (wrap) are merged. Cells a
 * block covers are written even when they hold no value (a filled header cell stays filled).
 * Browser-safe and pure.
 */
import type { BlockStyle } from "../../workbook/sheetSpec";

/** A composed cell style; colours are ARGB (`FF1F4E79`). */
export interface CellStyle {
  readonly numFmt?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly size?: number;
  readonly color?: string;
  readonly fill?: string;
  readonly wrap?: boolean;
}

/** `#RRGGBB` (or `RRGGBB`, `AARRGGBB`) as ARGB; throws on anything else. */
export function argb(hex: string): string {
  const h = hex.trim().replace(/^#/, "");
  if (/^[0-9a-fA-F]{6}$/.test(h)) return `FF${h.toUpperCase()}`;
  if (/^[0-9a-fA-F]{8}$/.test(h)) return h.toUpperCase();
  throw new Error(`colour '${hex}' is not #RRGGBB`);
}

/** The styles of one sheet's cells: `styles[id]` for the id a cell has in `rows` (0: no style). */
export interface SheetStyles {
  /** Composed styles by id; `styles[0]` is the empty style. */
  readonly styles: readonly CellStyle[];
  /** Style ids by zero-based row, then column; rows no block touches are absent. */
  readonly rows: ReadonlyMap<number, Uint32Array>;
}

function compose(prev: CellStyle, s: BlockStyle): CellStyle {
  const next: { -readonly [K in keyof CellStyle]: CellStyle[K] } = { ...prev };
  if (s.numberFormat !== undefined) next.numFmt = s.numberFormat;
  if (s.bold !== undefined) next.bold = s.bold;
  if (s.italic !== undefined) next.italic = s.italic;
  if (s.fontSize !== undefined) next.size = s.fontSize;
  if (s.fontColor !== undefined) next.color = argb(s.fontColor);
  if (s.fill !== undefined) next.fill = argb(s.fill);
  if (s.wrap !== undefined) next.wrap = s.wrap;
  return next;
}

/** Compose a sheet's block styles into one style id per covered cell. */
export function composeSheetStyles(blocks: readonly BlockStyle[]): SheetStyles {
  const styles: CellStyle[] = [{}];
  const rows = new Map<number, Uint32Array>();
  let width = 0;
  for (const b of blocks) if (b.rows > 0 && b.cols > 0) width = Math.max(width, b.col + b.cols);
  blocks.forEach((b) => {
    // Colours are checked for every block, as the ExcelJS writer did (a bad colour fails the write).
    if (b.fontColor !== undefined) argb(b.fontColor);
    if (b.fill !== undefined) argb(b.fill);
    if (b.rows <= 0 || b.cols <= 0 || b.row < 0 || b.col < 0) return;
    // Memo for this block: the style a cell gets from each style it had before.
    const next = new Map<number, number>();
    let lastPrev = -1;
    let lastNext = -1;
    for (let r = b.row; r < b.row + b.rows; r++) {
      let row = rows.get(r);
      if (row === undefined) rows.set(r, (row = new Uint32Array(width)));
      for (let c = b.col; c < b.col + b.cols; c++) {
        const prev = row[c]!;
        if (prev !== lastPrev) {
          let id = next.get(prev);
          if (id === undefined) {
            id = styles.length;
            styles.push(compose(styles[prev]!, b));
            next.set(prev, id);
          }
          lastPrev = prev;
          lastNext = id;
        }
        row[c] = lastNext;
      }
    }
  });
  return { styles, rows };
}
