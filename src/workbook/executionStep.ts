/**
 * The execution step of the cycle (DESIGN.md §2 step 6):
 * - at the lock (`freezeStep`): the approved plan is frozen as `SOP Plan <cycle>` (values only,
 *   written once: a cycle whose plan sheet already exists keeps it) and disaggregated into the
 *   master production schedule `SOP MPS` (rewritten at every lock);
 * - at the next cycles' business review (`adherenceStep`): the actuals of the closed months, and
 *   production and inventory when they are mapped, against the most recent plan frozen before the
 *   current cycle; deviations explained per family and flagged above a threshold (default 10 %),
 *   as plain data for the dashboard and the CLI and as rows for a sheet block.
 *
 * Closed months: the frozen plan's months before the current cycle and not after the month of the
 * last actual.
 *
 * Pure: engine inputs and results in (previous plan sheets as grids), sheets and plain data out.
 */
import { DEFAULT_ADHERENCE_THRESHOLD, formatPct, measureAdherence } from "../engine/execution/adherence";
import { freezePlan, isUsablePlan } from "../engine/execution/frozenPlan";
import { buildMps } from "../engine/execution/mps";
import type { Adherence, AdherenceMeasure, ExecutionNote, FrozenPlan, MeasureAdherence, Mps } from "../engine/execution/types";
import type { Consensus } from "../engine/demand/types";
import type { PlanningInputs } from "../engine/inputs";
import { monthOfPeriod, parsePeriodKey, periodKey, periodOrdinal } from "../engine/period";
import type { SupplyPlan } from "../engine/supply/types";
import { FindingCollector, type Finding } from "./findings";
import type { Grid } from "./grid";
import { MPS_SHEET, renderMpsSheet } from "./mpsSheet";
import { parsePlanSheet, planSheetName, renderPlanSheet } from "./planSheet";
import type { BlockStyle, OutCell, SheetSpec } from "./sheetSpec";
import { pushHeader, pushSection } from "./sheetBlocks";

// ---------------------------------------------------------------------------
// Freeze (at the lock).

export interface FreezeContext {
  readonly cycle: string;
  /** ISO timestamp of the lock: the plan's `frozenAt`. */
  readonly runAt: string;
  readonly workbook: string;
  /** Also split the MPS into ISO weeks (default false). */
  readonly weekly?: boolean;
  /**
   * Names of the sheets that exist already (the workbook's, or the settings' `ownedSheets`): when
   * `SOP Plan <cycle>` is among them it is kept as first frozen, never overwritten.
   */
  readonly existingSheets?: readonly string[];
  /** Why there is no constrained plan (`SupplySummary.planNote`), for the frozen plan's note. */
  readonly planNote?: string;
}

/** What a freeze did, for the CLI and the pane. */
export interface FreezeSummary {
  readonly cycle: string;
  /** The plan sheet written; null when it existed already (kept as it was). */
  readonly planSheet: string | null;
  readonly mpsSheet: string;
  readonly basis: FrozenPlan["basis"];
  readonly basisNote: string;
  readonly families: number;
  readonly items: number;
  /** ISO weeks of the weekly MPS (0 when not asked for). */
  readonly weeks: number;
  /** Items projected below their inventory target in some month. */
  readonly itemsBelowTarget: number;
  /** A sentence for the user. */
  readonly message: string;
}

export interface FreezeStepResult {
  /** `SOP Plan <cycle>` (unless it exists already) and `SOP MPS`. */
  readonly sheets: readonly SheetSpec[];
  readonly frozen: FrozenPlan;
  readonly mps: Mps;
  readonly findings: readonly Finding[];
  readonly summary: FreezeSummary;
}

const noteFinding = (n: ExecutionNote, role: string): Finding => ({ severity: n.severity, code: "execution-note", role, address: "", message: n.message });

