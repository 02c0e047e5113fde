/**
 * The planner's workbook of `npm run bench:cycle`: the sample generator's fictitious
 * manufacturer (scripts/sample) at benchmark size, with every role:
 *   - Actuals: items × 48 months, with Family and Region (subtotal and total rows);
 *   - forecast tabs: Sales (three regional tabs and a key-account tab), Stat Forecast, Consensus;
 *   - Forecast Snapshots: Statistical, Sales and Consensus snapshots of the last 12 cycles
 *     at the lags kept (default lag 1, the accuracy lag: one row per cycle × version × item,
 *     350,000 rows at 10,000 items; lags 0–2 would be 1.05 million, Excel's row limit);
 *   - Capacity: the sample's 10 resources plus 10 more (cloned from them with their own hours per
 *     unit and headroom), so ~20 resources; Routing: family lines for every resource, item overrides;
 *   - Inventory, Prices, Budget; Scenarios: five scenarios with named drivers.
 *
 * Deterministic for a given size and seed. Written with ExcelJS's streaming writer (the Stat
 * Forecast table becomes a range with an autofilter, as the sample generator does above 2,000 items).
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { buildSample } from "../scripts/sample/index";
import { dayDate, isoMonth, parseYearMonth } from "../scripts/sample/calendar";
import type { CellValue, RowSpec, SheetModel } from "../scripts/sample/model";
import { writeWorkbook } from "../scripts/sample/workbook";

export interface CycleWorkbookOptions {
  readonly items: number;
  readonly months?: number;
  /** Past cycles in the snapshot ledger (default 12). */
  readonly snapshotCycles?: number;
  /** Lags kept in the snapshot ledger (default [1]). */
  readonly snapshotLags?: readonly number[];
  readonly seed?: number;
  readonly out: string;
}

export interface CycleWorkbookSummary {
  readonly path: string;
  readonly sheets: readonly { readonly name: string; readonly rows: number; readonly cols: number }[];
  readonly cells: number;
  readonly resources: number;
  readonly snapshotRows: number;
  readonly scenarios: number;
}

/** Extra resources: [name, cloned from, share of its hours per unit, headroom on its capacity]. */
const EXTRA_RESOURCES: readonly (readonly [string, string, number, number])[] = [
  ["WC-15 Sub-assembly", "WC-10 Assembly", 0.4, 1.25],
  ["WC-25 Grinding", "WC-20 Machining", 0.5, 1.15],
  ["WC-35 Heat treatment", "WC-30 Welding", 0.6, 1.3],
  ["WC-45 Curing", "WC-40 Painting", 0.5, 1.4],
  ["WC-55 Calibration", "WC-50 Testing", 0.3, 1.2],
  ["WC-65 Palletising", "WC-60 Packaging", 0.5, 1.5],
  ["WC-75 Impregnation", "WC-70 Winding", 0.35, 1.2],
  ["WC-85 SMT line", "WC-80 Electronics", 0.45, 1.1],
  ["WC-95 Extrusion", "WC-90 Moulding", 0.6, 1.3],
  ["MAT-Bearings", "MAT-Castings", 2, 1.2],
];

const text = (v: CellValue | undefined): string => (typeof v === "string" ? v : "");

/** Months between two `YYYY-MM` keys. */
function monthsBetween(from: string, to: string): number {
  return parseYearMonth(to) - parseYearMonth(from);
}

