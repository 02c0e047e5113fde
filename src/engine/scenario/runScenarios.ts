/**
 * Running scenarios (DESIGN.md §2 step 4, §6): the baseline and every scenario re-run through the
 * supply plan (finance figures included), compared side by side, with deltas to the baseline and
 * a recommended scenario (recommend.ts).
 *
 * Per scenario: its levers are applied to the baseline (applyLevers.ts); with the `optimal`
 * strategy (the default) the constrained plan is solved (`planSupply`, the scenario's overtime and
 * outsourcing options included), with `level` or `chase` the strategy's plan is made instead
 * (productionStrategy.ts, no LP). A scenario with an error in one of its rows is skipped (its
 * figures would not be what was asked); one whose LP does not solve is `failed`. Neither is a
 * candidate for the recommendation. The baseline's level, chase and optimal plans are returned
 * side by side (the optimal one is the baseline's LP plan: no extra solve).
 *
 * Never throws. Pure (the solver is injected); no I/O.
 */
import { planSupply } from "../supply/supplyPlan";
import type { LpSolver, SupplyProblem } from "../supply/types";
import { applyScenario } from "./applyLevers";
import { metricDeltas, metricsFromPlan, pickMetrics } from "./metrics";
import { compareStrategies, productionStrategy } from "./productionStrategy";
import { DEFAULT_FILL_RATE_TARGET, recommendScenario } from "./recommend";
import {
  BASELINE_NAME,
  type DriverValues,
  type LeverContext,
  type ScenarioBaseline,
  type ScenarioComparison,
  type ScenarioDefinition,
  type ScenarioResult,
  type ScenarioSettings,
} from "./types";

/**
 * The names scopes are checked against: the baseline's families and items (from the demand), and
 * its resources (capacity rows, then routing resources without capacity); with the drivers and
 * plan periods.
 */
export function leverContextOf(baseline: ScenarioBaseline, drivers?: DriverValues): LeverContext {
  const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];
  const resources = uniq([...(baseline.capacity?.table.keys ?? []), ...baseline.resources.map((r) => r.resource)]);
  return {
    families: uniq(baseline.items.map((i) => i.family)),
    items: uniq(baseline.items.map((i) => i.item)),
    resources,
    periods: baseline.periods,
    ...(drivers !== undefined ? { drivers } : {}),
  };
}

/**
 * Runs the baseline and each scenario (in the order given) and compares them. `solver` solves
 * the LPs (HiGHS in the add-in and the CLI); `settings.supply` are the supply plan's settings,
 * `settings.fillRateTarget` the recommendation's target (default 0.95). Never throws.
 */
export function runScenarios(baseline: ScenarioBaseline, scenarios: readonly ScenarioDefinition[], solver: LpSolver, settings: ScenarioSettings = {}): ScenarioComparison {
  const supply = settings.supply;
  const target = settings.fillRateTarget !== undefined && Number.isFinite(settings.fillRateTarget) ? Math.min(1, Math.max(0, settings.fillRateTarget)) : DEFAULT_FILL_RATE_TARGET;
  const level = supply?.level === "item" ? "item" : "family";
  const count = scenarios.length + 1;
  const progress = (name: string, index: number): void => {
    try {
      settings.onProgress?.(name, index, count);
    } catch {
      // progress reporting must never stop a run
    }
  };

  progress(BASELINE_NAME, 0);
  // The baseline's supply problem, built once for its plan and its level and chase strategies.
  let baseProblem: SupplyProblem | undefined;
  const basePlan = settings.baselinePlan ?? planSupply(baseline, solver, supply, (p) => (baseProblem = p));
  if (settings.baselinePlan === undefined && settings.onBaseline !== undefined) {
    try {
      settings.onBaseline(basePlan);
    } catch {
      // the caller's hook must never stop the scenarios
    }
  }
  const baseOk = basePlan.status === "Optimal";
  const baseFigures = baseOk ? metricsFromPlan(basePlan) : null;
  const baseResult: ScenarioResult = {
    name: BASELINE_NAME,
    isBaseline: true,
    status: baseOk ? "ok" : "failed",
    reason: baseOk ? "" : basePlan.explanation,
    strategy: "optimal",
    metrics: baseFigures?.metrics ?? null,
    deltas: baseFigures !== null ? metricDeltas(baseFigures.metrics, baseFigures.metrics) : null,
    peak: baseFigures?.peak ?? null,
    plan: basePlan,
    lpStatus: basePlan.status,
    strategyPlan: null,
    applied: [],
    issues: [],
  };
  const strategies = compareStrategies(baseline, supply, basePlan, undefined, baseProblem);

  const results = scenarios.map((def, k): ScenarioResult => {
    progress(def.name, k + 1);
    const skipped = (reason: string): ScenarioResult => ({
      name: def.name,
      isBaseline: false,
      status: "skipped",
      reason,
      strategy: "optimal",
      metrics: null,
      deltas: null,
      peak: null,
      plan: null,
      lpStatus: null,
      strategyPlan: null,
      applied: [],
      issues: def.issues,
    });
    if (!def.valid) {
      const errors = def.issues.filter((i) => i.severity === "error");
      return skipped(`Not run: ${errors.map((i) => `${i.row !== null ? `row ${i.row + 1}: ` : ""}${i.message}`).join(" ")}`);
    }
    if (def.name.trim().toLowerCase() === BASELINE_NAME.toLowerCase()) return skipped(`Not run: "${BASELINE_NAME}" is the name of the plan without levers; rename the scenario.`);
    try {
      const adjusted = applyScenario(baseline, def.levers, { level });
      const issues = [...def.issues, ...adjusted.issues];
      const common = { name: def.name, isBaseline: false, strategy: adjusted.strategy, applied: adjusted.applied, issues };
      if (adjusted.strategy !== "optimal") {
        const sp = productionStrategy(adjusted.input, adjusted.strategy, { settings: supply });
        if (sp.note !== "") return { ...common, status: "failed", reason: sp.note, metrics: null, deltas: null, peak: null, plan: null, lpStatus: null, strategyPlan: sp };
        const metrics = pickMetrics({ ...sp.totals, leverCost: adjusted.fixedCost, margin: sp.totals.margin - adjusted.fixedCost, marginPct: sp.totals.revenue !== 0 ? (sp.totals.margin - adjusted.fixedCost) / sp.totals.revenue : 0 });
        return {
          ...common,
          status: "ok",
          reason: "",
          metrics,
          deltas: baseFigures !== null ? metricDeltas(metrics, baseFigures.metrics) : null,
          peak: sp.peak,
          plan: null,
          lpStatus: null,
          strategyPlan: sp,
        };
      }
      const plan = planSupply(adjusted.input, solver, supply);
      if (plan.status !== "Optimal") return { ...common, status: "failed", reason: plan.explanation, metrics: null, deltas: null, peak: null, plan, lpStatus: plan.status, strategyPlan: null };
      const fig = metricsFromPlan(plan, adjusted.fixedCost);
      return {
        ...common,
        status: "ok",
        reason: "",
        metrics: fig.metrics,
        deltas: baseFigures !== null ? metricDeltas(fig.metrics, baseFigures.metrics) : null,
        peak: fig.peak,
        plan,
        lpStatus: plan.status,
        strategyPlan: null,
      };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ...skipped(`The scenario could not be run: ${message}.`), status: "failed" };
    }
  });

  const recommendation = recommendScenario(
    [baseResult, ...results].map((r) => ({ name: r.name, metrics: r.status === "ok" ? r.metrics : null })),
    target,
  );
  return { baseline: baseResult, scenarios: results, recommendation, strategies, fillRateTarget: target };
}
