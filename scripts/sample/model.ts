/**
 * A sheet as the generator lays it out: rows of cell values with row and column
 * formats, frozen panes and at most one Excel table. Plain data; the writer in
 * `workbook.ts` turns it into ExcelJS calls.
 */

/** A formula with its cached result (ExcelJS `{ formula, result }`). */
export interface FormulaCell {
  readonly formula: string;
  readonly result: number;
}

export type CellValue = number | string | Date | null | FormulaCell;

export interface CellStyle {
  readonly numFmt?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly size?: number;
  /** ARGB fill colour. */
  readonly fill?: string;
  /** ARGB font colour. */
  readonly color?: string;
  readonly align?: "left" | "center" | "right";
  /** Thin top border (totals). */
  readonly topBorder?: boolean;
}

export interface RowSpec {
  readonly values: readonly CellValue[];
  /** Applied to every written cell of the row (on top of the column format). */
  readonly style?: CellStyle;
  /** Per-cell overrides by 0-based column. */
  readonly cellStyles?: ReadonlyMap<number, CellStyle>;
}

export interface ColumnSpec {
  readonly width: number;
  /** Number format of the column's data cells. */
  readonly numFmt?: string;
}

export interface TableSpec {
  readonly name: string;
  /** 1-based row of the table's header; the table spans the data rows below it up to the end of the sheet. */
  readonly headerRow: number;
  readonly style: string;
}

export interface SheetModel {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** Rows from row 1; a null entry is an empty row. */
  readonly rows: readonly (RowSpec | null)[];
  /** Row number of the header (1-based), used for column formats: formats apply below it. */
  readonly headerRow: number;
  /** Frozen panes: rows above `row`'s bottom and columns left of `col` stay visible. */
  readonly freeze?: { readonly rows: number; readonly cols: number };
  readonly table?: TableSpec;
  /** Autofilter on the header row over the first `cols` columns, down to the last row. */
  readonly autoFilterCols?: number;
  readonly tabColor?: string;
  /** A short note for the README and the CLI summary. */
  readonly description: string;
}

export const FMT = {
  units: "#,##0",
  units1: "#,##0.0",
  percent: "0.0%",
  eur: '#,##0.00 "€"',
  eur0: '#,##0 "€"',
  hours: "#,##0",
  monthDate: "mmm-yy",
  monthDateLong: "mmm yyyy",
  decimal2: "0.00",
} as const;

export const COLOR = {
  headerFill: "FFDDEBF7",
  titleFont: "FF1F4E79",
  subtotalFill: "FFF2F2F2",
  totalFill: "FFD9D9D9",
  inputFill: "FFFFF2CC",
  noteFont: "FF7F7F7F",
} as const;

export const HEADER_STYLE: CellStyle = { bold: true, fill: COLOR.headerFill, align: "center" };
export const TITLE_STYLE: CellStyle = { bold: true, size: 14, color: COLOR.titleFont };
export const NOTE_STYLE: CellStyle = { italic: true, color: COLOR.noteFont };

/** Spreadsheet column letters of a 1-based column. */
export function colLetter(col: number): string {
  let s = "";
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
