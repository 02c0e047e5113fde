/**
 * The Scenarios step's numbers and sentences (DESIGN.md §6, §2 step 4): which figures the
 * comparison table shows and how each is written (values and deltas against the baseline, and
 * whether a delta is better or worse), the bars of the comparison chart and its description for a
 * screen reader, the recommendation, the production strategies, the scenarios that did not run,
 * and what to do when none ran.
 *
 * Pure: plain data in, strings out. No React, no Office.js, no worker.
 */
import type { ScenarioFigures, ScenarioSummary, ScenarioView } from "../workbook/scenarioSummary";
import { capitalise, fixed, percent, plural, shortAmount, signedFixed, signedShortAmount, wholeAmount } from "./paneFormat";

/** How a figure is written: an amount of money, a share (percent), units, a count. */
export type FigureKind = "amount" | "share" | "units" | "count";

/** A figure of the comparison: where it comes from, how it is written, and which way is better. */
export interface MetricDef {
  readonly key: string;
  readonly label: string;
  readonly kind: FigureKind;
  readonly better: "higher" | "lower";
  /** The figure of a scenario (or the baseline, or a strategy). */
  readonly value: (f: ScenarioFigures) => number;
}

const field =
  (k: keyof ScenarioFigures) =>
  (f: ScenarioFigures): number =>
    f[k];

/** The figures of the comparison table, in order (DESIGN.md §6). */
export const SCENARIO_METRICS: readonly MetricDef[] = [
  { key: "revenue", label: "Revenue", kind: "amount", better: "higher", value: field("revenue") },
  { key: "margin", label: "Margin", kind: "amount", better: "higher", value: field("margin") },
  { key: "marginPct", label: "Margin %", kind: "share", better: "higher", value: field("marginPct") },
  { key: "fillRate", label: "Fill rate", kind: "share", better: "higher", value: field("fillRate") },
  { key: "unmetUnits", label: "Unmet demand", kind: "units", better: "lower", value: field("unmetUnits") },
  { key: "peakUtilisation", label: "Peak utilisation", kind: "share", better: "lower", value: field("peakUtilisation") },
  { key: "extraCost", label: "Overtime + outsourcing", kind: "amount", better: "lower", value: (f) => f.overtimeCost + f.outsourcingCost },
  { key: "shortages", label: "Shortages", kind: "count", better: "lower", value: field("shortages") },
];

/** The figures of the production strategies, side by side. */
export const STRATEGY_METRICS: readonly MetricDef[] = [
  { key: "revenue", label: "Revenue", kind: "amount", better: "higher", value: field("revenue") },
  { key: "margin", label: "Margin", kind: "amount", better: "higher", value: field("margin") },
  { key: "fillRate", label: "Fill rate", kind: "share", better: "higher", value: field("fillRate") },
  { key: "unmetUnits", label: "Unmet demand", kind: "units", better: "lower", value: field("unmetUnits") },
  { key: "endingInventoryValue", label: "Ending inventory", kind: "amount", better: "lower", value: field("endingInventoryValue") },
  { key: "peakUtilisation", label: "Peak utilisation", kind: "share", better: "lower", value: field("peakUtilisation") },
  { key: "overtimeHours", label: "Overtime hours", kind: "units", better: "lower", value: field("overtimeHours") },
];

/** A figure as written: 256,933,802 → "257 M", 0.3676 → "36.8 %", 1234.4 → "1,234". */
export function formatValue(kind: FigureKind, v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  switch (kind) {
    case "amount":
      return shortAmount(v);
    case "share":
      return percent(v);
    case "units":
    case "count":
      return wholeAmount(v);
  }
}

/** A delta as written, signed: amounts in short, shares in points ("+0.4 pts"), units and counts whole. */
export function formatDelta(kind: FigureKind, d: number): string {
  if (!Number.isFinite(d)) return "n/a";
  switch (kind) {
    case "amount":
      return signedShortAmount(Math.abs(d) < 0.5 ? 0 : d);
    case "share":
      return `${signedFixed(d * 100, 1)} pts`;
    case "units":
    case "count": {
      const r = Math.round(d);
      return r > 0 ? `+${wholeAmount(r)}` : wholeAmount(r);
    }
  }
}

/** Whether a delta makes things better or worse (nothing changes when it is written as zero). */
export function deltaTone(def: Pick<MetricDef, "kind" | "better">, d: number): "better" | "worse" | "same" {
  if (!Number.isFinite(d)) return "same";
  const shown = def.kind === "share" ? Number(fixed(Math.abs(d) * 100, 1)) : def.kind === "amount" ? Math.abs(d) >= 0.5 ? 1 : 0 : Math.abs(Math.round(d));
  if (shown === 0) return "same";
  return (d > 0) === (def.better === "higher") ? "better" : "worse";
}

/** The columns of the comparison table: the baseline, then every scenario that ran (with figures). */
export function comparedScenarios(summary: ScenarioSummary): ScenarioView[] {
  return [summary.baseline, ...summary.scenarios.filter((s) => s.status === "ok" && s.metrics !== null)];
}

