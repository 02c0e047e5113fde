/**
 * The host interface: where a workbook lives, behind one face.
 *
 * Two hosts implement it: `hosts/file` (an .xlsx file, read and written by our own code: CLI,
 * standalone page, tests) and `hosts/excel` (the open workbook through Office.js).
 * Everything above the hosts (the cycle runner, the task pane, the CLI) talks
 * only to this interface. Pure types; no I/O here.
 */
import type { Grid } from "./grid";
import type { RangeSource, Settings } from "./mapping";
import type { SheetSpec } from "./sheetSpec";

/** A worksheet of the workbook. */
export interface SheetInfo {
  readonly name: string;
  readonly visibility: "visible" | "hidden" | "veryHidden";
  /** Extent of the used range (rows × columns from A1), 0 × 0 when empty. */
  readonly rows: number;
  readonly cols: number;
  /** True when the sheet is marked as the add-in's own (it may replace it). */
  readonly owned: boolean;
}

/** An Excel table (ListObject). */
export interface TableInfo {
  readonly name: string;
  readonly sheet: string;
  /** A1 range including the header row, without sheet: `A3:H120`. */
  readonly range: string;
}

/** A defined name that refers to a range. */
export interface NameInfo {
  readonly name: string;
  readonly sheet: string;
  readonly range: string;
}

/** What the mapping UI and the role proposal see of a workbook. */
export interface WorkbookInfo {
  readonly sheets: readonly SheetInfo[];
  readonly tables: readonly TableInfo[];
  readonly names: readonly NameInfo[];
}

/** A source that could not be read (deleted sheet, unknown table): reported as a finding. */
export interface SourceError {
  readonly source: RangeSource;
  readonly message: string;
}

export type ReadResult = Grid | SourceError;

/** True when a read result is an error rather than a grid. */
export function isSourceError(r: ReadResult): r is SourceError {
  return (r as SourceError).message !== undefined && (r as Grid).values === undefined;
}

/** What a write did: for each requested sheet, the name it got (a clash with a planner's sheet gets a new name). */
export interface WriteResult {
  readonly sheets: readonly { readonly requested: string; readonly written: string }[];
  /** Where the sheets went: the workbook itself, or the path of a companion file. */
  readonly target: string;
  /** Sentences for the user: renamed sheets, backups kept. */
  readonly notes: readonly string[];
}

/** Progress callback for long host work (fraction 0–1 and a short label). */
export type Progress = (fraction: number, label: string) => void;

/**
 * A workbook host. Reads are batched (one call reads every source); writes are
 * transactional: everything is written or nothing changes.
 */
export interface WorkbookHost {
  /** Short label for messages: a file name, or "this workbook". */
  readonly label: string;
  /** Sheets, tables and names. */
  describe(): Promise<WorkbookInfo>;
  /**
   * The worksheets' names and visibility in tab order, without reading them: for hosts where
   * describing the workbook is costly (files, whose sheets are read to know their extent).
   * Optional: a host without it is described first.
   */
  listSheets?(): Promise<readonly Pick<SheetInfo, "name" | "visibility">[]>;
  /** Read every source in one batch, in order. Values plus number formats. */
  read(sources: readonly RangeSource[], progress?: Progress): Promise<ReadResult[]>;
  /** An owned output sheet from the previous run (`SOP Snapshots`, `SOP Decisions`), or null. */
  readOwnedSheet(name: string): Promise<Grid | null>;
  /** Saved settings (`SOP_Settings`), or null when none. */
  readSettings(): Promise<Settings | null>;
  /**
   * Write the add-in's sheets and settings, replacing the add-in's previous sheets of the
   * same names, never touching a planner's sheet. All or nothing.
   */
  write(sheets: readonly SheetSpec[], settings: Settings, progress?: Progress): Promise<WriteResult>;
}
