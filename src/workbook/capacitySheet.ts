/**
 * Renders the `SOP Capacity` sheet (DESIGN.md §2 step 3, §4): rough-cut load against capacity
 * per resource and period — capacity, available (capacity × efficiency), load, gap,
 * utilisation, probability of overload and status — then the shortage list (largest first,
 * with the families and items that load each shortage most), the periods at risk, a summary
 * per resource and the items without a routing.
 *
 * Gap and utilisation are written as Excel formulas over the available and load cells of the
 * same sheet (with the engine's value cached), so a planner can trace them.
 * Pure: the engine's `RoughCutResult` in, a `SheetSpec` and a row index out.
 */
import type { RoughCutResult } from "../engine/capacity/types";
import { columnLetters } from "./grid";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec, TableSpec } from "./sheetSpec";
import { pushHeader, pushSection } from "./sheetBlocks";

export const CAPACITY_SHEET = "SOP Capacity";

const PCT = "0.0%";

export interface CapacitySheetContext {
  readonly workbook: string;
  readonly cycle: string;
  readonly runAt: string;
  readonly result: RoughCutResult;
}

/** Zero-based sheet rows for links: the first line of each resource, and each shortage's row. */
export interface CapacitySheetIndex {
  readonly resourceRow: ReadonlyMap<string, number>;
  /** `<resource>|<period>` → row of the shortage list. */
  readonly shortageRow: ReadonlyMap<string, number>;
}

const n = (v: number | null | undefined): OutCell => (v === null || v === undefined || !Number.isFinite(v) ? null : v);
const unitLabel = (u: string | null): string => (u === "units" ? "units" : u === "hours" ? "hours" : "(no capacity)");

