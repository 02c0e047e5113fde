/**
 * The demand review step of a run (DESIGN.md §2 step 2): the statistical forecast of every
 * item, the consensus, accuracy / bias / FVA by lag from the snapshot ledger, and the two
 * sheets that show them (`SOP Forecast`, `SOP Accuracy`), plus the summary the task pane's
 * Demand step and the CLI print, and the versions a lock archives.
 *
 * Versions: the planner's forecast versions as mapped; "Statistical" and "Consensus" are
 * matched case-insensitively. The add-in's own statistical forecast and consensus are what
 * `SOP Forecast` shows; a lock archives them under "Statistical" / "Consensus" only when the
 * workbook has no version of that name (the planner's own version wins).
 *
 * Pure: engine inputs in, sheets and plain data out.
 */
import { analyseDemandAccuracy } from "../engine/accuracy/demandAccuracy";
import type { DemandAccuracyResult } from "../engine/accuracy/types";
import { buildConsensus } from "../engine/demand/consensus";
import { itemRows, monthlyTable, sumRows } from "../engine/demand/series";
import { statisticalForecast } from "../engine/demand/statisticalForecast";
import type { Consensus, StatisticalForecast } from "../engine/demand/types";
import type { PlanningInputs, SeriesTable, SnapshotRow } from "../engine/inputs";
import { type Period, addPeriods, parsePeriodKey, periodKey } from "../engine/period";
import { formatPct } from "../engine/textFormat";
import { ACCURACY_SHEET, renderAccuracySheet } from "./accuracySheet";
import type { ChartSeries, DemandAlert, DemandSummary } from "./demandSummary";
import type { Finding } from "./findings";
import { FORECAST_SHEET, HISTORY_SHOWN, type PeriodValues, renderForecastSheet } from "./forecastSheet";
import type { SheetSpec } from "./sheetSpec";

export type { DemandSummary } from "./demandSummary";

export interface DemandStepOptions {
  readonly cycle: string;
  readonly horizon: number;
  /** `replace` (default) or `weighted` by each version's measured accuracy (see `consensusWeights`). */
  readonly consensusRule?: "replace" | "weighted";
  /** Rows of the add-in's `SOP Snapshots` ledger (earlier locks). */
  readonly ledger: readonly SnapshotRow[];
  readonly runAt: string;
  readonly workbook: string;
  readonly progress?: (fraction: number, label: string) => void;
  /** Render SOP Forecast and SOP Accuracy (false when only locking). */
  readonly withSheets: boolean;
  /**
   * The statistical forecast of `inputs.actuals` for this cycle and horizon when it was already
   * made (in worker threads: `runCycle` with an executor); made here otherwise.
   */
  readonly statistical?: StatisticalForecast;
  /** `mergeSnapshots(inputs.snapshots, ledger)` when it was already made. */
  readonly snapshots?: readonly SnapshotRow[];
  /** `demandAccuracy(inputs, cycle, snapshots)` when it was already measured; measured here otherwise. */
  readonly accuracy?: DemandAccuracyResult;
  /** `renderAccuracySheet` of that `accuracy` (this run's workbook and time) when it was already rendered. */
  readonly accuracySheet?: ReturnType<typeof renderAccuracySheet>;
}

export interface DemandStepResult {
  readonly sheets: readonly SheetSpec[];
  readonly findings: readonly Finding[];
  readonly summary: DemandSummary | null;
  /** Every version to archive at a lock: the planner's versions plus the add-in's statistical and consensus forecasts. */
  readonly versionsToLock: ReadonlyMap<string, SeriesTable>;
  readonly statistical: StatisticalForecast | null;
  readonly consensus: Consensus | null;
  readonly accuracy: DemandAccuracyResult | null;
  /** The planner's snapshot rows plus the ledger's (`mergeSnapshots`), for the later steps. */
  readonly snapshots: readonly SnapshotRow[];
}

/** `a.localeCompare(b)` (the default locale), made once: localeCompare builds a collator a call. */
const DEFAULT_COLLATOR = new Intl.Collator();

const isNamed = (name: string, want: string): boolean => name.trim().toLowerCase() === want;