/** Freeze the approved plan of `ctx.cycle` and build its MPS. */
export function freezeStep(inputs: PlanningInputs, consensus: Consensus, plan: SupplyPlan | null, ctx: FreezeContext): FreezeStepResult {
  const mps = buildMps({ periods: consensus.periods, items: consensus.items, plan, inventory: inputs.inventory }, { weekly: ctx.weekly === true });
  const frozen = freezePlan(plan, consensus, mps, { cycle: ctx.cycle, frozenAt: ctx.runAt, prices: inputs.prices, ...(ctx.planNote !== undefined ? { planNote: ctx.planNote } : {}) });
  const findings: Finding[] = mps.notes.map((n) => noteFinding(n, "master production schedule"));
  if (!isUsablePlan(plan)) findings.push({ severity: "info", code: "execution-note", role: "frozen plan", address: "", message: frozen.basisNote });

  const name = planSheetName(ctx.cycle);
  const exists = (ctx.existingSheets ?? []).some((s) => s.trim().toLowerCase() === name.toLowerCase());
  const sheets: SheetSpec[] = [];
  if (exists) findings.push({ severity: "info", code: "execution-note", role: "frozen plan", address: "", message: `${name} exists already: it stays as it was frozen at the first lock of ${ctx.cycle} (a frozen plan is never overwritten); ${MPS_SHEET} is rewritten.` });
  else sheets.push(renderPlanSheet(frozen));
  sheets.push(renderMpsSheet(mps, { cycle: ctx.cycle, runAt: ctx.runAt, workbook: ctx.workbook }));

  const below = mps.items.filter((i) => i.monthsBelowTarget > 0).length;
  const weeks = mps.weeks?.periods.length ?? 0;
  const message = `${exists ? `${name} kept as first frozen` : `Plan of ${ctx.cycle} frozen in ${name}`} (${frozen.basis === "supply plan" ? "constrained supply plan" : "consensus"}); ${MPS_SHEET}: ${mps.items.length.toLocaleString("en-US")} items in ${mps.families.length} families over ${mps.periods.length} months${weeks > 0 ? ` and ${weeks} weeks` : ""}${below > 0 ? `, ${below.toLocaleString("en-US")} items below their inventory target in some month` : ""}.`;
  return {
    sheets,
    frozen,
    mps,
    findings,
    summary: { cycle: ctx.cycle, planSheet: exists ? null : name, mpsSheet: MPS_SHEET, basis: frozen.basis, basisNote: frozen.basisNote, families: mps.families.length, items: mps.items.length, weeks, itemsBelowTarget: below, message },
  };
}

// ---------------------------------------------------------------------------
// Adherence (at the next cycles' business review).

/** One measure at a glance. */
export interface AdherenceMeasureView {
  readonly measure: AdherenceMeasure;
  readonly label: string;
  readonly periods: readonly string[];
  readonly plan: number;
  readonly actual: number;
  readonly deviation: number;
  readonly deviationPct: number | null;
  readonly adherence: number | null;
  /** Flagged family-months (families for inventory). */
  readonly flagged: number;
  readonly sentence: string;
}

/** A deviation flagged for corrective action. */
export interface FlaggedDeviationView {
  readonly measure: AdherenceMeasure;
  readonly family: string;
  readonly period: string;
  readonly plan: number;
  readonly actual: number;
  readonly deviation: number;
  readonly deviationPct: number | null;
  readonly sentence: string;
}

/** Adherence at a glance: plain, structured-cloneable data for the dashboard and the CLI. */
export interface AdherenceSummary {
  readonly cycle: string;
  readonly frozenCycle: string;
  readonly frozenAt: string;
  readonly planSheet: string;
  readonly basis: FrozenPlan["basis"];
  /** Closed months measured. */
  readonly periods: readonly string[];
  readonly threshold: number;
  /** Sales, then production and inventory when measured. */
  readonly measures: readonly AdherenceMeasureView[];
  /** Every flagged deviation: sales, production, inventory; largest |deviation| first within a measure. */
  readonly flagged: readonly FlaggedDeviationView[];
  readonly notes: readonly string[];
}

/** Rows and styles of a sheet block, relative to its first row (row 0). */
export interface SheetBlock {
  readonly rows: readonly (readonly OutCell[])[];
  readonly styles: readonly BlockStyle[];
}

export interface AdherenceStepResult {
  /** Null when there is no earlier frozen plan or none of its months is closed. */
  readonly summary: AdherenceSummary | null;
  readonly adherence: Adherence | null;
  /** The frozen plan compared with (null when none). */
  readonly frozen: FrozenPlan | null;
  /** The adherence section for a sheet (the dashboard): append with `appendBlock`. */
  readonly block: SheetBlock;
  readonly findings: readonly Finding[];
}

