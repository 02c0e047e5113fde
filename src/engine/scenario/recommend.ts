/**
 * The recommended scenario (DESIGN.md §2 step 4, decision proposals), by a stated rule:
 * the highest margin among the scenarios (the baseline included) whose fill rate reaches the
 * target (default 95 %); margins within 0.1 % of the best count as a tie, broken by the lower
 * ending inventory value; when none reaches the target, the highest fill rate (ties within 0.01
 * point: the higher margin). Scenarios without figures (skipped, failed) are not candidates.
 *
 * Pure; no I/O.
 */
import { BASELINE_NAME, type Recommendation, type ScenarioMetrics } from "./types";

/** Default fill-rate target of the recommendation. */
export const DEFAULT_FILL_RATE_TARGET = 0.95;

/** Margins within this share of the best margin tie. */
const MARGIN_TIE = 0.001;
/** Fill rates within this (fraction) tie. */
const FILL_TIE = 1e-4;

const pct = (x: number): string => `${(100 * x).toFixed(1).replace(/\.0$/, "")} %`;
const MONEY = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const money = (x: number): string => MONEY.format(x);

/** The rule as a sentence, for the output sheet. */
export function recommendationRule(target = DEFAULT_FILL_RATE_TARGET): string {
  return `Recommended: the highest margin among the scenarios (baseline included) with a fill rate of at least ${pct(target)}; margins within ${MARGIN_TIE * 100} % of the best count as a tie, broken by the lower ending inventory value; when no scenario reaches ${pct(target)}, the one with the highest fill rate (ties: the higher margin).`;
}

/** A candidate: a scenario's name and its figures (null when it has none). */
export interface Candidate {
  readonly name: string;
  readonly metrics: ScenarioMetrics | null;
}

/** Picks the recommended scenario by the rule above. */
export function recommendScenario(candidates: readonly Candidate[], fillRateTarget = DEFAULT_FILL_RATE_TARGET): Recommendation {
  const target = Number.isFinite(fillRateTarget) ? Math.min(1, Math.max(0, fillRateTarget)) : DEFAULT_FILL_RATE_TARGET;
  const rule = recommendationRule(target);
  const usable = candidates.filter((c): c is { name: string; metrics: ScenarioMetrics } => c.metrics !== null);
  if (usable.length === 0) return { scenario: null, rule, reason: "No scenario has figures to compare.", meetsTarget: false };
  const base = usable.find((c) => c.name === BASELINE_NAME)?.metrics ?? null;
  const vsBase = (m: ScenarioMetrics): string => (base === null ? "" : ` (${m.margin - base.margin >= 0 ? "+" : "−"}${money(Math.abs(m.margin - base.margin))} vs the baseline)`);
  const qualified = usable.filter((c) => c.metrics.fillRate >= target - 1e-12);
  if (qualified.length > 0) {
    const best = Math.max(...qualified.map((c) => c.metrics.margin));
    const tol = MARGIN_TIE * Math.max(1, Math.abs(best));
    const tied = qualified.filter((c) => c.metrics.margin >= best - tol);
    const pick = tied.reduce((a, b) => (b.metrics.endingInventoryValue < a.metrics.endingInventoryValue ? b : a));
    const m = pick.metrics;
    const tie = tied.length > 1 ? `; ${tied.length} scenarios tie on margin, this one has the lowest ending inventory value (${money(m.endingInventoryValue)})` : "";
    return {
      scenario: pick.name,
      rule,
      reason: `${pick.name}: margin ${money(m.margin)}${vsBase(m)}, the highest of the ${qualified.length} scenario${qualified.length === 1 ? "" : "s"} with a fill rate ≥ ${pct(target)} (${pct(m.fillRate)})${tie}.`,
      meetsTarget: true,
    };
  }
  const bestFill = Math.max(...usable.map((c) => c.metrics.fillRate));
  const tied = usable.filter((c) => c.metrics.fillRate >= bestFill - FILL_TIE);
  const pick = tied.reduce((a, b) => (b.metrics.margin > a.metrics.margin ? b : a));
  return {
    scenario: pick.name,
    rule,
    reason: `No scenario reaches a fill rate of ${pct(target)}: ${pick.name} has the highest (${pct(pick.metrics.fillRate)}), margin ${money(pick.metrics.margin)}${vsBase(pick.metrics)}.`,
    meetsTarget: false,
  };
}
