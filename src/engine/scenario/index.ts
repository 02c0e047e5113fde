/**
 * The scenario engine (DESIGN.md §6, §2 step 4): parse the planner's scenario rows into levers,
 * apply them to the baseline, re-run supply and finance per scenario, compare side by side with a
 * recommended scenario, and compare production strategies (level, chase, optimal).
 * Pure; no I/O. See types.ts for the definitions.
 */
export * from "./types";
export { evaluateFormula, ALLOWED_FUNCTIONS } from "./formula";
export { parseLevers, leverKindOf, parseLeverPeriod, parseNotesCost, scopeKey } from "./levers";
export { applyScenario, type ApplyOptions } from "./applyLevers";
export { productionStrategy, compareStrategies, strategyFromPlan, STRATEGY_RULES, type StrategyOptions } from "./productionStrategy";
export { METRIC_NAMES, loadFigures, metricsFromPlan, metricDeltas } from "./metrics";
export { recommendScenario, recommendationRule, DEFAULT_FILL_RATE_TARGET, type Candidate } from "./recommend";
export { runScenarios, leverContextOf } from "./runScenarios";
