/**
 * The Demand step's numbers and sentences: percentages with a sign, bias and FVA in a
 * planner's words, the accuracy window and lag, which series a typed text finds. Shared
 * formatting (percentages, counts, sheet addresses) is in paneFormat.ts.
 *
 * Pure: plain data in, strings out. No React, no Office.js, no worker.
 */
import type { ChartSeries, DemandAlert, DemandSummary, FvaStepView, VersionHeadline } from "../workbook/demandSummary";
import type { LockReport } from "../workbook/lockStep";
import { capitalise, monthSpan, percent, plural, signedFixed } from "./paneFormat";

/** FVA (WAPE points as a fraction) in points: 0.031 → "+3.1 points", −0.031 → "−3.1 points"; null → "n/a". */
export function points(fva: number | null, digits = 1): string {
  return fva === null || !Number.isFinite(fva) ? "n/a" : `${signedFixed(fva * 100, digits)} points`;
}

/** The sign of a figure as shown with `digits` decimals of a percentage: 1, −1, or 0 when it rounds to zero. */
export function shownSign(fraction: number, digits = 1): -1 | 0 | 1 {
  if (Number(Math.abs(fraction * 100).toFixed(digits)) === 0) return 0;
  return fraction > 0 ? 1 : -1;
}

/** Bias in words (positive = over-forecast, DESIGN.md §4): "over-forecast", "under-forecast", "no bias", or "no actual volume". */
export function biasWords(biasPct: number | null): string {
  if (biasPct === null || !Number.isFinite(biasPct)) return "no actual volume";
  const sign = shownSign(biasPct);
  return sign > 0 ? "over-forecast" : sign < 0 ? "under-forecast" : "no bias";
}

const SOURCE_TEXT: Readonly<Record<VersionHeadline["source"] | DemandSummary["statisticalSource"], string>> = {
  snapshots: "from snapshots",
  "forecast tab": "from the forecast tab",
  backtest: "from a backtest",
  naive: "naive forecast",
  none: "no past forecasts",
};

/** Where a version's past forecasts came from, as a short phrase. */
export function sourceText(source: VersionHeadline["source"] | DemandSummary["statisticalSource"]): string {
  return SOURCE_TEXT[source];
}

/** The accuracy window: "2025-11 … 2026-10 (12 months)", "2026-10 (1 month)", or "no closed month yet". */
export function windowText(window: readonly string[]): string {
  return window.length === 0 ? "no closed month yet" : monthSpan(window);
}

/** The accuracy lag in words (lag = target period − cycle, DESIGN.md §4). */
export function lagText(lag: number): string {
  if (lag === 0) return "lag 0: the forecast made in the month's own cycle";
  return `lag ${lag}: the forecast made ${plural(lag, "cycle")} before the month`;
}

/** One sentence on a step of the FVA stairstep. */
function stepSentence(step: FvaStepView): string {
  const sign = shownSign(step.fva ?? 0);
  const effect = sign > 0 ? "it makes the forecast better" : sign < 0 ? "it makes the forecast worse" : "it changes nothing";
  return `${capitalise(step.step)} adds ${points(step.fva)}: ${effect}.`;
}

/**
 * The FVA stairstep in one line: the step that destroys the most value when one does
 * ("Sales adds −3.1 points: it makes the forecast worse."), otherwise the step that adds the most.
 */
export function fvaReading(steps: readonly FvaStepView[]): string {
  const measured = steps.filter((s) => s.fva !== null && Number.isFinite(s.fva));
  if (measured.length === 0) {
    return steps.length <= 1 ? "Only one step has a forecast: there is nothing to compare yet." : "No step has an error to compare yet: the window holds no actual volume.";
  }
  const worst = measured.reduce((a, b) => (b.fva! < a.fva! ? b : a));
  if (shownSign(worst.fva!) < 0) return stepSentence(worst);
  const best = measured.reduce((a, b) => (b.fva! > a.fva! ? b : a));
  if (shownSign(best.fva!) > 0) return `No step makes the forecast worse. ${stepSentence(best)}`;
  return "No step changes the forecast error.";
}

/** What the FVA chart shows, for a screen reader. */
export function describeFva(steps: readonly FvaStepView[]): string {
  if (steps.length === 0) return "Forecast value added: no steps to show.";
  const parts = steps.map((s) => {
    const wape = s.wape === null ? "no WAPE" : `WAPE ${percent(s.wape)}`;
    return s.fva === null ? `${s.step}, ${wape}` : `${s.step}, ${wape}, ${points(s.fva)}`;
  });
  return `Forecast value added, step by step: ${parts.join("; ")}.`;
}

/** The label of a level in the series picker. */
export const LEVEL_GROUP: Readonly<Record<ChartSeries["level"], string>> = { total: "Total", family: "Families", item: "Items" };

/**
 * The series a typed text finds: every series when the text is empty or is the picked
 * series' own label, otherwise those whose label or key contains it (case-insensitive),
 * in the summary's order (total, families, items).
 */