/** The planner's snapshot rows plus the ledger's rows that are not already there (same cycle, version, item, period). */
export function mergeSnapshots(planner: readonly SnapshotRow[], ledger: readonly SnapshotRow[]): readonly SnapshotRow[] {
  // The planner's own array when there is nothing to add: the later steps then reuse its columns (snapshotColumns).
  if (ledger.length === 0) return planner;
  const key = (r: SnapshotRow): string => `${r.cycle}\u0000${r.version}\u0000${r.item}\u0000${r.period}`;
  const seen = new Set(planner.map(key));
  const out = [...planner];
  for (const r of ledger) if (!seen.has(key(r))) out.push(r);
  return out;
}

/** A plan (items × plan periods) as a SeriesTable, for archiving at a lock. */
function planTable(periods: readonly string[], rows: readonly { item: string; family: string; values: Float64Array }[]): SeriesTable {
  const w = periods.length;
  const values = new Float64Array(rows.length * w);
  rows.forEach((r, i) => values.set(r.values.subarray(0, w), i * w));
  return { kind: "month", periods, keys: rows.map((r) => r.item), attributeNames: ["Family"], attributes: rows.map((r) => [r.family]), values };
}

/** Values of a table over given periods, per item, per family and in total (NaN where no value). */
function periodValues(t: SeriesTable, periods: readonly string[], familyOf: (item: string, own: string) => string): PeriodValues {
  const monthly = monthlyTable(t);
  const col = new Map(monthly.periods.map((p, j) => [p, j]));
  const ir = itemRows(monthly);
  const byItem = new Map<string, Float64Array>();
  const byFamily = new Map<string, Float64Array>();
  const total = new Float64Array(periods.length).fill(Number.NaN);
  const cols = periods.map((p) => col.get(p) ?? -1);
  ir.items.forEach((item, k) => {
    const v = new Float64Array(periods.length).fill(Number.NaN);
    const rows = ir.rows[k]!;
    for (let j = 0; j < cols.length; j++) if (cols[j]! >= 0) v[j] = sumRows(monthly, rows, cols[j]!);
    byItem.set(item, v);
    const fam = familyOf(item, ir.families[k]!);
    let f = byFamily.get(fam);
    if (f === undefined) byFamily.set(fam, (f = new Float64Array(periods.length).fill(Number.NaN)));
    for (let j = 0; j < periods.length; j++) {
      const x = v[j]!;
      if (Number.isFinite(x)) {
        f[j] = Number.isNaN(f[j]!) ? x : f[j]! + x;
        total[j] = Number.isNaN(total[j]!) ? x : total[j]! + x;
      }
    }
  });
  return { byItem, byFamily, total };
}

const nul = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

/**
 * One line of a chart series over the history shown (`nh` months) then the plan (`np` months):
 * `a` in the history and nulls after (`plan` false: the actuals), or nulls then `a` in the plan.
 */
function chartLine(a: ArrayLike<number> | undefined, nh: number, np: number, plan: boolean): (number | null)[] {
  const out = new Array<number | null>(nh + np).fill(null);
  if (!plan) for (let i = 0; i < nh; i++) out[i] = nul(a?.[i]);
  else for (let i = 0; i < np; i++) out[nh + i] = nul(a?.[i]);
  return out;
}

/**
 * Weights of the weighted consensus: each version's measured accuracy max(0, 1 − WAPE) at the
 * accuracy lag (the statistical one under "Statistical"); a version never measured gets the mean
 * of the measured ones (1 when none is), so it neither dominates nor vanishes.
 */
export function consensusWeights(accuracy: DemandAccuracyResult, contributors: readonly string[]): Map<string, number> {
  const measured = new Map<string, number>();
  for (const v of accuracy.headline) {
    const a = v.total.volume.accuracy;
    if (a !== null && (v.role === "statistical" || v.role === "contributor")) measured.set(v.role === "statistical" ? "Statistical" : v.version, a);
  }
  const values = [...measured.values()];
  const fallback = values.length > 0 ? values.reduce((x, y) => x + y, 0) / values.length : 1;
  const out = new Map<string, number>();
  for (const name of ["Statistical", ...contributors]) out.set(name, measured.get(name) ?? fallback);
  return out;
}

