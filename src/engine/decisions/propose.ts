/**
 * Decision proposals from the cycle's evidence (DESIGN.md §2 step 4, issue "Decisions"):
 *
 * - **Capacity** (`CAP-<resource>`): a resource whose rough-cut load exceeds its available
 *   capacity in some plan months. Revenue at stake = Σ over its short months of
 *   (|gap| / load) × the consensus revenue of the families loading it in that month (the share of
 *   the load above capacity, applied to the revenue it carries; lead offsets are not shifted for
 *   this estimate); margin likewise, net of the recommended option's cost. Recommended: the
 *   constrained plan's overtime on the resource when the plan serves the families' demand, else the
 *   scenario that serves most of it (its cost = levers + overtime + outsourcing), else re-prioritise.
 *   Measure: months short on the resource (target 0).
 * - **Capacity risk** (`RISK-<resource>`): a resource not short but with months whose probability of
 *   overload is at or above the capacity check's threshold. Measure: months at risk (target 0).
 * - **Forecast bias** (`BIAS-<version>-<family>`): a contributor or the consensus whose bias for a
 *   family at the accuracy lag over the window exceeds ± `biasLimit` (default 10 %), with at least
 *   `minBiasPoints` item-months. Revenue at stake = |Σ error × price| over the window. Measure: the
 *   bias (target within ± the limit).
 * - **Budget gap** (`BUD-<family>-<year>`): a family whose full-year figure (actuals of the closed
 *   months + plan) differs from its budget by more than `budgetGapLimit` (default 5 %). The plan is
 *   the constrained plan when there is one, else the consensus. Revenue at stake = the gap (signed);
 *   margin = gap × the family's margin % (revenue budgets). Measure: the full-year gap %.
 *
 * Ids are stable: the same cause gives the same id next cycle (the workbook keeps what people
 * typed by id). Pure; no I/O; never throws.
 */
import type { RoughCutResult } from "../capacity/types";
import type { DemandAccuracyResult } from "../accuracy/types";
import type { BudgetGap, FinancialsResult } from "../finance/types";
import { monthKeyOf } from "../finance/util";
import type { ScenarioComparison, ScenarioResult } from "../scenario/types";
import type { SupplyPlan } from "../supply/types";
import { formatMoney, formatPct, formatUnits } from "../textFormat";
import type { DecisionMeasure, DecisionProposal } from "./types";

export interface DecisionOptions {
  /** Family bias beyond which a forecast is put to the meeting (default 0.10). */
  readonly biasLimit?: number;
  /** Fewest measured item-months for a bias decision (default 3). */
  readonly minBiasPoints?: number;
  /** Most bias decisions (largest revenue at stake first; default 12). */
  readonly maxBiasDecisions?: number;
  /** Full-year gap to budget beyond which a family is put to the meeting (default 0.05). */
  readonly budgetGapLimit?: number;
}

export const DECISION_DEFAULTS = { biasLimit: 0.1, minBiasPoints: 3, maxBiasDecisions: 12, budgetGapLimit: 0.05 } as const;

/** Everything the proposals read: the results of the cycle's steps (any may be missing). */
export interface DecisionInputs {
  readonly cycle: string;
  readonly capacity: RoughCutResult | null;
  readonly plan: SupplyPlan | null;
  readonly financials: FinancialsResult | null;
  readonly gap: BudgetGap | null;
  readonly accuracy: DemandAccuracyResult | null;
  readonly scenarios: ScenarioComparison | null;
  readonly options?: DecisionOptions;
}

/** Upper-case letters, digits and dashes: the key part of a decision id. */
export function idPart(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return (s === "" ? "X" : s).slice(0, 24).replace(/-+$/g, "");
}

const fmtInt = formatUnits;
const fmtPct = (v: number, signed = false): string => formatPct(v, signed);
const fmtMoney = (v: number): string => formatMoney(v);
const list = (xs: readonly string[], max = 4): string => (xs.length > max ? `${xs.slice(0, max).join(", ")} and ${xs.length - max} more` : xs.join(", "));

function measure(label: string, value: number | null, rule: DecisionMeasure["rule"], limit: number, format: DecisionMeasure["format"]): DecisionMeasure {
  return { label, value: value !== null && Number.isFinite(value) ? value : null, rule, limit, format };
}

