/**
 * The scenario part of the pre-S&OP step (DESIGN.md §2 step 4, §6): the `scenarios` role's
 * levers (formula values evaluated over the workbook's named drivers in a restricted scope),
 * each scenario re-running the supply plan, the production strategies level / chase / optimal,
 * and `SOP Scenarios`: baseline and every scenario side by side with the deltas and the
 * recommended scenario by its stated rule. Rejected levers and formulas are findings with the
 * cell address of the field at fault.
 *
 * Pure: engine inputs in (the LP solver injected), a sheet and findings out.
 */
import type { Consensus } from "../engine/demand/types";
import type { PlanningInputs } from "../engine/inputs";
import { parseLevers } from "../engine/scenario/levers";
import { leverContextOf, runScenarios } from "../engine/scenario/runScenarios";
import type { MetricName, ScenarioComparison, ScenarioResult } from "../engine/scenario/types";
import type { LpSolver, SupplyPlan, SupplySettings } from "../engine/supply/types";
import type { Finding } from "./findings";
import type { ScenarioAddresses } from "./parseRecords";
import type { Driver } from "./runCycle";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec, TableSpec } from "./sheetSpec";

export const SCENARIOS_SHEET = "SOP Scenarios";

export interface ScenarioStepResult {
  readonly sheet: SheetSpec | null;
  readonly findings: readonly Finding[];
  readonly comparison: ScenarioComparison | null;
}

const METRICS: readonly { readonly key: MetricName; readonly label: string; readonly format: string }[] = [
  { key: "revenue", label: "Revenue", format: "#,##0" },
  { key: "margin", label: "Margin", format: "#,##0" },
  { key: "marginPct", label: "Margin %", format: "0.0%" },
  { key: "fillRate", label: "Fill rate", format: "0.0%" },
  { key: "unmetUnits", label: "Unmet demand (units)", format: "#,##0" },
  { key: "endingInventoryValue", label: "Ending inventory value", format: "#,##0" },
  { key: "averageUtilisation", label: "Average utilisation", format: "0.0%" },
  { key: "peakUtilisation", label: "Peak utilisation", format: "0.0%" },
  { key: "overtimeCost", label: "Overtime cost", format: "#,##0" },
  { key: "outsourcingCost", label: "Outsourcing cost", format: "#,##0" },
  { key: "leverCost", label: "Cost of the levers", format: "#,##0" },
  { key: "shortages", label: "Shortages (resource-months)", format: "0" },
];

/** What the scenario step reads of the inputs (all a scenario run needs: it can be sent to a worker thread). */
export type ScenarioInputs = Pick<PlanningInputs, "scenarios" | "capacity" | "resources" | "inventory" | "prices">;

/** What the scenario step reads of the consensus: its periods, and per item its family and quantities. */
export interface ScenarioDemand {
  readonly periods: Consensus["periods"];
  readonly items: readonly { readonly item: string; readonly family: string; readonly consensus: Float64Array }[];
}

/** The context of the scenario step, but the solver. */
export interface ScenarioContext {
  readonly cycle: string;
  readonly runAt: string;
  readonly workbook: string;
  readonly settings?: SupplySettings;
  readonly drivers: readonly Driver[];
  readonly addresses: readonly ScenarioAddresses[];
  /** The supply review's constrained plan of the same consensus, solver and settings: the baseline's, not solved again. */
  readonly baselinePlan?: SupplyPlan | null;
}

/** Run the workbook's scenarios; no sheet when the role is not mapped or there is no solver. */
export function scenarioStep(inputs: ScenarioInputs, consensus: ScenarioDemand, ctx: ScenarioContext & { readonly solver: LpSolver | null; readonly onBaseline?: (plan: SupplyPlan) => void }): ScenarioStepResult {
  const findings: Finding[] = [];
  if (inputs.scenarios.length === 0) return { sheet: null, findings, comparison: null };
  if (ctx.solver === null || inputs.capacity === null) {
    findings.push({ severity: "info", code: "scenario-issue", role: "scenarios", address: "", message: ctx.solver === null ? "No LP solver was available: the scenarios were not run." : "No capacity is mapped: the scenarios, which re-run the supply plan, were not run." });
    return { sheet: null, findings, comparison: null };
  }
  const baseline = { periods: consensus.periods, items: consensus.items, capacity: inputs.capacity, resources: inputs.resources, inventory: inputs.inventory, prices: inputs.prices };
  const drivers = new Map<string, number>();
  for (const d of ctx.drivers) if (d.value !== null) drivers.set(d.name, d.value);
  const parsed = parseLevers(inputs.scenarios, leverContextOf(baseline, drivers));
  for (const issue of parsed.issues) {
    const at = issue.row !== null ? ctx.addresses[issue.row] : undefined;
    const address = at ? at[issue.field ?? "lever"] : "";
    findings.push({ severity: issue.severity === "error" ? "warning" : issue.severity, code: "scenario-issue", role: "scenarios", address, message: issue.message });
  }
  const comparison = runScenarios(baseline, parsed.scenarios, ctx.solver, {
    ...(ctx.settings ? { supply: ctx.settings } : {}),
    ...(ctx.baselinePlan ? { baselinePlan: ctx.baselinePlan } : {}),
    ...(ctx.onBaseline ? { onBaseline: ctx.onBaseline } : {}),
  });
  return { sheet: renderScenarios(comparison, ctx), findings, comparison };
}

