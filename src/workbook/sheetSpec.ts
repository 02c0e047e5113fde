/**
 * Output sheets as plain data: what the add-in writes, independent of where.
 *
 * The workbook layer renders engine results into `SheetSpec`s; a host (Office.js
 * or .xlsx file) turns them into real sheets. Coordinates are zero-based and
 * relative to A1 of the output sheet.
 *
 * Pure: no I/O, no Office.js.
 */

/** A formula written into an output cell (`=SUM(B2:B9)`), with the value the engine expects. */
export interface FormulaCell {
  readonly formula: string;
  readonly value?: number | string | boolean | null;
}

/**
 * One output cell. Strings are always written as text: a host must make sure that
 * text beginning with `=`, `+`, `-` or `@` never becomes a formula.
 */
export type OutCell = number | string | boolean | null | FormulaCell;

/** True when an output cell is a formula. */
export function isFormulaCell(v: OutCell | undefined): v is FormulaCell {
  return typeof v === "object" && v !== null && typeof (v as FormulaCell).formula === "string";
}

/** A rectangular block of an output sheet (zero-based, `rows` × `cols` cells). */
export interface Block {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** Formatting applied to a block. */
export interface BlockStyle extends Block {
  /** Excel number format: `#,##0`, `0.0%`, `yyyy-mm`, `@` (text). */
  readonly numberFormat?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** Font size in points (titles). */
  readonly fontSize?: number;
  /** Fill colour `#RRGGBB`. */
  readonly fill?: string;
  /** Font colour `#RRGGBB`. */
  readonly fontColor?: string;
  readonly wrap?: boolean;
}

/** A result table written as an Excel table (ListObject); the first row holds headers. */
export interface TableSpec extends Block {
  readonly name: string;
}

/** Conditional format: highlight cells of a block whose value compares to a threshold. */
export interface ConditionalSpec extends Block {
  readonly operator: "greaterThan" | "lessThan" | "equal" | "textContains";
  readonly value: number | string;
  readonly fill: string;
  readonly fontColor?: string;
}

/** A drop-down list on a block of cells (data validation): people pick one of `list`. */
export interface ValidationSpec extends Block {
  readonly list: readonly string[];
}

/** Kinds of native Excel chart a sheet may ask for. */
export type ChartKind = "line" | "lineMarkers" | "columnClustered" | "columnStacked" | "barClustered";

/**
 * A native Excel chart drawn over a data block of the same sheet.
 *
 * The data block is laid out as Excel expects it: its first row holds the series names (the
 * top-left cell may be blank or a label), its first column the categories (months, scenarios),
 * and each further column one series (`seriesBy: "columns"`, the default; with `"rows"` the roles
 * of rows and columns swap). The block stays on the sheet as readable cells, so the figures behind
 * a chart are always visible.
 *
 * Hosts: the Office.js host adds the chart in the same batch as the sheet's values
 * (`worksheet.charts.add`). The .xlsx host (whose writer does not draw charts yet) ignores `charts`
 * silently and writes the data blocks like any other cells.
 */
export interface ChartSpec {
  readonly kind: ChartKind;
  readonly title: string;
  /** Chart name in Excel (unique on the sheet); the host's default when absent. */
  readonly name?: string;
  /** The data block, zero-based on this sheet, header row and category column included. */
  readonly data: Block;
  /** Series in columns (default) or in rows of the data block. */
  readonly seriesBy?: "columns" | "rows";
  /**
   * Zero-based series (in the order of the data block) drawn as lines on a column chart: a
   * combination chart such as load in columns and capacity as a line. Hosts without per-series
   * chart types (ExcelApi < 1.7) draw them in the chart's kind.
   */
  readonly lineSeries?: readonly number[];
  /** Number format of the value axis (`0%`, `#,##0`); ExcelApi 1.8, skipped where unsupported. */
  readonly valueFormat?: string;
  /** Where the chart sits: its top-left cell (zero-based) and its size in cells. */
  readonly position: Block;
}

/** One sheet the add-in owns and writes. */
export interface SheetSpec {
  /** Sheet name, e.g. `SOP Data Check` (≤ 31 characters, none of `\ / ? * [ ] :`). */
  readonly name: string;
  /** Cell values, row-major from A1. */
  readonly rows: readonly (readonly OutCell[])[];
  readonly styles?: readonly BlockStyle[];
  /** Column widths in characters (Excel's unit), from column A. */
  readonly columnWidths?: readonly number[];
  /** Rows and columns to freeze (header rows stay visible). */
  readonly freeze?: { readonly rows: number; readonly cols?: number };
  readonly tables?: readonly TableSpec[];
  readonly conditionals?: readonly ConditionalSpec[];
  /** Hidden sheets (SOP_Settings) are written with visibility hidden. */
  readonly hidden?: boolean;
  /** Tab colour `#RRGGBB`. */
  readonly tabColor?: string;
  /** Native charts over data blocks of this sheet (drawn by the Office.js host only; see `ChartSpec`). */
  readonly charts?: readonly ChartSpec[];
  /** Drop-down lists on blocks of cells (`SOP Decisions` Status). */
  readonly validations?: readonly ValidationSpec[];
}

/** Characters Excel forbids in sheet names. */
const FORBIDDEN = /[\\/?*[\]:]/g;

/** Make a valid sheet name: forbidden characters removed, trimmed to 31 characters. */
export function safeSheetName(name: string): string {
  const s = name.replace(FORBIDDEN, " ").replace(/^'+|'+$/g, "").trim();
  return (s === "" ? "Sheet" : s).slice(0, 31);
}

/**
 * A free sheet name: `name` itself when no existing sheet has it (case-insensitive, as
 * Excel compares), else `name (2)`, `name (3)`, … within 31 characters.
 */
export function freeSheetName(name: string, existing: Iterable<string>): string {
  const taken = new Set<string>();
  for (const e of existing) taken.add(e.toLowerCase());
  const base = safeSheetName(name);
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = base.slice(0, 31 - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
