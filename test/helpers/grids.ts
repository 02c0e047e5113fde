/**
 * Test helpers: grids built by hand, and an in-memory host over a dictionary of sheets.
 */
import type { Cell, Grid } from "../../src/workbook/grid";
import { parseA1 } from "../../src/workbook/grid";
import type { ReadResult, SheetInfo, WorkbookHost, WorkbookInfo, WriteResult } from "../../src/workbook/host";
import type { RangeSource, Settings } from "../../src/workbook/mapping";
import type { SheetSpec } from "../../src/workbook/sheetSpec";
import { freeSheetName } from "../../src/workbook/sheetSpec";

/** A grid at A1 of `sheet` (or at `top`/`left`), with optional number formats. */
export function grid(sheet: string, values: Cell[][], opts: { top?: number; left?: number; formats?: (string | null)[][]; hiddenRows?: number[] } = {}): Grid {
  return { sheet, top: opts.top ?? 0, left: opts.left ?? 0, values, ...(opts.formats ? { formats: opts.formats } : {}), ...(opts.hiddenRows ? { hiddenRows: opts.hiddenRows } : {}) };
}

/** Excel serial of the first day of a month (1900 system). */
export function serial(year: number, month: number, day = 1): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86400000;
}

/** A sheet in the memory host: values from A1, with formats where given. */
export interface MemSheet {
  values: Cell[][];
  formats?: (string | null)[][];
  tables?: { name: string; range: string }[];
}

/** An in-memory WorkbookHost for runner tests: records writes, counts reads. */
export class MemoryHost implements WorkbookHost {
  readonly label = "memory.xlsx";
  readonly writes: { sheets: readonly SheetSpec[]; settings: Settings }[] = [];
  reads = 0;
  constructor(
    public sheets: Record<string, MemSheet>,
    public settings: Settings | null = null,
  ) {}

  describe(): Promise<WorkbookInfo> {
    const sheets: SheetInfo[] = Object.entries(this.sheets).map(([name, s]) => ({
      name,
      visibility: "visible",
      rows: s.values.length,
      cols: Math.max(0, ...s.values.map((r) => r.length)),
      owned: this.settings?.ownedSheets?.includes(name) ?? false,
    }));
    const tables = Object.entries(this.sheets).flatMap(([sheet, s]) => (s.tables ?? []).map((t) => ({ name: t.name, sheet, range: t.range })));
    return Promise.resolve({ sheets, tables, names: [] });
  }

  read(sources: readonly RangeSource[]): Promise<ReadResult[]> {
    this.reads++;
    return Promise.resolve(sources.map((src) => this.readOne(src)));
  }

  private readOne(src: RangeSource): ReadResult {
    let sheetName = src.sheet;
    let range = src.range;
    if (src.table) {
      const hit = Object.entries(this.sheets).find(([, s]) => s.tables?.some((t) => t.name === src.table));
      if (!hit) return { source: src, message: `table ${src.table} not found` };
      sheetName = hit[0];
      range = hit[1].tables!.find((t) => t.name === src.table)!.range;
    }
    const s = sheetName !== undefined ? this.sheets[sheetName] : undefined;
    if (sheetName === undefined || s === undefined) return { source: src, message: `sheet '${sheetName ?? "?"}' does not exist` };
    if (range === undefined) return { sheet: sheetName, top: 0, left: 0, values: s.values, ...(s.formats ? { formats: s.formats } : {}) };
    const a = parseA1(range);
    if (a === null) return { source: src, message: `bad range ${range}` };
    const bottom = Math.min(a.bottom, s.values.length - 1);
    const values: Cell[][] = [];
    const formats: (string | null)[][] = [];
    for (let r = a.top; r <= bottom; r++) {
      values.push((s.values[r] ?? []).slice(a.left, a.right + 1));
      formats.push((s.formats?.[r] ?? []).slice(a.left, a.right + 1));
    }
    return { sheet: sheetName, top: a.top, left: a.left, values, formats };
  }

  readOwnedSheet(): Promise<Grid | null> {
    return Promise.resolve(null);
  }

  readSettings(): Promise<Settings | null> {
    return Promise.resolve(this.settings);
  }

  write(sheets: readonly SheetSpec[], settings: Settings): Promise<WriteResult> {
    this.writes.push({ sheets, settings });
    const existing = Object.keys(this.sheets);
    const out = sheets.map((s) => {
      const owned = this.settings?.ownedSheets?.includes(s.name) ?? false;
      const written = existing.includes(s.name) && !owned ? freeSheetName(s.name, existing) : s.name;
      return { requested: s.name, written };
    });
    // Like the real hosts: ownership comes from what was written, not from what was asked.
    const owned = [...new Set([...(this.settings?.ownedSheets ?? []), ...out.map((o) => o.written)])];
    this.settings = { ...settings, ownedSheets: owned };
    return Promise.resolve({ sheets: out, target: this.label, notes: [] });
  }
}