/**
 * Accuracy, bias and FVA of the cycle's versions (the demand review's measure): over the planner's
 * snapshots merged with the ledger (`mergeSnapshots`), with the longest routing lead time as the
 * lead-time lag. Needs no statistical forecast, so it can run while the items are forecast.
 */
export function demandAccuracy(inputs: PlanningInputs, cycle: string, snapshots: readonly SnapshotRow[]): DemandAccuracyResult {
  let leadTime = 0;
  for (const r of inputs.resources) leadTime = Math.max(leadTime, r.leadOffset);
  return analyseDemandAccuracy(
    { actuals: inputs.actuals, forecasts: inputs.forecasts, snapshots, prices: inputs.prices, cycle },
    { leadTimeLag: leadTime > 0 ? leadTime : null },
  );
}

/** Run the demand review: {@link demandFigures}, then {@link demandSheets}. */
export function demandStep(inputs: PlanningInputs, options: DemandStepOptions): DemandStepResult {
  const figures = demandFigures(inputs, options);
  return figures.ok ? demandSheets(inputs, figures, options) : figures.result;
}

/** The demand review's figures, before its sheets and summary (see {@link demandFigures}). */
export interface DemandFigures {
  readonly ok: true;
  readonly cycleP: Period;
  readonly findings: Finding[];
  readonly statistical: StatisticalForecast;
  readonly consensus: Consensus;
  readonly accuracy: DemandAccuracyResult;
  readonly snapshots: readonly SnapshotRow[];
  readonly contributors: ReadonlyMap<string, SeriesTable>;
  readonly versionsToLock: ReadonlyMap<string, SeriesTable>;
}

/**
 * The first half of the demand review: the statistical forecast (unless given), the accuracy and
 * the consensus; what the supply review and the scenarios need. The sheets and the summary follow
 * in {@link demandSheets}, so that the scenarios can start elsewhere in between. A cycle that is
 * not a month gives the review's empty result at once.
 */
export function demandFigures(inputs: PlanningInputs, options: DemandStepOptions): DemandFigures | { readonly ok: false; readonly result: DemandStepResult } {
  const progress = options.progress ?? ((): void => undefined);
  const { cycle, horizon } = options;
  const findings: Finding[] = [];
  const cycleP = parsePeriodKey(cycle);
  if (cycleP === null || cycleP.kind !== "month") {
    return { ok: false, result: { sheets: [], findings, summary: null, versionsToLock: inputs.forecasts, statistical: null, consensus: null, accuracy: null, snapshots: [] } };
  }

  progress(0, "Forecasting every item");
  const statistical = options.statistical ?? statisticalForecast(inputs.actuals, cycle, horizon, { onProgress: (done, total) => progress(0.6 * (done / Math.max(1, total)), `Forecasting item ${done} of ${total}`) });
  const versionNames = [...inputs.forecasts.keys()];
  const contributors = new Map<string, SeriesTable>();
  for (const name of versionNames.sort()) if (!isNamed(name, "statistical") && !isNamed(name, "consensus")) contributors.set(name, inputs.forecasts.get(name)!);
  progress(0.6, "Measuring accuracy, bias and value added");
  const snapshots = options.snapshots ?? mergeSnapshots(inputs.snapshots, options.ledger);
  const accuracy = options.accuracy ?? demandAccuracy(inputs, cycle, snapshots);
  // Rows of the planner's own ledger were checked with their cell addresses (readInputs);
  // the engine's counts add only what comes from the add-in's ledger or what was not checked there.
  const checkedWithAddresses = new Set(["duplicate", "period-before-actuals", "snapshot-only-version", "unknown-item", "not-a-month", "bad-quantity"]);
  for (const issue of accuracy.issues) {
    if (options.ledger.length === 0 && checkedWithAddresses.has(issue.kind)) continue;
    const ex = issue.examples.slice(0, 3).map((e) => [e.cycle, e.version, e.item, e.period].filter((x) => x !== null).join(" ")).join("; ");
    findings.push({ severity: issue.severity, code: "snapshot-not-used", role: "snapshots", address: "", message: `${issue.message}${ex ? ` (for example ${ex})` : ""}` });
  }
  for (const n of accuracy.notes) findings.push({ severity: "info", code: "demand-note", role: "demand review", address: "", message: n });

  progress(0.75, "Building the consensus");
  const rule = options.consensusRule ?? "replace";
  const weights = rule === "weighted" ? consensusWeights(accuracy, [...contributors.keys()]) : undefined;
  const consensus = buildConsensus({ statistical, contributors, periods: statistical.periods, rule, ...(weights ? { weights } : {}) });
  if (weights) {
    findings.push({ severity: "info", code: "demand-note", role: "demand review", address: "", message: `Consensus weighted by measured accuracy (lag ${accuracy.accuracyLag}): ${[...weights].map(([k, w]) => `${k} ${w.toFixed(2)}`).join(", ")}.` });
  }

  // Versions a lock archives.
  const versionsToLock = new Map<string, SeriesTable>(inputs.forecasts);
  if (!versionNames.some((n) => isNamed(n, "statistical"))) {
    versionsToLock.set("Statistical", planTable(statistical.periods, statistical.items.filter((i) => i.method !== "none").map((i) => ({ item: i.item, family: i.family, values: i.point }))));
  }
  if (!versionNames.some((n) => isNamed(n, "consensus"))) {
    versionsToLock.set("Consensus", planTable(consensus.periods, consensus.items.map((i) => ({ item: i.item, family: i.family, values: i.consensus }))));
  }
  return { ok: true, cycleP, findings, statistical, consensus, accuracy, snapshots, contributors, versionsToLock };
}