function withExtraResources(capacity: SheetModel, routing: SheetModel): { capacity: SheetModel; routing: SheetModel; resources: number } {
  const capRows = [...capacity.rows];
  const byName = new Map<string, RowSpec>();
  for (const r of capacity.rows) if (r && typeof r.values[0] === "string") byName.set(r.values[0], r);
  for (const [name, from, share, headroom] of EXTRA_RESOURCES) {
    const src = byName.get(from);
    if (!src) continue;
    const values = src.values.map((v, c) => (c === 0 ? name : c >= 3 && typeof v === "number" ? Math.round((v * share * headroom) / 10) * 10 : v));
    capRows.push({ values });
  }
  const routeRows = [...routing.rows];
  const extra: RowSpec[] = [];
  for (const r of routing.rows.slice(1)) {
    if (!r) continue;
    const [family, item, resource, perUnit, lead] = r.values;
    for (const [name, from, share] of EXTRA_RESOURCES) {
      if (text(resource) !== from || typeof perUnit !== "number") continue;
      extra.push({ values: [family ?? null, item ?? null, name, Math.round(perUnit * share * 1000) / 1000, lead ?? null] });
    }
  }
  routeRows.push(...extra);
  const resources = capRows.filter((r) => r && typeof r.values[0] === "string" && /^(WC|MAT)-/.test(r.values[0])).length;
  return { capacity: { ...capacity, rows: capRows }, routing: { ...routing, rows: routeRows }, resources };
}

function withLags(snapshots: SheetModel, lags: ReadonlySet<number>): SheetModel {
  const rows = snapshots.rows.filter((r, i) => i === 0 || (r !== null && lags.has(monthsBetween(text(r.values[0]), text(r.values[3])))));
  return { ...snapshots, rows, description: `snapshots — long: Cycle | Version | Item | Period | Quantity, lags ${[...lags].join(", ")}` };
}

function withFifthScenario(scenarios: SheetModel, cycle: number): SheetModel {
  const rows = [...scenarios.rows];
  const from = isoMonth(cycle + 3);
  const to = isoMonth(cycle + 8);
  rows.push({ values: ["Market dip", "demand %", "All", from, to, "=-max(growth, 5)", "Economists expect a slowdown"] });
  return { ...scenarios, rows };
}

/** Generates the workbook and writes it to `options.out`. */
export async function writeCycleWorkbook(options: CycleWorkbookOptions): Promise<CycleWorkbookSummary> {
  const lags = new Set(options.snapshotLags ?? [1]);
  const maxLag = Math.max(0, ...lags);
  const { data, sheets } = buildSample({ items: options.items, months: options.months ?? 48, seed: options.seed ?? 42, snapshotCycles: options.snapshotCycles ?? 12, snapshotMaxLag: maxLag });
  const byName = new Map(sheets.map((s) => [s.name, s]));
  const { capacity, routing, resources } = withExtraResources(byName.get("Capacity")!, byName.get("Routing")!);
  const models = sheets.map((s) => {
    if (s.name === "Capacity") return capacity;
    if (s.name === "Routing") return routing;
    if (s.name === "Forecast Snapshots") return withLags(s, lags);
    if (s.name === "Scenarios") return withFifthScenario(s, data.cycle);
    return s;
  });
  await mkdir(dirname(options.out), { recursive: true });
  await writeWorkbook(models, {
    path: options.out,
    timestamp: new Date(dayDate(data.cycle, 2).getTime() + 8 * 3600 * 1000),
    streaming: true,
    definedNames: [
      { name: "growth", ref: "Scenarios!$J$2" },
      { name: "inflation", ref: "Scenarios!$J$3" },
    ],
  });
  const summary = models.map((s) => ({ name: s.name, rows: s.rows.length, cols: s.rows.reduce((n, r) => Math.max(n, r ? r.values.length : 0), 0) }));
  const cells = models.reduce((n, s) => n + s.rows.reduce((m, r) => m + (r ? r.values.filter((v) => v !== null && v !== undefined).length : 0), 0), 0);
  const scenarioNames = new Set(models.find((s) => s.name === "Scenarios")!.rows.slice(1).map((r) => text(r?.values[0])).filter((x) => x !== ""));
  return { path: options.out, sheets: summary, cells, resources, snapshotRows: models.find((s) => s.name === "Forecast Snapshots")!.rows.length - 1, scenarios: scenarioNames.size };
}
