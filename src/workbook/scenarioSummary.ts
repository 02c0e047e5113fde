/**
 * The scenarios at a glance (DESIGN.md §6): baseline and every scenario with their figures and
 * deltas, the recommendation and the production strategies — what the task pane's Scenarios step
 * and the CLI show. Plain, structured-cloneable data (no typed arrays).
 *
 * Pure: a scenario comparison in, the summary out.
 */
import type { MetricName, ScenarioComparison, ScenarioMetrics } from "../engine/scenario/types";
import { SCENARIOS_SHEET } from "./scenarioStep";

/** Figures of one scenario (or the baseline, or a strategy). */
export type ScenarioFigures = { readonly [K in MetricName]: number };

export interface ScenarioView {
  readonly name: string;
  readonly isBaseline: boolean;
  readonly status: "ok" | "skipped" | "failed";
  readonly reason: string;
  readonly strategy: string;
  readonly metrics: ScenarioFigures | null;
  readonly deltas: ScenarioFigures | null;
  /** The levers applied, one sentence each. */
  readonly levers: readonly string[];
}

export interface ScenarioSummary {
  readonly sheet: string;
  readonly baseline: ScenarioView;
  readonly scenarios: readonly ScenarioView[];
  readonly recommendation: { readonly scenario: string | null; readonly rule: string; readonly reason: string };
  readonly strategies: readonly { readonly strategy: string; readonly rule: string; readonly metrics: ScenarioFigures }[];
  readonly fillRateTarget: number;
}

function figures(m: ScenarioMetrics): ScenarioFigures {
  return { ...m };
}

/** The summary of a comparison. */
export function summariseScenarios(c: ScenarioComparison): ScenarioSummary {
  const view = (r: ScenarioComparison["baseline"]): ScenarioView => ({
    name: r.name,
    isBaseline: r.isBaseline,
    status: r.status,
    reason: r.reason,
    strategy: r.strategy,
    metrics: r.metrics ? figures(r.metrics) : null,
    deltas: r.deltas ? { ...r.deltas } : null,
    levers: r.applied.map((a) => a.summary),
  });
  const strategies = [c.strategies.level, c.strategies.chase, ...(c.strategies.optimal ? [c.strategies.optimal] : [])];
  return {
    sheet: SCENARIOS_SHEET,
    baseline: view(c.baseline),
    scenarios: c.scenarios.map(view),
    recommendation: { scenario: c.recommendation.scenario, rule: c.recommendation.rule, reason: c.recommendation.reason },
    strategies: strategies.map((s) => {
      const { revenue, margin, marginPct, fillRate, unmetUnits, endingInventoryValue, averageUtilisation, peakUtilisation, overtimeHours, overtimeCost, outsourcedUnits, outsourcingCost, holdingCost, leverCost, shortages } = s.totals;
      return {
        strategy: s.strategy,
        rule: s.rule,
        metrics: { revenue, margin, marginPct, fillRate, unmetUnits, endingInventoryValue, averageUtilisation, peakUtilisation, overtimeHours, overtimeCost, outsourcedUnits, outsourcingCost, holdingCost, leverCost, shortages },
      };
    }),
    fillRateTarget: c.fillRateTarget,
  };
}