/** The second half of the demand review (after {@link demandFigures}): the forecast and accuracy sheets, the alerts, the chart series and the summary. */
export function demandSheets(inputs: PlanningInputs, figures: DemandFigures, options: DemandStepOptions): DemandStepResult {
  const progress = options.progress ?? ((): void => undefined);
  const { cycle } = options;
  const { cycleP, findings, statistical, consensus, accuracy, snapshots, contributors, versionsToLock } = figures;

  // History shown and chart series.
  const historyPeriods: string[] = [];
  for (let k = HISTORY_SHOWN; k >= 1; k--) historyPeriods.push(periodKey(addPeriods(cycleP, -k)));
  const familyOfItem = new Map<string, string>(statistical.items.map((i) => [i.item, i.family]));
  for (const c of consensus.items) if (!familyOfItem.has(c.item)) familyOfItem.set(c.item, c.family);
  const familyOf = (item: string, own: string): string => familyOfItem.get(item) ?? own;
  const actuals = periodValues(inputs.actuals, historyPeriods, familyOf);
  const contributorValues = new Map<string, PeriodValues>();
  for (const [name, t] of contributors) contributorValues.set(name, periodValues(t, statistical.periods, familyOf));

  const sheets: SheetSpec[] = [];
  const alerts: DemandAlert[] = [];
  if (options.withSheets) {
    progress(0.8, "Writing the forecast and accuracy sheets");
    const fc = renderForecastSheet({ workbook: options.workbook, cycle, runAt: options.runAt, statistical, consensus, historyPeriods, actuals, contributors: contributorValues });
    const acc = options.accuracySheet !== undefined && options.accuracy === accuracy ? options.accuracySheet : renderAccuracySheet({ workbook: options.workbook, runAt: options.runAt, result: accuracy });
    sheets.push(fc.sheet, acc.sheet);
    for (const a of accuracy.trackingAlerts.slice(0, 50)) {
      const row = acc.index.tracking.get(`${a.version}:${a.item}`);
      alerts.push({
        kind: "tracking",
        item: a.item,
        version: a.version,
        text: `${a.version} ${a.direction === "over-forecast" ? "over-forecasts" : "under-forecasts"} ${a.item} month after month: tracking signal ${a.trackingSignal > 0 ? "+" : "−"}${Math.abs(a.trackingSignal).toFixed(1)}`,
        sheet: ACCURACY_SHEET,
        address: `A${(row ?? 0) + 1}`,
      });
    }
    for (const o of accuracy.overridesWorse.slice(0, 25)) {
      const row = acc.index.overrides.get(`${o.version}:${o.item}`);
      alerts.push({ kind: "override", item: o.item, version: o.version, text: `${o.version} made ${o.item} worse than the statistical forecast: WAPE ${formatPct(o.wape)} vs ${formatPct(o.statisticalWape)}`, sheet: ACCURACY_SHEET, address: `A${(row ?? 0) + 1}` });
    }
    for (const c of consensus.items.filter((i) => i.isNew).slice(0, 25)) {
      const row = fc.index.firstRowOf.get(`item:${c.item}`);
      alerts.push({ kind: "new-item", item: c.item, version: "Consensus", text: `${c.item} is new (no history): ${c.flags.join("; ") || "consensus from contributors"}`, sheet: FORECAST_SHEET, address: `A${(row ?? 0) + 1}` });
    }
  }

  const series: ChartSeries[] = [];
  const periods = [...historyPeriods, ...statistical.periods];
  const nh = historyPeriods.length;
  const np = statistical.periods.length;
  const mk = (key: string, label: string, level: ChartSeries["level"], hist: Float64Array | undefined, s: { point: Float64Array; lower80: Float64Array; upper80: Float64Array } | undefined, cons: Float64Array | undefined): ChartSeries => ({
    key,
    label,
    level,
    periods,
    actual: chartLine(hist, nh, np, false),
    statistical: chartLine(s?.point, nh, np, true),
    lower80: chartLine(s?.lower80, nh, np, true),
    upper80: chartLine(s?.upper80, nh, np, true),
    consensus: chartLine(cons, nh, np, true),
  });
  series.push(mk("total", "Total", "total", actuals.total, statistical.total, consensus.total.consensus));
  const consFam = new Map(consensus.families.map((f) => [f.family, f.consensus]));
  for (const f of statistical.families) series.push(mk(`family:${f.family}`, f.family, "family", actuals.byFamily.get(f.family), f, consFam.get(f.family)));
  const consItem = new Map(consensus.items.map((c) => [c.item, c.consensus]));
  for (const it of [...statistical.items].sort((a, b) => DEFAULT_COLLATOR.compare(a.item, b.item))) {
    series.push(mk(`item:${it.item}`, `${it.item} (${it.family})`, "item", actuals.byItem.get(it.item), it.method === "none" ? undefined : it, consItem.get(it.item)));
  }

  const statisticalStep = accuracy.fva.total.steps.find((s) => s.role === "statistical");
  const summary: DemandSummary = {
    cycle,
    window: accuracy.windowPeriods,
    accuracyLag: accuracy.accuracyLag,
    versions: accuracy.headline.map((v) => ({
      name: v.version,
      source: v.source === "actuals" ? "naive" : v.source === "none" ? "forecast tab" : v.source,
      accuracy: v.total.volume.accuracy,
      wape: v.total.volume.wape,
      biasPct: v.total.volume.biasPct,
      points: v.total.volume.count,
    })),
    fva: accuracy.fva.total.steps.map((s) => ({ step: s.version, wape: s.wape, fva: s.fva })),
    statisticalSource: statisticalStep ? (statisticalStep.source === "snapshots" || statisticalStep.source === "backtest" || statisticalStep.source === "forecast tab" ? statisticalStep.source : "none") : "none",
    alerts,
    series,
    statistical: { items: statistical.items.length, byMethod: Object.entries(statistical.counts.byMethod).sort((a, b) => b[1] - a[1]).map(([method, items]) => ({ method, items })) },
    consensus: { byRule: consensus.ruleCounts.map((r) => ({ rule: r.label, cells: r.count })), newItems: consensus.items.filter((i) => i.isNew).length },
    forecastSheet: FORECAST_SHEET,
    accuracySheet: ACCURACY_SHEET,
    locked: options.ledger.some((r) => r.cycle === cycle),
  };
  progress(1, "Demand review done");
  return { sheets, findings, summary, versionsToLock, statistical, consensus, accuracy, snapshots };
}