/** Units of the families `fams` not served by a plan (lost or left in backlog at the end). */
function unmetOf(plan: SupplyPlan | null, fams: ReadonlySet<string>): number | null {
  if (plan === null || plan.status !== "Optimal") return null;
  let u = 0;
  for (const e of plan.entities) {
    if (!fams.has(e.family)) continue;
    if (plan.unmet === "backlog") u += e.backlog[e.backlog.length - 1] ?? 0;
    else for (const x of e.unmet) u += x;
  }
  return u;
}

function settingValue(plan: SupplyPlan, name: string, fallback: number): number {
  const s = plan.settings.find((x) => x.name === name);
  return s && typeof s.value === "number" ? s.value : fallback;
}

/** What a scenario costs beyond the baseline's own overtime and outsourcing. */
function scenarioCost(s: ScenarioResult, base: ScenarioResult): number {
  if (!s.metrics || !base.metrics) return 0;
  return s.metrics.leverCost + s.metrics.overtimeCost + s.metrics.outsourcingCost - base.metrics.overtimeCost - base.metrics.outsourcingCost;
}

function capacityProposals(input: DecisionInputs): DecisionProposal[] {
  const cap = input.capacity;
  if (cap === null) return [];
  const out: DecisionProposal[] = [];
  const fin = input.financials?.consensus ?? null;
  const monthIndex = new Map<string, number>((fin?.months ?? []).map((m, i) => [m, i]));
  const famFin = new Map((fin?.families ?? []).map((f) => [f.family, f]));
  const byResource = new Map<string, typeof cap.shortages[number][]>();
  for (const s of cap.shortages) byResource.set(s.resource, [...(byResource.get(s.resource) ?? []), s]);

  for (const r of cap.resources) {
    const shorts = (byResource.get(r.resource) ?? []).slice().sort((a, b) => a.periodIndex - b.periodIndex);
    const unit = r.unit === "units" ? "units" : "h";
    const key = idPart(r.resource);
    if (shorts.length === 0) {
      const risks = cap.atRisk.filter((x) => x.resource === r.resource).sort((a, b) => a.periodIndex - b.periodIndex);
      if (risks.length === 0) continue;
      const fams = r.families.filter((f) => f.total > 0).sort((a, b) => b.total - a.total).map((f) => f.family);
      out.push({
        id: `RISK-${key}`,
        topic: "Capacity risk",
        subject: r.resource,
        issue: `${r.resource}: overload likely in ${list(risks.map((x) => `${x.period} (P = ${fmtPct(x.overloadProbability)}, ${x.utilisation === null ? "—" : fmtPct(x.utilisation)} loaded)`))}, given the forecast error.`,
        options: `Hold flexible capacity (overtime, temporary staff) on standby · Pre-build ahead of the risky months · Monitor the demand of ${list(fams, 3) || "its families"} and decide next cycle`,
        recommended: `Keep overtime on standby for ${list(risks.map((x) => x.period))} and decide at the next cycle with one more month of actuals.`,
        impactRevenue: null,
        impactMargin: null,
        evidence: { kind: "capacity", key: r.resource },
        scenario: null,
        measure: measure(`Months at risk of overload on ${r.resource}`, r.summary.atRiskPeriods, "at-most", 0, "number"),
      });
      continue;
    }

    // Revenue and margin carried by the load above capacity.
    let revenue = 0;
    let margin = 0;
    let priced = false;
    for (const s of shorts) {
      if (s.load <= 0) continue;
      const share = Math.min(1, Math.abs(s.gap) / s.load);
      const mi = monthIndex.get(monthKeyOf(s.period) ?? "");
      if (mi === undefined) continue;
      for (const f of r.families) {
        if ((f.load[s.periodIndex] ?? 0) <= 0) continue;
        const ff = famFin.get(f.family)?.byMonth[mi];
        if (!ff) continue;
        // Cut in proportion, the load above capacity takes this share of each family's demand.
        revenue += share * ff.revenue;
        margin += share * ff.margin;
        if (ff.revenue !== 0) priced = true;
      }
    }
    const fams = new Set(r.families.filter((f) => f.total > 0).map((f) => f.family));
    const top = [...new Set(shorts.flatMap((s) => s.topFamilies.map((t) => t.key)))];
    const worst = shorts.reduce((a, b) => (Math.abs(b.gap) > Math.abs(a.gap) ? b : a));
    const issue = `${r.resource}: load above capacity in ${shorts.length === 1 ? "1 month" : `${shorts.length} months`} (${list(shorts.map((s) => s.period), 6)}); largest gap ${fmtInt(Math.abs(worst.gap))} ${unit} in ${worst.period} (${worst.utilisation === null ? "no capacity" : `${fmtPct(worst.utilisation)} loaded`}), mostly ${list(top, 3) || "—"}.`;

    // Options and the recommendation from the constrained plan and the scenarios.
    const plan = input.plan;
    const rp = plan?.resources.find((x) => x.resource === r.resource) ?? null;
    const shortIdx = shorts.map((s) => s.periodIndex);
    const maxOt = rp ? shortIdx.reduce((a, i) => a + (rp.maxOvertime[i] ?? 0), 0) : 0;
    const options = [
      r.unit === "units" ? "Secure more supply (expedite, second source)" : `Approve overtime${maxOt > 0 ? ` (up to ${fmtInt(maxOt)} ${unit} in the short months)` : ""}`,
      `Outsource part of ${list(top, 3) || "the load"}`,
      "Pre-build in earlier months",
      "Re-prioritise the demand by margin",
    ].join(" · ");
    const baseUnmet = unmetOf(plan, fams);
    let recommended: string;
    let scenario: string | null = null;
    let cost = 0;
    if (plan !== null && plan.status === "Optimal" && baseUnmet !== null && baseUnmet < 0.5) {
      const ot = rp ? rp.overtime.reduce((a, b) => a + b, 0) : 0;
      const rate = settingValue(plan, "overtimeCostPerHour", 45);
      cost = ot * rate;
      recommended = ot > 0.5
        ? `Approve the constrained plan: ${fmtInt(ot)} ${unit} of overtime on ${r.resource} (cost ${fmtMoney(cost)}) and pre-building serve all the demand of ${list([...fams], 3)}.`
        : `Approve the constrained plan: pre-building in earlier months serves all the demand of ${list([...fams], 3)} without overtime on ${r.resource}.`;
    } else {
      const sc = input.scenarios;
      let best: { s: ScenarioResult; unmet: number } | null = null;
      if (sc && baseUnmet !== null) {
        for (const s of sc.scenarios) {
          if (s.status !== "ok" || !s.metrics) continue;
          const u = s.plan ? unmetOf(s.plan, fams) : null;
          if (u === null || u >= baseUnmet - 0.5) continue;
          if (best === null || u < best.unmet - 0.5 || (Math.abs(u - best.unmet) < 0.5 && s.metrics.margin > (best.s.metrics?.margin ?? -Infinity))) best = { s, unmet: u };
        }
      }
      if (best !== null && sc) {
        scenario = best.s.name;
        cost = Math.max(0, scenarioCost(best.s, sc.baseline));
        recommended = `Approve scenario '${best.s.name}': it serves ${fmtInt((baseUnmet ?? 0) - best.unmet)} more units of ${list([...fams], 3)} (${fmtInt(best.unmet)} left unserved) at a cost of ${fmtMoney(cost)}; margin ${fmtMoney(best.s.deltas?.margin ?? 0)} against the baseline.`;
      } else if (baseUnmet !== null) {
        recommended = `Re-prioritise: the constrained plan leaves ${fmtInt(baseUnmet)} units of ${list([...fams], 3)} unserved; serve the highest-margin demand first and add a scenario with more overtime or outsourcing.`;
      } else {
        recommended = `Decide between overtime, outsourcing and pre-building for ${r.resource}; no constrained plan was solved to compare them.`;
      }
    }
    // A scenario aimed at this resource (a lever scoped to it) is the meeting's alternative.
    if (scenario === null && input.scenarios) {
      const aimed = input.scenarios.scenarios
        .filter((x) => x.status === "ok" && x.metrics && x.applied.some((a) => a.lever.scope.kind === "resource" && a.lever.scope.name === r.resource))
        .sort((a, b) => (b.metrics?.margin ?? 0) - (a.metrics?.margin ?? 0))[0];
      if (aimed) {
        scenario = aimed.name;
        recommended += ` Alternative: scenario '${aimed.name}' (cost ${fmtMoney(Math.max(0, scenarioCost(aimed, input.scenarios.baseline)))}, margin ${fmtMoney(aimed.deltas?.margin ?? 0)} against the baseline).`;
      }
    }
    out.push({
      id: `CAP-${key}`,
      topic: "Capacity",
      subject: r.resource,
      issue,
      options,
      recommended,
      impactRevenue: priced ? revenue : null,
      impactMargin: priced ? margin - cost : null,
      evidence: { kind: "capacity", key: r.resource },
      scenario,
      measure: measure(`Months short on ${r.resource}`, r.summary.shortPeriods, "at-most", 0, "number"),
    });
  }
  return out;
}