export function matchingSeries(series: readonly ChartSeries[], query: string, picked: ChartSeries | null): readonly ChartSeries[] {
  const q = query.trim().toLowerCase();
  if (q === "" || (picked !== null && query === picked.label)) return series;
  return series.filter((s) => s.label.toLowerCase().includes(q) || s.key.toLowerCase().includes(q));
}

/** The series in groups by level, in order, at most `limit` in all (the rest are counted). */
export function groupSeries(series: readonly ChartSeries[], limit: number): { groups: { level: ChartSeries["level"]; series: ChartSeries[] }[]; hidden: number } {
  const groups: { level: ChartSeries["level"]; series: ChartSeries[] }[] = [];
  let shown = 0;
  for (const s of series) {
    if (shown >= limit) break;
    let g = groups.find((x) => x.level === s.level);
    if (!g) {
      g = { level: s.level, series: [] };
      groups.push(g);
    }
    g.series.push(s);
    shown++;
  }
  return { groups, hidden: series.length - shown };
}

const ALERT_NOUN: Readonly<Record<DemandAlert["kind"], readonly [string, string]>> = {
  tracking: ["tracking signal", "tracking signals"],
  bias: ["bias alert", "bias alerts"],
  override: ["override that made the forecast worse", "overrides that made the forecast worse"],
  "new-item": ["new item", "new items"],
};

/** The alerts counted by kind: "12 alerts: 8 tracking signals, 3 overrides that made the forecast worse, 1 new item." */
export function alertCounts(alerts: readonly Pick<DemandAlert, "kind">[]): string {
  if (alerts.length === 0) return "No alerts.";
  const order: DemandAlert["kind"][] = ["tracking", "bias", "override", "new-item"];
  const parts = order
    .map((k) => [k, alerts.filter((a) => a.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => plural(n, ALERT_NOUN[k][0], ALERT_NOUN[k][1]));
  return `${plural(alerts.length, "alert")}: ${parts.join(", ")}.`;
}

/** The question asked before locking a cycle that is already locked. */
export function relockQuestion(cycle: string): string {
  return `Cycle ${cycle} is already locked. Lock again and replace its snapshot?`;
}

/** How a lock's outcome is shown. */
export function lockIntent(status: LockReport["status"]): "success" | "warning" | "error" {
  if (status === "locked" || status === "relocked") return "success";
  return status === "too-large" ? "error" : "warning";
}

/** The title of a lock's outcome (the lock's own sentence follows it and names the cycle). */
export function lockTitle(status: LockReport["status"]): string {
  switch (status) {
    case "locked":
      return "Locked";
    case "relocked":
      return "Locked again";
    case "already-locked":
      return "Not locked again";
    case "too-large":
      return "Not locked: the ledger is full";
    case "nothing-to-lock":
      return "Nothing to lock";
  }
}

/** The lock's sentence for the pane (the CLI's own hints left out). */
export function lockMessage(report: Pick<LockReport, "message">): string {
  return report.message.replace(/\s*\(CLI:[^)]*\)/g, "");
}

/** True when, after this lock, the cycle is in the ledger (the next lock asks first). */
export function lockedAfter(status: LockReport["status"]): boolean {
  return status === "locked" || status === "relocked" || status === "already-locked";
}

function amount(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "none" : Math.round(v).toLocaleString("en-US");
}

/** Index of the first and the last known value (null when none). */
export function knownSpan(values: readonly (number | null)[]): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  values.forEach((v, i) => {
    if (v !== null && Number.isFinite(v)) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return first < 0 ? null : { first, last };
}

/** What the forecast-vs-actual chart shows, for a screen reader. */
export function describeSeries(s: ChartSeries, cycle: string): string {
  const parts: string[] = [];
  const actual = knownSpan(s.actual);
  if (actual) {
    parts.push(`actuals from ${s.periods[actual.first]} to ${s.periods[actual.last]} (last ${amount(s.actual[actual.last])})`);
  } else parts.push("no actuals");
  const at = s.periods.indexOf(cycle);
  const plan = knownSpan(s.consensus) ?? knownSpan(s.statistical);
  if (plan) {
    const from = s.periods[plan.first]!;
    const to = s.periods[plan.last]!;
    const i = at >= 0 ? at : plan.first;
    const p = s.periods[i]!;
    const stat = s.statistical[i] ?? null;
    const band = s.lower80[i] !== null && s.lower80[i] !== undefined && s.upper80[i] !== null && s.upper80[i] !== undefined ? `, 80 % band ${amount(s.lower80[i])} to ${amount(s.upper80[i])}` : "";
    parts.push(`from ${from} to ${to} the statistical forecast (${p}: ${amount(stat)}${band}) and the consensus (${p}: ${amount(s.consensus[i] ?? null)})`);
  } else parts.push("no forecast");
  const marker = at >= 0 ? `; a vertical line marks the cycle ${cycle}` : "";
  return `Forecast vs actual, ${s.label}: ${parts.join("; ")}${marker}.`;
}