const n = (v: number | null | undefined): OutCell => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

function renderScenarios(c: ScenarioComparison, ctx: { cycle: string; runAt: string; workbook: string }): SheetSpec {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const tables: TableSpec[] = [];
  const conditionals: ConditionalSpec[] = [];
  rows.push(["S&OP Scenarios: the baseline and every scenario side by side"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  const head: [string, OutCell][] = [
    ["Workbook", ctx.workbook],
    ["Cycle", ctx.cycle],
    ["Recommended", c.recommendation.scenario ?? "none"],
    ["Why", c.recommendation.reason],
    ["Rule", c.recommendation.rule],
    ["Run at", ctx.runAt],
  ];
  for (const [k, v] of head) rows.push([k, v]);
  styles.push({ row: 1, col: 0, rows: head.length, cols: 1, bold: true }, { row: 3, col: 1, rows: 1, cols: 1, bold: true, fontColor: "#1E7B34" });

  const all: ScenarioResult[] = [c.baseline, ...c.scenarios];
  rows.push([]);
  rows.push(["Comparison", "each scenario re-runs the constrained supply plan; Δ = scenario − baseline"]);
  styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, bold: true, fontSize: 12 }, { row: rows.length - 1, col: 1, rows: 1, cols: 1, italic: true });
  const top = rows.length;
  const header = ["Figure", ...all.flatMap((s) => (s.isBaseline ? [s.name] : [s.name, `Δ ${s.name}`]))];
  rows.push(header);
  styles.push({ row: top, col: 0, rows: 1, cols: header.length, bold: true, fill: "#1F4E3D", fontColor: "#FFFFFF", wrap: true });
  rows.push(["Status", ...all.flatMap((s) => (s.isBaseline ? [s.status === "ok" ? "ok" : s.reason] : [s.status === "ok" ? "ok" : s.reason, null]))]);
  for (const m of METRICS) {
    const r = rows.length;
    const cells: OutCell[] = [m.label];
    let col = 1;
    const baseCol = 1;
    for (const s of all) {
      cells.push(n(s.metrics?.[m.key]));
      if (!s.isBaseline) {
        const v = s.metrics?.[m.key];
        const b = c.baseline.metrics?.[m.key];
        const letter = (k: number): string => String.fromCharCode(65 + k);
        cells.push(v !== undefined && b !== undefined && col + 1 < 26 ? { formula: `${letter(col)}${r + 1}-${letter(baseCol)}${r + 1}`, value: v - b } : n(s.deltas?.[m.key] ?? null));
        col += 2;
      } else col += 1;
    }
    rows.push(cells);
    styles.push({ row: r, col: 1, rows: 1, cols: header.length - 1, numberFormat: m.format });
  }
  tables.push({ name: "tblSopScenarios", row: top, col: 0, rows: rows.length - top, cols: header.length });
  const marginRow = top + 3;
  conditionals.push({ row: marginRow, col: 1, rows: 1, cols: header.length - 1, operator: "lessThan", value: 0, fill: "#FFC7CE", fontColor: "#9C0006" });

  // Levers applied.
  rows.push([]);
  rows.push(["Levers", "what each scenario changes"]);
  styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, bold: true, fontSize: 12 });
  const lTop = rows.length;
  rows.push(["Scenario", "Lever", "Scope", "From", "To", "Value", "Formula", "Effect"]);
  styles.push({ row: lTop, col: 0, rows: 1, cols: 8, bold: true, fill: "#1F4E3D", fontColor: "#FFFFFF" });
  for (const s of c.scenarios) {
    for (const a of s.applied) rows.push([s.name, a.lever.kind, a.lever.scope.name ?? "All", a.lever.from ?? "", a.lever.to ?? "", n(a.lever.value), a.lever.formula ?? "", a.summary]);
  }

  // Production strategies.
  rows.push([]);
  rows.push(["Production strategies", "level (constant production), chase (production follows demand) and the optimal plan, on the baseline"]);
  styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, bold: true, fontSize: 12 }, { row: rows.length - 1, col: 1, rows: 1, cols: 1, italic: true });
  const sTop = rows.length;
  const strategies = [c.strategies.level, c.strategies.chase, ...(c.strategies.optimal ? [c.strategies.optimal] : [])];
  rows.push(["Figure", ...strategies.map((s) => s.strategy)]);
  styles.push({ row: sTop, col: 0, rows: 1, cols: strategies.length + 1, bold: true, fill: "#1F4E3D", fontColor: "#FFFFFF" });
  for (const m of METRICS) {
    rows.push([m.label, ...strategies.map((s) => n(s.totals[m.key]))]);
    styles.push({ row: rows.length - 1, col: 1, rows: 1, cols: strategies.length, numberFormat: m.format });
  }
  rows.push(["Rule", ...strategies.map((s) => s.rule)]);
  return {
    name: SCENARIOS_SHEET,
    rows,
    styles,
    tables,
    conditionals,
    columnWidths: [28, ...Array<number>(Math.max(header.length, 8)).fill(16)],
    freeze: { rows: 0, cols: 1 },
    tabColor: "#7030A0",
  };
}