function biasProposals(input: DecisionInputs): DecisionProposal[] {
  const acc = input.accuracy;
  if (acc === null) return [];
  const limit = input.options?.biasLimit ?? DECISION_DEFAULTS.biasLimit;
  const minPoints = input.options?.minBiasPoints ?? DECISION_DEFAULTS.minBiasPoints;
  const maxN = input.options?.maxBiasDecisions ?? DECISION_DEFAULTS.maxBiasDecisions;
  const stat = acc.headline.find((h) => h.role === "statistical") ?? null;
  const window = acc.windowPeriods.length > 0 ? `${acc.windowPeriods[0]}…${acc.windowPeriods[acc.windowPeriods.length - 1]}` : "the window";
  const out: { p: DecisionProposal; weight: number }[] = [];
  for (const h of acc.headline) {
    if (h.role !== "contributor" && h.role !== "consensus") continue;
    for (const f of h.families) {
      const b = f.volume.biasPct;
      if (b === null || f.volume.count < minPoints || Math.abs(b) <= limit) continue;
      const over = b > 0;
      const sf = stat?.families.find((x) => x.key === f.key) ?? null;
      const statBetter = sf !== null && sf.volume.wape !== null && f.volume.wape !== null && sf.volume.wape < f.volume.wape;
      const valueError = f.value?.error ?? null;
      out.push({
        weight: Math.abs(valueError ?? f.volume.error),
        p: {
          id: `BIAS-${idPart(h.version)}-${idPart(f.key)}`,
          topic: "Forecast bias",
          subject: `${h.version} · ${f.key}`,
          issue: `The ${h.version} forecast for ${f.key} is biased ${fmtPct(b, true)} at lag ${h.lag} over ${window} (forecast ${fmtInt(f.volume.forecast)} vs actual ${fmtInt(f.volume.actual)} units: ${over ? "over" : "under"}-forecast).`,
          options: `Review the assumptions with the ${h.version} forecast's owner · Correct the bias in the next forecast · ${h.role === "consensus" ? "Revisit the consensus overrides" : "Give the statistical forecast more weight (weighted consensus)"}`,
          recommended: statBetter && sf
            ? `Review the ${h.version} forecast for ${f.key} with its owner; until its bias is within ±${fmtPct(limit)}, lean on the statistical forecast (accuracy ${fmtPct(sf.volume.accuracy ?? 0)} vs ${fmtPct(f.volume.accuracy ?? 0)}).`
            : `Review the ${h.version} forecast for ${f.key} with its owner and correct the ${over ? "over" : "under"}-forecast in the next cycle.`,
          impactRevenue: valueError === null ? null : Math.abs(valueError),
          impactMargin: null,
          evidence: { kind: "accuracy", key: `${h.version}|${f.key}` },
          scenario: null,
          measure: measure(`Bias of ${h.version} for ${f.key} (lag ${h.lag}, last ${acc.windowPeriods.length} months)`, b, "abs-at-most", limit, "pct"),
        },
      });
    }
  }
  return out.sort((a, b) => b.weight - a.weight).slice(0, maxN).map((x) => x.p);
}

