/**
 * Entry point of the sample generator: `generateSample(options)` builds the
 * fictitious manufacturer's S&OP workbook and writes it to `options.out`.
 * Used by `scripts/generate-sample.ts`, the benchmarks and the tests.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { dayDate, parseYearMonth } from "./calendar";
import { buildDataset, type Dataset } from "./dataset";
import type { SheetModel } from "./model";
import { allSheets } from "./sheets";
import { writeWorkbook } from "./workbook";

export interface SampleOptions {
  /** Number of items (default 320). */
  readonly items?: number;
  /** Months of history (default 36). */
  readonly months?: number;
  /** Random seed (default 42). */
  readonly seed?: number;
  /** Output path (default `assets/sample/sop-sample.xlsx`). */
  readonly out?: string;
  /** Last month of history, `YYYY-MM` (default 2026-10; the next cycle is the month after). */
  readonly end?: string;
  /** Forecast horizon of the forecast tabs (default 18). */
  readonly horizon?: number;
  /** Highest lag kept in `Forecast Snapshots` (default: 17; 5 above 1,000 items; 2 above 4,000 items). */
  readonly snapshotMaxLag?: number;
  /** Past cycles in `Forecast Snapshots` (default 6; 3 above 4,000 items). */
  readonly snapshotCycles?: number;
  /** Use ExcelJS's streaming writer (default: above 2,000 items). It writes Stat Forecast as a range with an autofilter, not a table. */
  readonly streaming?: boolean;
}

export interface SheetSummary {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly description: string;
}

export interface SampleResult {
  readonly path: string;
  readonly sheets: string[];
  readonly summary: SheetSummary[];
  readonly streaming: boolean;
  readonly seconds: number;
}

export const DEFAULT_SAMPLE_PATH = "assets/sample/sop-sample.xlsx";

export function resolveOptions(options: SampleOptions): Required<SampleOptions> {
  const items = options.items ?? 320;
  return {
    items,
    months: options.months ?? 36,
    seed: options.seed ?? 42,
    out: options.out ?? DEFAULT_SAMPLE_PATH,
    end: options.end ?? "2026-10",
    horizon: options.horizon ?? 18,
    snapshotMaxLag: options.snapshotMaxLag ?? (items > 4000 ? 2 : items > 1000 ? 5 : 17),
    snapshotCycles: options.snapshotCycles ?? (items > 4000 ? 3 : 6),
    streaming: options.streaming ?? items > 2000,
  };
}

/** The dataset and sheet models without writing anything (for tests and tools). */
export function buildSample(options: SampleOptions = {}): { data: Dataset; sheets: SheetModel[] } {
  const o = resolveOptions(options);
  if (!Number.isInteger(o.items) || o.items < 8) throw new Error("items must be an integer ≥ 8");
  if (!Number.isInteger(o.months) || o.months < 6) throw new Error("months must be an integer ≥ 6");
  const data = buildDataset({
    items: o.items,
    months: o.months,
    seed: o.seed,
    end: parseYearMonth(o.end),
    horizon: o.horizon,
    capacityMonths: Math.max(24, o.horizon),
  });
  return { data, sheets: allSheets(data, { snapshotCycles: o.snapshotCycles, snapshotMaxLag: o.snapshotMaxLag }) };
}

export async function generateSample(options: SampleOptions = {}): Promise<SampleResult> {
  const t0 = process.hrtime.bigint();
  const o = resolveOptions(options);
  const { data, sheets } = buildSample(o);
  await mkdir(dirname(o.out), { recursive: true });
  await writeWorkbook(sheets, {
    path: o.out,
    timestamp: new Date(dayDate(data.cycle, 2).getTime() + 8 * 3600 * 1000),
    streaming: o.streaming,
    definedNames: [
      { name: "growth", ref: "Scenarios!$J$2" },
      { name: "inflation", ref: "Scenarios!$J$3" },
    ],
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const summary = sheets.map((s) => ({
    name: s.name,
    rows: s.rows.length,
    cols: s.rows.reduce((n, r) => Math.max(n, r ? r.values.length : 0), 0),
    description: s.description,
  }));
  return { path: o.out, sheets: sheets.map((s) => s.name), summary, streaming: o.streaming, seconds };
}