/** Build the sheet. */
export function renderCapacitySheet(ctx: CapacitySheetContext): { readonly sheet: SheetSpec; readonly index: CapacitySheetIndex } {
  const r = ctx.result;
  const periods = r.periods;
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const tables: TableSpec[] = [];
  const conditionals: ConditionalSpec[] = [];
  const resourceRow = new Map<string, number>();
  const shortageRow = new Map<string, number>();

  rows.push(["S&OP Capacity: rough-cut load against capacity"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  const head: [string, OutCell][] = [
    ["Workbook", ctx.workbook],
    ["Cycle", ctx.cycle],
    ["Plan", `consensus forecast, ${periods.length} months (${periods[0] ?? ""} … ${periods[periods.length - 1] ?? ""})`],
    ["Result", `${r.shortages.length} resource-month(s) over capacity, ${r.atRisk.length} at risk (probability of overload ≥ ${Math.round(r.riskThreshold * 100)} %), ${r.unrouted.length} item(s) without a routing`],
    ["Definitions", "load = Σ demand of the month the work serves (month + lead offset) × hours (or units) per unit; available = capacity × efficiency; gap = available − load; utilisation = load / available; probability of overload = P(load > available) with the forecast's 80 % intervals read as normal errors, items independent"],
    ["Run at", ctx.runAt],
  ];
  for (const [k, v] of head) rows.push([k, v]);
  styles.push({ row: 1, col: 0, rows: head.length, cols: 1, bold: true });
  for (const note of r.notes) rows.push(["Note", note]);

  const section = (title: string, subtitle: string): void => pushSection(rows, styles, title, subtitle);
  const header = (cells: readonly string[]): number => pushHeader(rows, styles, cells);

  // 1. Resource × period.
  section("Load against capacity", "per resource and month; gap and utilisation are formulas over the rows above them");
  const FIXED = 3;
  header(["Resource", "Unit", "Line", ...periods]);
  const firstPeriodCol = FIXED;
  for (const res of r.resources) {
    const top = rows.length;
    resourceRow.set(res.resource, top);
    const unit = unitLabel(res.unit);
    const availRow = top + 1;
    const loadRow = top + 2;
    rows.push([res.resource, unit, "Capacity", ...res.capacity.map(n)]);
    rows.push([res.resource, unit, `Available (× ${res.efficiency === null ? "—" : `${Math.round(res.efficiency * 1000) / 10} %`})`, ...res.available.map(n)]);
    rows.push([res.resource, unit, "Load", ...Array.from(res.load, (v) => n(v))]);
    rows.push([
      res.resource,
      unit,
      "Gap",
      ...periods.map((_, j): OutCell => {
        const c = columnLetters(firstPeriodCol + j);
        const v = res.gap[j];
        return v === null || v === undefined ? null : { formula: `${c}${availRow + 1}-${c}${loadRow + 1}`, value: v };
      }),
    ]);
    rows.push([
      res.resource,
      unit,
      "Utilisation",
      ...periods.map((_, j): OutCell => {
        const c = columnLetters(firstPeriodCol + j);
        const v = res.utilisation[j];
        return v === null || v === undefined ? null : { formula: `IF(${c}${availRow + 1}>0,${c}${loadRow + 1}/${c}${availRow + 1},"")`, value: v };
      }),
    ]);
    rows.push([res.resource, unit, "P(overload)", ...res.overloadProbability.map(n)]);
    rows.push([res.resource, unit, "Status", ...res.status.map((s) => s)]);
    const w = periods.length;
    if (w > 0) {
      styles.push({ row: top, col: FIXED, rows: 4, cols: w, numberFormat: "#,##0" });
      styles.push({ row: top + 4, col: FIXED, rows: 2, cols: w, numberFormat: PCT });
      conditionals.push({ row: top + 3, col: FIXED, rows: 1, cols: w, operator: "lessThan", value: 0, fill: "#FFC7CE", fontColor: "#9C0006" });
      conditionals.push({ row: top + 4, col: FIXED, rows: 1, cols: w, operator: "greaterThan", value: 1, fill: "#FFC7CE", fontColor: "#9C0006" });
      conditionals.push({ row: top + 5, col: FIXED, rows: 1, cols: w, operator: "greaterThan", value: r.riskThreshold, fill: "#FFEB9C", fontColor: "#9C5700" });
      conditionals.push({ row: top + 6, col: FIXED, rows: 1, cols: w, operator: "equal", value: "short", fill: "#FFC7CE", fontColor: "#9C0006" });
      conditionals.push({ row: top + 6, col: FIXED, rows: 1, cols: w, operator: "equal", value: "at risk", fill: "#FFEB9C", fontColor: "#9C5700" });
    }
    styles.push({ row: top + 2, col: 0, rows: 1, cols: FIXED + w, bold: true });
  }
  if (r.resources.length === 0) rows.push(["(no resource: map the capacity and resources roles to see load against capacity)"]);

  // 2. Shortages.
  section("Shortage list", "every resource-month over capacity, largest first, with what loads it most");
  const shortTop = header(["Rank", "Resource", "Unit", "Month", "Load", "Available", "Gap", "Utilisation %", "P(overload) %", "First short month", "Top families", "Top items"]);
  const pctShare = (s: number): string => `${Math.round(s * 100)} %`;
  r.shortages.forEach((s, i) => {
    shortageRow.set(`${s.resource}|${s.period}`, rows.length);
    rows.push([
      i + 1,
      s.resource,
      unitLabel(s.unit),
      s.period,
      s.load,
      s.available,
      s.gap,
      n(s.utilisation),
      s.overloadProbability,
      s.firstShortPeriod,
      s.topFamilies.map((f) => `${f.key} ${pctShare(f.share)}`).join(", "),
      s.topItems.map((f) => `${f.key} ${pctShare(f.share)}`).join(", "),
    ]);
  });
  if (r.shortages.length > 0) {
    const b = shortTop + 1;
    const k = r.shortages.length;
    styles.push({ row: b, col: 4, rows: k, cols: 3, numberFormat: "#,##0" }, { row: b, col: 7, rows: k, cols: 2, numberFormat: PCT });
    tables.push({ name: "tblSopShortages", row: shortTop, col: 0, rows: k + 1, cols: 12 });
  } else rows.push(["(none: no resource is over capacity in any month)"]);

  // 3. At risk.
  section("At risk", `not over capacity on the plan, but with a probability of overload of ${Math.round(r.riskThreshold * 100)} % or more`);
  const riskTop = header(["Resource", "Unit", "Month", "Load", "Load std. dev.", "Available", "Gap", "Utilisation %", "P(overload) %"]);
  for (const a of r.atRisk) rows.push([a.resource, unitLabel(a.unit), a.period, a.load, a.loadSd, a.available, a.gap, n(a.utilisation), a.overloadProbability]);
  if (r.atRisk.length > 0) {
    styles.push({ row: riskTop + 1, col: 3, rows: r.atRisk.length, cols: 4, numberFormat: "#,##0" }, { row: riskTop + 1, col: 7, rows: r.atRisk.length, cols: 2, numberFormat: PCT });
    tables.push({ name: "tblSopAtRisk", row: riskTop, col: 0, rows: r.atRisk.length + 1, cols: 9 });
  } else rows.push(["(none)"]);

  // 4. Summary per resource.
  section("Summary by resource", "over the plan; average utilisation = Σ load / Σ available");
  const sumTop = header(["Resource", "Unit", "Efficiency", "Average utilisation %", "Peak utilisation %", "Peak month", "Months short", "Months at risk", "First short month", "Shortfall", "Load before the plan"]);
  for (const res of r.resources) {
    const s = res.summary;
    rows.push([res.resource, unitLabel(res.unit), n(res.efficiency), n(s.averageUtilisation), n(s.peakUtilisation), s.peakPeriod ?? "", s.shortPeriods, s.atRiskPeriods, s.firstShortPeriod ?? "", s.shortfall, res.loadBeforePlan]);
  }
  if (r.resources.length > 0) {
    const k = r.resources.length;
    styles.push({ row: sumTop + 1, col: 2, rows: k, cols: 3, numberFormat: PCT }, { row: sumTop + 1, col: 9, rows: k, cols: 2, numberFormat: "#,##0" });
    conditionals.push({ row: sumTop + 1, col: 4, rows: k, cols: 1, operator: "greaterThan", value: 1, fill: "#FFC7CE", fontColor: "#9C0006" });
    tables.push({ name: "tblSopResources", row: sumTop, col: 0, rows: k + 1, cols: 11 });
  }

  // 5. Items without a routing.
  if (r.unrouted.length > 0) {
    section("Items without a routing", "they load no resource: add an item or family line to the bill of resources");
    const uTop = header(["Item", "Family", "Demand over the plan"]);
    for (const u of r.unrouted) rows.push([u.item, u.family, u.totalDemand]);
    styles.push({ row: uTop + 1, col: 2, rows: r.unrouted.length, cols: 1, numberFormat: "#,##0" });
  }

  return {
    sheet: {
      name: CAPACITY_SHEET,
      rows,
      styles,
      tables,
      conditionals,
      columnWidths: [18, 9, 16, ...periods.map(() => 10)],
      freeze: { rows: 0, cols: FIXED },
      tabColor: "#C55A11",
    },
    index: { resourceRow, shortageRow },
  };
}