function budgetProposals(input: DecisionInputs): DecisionProposal[] {
  const gap = input.gap;
  if (gap === null || gap.year === null || gap.fullYearMonths.length === 0) return [];
  const limit = input.options?.budgetGapLimit ?? DECISION_DEFAULTS.budgetGapLimit;
  const plan = gap.plans.find((p) => p.name === "constrained") ?? gap.plans[0];
  if (!plan) return [];
  const fin = input.financials;
  const famMargin = new Map((fin?.consensus.families ?? []).map((f) => [f.family, f.total.marginPct]));
  const revenueBudget = gap.measure === "revenue";
  const what = revenueBudget ? "revenue" : "volume";
  const sc = input.scenarios;
  const bestUp = sc?.scenarios.filter((s) => s.status === "ok" && (s.deltas?.revenue ?? 0) > 0).sort((a, b) => (b.deltas?.margin ?? 0) - (a.deltas?.margin ?? 0))[0] ?? null;
  const out: DecisionProposal[] = [];
  for (const f of plan.families) {
    const fy = f.fullYear;
    if (fy.gapPct === null || Math.abs(fy.gapPct) <= limit) continue;
    const below = fy.gap < 0;
    const amount = revenueBudget ? fmtMoney(Math.abs(fy.gap)) : `${fmtInt(Math.abs(fy.gap))} units`;
    const mp = famMargin.get(f.family) ?? null;
    const useScenario = below && bestUp !== null && revenueBudget;
    out.push({
      id: `BUD-${idPart(f.family)}-${gap.year}`,
      topic: "Budget gap",
      subject: f.family,
      issue: `${f.family}: full-year ${gap.year} ${what} ${amount} ${below ? "below" : "above"} budget (${fmtPct(fy.gapPct, true)}; ${plan.label}, ${fy.months.length} months).`,
      options: below
        ? "Accept the gap and explain it in the financial forecast · Demand shaping (promotion, price) · Re-allocate capacity to this family · Revise the budget"
        : "Raise the financial forecast · Check that supply can deliver the extra volume · Keep the budget and watch",
      recommended: useScenario && bestUp
        ? `Consider scenario '${bestUp.name}' (revenue ${fmtMoney(bestUp.deltas?.revenue ?? 0)}, margin ${fmtMoney(bestUp.deltas?.margin ?? 0)} over all families); otherwise accept the gap and explain it in the financial forecast.`
        : below
          ? "Accept the gap and explain it in the financial forecast; agree demand-shaping actions with Sales."
          : "Raise the financial forecast and confirm that supply covers the extra volume.",
      impactRevenue: revenueBudget ? fy.gap : null,
      impactMargin: revenueBudget && mp !== null ? fy.gap * mp : null,
      evidence: { kind: "financials", key: f.family },
      scenario: useScenario && bestUp ? bestUp.name : null,
      measure: measure(`Full-year ${gap.year} gap to budget of ${f.family}`, fy.gapPct, "abs-at-most", limit, "pct"),
    });
  }
  return out.sort((a, b) => Math.abs(b.impactRevenue ?? 0) - Math.abs(a.impactRevenue ?? 0));
}