export interface AdherenceStepOptions {
  /** |deviation %| above which a family-month is flagged (default 0.10). */
  readonly threshold?: number;
}

/** Append a block at the end of a sheet's rows, moving its styles down to where it lands. */
export function appendBlock(rows: OutCell[][], styles: BlockStyle[], block: SheetBlock): void {
  const offset = rows.length;
  for (const r of block.rows) rows.push([...r]);
  for (const s of block.styles) styles.push({ ...s, row: s.row + offset });
}

const LABELS: Readonly<Record<AdherenceMeasure, string>> = { sales: "Sales", production: "Production", inventory: "Inventory" };

/** Month ordinal of a month or week key; null for anything else. */
function monthOrdinalOf(key: string): number | null {
  const p = parsePeriodKey(key);
  return p === null ? null : periodOrdinal(monthOfPeriod(p));
}

/** The frozen plan's months that are closed: before `cycle` and not after the month of `lastActual`. */
export function closedPeriodsOf(frozen: Pick<FrozenPlan, "periods">, cycle: string, lastActual: string | null): string[] {
  const c = monthOrdinalOf(cycle);
  const l = lastActual === null ? null : monthOrdinalOf(lastActual);
  return frozen.periods.filter((p) => {
    const o = monthOrdinalOf(p);
    return o !== null && c !== null && o < c && (l === null || o <= l);
  });
}

/** The adherence section: measures, then every deviation with its flag and sentence. */
export function adherenceBlock(adherence: Adherence | null, frozen: FrozenPlan | null, note: string): SheetBlock {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  if (adherence === null || frozen === null) {
    pushSection(rows, styles, "Adherence to the frozen plan", note);
    return { rows, styles };
  }
  const thr = formatPct(adherence.threshold);
  pushSection(rows, styles, `Adherence to the plan frozen in ${adherence.frozenCycle}`, `${planSheetName(adherence.frozenCycle)}, frozen at ${adherence.frozenAt}; deviation = actual − plan; adherence = 1 − Σ|deviation| / Σ plan per family and month; flagged when |deviation| > ${thr}`);
  const measures = [adherence.sales, adherence.production, adherence.inventory].filter((m): m is MeasureAdherence => m !== null);
  const mTop = pushHeader(rows, styles, ["Measure", "Months", "Plan", "Actual", "Deviation", "Deviation %", "Adherence %", "Flagged", "Summary"]);
  for (const m of measures) {
    const months = m.periods.length === 0 ? "" : m.periods.length === 1 ? m.periods[0]! : `${m.periods[0]!} … ${m.periods[m.periods.length - 1]!}`;
    rows.push([LABELS[m.measure], months, m.plan, m.actual, m.deviation, m.deviationPct, m.adherence, m.flagged.length, m.sentence]);
  }
  if (measures.length > 0) {
    styles.push(
      { row: mTop + 1, col: 1, rows: measures.length, cols: 1, numberFormat: "@" },
      { row: mTop + 1, col: 2, rows: measures.length, cols: 3, numberFormat: "#,##0" },
      { row: mTop + 1, col: 5, rows: measures.length, cols: 2, numberFormat: "0.0%" },
    );
  }
  const devs = measures.flatMap((m) => m.deviations);
  pushSection(rows, styles, "Deviations by family", `largest first; 'Act' marks a deviation above ${thr} for corrective action`);
  const dTop = pushHeader(rows, styles, ["Measure", "Family", "Month", "Plan", "Actual", "Deviation", "Deviation %", "Flag", "Explanation"]);
  for (const d of devs) rows.push([LABELS[d.measure], d.family, d.period, d.plan, d.actual, d.deviation, d.deviationPct, d.flagged ? "Act" : "", d.sentence]);
  if (devs.length > 0) {
    styles.push(
      { row: dTop + 1, col: 1, rows: devs.length, cols: 2, numberFormat: "@" },
      { row: dTop + 1, col: 3, rows: devs.length, cols: 3, numberFormat: "#,##0" },
      { row: dTop + 1, col: 6, rows: devs.length, cols: 1, numberFormat: "0.0%" },
    );
    devs.forEach((d, k) => {
      if (d.flagged) styles.push({ row: dTop + 1 + k, col: 7, rows: 1, cols: 2, bold: true, fontColor: "#C00000" });
    });
  }
  for (const n of adherence.notes) rows.push([n.message]);
  return { rows, styles };
}

