/**
 * The building blocks every output sheet shares: a section title with its subtitle, and a
 * table header row in the add-in's colours. Renderers push rows and styles through these so the
 * sheets look alike and the layout code lives once.
 *
 * Pure: rows and styles in, rows and styles appended.
 */
import type { BlockStyle, OutCell } from "./sheetSpec";

/** Fill of table header rows. */
export const HEADER_FILL = "#1F4E3D";

/** A blank row, then a section title (bold, larger) with its subtitle (italic) in the next cell. */
export function pushSection(rows: OutCell[][], styles: BlockStyle[], title: string, subtitle: string): void {
  rows.push([]);
  rows.push([title, subtitle]);
  const r = rows.length - 1;
  styles.push({ row: r, col: 0, rows: 1, cols: 1, bold: true, fontSize: 12 }, { row: r, col: 1, rows: 1, cols: 1, italic: true });
}

/** A table header row (bold, white on the header fill, wrapped); returns its zero-based row. */
export function pushHeader(rows: OutCell[][], styles: BlockStyle[], cells: readonly string[]): number {
  rows.push([...cells]);
  const r = rows.length - 1;
  styles.push({ row: r, col: 0, rows: 1, cols: cells.length, bold: true, fill: HEADER_FILL, fontColor: "#FFFFFF", wrap: true });
  return r;
}