/**
 * Impacts that overflow (a gap times the margin % of a near-zero revenue) are unknown, never
 * ±Infinity or NaN: they are written to SOP Decisions.
 */
function finiteImpacts(p: DecisionProposal): DecisionProposal {
  const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);
  return p.impactRevenue === finite(p.impactRevenue) && p.impactMargin === finite(p.impactMargin) ? p : { ...p, impactRevenue: finite(p.impactRevenue), impactMargin: finite(p.impactMargin) };
}

/** Make ids unique: a second proposal with the same id gets `-2`, `-3` (in proposal order). */
function uniqueIds(ps: readonly DecisionProposal[]): DecisionProposal[] {
  const seen = new Map<string, number>();
  return ps.map((p) => {
    const n = (seen.get(p.id) ?? 0) + 1;
    seen.set(p.id, n);
    return n === 1 ? p : { ...p, id: `${p.id}-${n}` };
  });
}

/**
 * The decisions the cycle's evidence calls for: capacity shortages and risks first, then gaps to
 * budget, then forecast bias (see the module header for the rules). Never throws.
 */
export function proposeDecisions(input: DecisionInputs): DecisionProposal[] {
  return uniqueIds([...capacityProposals(input), ...budgetProposals(input), ...biasProposals(input)]).map(finiteImpacts);
}

/**
 * The measures of every subject a decision can be about, at this run (id → value), so that a
 * decision raised earlier is measured even when its cause is gone: months short and at risk of
 * every resource, the bias of every contributor and consensus × family, the full-year gap % of
 * every family.
 */
export function currentMeasures(input: DecisionInputs): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const p of proposeDecisions({ ...input, options: { ...input.options, biasLimit: -1, minBiasPoints: 0, maxBiasDecisions: Number.MAX_SAFE_INTEGER, budgetGapLimit: -1 } })) m.set(p.id, p.measure.value);
  for (const r of input.capacity?.resources ?? []) {
    const key = idPart(r.resource);
    m.set(`CAP-${key}`, r.summary.shortPeriods);
    m.set(`RISK-${key}`, r.summary.atRiskPeriods);
  }
  return m;
}

/** The measure's rule, limit and format per topic, for the settings in force. */
export function measureRules(options: DecisionOptions = {}): Map<string, Pick<DecisionMeasure, "rule" | "limit" | "format">> {
  return new Map<string, Pick<DecisionMeasure, "rule" | "limit" | "format">>([
    ["Capacity", { rule: "at-most", limit: 0, format: "number" }],
    ["Capacity risk", { rule: "at-most", limit: 0, format: "number" }],
    ["Budget gap", { rule: "abs-at-most", limit: options.budgetGapLimit ?? DECISION_DEFAULTS.budgetGapLimit, format: "pct" }],
    ["Forecast bias", { rule: "abs-at-most", limit: options.biasLimit ?? DECISION_DEFAULTS.biasLimit, format: "pct" }],
  ]);
}