/**
 * Adherence of the current cycle's actuals to the most recent plan frozen before `cycle`.
 * `previousPlans`: `SOP Plan <c>` sheets as grids (unreadable ones are findings and skipped) or
 * plans already parsed. `lastActual`: the last period with actuals (`RunReport.lastActual`).
 */
export function adherenceStep(
  inputs: PlanningInputs,
  previousPlans: readonly (Grid | FrozenPlan)[],
  cycle: string,
  lastActual: string | null,
  options: AdherenceStepOptions = {},
): AdherenceStepResult {
  const findings: Finding[] = [];
  const plans: FrozenPlan[] = [];
  for (const p of previousPlans) {
    if ("values" in p) {
      const r = parsePlanSheet(p);
      findings.push(...r.findings);
      if (r.plan) plans.push(r.plan);
    } else plans.push(p);
  }
  const c = monthOrdinalOf(cycle);
  let frozen: FrozenPlan | null = null;
  for (const p of plans) {
    const o = monthOrdinalOf(p.cycle);
    if (o === null || c === null || o >= c) continue;
    if (frozen === null || o > (monthOrdinalOf(frozen.cycle) ?? -Infinity)) frozen = p;
  }
  if (frozen === null) {
    const note = plans.length === 0 ? "No plan frozen in an earlier cycle: adherence is measured from the cycle after the first lock." : `No plan frozen before ${cycle}: adherence is not measured.`;
    return { summary: null, adherence: null, frozen: null, block: adherenceBlock(null, null, note), findings };
  }
  const closed = closedPeriodsOf(frozen, cycle, lastActual);
  if (closed.length === 0) {
    const note = `No month of the plan frozen in ${frozen.cycle} is closed yet${lastActual ? ` (actuals up to ${periodKeyOfMonth(lastActual)})` : ""}: adherence is not measured.`;
    findings.push({ severity: "info", code: "execution-note", role: "adherence", address: "", message: note });
    return { summary: null, adherence: null, frozen, block: adherenceBlock(null, null, note), findings };
  }
  const adherence = measureAdherence(frozen, inputs.actuals, inputs.production, inputs.inventory.length > 0 ? inputs.inventory : null, closed, options.threshold !== undefined ? { threshold: options.threshold } : {});
  const planSheet = planSheetName(frozen.cycle);
  for (const n of adherence.notes) if (n.code !== "flagged") findings.push(noteFinding(n, "adherence"));
  const measures = [adherence.sales, adherence.production, adherence.inventory].filter((m): m is MeasureAdherence => m !== null);
  const flags = new FindingCollector(25);
  for (const m of measures) for (const d of m.flagged) flags.add({ severity: "warning", code: "adherence-flag", role: "adherence", address: planSheet, message: `${d.sentence}: beyond ${formatPct(adherence.threshold)}, for corrective action.` }, planSheet);
  findings.push(...flags.result());

  const summary: AdherenceSummary = {
    cycle,
    frozenCycle: frozen.cycle,
    frozenAt: frozen.frozenAt,
    planSheet,
    basis: frozen.basis,
    periods: adherence.periods,
    threshold: adherence.threshold,
    measures: measures.map((m) => ({
      measure: m.measure,
      label: LABELS[m.measure],
      periods: m.periods,
      plan: m.plan,
      actual: m.actual,
      deviation: m.deviation,
      deviationPct: m.deviationPct,
      adherence: m.adherence,
      flagged: m.flagged.length,
      sentence: m.sentence,
    })),
    flagged: measures.flatMap((m) => m.flagged.map((d) => ({ measure: d.measure, family: d.family, period: d.period, plan: d.plan, actual: d.actual, deviation: d.deviation, deviationPct: d.deviationPct, sentence: d.sentence }))),
    notes: adherence.notes.map((n) => n.message),
  };
  return { summary, adherence, frozen, block: adherenceBlock(adherence, frozen, ""), findings };
}

/** The month key of a period key, for messages (the key itself when it is not a period). */
function periodKeyOfMonth(key: string): string {
  const p = parsePeriodKey(key);
  return p === null ? key : periodKey(monthOfPeriod(p));
}

export { DEFAULT_ADHERENCE_THRESHOLD };