/** Scenarios that did not run (an error in their rows, or the plan could not be solved), with the reason. */
export function notRun(summary: ScenarioSummary): ScenarioView[] {
  return summary.scenarios.filter((s) => s.status !== "ok" || s.metrics === null);
}

/** One scenario's bars: its margin and revenue against the baseline. */
export interface ScenarioBar {
  readonly name: string;
  readonly margin: number;
  readonly revenue: number;
  readonly recommended: boolean;
}

/** The bars of the comparison chart: every scenario that ran (not the baseline), in the order of the sheet. */
export function scenarioBars(summary: ScenarioSummary): ScenarioBar[] {
  return summary.scenarios
    .filter((s) => s.status === "ok" && s.deltas !== null)
    .map((s) => ({
      name: s.name,
      margin: Number.isFinite(s.deltas!.margin) ? s.deltas!.margin : 0,
      revenue: Number.isFinite(s.deltas!.revenue) ? s.deltas!.revenue : 0,
      recommended: summary.recommendation.scenario === s.name,
    }));
}

/** Smallest and largest delta of the bars, 0 included (the bars start at 0). */
export function deltaExtent(bars: readonly ScenarioBar[]): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const b of bars) {
    min = Math.min(min, b.margin, b.revenue);
    max = Math.max(max, b.margin, b.revenue);
  }
  return { min, max };
}

/** What the comparison chart shows, for a screen reader. */
export function describeScenarioChart(bars: readonly ScenarioBar[]): string {
  if (bars.length === 0) return "Margin and revenue against the baseline: no scenario ran.";
  const each = bars.map((b) => `${b.name}${b.recommended ? " (recommended)" : ""}, margin ${formatDelta("amount", b.margin)}, revenue ${formatDelta("amount", b.revenue)}`);
  return `Margin and revenue against the baseline, by scenario: ${each.join("; ")}.`;
}

/** The opening sentence: how many scenarios ran against which baseline. */
export function scenariosHeadline(summary: ScenarioSummary): string {
  const ran = summary.scenarios.filter((s) => s.status === "ok").length;
  const others = summary.scenarios.length - ran;
  const base = summary.baseline.metrics;
  const baseline = base ? ` (revenue ${shortAmount(base.revenue)}, margin ${shortAmount(base.margin)}, fill rate ${percent(base.fillRate)})` : "";
  const count = `${plural(summary.scenarios.length, "scenario")} compared with the baseline${baseline}`;
  if (summary.scenarios.length === 0) return `No scenario besides the baseline${baseline}.`;
  if (others === 0) return `${count}: every one ran.`;
  return `${count}: ${ran} ran, ${others} did not.`;
}

/** The recommendation in a heading: the scenario's name, or why none is recommended. */
export function recommendationTitle(summary: ScenarioSummary): string {
  const name = summary.recommendation.scenario;
  if (name === null) return "No scenario is recommended";
  return name === summary.baseline.name ? "Keep the baseline" : name;
}

/** A scenario that did not run, in a sentence: "Skipped: …" / "Failed: …". */
export function notRunText(s: ScenarioView): string {
  const why = s.reason.trim() === "" ? "no reason was given" : s.reason.trim();
  return `${s.status === "failed" ? "Failed" : s.status === "skipped" ? "Skipped" : "No figures"}: ${why}`;
}

/** A production strategy's name as a column heading: "Level", "Chase", "Optimal (LP)". */
export function strategyName(strategy: string): string {
  return strategy === "optimal" ? "Optimal (LP)" : capitalise(strategy);
}

/** The strategy with the highest margin among those reaching the fill-rate target (null when none does). */
export function bestStrategy(summary: Pick<ScenarioSummary, "strategies" | "fillRateTarget">): string | null {
  let best: { strategy: string; margin: number } | null = null;
  for (const s of summary.strategies) {
    if (!(s.metrics.fillRate >= summary.fillRateTarget - 1e-9)) continue;
    if (best === null || s.metrics.margin > best.margin) best = { strategy: s.strategy, margin: s.metrics.margin };
  }
  return best?.strategy ?? null;
}

/**
 * Why the Scenarios step is empty, and what to do: no `scenarios` range is mapped, or scenarios
 * are mapped but could not run (`state`: the cycle-health state of the Scenarios step, when known).
 */
export function emptyScenariosText(mapped: boolean, state: string | null): string {
  if (!mapped) {
    return "No scenarios ran in this cycle: no scenarios range is mapped. To compare scenarios, add a table with the columns Scenario, Lever, Scope, From, To and Value (one row per lever, for instance “Summer promotion | demand % | Pumps | 2027-05 | 2027-08 | 15”), map it to the Scenarios role in step 1 · Data, and run again.";
  }
  const why = state !== null && /^not run:/i.test(state) ? ` (${state.replace(/^not run:\s*/i, "")})` : "";
  return `No scenarios ran in this cycle${why}. Scenarios re-run the constrained supply plan: they need capacity, a bill of resources and the LP solver. Check the findings of step 1 · Data, then run again.`;
}
