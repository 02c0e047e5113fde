/**
 * One run of the monthly cycle over a host: choose the mapping, read every input in
 * one batch, validate, compute the steps that exist, render the output sheets, and
 * write them all at once — or, when a blocking error is found, write nothing.
 *
 * Used by the CLI and the task pane alike. Depends on the host interface only.
 */
import { clampHorizon, isCycleId, resolveCycle } from "../engine/cycle";
import { type PlanningInputs, type SeriesTable, type SnapshotRow, sameSeriesTable } from "../engine/inputs";
import type { StatisticalForecast } from "../engine/demand/types";
import { addPeriods, parsePeriodKey, periodKey } from "../engine/period";
import { DATA_CHECK_SHEET, type RoleOrigin, renderDataCheck } from "./dataCheckSheet";
import type { Finding } from "./findings";
import { type Grid, cellAddress } from "./grid";
import type { Progress, ReadResult, WorkbookHost, WriteResult } from "./host";
import { type Mapping, type RangeSource, type RoleBinding, type RunParameters, type Settings, baseRole, sourceLabel } from "./mapping";
import { type ActualsParses, type RoleSummary, mappingSources, readActuals, readInputs } from "./readInputs";
import { type MappingProposal, actualsSheetByName, proposalSources, proposeMapping } from "./roleProposal";
import type { SheetSpec } from "./sheetSpec";
import { isSourceError } from "./host";
import { SNAPSHOT_SHEET, parseSnapshotSheet } from "./snapshotSheet";
import { type DemandStepOptions, type DemandSummary, demandAccuracy, demandFigures, demandSheets, mergeSnapshots } from "./demandStep";
import { type LockReport, lockStep } from "./lockStep";
import { type SupplySummary, constrainedPlan, supplyGroundwork, supplyLeadTimeSnapshots, supplyStep } from "./supplyStep";
import type { LeadTimeSnapshots } from "../engine/inventory/leadTimeError";
import { renderAccuracySheet } from "./accuracySheet";
import { financeStep } from "./financeStep";
import { type ScenarioContext, type ScenarioDemand, type ScenarioInputs, type ScenarioStepResult, scenarioStep } from "./scenarioStep";
import type { LpSolver, SupplyPlan } from "../engine/supply/types";
import { formatPct, formatUnits } from "../engine/textFormat";
import { DECISIONS_SHEET, decisionStep } from "./decisionStep";
import { AGENDA_SHEET, buildAgenda, cycleHealth, decisionViews, followUpText, renderAgendaSheet } from "./agendaSheet";
import type { CycleHistoryEntry, MeetingSummary } from "./meetingSummary";
import { type AdherenceSummary, type FreezeSummary, adherenceStep, freezeStep } from "./executionStep";
import { recentPlanSheets } from "./planSheet";
import { type DashboardReview, buildDashboardData, dashboardReview, renderDashboard } from "./dashboardSheet";
import { type ScenarioSummary, summariseScenarios } from "./scenarioSummary";

export type MappingOrigin = "explicit" | "saved" | "proposed";

export interface RunOptions {
  /** A mapping given by the user (CLI `--map`, the pane's edits): wins over saved and proposed. */
  readonly mapping?: Mapping;
  readonly parameters?: RunParameters;
  readonly progress?: Progress;
  /** Validate only: never write (the CLI's `check`). */
  readonly checkOnly?: boolean;
  /** Clock for the run's timestamp (tests). */
  readonly now?: () => Date;
  /**
   * Lock the cycle instead of writing the output sheets: append every version's forecast to
   * `SOP Snapshots` (refused when the cycle is already locked, unless `force`).
   */
  readonly lock?: { readonly force?: boolean };
  /**
   * The LP solver for the constrained supply plan (HiGHS, loaded by the caller: `src/solver`);
   * without one the supply review shows capacity and inventory but no constrained plan.
   */
  readonly solver?: LpSolver | null;
  /**
   * Makes the statistical forecast elsewhere (worker threads: the CLI's pool), with the same
   * result as `statisticalForecast`; without one the forecast is made in line. With one, the
   * actuals are read in a batch of their own and the forecast starts on them at once, while the
   * other ranges are read (`prepareRun`'s `onActualsRead`): meant for file hosts, where a batch
   * costs no round trip.
   */
  readonly executor?: StatisticalExecutor;
}

/**
 * Makes the statistical forecast of a cycle elsewhere (in worker threads), with the same result
 * as `statisticalForecast`: `start` sets the other threads to work at once and returns; the
 * caller does other work, then `finish` lends its own thread and gives the forecast.
 */
export interface StatisticalExecutor {
  start(actuals: SeriesTable, cycle: string, horizon: number, onProgress?: (done: number, total: number) => void): StatisticalJob;
  /**
   * Run the scenario step elsewhere, with the same result as `scenarioStep` on this thread's
   * solver: `finish` gives it, or null when it could not be run there (then it runs here).
   */
  scenarios?(inputs: ScenarioInputs, demand: ScenarioDemand, ctx: ScenarioContext): ScenarioJobHandle;
}

/** The scenario step started elsewhere by a {@link StatisticalExecutor}. */
export interface ScenarioJobHandle {
  /**
   * The baseline's constrained plan (the same consensus, inputs, settings and solver as the supply
   * review's) as soon as it is solved there, or null when it was not: then the supply review solves its own.
   */
  baseline?(): Promise<SupplyPlan | null>;
  /** The scenario step's result, or null when it could not be run there (then it runs here). */
  finish(): Promise<ScenarioStepResult | null>;
}

/** A statistical forecast started by a {@link StatisticalExecutor}. */
export interface StatisticalJob {
  /** Lend this thread, wait for the others and give the forecast. */
  finish(): Promise<StatisticalForecast>;
  /** Give the forecast up (the run does not need it after all): the other threads stop soon. */
  cancel?(): void;
  /**
   * True while the other threads still have items to forecast (the caller's other work costs the
   * forecast nothing); false once every item is taken. Without it, the caller assumes true.
   */
  busy?(): boolean;
}

/** What the steps ask their driver: to start the scenarios elsewhere (answer: started or not), or for their result. */
type StepRequest =
  | { readonly kind: "start scenarios"; readonly inputs: ScenarioInputs; readonly demand: ScenarioDemand; readonly ctx: ScenarioContext }
  | { readonly kind: "baseline plan" }
  | { readonly kind: "scenario result" };

/** The driver's answer to a `StepRequest`. */
type StepReply = boolean | ScenarioStepResult | { readonly baseline: SupplyPlan } | null;

/** Timing of one phase of the run, in milliseconds. */
export interface StepTiming {
  readonly step: string;
  readonly ms: number;
}

export interface RunReport {
  readonly mapping: Mapping;
  readonly mappingOrigin: MappingOrigin;
  /** The proposal, when the mapping was proposed (confidence and reasons per range). */
  readonly proposal: MappingProposal | null;
  readonly findings: readonly Finding[];
  readonly summaries: readonly RoleSummary[];
  /** True when a blocking error stopped the run: nothing was written. */
  readonly blocked: boolean;
  readonly cycle: string;
  readonly horizon: number;
  readonly lastActual: string | null;
  readonly inputs: PlanningInputs | null;
  /** Sheets rendered (written unless `checkOnly` or blocked). */
  readonly sheets: readonly SheetSpec[];
  readonly written: WriteResult | null;
  readonly timings: readonly StepTiming[];
  /** The demand review at a glance (null when blocked or no actuals). */
  readonly demand: DemandSummary | null;
  /** The supply review at a glance (null when blocked, checking or locking). */
  readonly supply: SupplySummary | null;
  /** What a lock did (null when the run did not lock). */
  readonly lock: LockReport | null;
  /** The scenarios at a glance (null when none ran). */
  readonly scenarios: ScenarioSummary | null;
  /** What the lock froze (`SOP Plan <cycle>`, `SOP MPS`); null when the run did not lock or the lock was refused. */
  readonly freeze: FreezeSummary | null;
  /** Sales / production / inventory against the last frozen plan (null when there is none to compare). */
  readonly adherence: AdherenceSummary | null;
  /** Decisions, agenda, follow-up and process review (null when blocked, checking or locking). */
  readonly meeting: MeetingSummary | null;
}

/** A problem that stops the run before validation (a bad parameter): shown as a sentence. */
export class RunError extends Error {}

/** What the read phase gathers from the host: everything the compute phase needs. Structured-cloneable. */
export interface PreparedRun {
  readonly workbook: string;
  readonly mapping: Mapping;
  readonly mappingOrigin: MappingOrigin;
  readonly proposal: MappingProposal | null;
  readonly saved: Settings | null;
  /** One result per source of `mappingSources(mapping)`, in order. */
  readonly reads: readonly ReadResult[];
  /** The add-in's own `SOP Snapshots` ledger from earlier locks (read in the same batch), or null. */
  readonly ledger: Grid | null;
  /** The previous `SOP Decisions` (what people typed is kept by id), read in the same batch, or null. */
  readonly decisions?: Grid | null;
  /** The most recent frozen plans (`SOP Plan <cycle>`), for adherence; newest first. */
  readonly plans?: readonly Grid[];
  /** Names of the sheets the add-in owns (a frozen plan is never written twice). */
  readonly ownedSheets?: readonly string[];
  /**
   * Named drivers for scenario formulas: the workbook's single-cell defined names with a number
   * (`growth` → `Scenarios!$J$2`), read in the same batch when a `scenarios` role is mapped.
   */
  readonly drivers?: readonly Driver[];
  readonly timings: readonly StepTiming[];
}

/** A named driver of scenario formulas. */
export interface Driver {
  readonly name: string;
  /** The number in the named cell; null when it holds no number. */
  readonly value: number | null;
  /** `Scenarios!J2`. */
  readonly address: string;
}

/** Defined names that can be drivers: single cells, at most this many. */
const MAX_DRIVER_NAMES = 200;

/** What the compute phase produces: the report and the sheets and settings to write. Structured-cloneable. */
export interface ComputedRun {
  readonly report: Omit<RunReport, "written">;
  /** Settings to save with the sheets (null when blocked). */
  readonly settings: Settings | null;
}

function checkParameters(params: RunParameters): void {
  if (params.consensusRule !== undefined && params.consensusRule !== "replace" && params.consensusRule !== "weighted") {
    throw new RunError(`The consensus rule must be 'replace' or 'weighted' (got '${String(params.consensusRule)}').`);
  }
  if (params.cycle !== undefined && !isCycleId(params.cycle)) throw new RunError(`The cycle '${params.cycle}' is not a month in the form YYYY-MM (for example 2026-11).`);
  if (params.horizon !== undefined && (!Number.isInteger(params.horizon) || params.horizon < 12 || params.horizon > 24)) {
    throw new RunError(`The horizon must be a whole number of months from 12 to 24 (got ${params.horizon}).`);
  }
}

function stopwatch(): { lap: (step: string) => void; timings: StepTiming[] } {
  const timings: StepTiming[] = [];
  let t0 = Date.now();
  return {
    timings,
    lap: (step) => {
      const t = Date.now();
      timings.push({ step, ms: t - t0 });
      t0 = t;
    },
  };
}

/** The actuals' ranges as soon as they are read (see {@link PrepareOptions.onActualsRead}). */
export interface ActualsRead {
  readonly mapping: Mapping;
  /** One result per actuals range of the mapping, in `mappingSources` order. */
  readonly reads: readonly ReadResult[];
  readonly saved: Settings | null;
}

/** Options of the read phase. */
export interface PrepareOptions extends Pick<RunOptions, "mapping" | "parameters" | "progress"> {
  /**
   * Called with the actuals' ranges as soon as they are read, before the other ranges: the caller
   * may start on them (the CLI's forecast, on the other core, while this thread reads the rest).
   * When given, the actuals are read in a batch of their own, first: before the workbook is
   * described when the mapping is given or saved, right after the proposal otherwise. Give it only
   * for hosts whose batches cost nothing (files), never for Excel, where each batch is a round trip.
   */
  readonly onActualsRead?: (read: ActualsRead) => void;
}

/**
 * Read phase (host side): sheets, saved settings, the mapping (given, saved or proposed from
 * head rows) and every mapped range, in at most two batched reads (three with `onActualsRead`).
 */
export async function prepareRun(host: WorkbookHost, options: PrepareOptions = {}): Promise<PreparedRun> {
  checkParameters(options.parameters ?? {});
  const progress = options.progress ?? ((): void => undefined);
  const { lap, timings } = stopwatch();
  progress(0.02, "Reading the workbook's sheets and tables");
  const onActualsRead = options.onActualsRead;
  // With `onActualsRead` and a given or saved mapping, the actuals are read before the workbook is described.
  let info = onActualsRead === undefined ? await host.describe() : null;
  const saved = await host.readSettings();
  /** The actuals' reads, by their index in `mappingSources(mapping)`, when read ahead of the rest. */
  const ahead = new Map<number, ReadResult>();
  const readActualsAhead = async (m: Mapping): Promise<void> => {
    if (onActualsRead === undefined) return;
    const at: number[] = [];
    const flat = mappingSources(m);
    flat.forEach((f, i) => {
      if (baseRole(f.binding.role) === "actuals") at.push(i);
    });
    if (at.length === 0) return;
    progress(0.06, "Reading the actuals");
    const got = await host.read(at.map((i) => flat[i]!.source));
    at.forEach((i, k) => ahead.set(i, got[k]!));
    onActualsRead({ mapping: m, reads: got, saved });
  };

  let mapping: Mapping;
  let origin: MappingOrigin;
  let proposal: MappingProposal | null = null;
  if (options.mapping) {
    mapping = options.mapping;
    origin = "explicit";
    await readActualsAhead(mapping);
  } else if (saved?.mapping && saved.mapping.roles.length > 0) {
    mapping = saved.mapping;
    origin = "saved";
    await readActualsAhead(mapping);
  } else {
    // Proposed from the head rows of every sheet, once the workbook is described. Before that, the
    // actuals are read ahead from the sheet whose name says history, when one does (a guess: kept
    // only when the proposal maps the actuals to that sheet alone).
    const guess = onActualsRead !== undefined && host.listSheets !== undefined ? actualsSheetByName(await host.listSheets()) : null;
    const guessed: RoleBinding | null = guess === null ? null : { role: "actuals", sources: [{ sheet: guess }], layout: "auto" };
    if (guessed !== null) await readActualsAhead({ roles: [guessed] });
    progress(0.05, "Proposing a mapping from sheet names and headers");
    info ??= await host.describe();
    lap("describe");
    const sources = proposalSources(info);
    const heads = await host.read(sources);
    const ok: { source: RangeSource; grid: Grid }[] = [];
    heads.forEach((h, i) => {
      if (!isSourceError(h)) ok.push({ source: sources[i]!, grid: h });
    });
    proposal = proposeMapping(info, ok);
    mapping = proposal.mapping;
    origin = "proposed";
    lap("propose");
    const actualsBindings = mapping.roles.filter((b) => baseRole(b.role) === "actuals");
    const kept = guessed !== null && ahead.size > 0 && actualsBindings.length === 1 && JSON.stringify(actualsBindings[0]) === JSON.stringify(guessed);
    if (kept) {
      // The guess was right: its read is the proposal's actuals range (a whole sheet: one source).
      const read = ahead.get(0)!;
      ahead.clear();
      ahead.set(mappingSources(mapping).findIndex((f) => f.binding === actualsBindings[0]), read);
    } else {
      ahead.clear();
      await readActualsAhead(mapping);
    }
  }
  info ??= await host.describe();
  if (origin !== "proposed") lap("describe");

  progress(0.1, "Reading the mapped ranges");
  const sources = mappingSources(mapping).map((f) => f.source);
  // The ledger of earlier locks rides in the same batch (no extra round trip).
  const ledgerSheet = info.sheets.find((s) => s.owned && s.name.toLowerCase() === SNAPSHOT_SHEET.toLowerCase());
  const decisionsSheet = info.sheets.find((s) => s.owned && s.name.toLowerCase() === DECISIONS_SHEET.toLowerCase());
  // Frozen plans of earlier locks: in the workbook (Excel) or in the companion (files, via the settings).
  const ownedSheets = [...new Set([...info.sheets.filter((s) => s.owned).map((s) => s.name), ...(saved?.ownedSheets ?? [])])];
  const planNames = recentPlanSheets(ownedSheets, options.parameters?.cycle);
  // Scenario drivers (single-cell defined names) ride in the same batch too.
  const driverNames = mapping.roles.some((b) => b.role === "scenarios") ? info.names.filter((n) => /^\$?[A-Z]{1,3}\$?\d+$/i.test(n.range)).slice(0, MAX_DRIVER_NAMES) : [];
  // Plans in the workbook itself (Excel) ride in the batch; a companion's are read from it below.
  const inBatchPlans = planNames.filter((n) => info.sheets.some((s) => s.owned && s.name === n));
  const extra: RangeSource[] = [
    ...(ledgerSheet ? [{ sheet: ledgerSheet.name }] : []),
    ...(decisionsSheet ? [{ sheet: decisionsSheet.name }] : []),
    ...inBatchPlans.map((n) => ({ sheet: n })),
    ...driverNames.map((n) => ({ sheet: n.sheet, range: n.range.replace(/\$/g, "") })),
  ];
  // The actuals read ahead are not read again: the batch holds the other sources, in order.
  const batch = await host.read([...sources.filter((_, i) => !ahead.has(i)), ...extra], (f, label) => progress(0.1 + 0.5 * f, label));
  const all: ReadResult[] = [];
  let next = 0;
  for (let i = 0; i < sources.length; i++) all.push(ahead.get(i) ?? batch[next++]!);
  for (; next < batch.length; next++) all.push(batch[next]!);
  const reads = all.slice(0, sources.length);
  const ledgerRead = ledgerSheet ? all[sources.length] : undefined;
  const decisionsRead = decisionsSheet ? all[sources.length + (ledgerSheet ? 1 : 0)] : undefined;
  const plansAt = sources.length + (ledgerSheet ? 1 : 0) + (decisionsSheet ? 1 : 0);
  const driversAt = plansAt + inBatchPlans.length;
  const drivers: Driver[] = driverNames.map((n, i) => {
    const g = all[driversAt + i];
    const v = g && !isSourceError(g) ? g.values[0]?.[0] : null;
    return { name: n.name, value: typeof v === "number" && Number.isFinite(v) ? v : null, address: `${n.sheet}!${n.range.replace(/\$/g, "")}` };
  });
  // A companion workbook (file hosts) keeps the ledger outside the planner's sheets.
  const ledger = ledgerRead !== undefined ? (isSourceError(ledgerRead) ? null : ledgerRead) : await host.readOwnedSheet(SNAPSHOT_SHEET);
  const decisions = decisionsRead !== undefined ? (isSourceError(decisionsRead) ? null : decisionsRead) : await host.readOwnedSheet(DECISIONS_SHEET);
  const plans: Grid[] = [];
  for (const name of planNames) {
    const i = inBatchPlans.indexOf(name);
    const r = i >= 0 ? all[plansAt + i] : await host.readOwnedSheet(name);
    if (r && !isSourceError(r)) plans.push(r);
  }
  lap("read");
  return { workbook: host.label, mapping, mappingOrigin: origin, proposal, saved, reads, ledger, decisions, plans, ownedSheets, drivers, timings };
}

/** Options of the compute phase. */
type ComputeOptions = Pick<RunOptions, "parameters" | "progress" | "now" | "lock" | "checkOnly" | "solver">;

/** What the compute phase knows after validating, before the steps run. */
interface Validated {
  readonly params: RunParameters;
  readonly progress: Progress;
  readonly lap: (step: string) => void;
  readonly timings: StepTiming[];
  readonly checked: ReturnType<typeof readInputs>;
  readonly cycle: string;
  readonly lastActual: string | null;
  readonly horizon: number;
  readonly origins: RoleOrigin[];
  readonly runAt: string;
  readonly findings: Finding[];
  readonly ledger: { readonly rows: SnapshotRow[] };
  readonly refuseLock: boolean;
}

/** Without a given cycle, the actuals decide it: they may run to next month at the latest (time zones), not beyond. */
function latestActuals(params: RunParameters, runDate: Date): { readonly latestActualMonth?: string } {
  return params.cycle === undefined ? { latestActualMonth: periodKey(addPeriods({ kind: "month", year: runDate.getUTCFullYear(), num: runDate.getUTCMonth() + 1 }, 1)) } : {};
}

/** Validate the inputs, resolve the cycle and read the add-in's ledger (the compute phase up to the steps). */
function validateRun(prepared: PreparedRun, options: ComputeOptions, onActuals?: (actuals: SeriesTable, cycle: string, horizon: number) => void, actualsParses?: ActualsParses): Validated {
  const params = options.parameters ?? {};
  checkParameters(params);
  const progress = options.progress ?? ((): void => undefined);
  const now = options.now ?? ((): Date => new Date());
  const { lap, timings } = stopwatch();
  const { mapping, mappingOrigin: origin, proposal, saved } = prepared;

  progress(0.65, "Checking the data");
  const horizon = clampHorizon(params.horizon ?? saved?.parameters?.horizon);
  const runDate = now();
  const latest = latestActuals(params, runDate);
  // The actuals as soon as they are parsed (the cycle is theirs): the forecast may start while the other roles are checked.
  const early = onActuals !== undefined ? { onActuals: (a: SeriesTable): void => onActuals(a, resolveCycle(a, params.cycle).cycle, horizon) } : {};
  const checked = readInputs(mapping, prepared.reads, { ...early, ...latest, ...(actualsParses ? { actualsParses } : {}) });
  lap("validate");

  const inputs = checked.inputs;
  const { cycle, lastActual } = inputs ? resolveCycle(inputs.actuals, params.cycle) : { cycle: params.cycle ?? "", lastActual: null };

  const origins: RoleOrigin[] = mapping.roles.map((b) => {
    if (origin === "proposed" && proposal) {
      const ps = proposal.proposals.filter((p) => p.role === b.role);
      const conf = ps.length > 0 ? Math.min(...ps.map((p) => p.confidence)) : 0;
      return { role: b.role, origin: `proposed (${Math.round(conf * 100)} %)`, reason: ps.map((p) => `${sourceLabel(p.source)}: ${p.reason}`).join(" | ") };
    }
    return { role: b.role, origin: origin === "explicit" ? "mapping given" : "saved settings", reason: b.sources.map(sourceLabel).join("; ") };
  });

  const runAt = runDate.toISOString();
  const findings: Finding[] = [...checked.findings];
  const ledger = prepared.ledger ? parseSnapshotSheet(prepared.ledger) : { rows: [], findings: [] };
  // The add-in's own ledger, damaged by hand (a column deleted): a run goes on without it, but a
  // lock, which rewrites the whole ledger, would lose the rows it cannot read, so it is refused.
  const ledgerDamaged = ledger.findings.some((f) => f.severity === "error" && f.code !== "range-empty");
  const refuseLock = options.lock !== undefined && ledgerDamaged;
  for (const f of ledger.findings) findings.push(f.severity === "error" && !refuseLock ? { ...f, severity: "warning" } : f);
  if (ledgerDamaged && prepared.ledger) {
    findings.push({
      severity: refuseLock ? "error" : "warning",
      code: "snapshot-not-used",
      role: "snapshots",
      address: cellAddress(prepared.ledger.sheet, prepared.ledger.top, prepared.ledger.left),
      message: refuseLock
        ? `${SNAPSHOT_SHEET} could not be read: the lock, which rewrites the whole ledger, is refused so that no archived forecast is lost. Restore its columns (Cycle, Version, Item, Period, Quantity) and lock again.`
        : `${SNAPSHOT_SHEET} could not be read: lag accuracy is measured without it, and a lock is refused until it is repaired.`,
    });
  }
  return { params, progress, lap, timings, checked, cycle, lastActual, horizon, origins, runAt, findings, ledger, refuseLock };
}

/** True when the run forecasts every item (the demand review runs). */
function forecasts(v: Validated, options: ComputeOptions): boolean {
  const c = parsePeriodKey(v.cycle);
  return v.checked.inputs !== null && v.cycle !== "" && options.checkOnly !== true && !v.refuseLock && c !== null && c.kind === "month";
}

/**
 * Compute phase (pure; runs in a Web Worker in the pane): validate, resolve the cycle, run
 * the steps that exist and render the output sheets. Nothing is read or written here.
 */
export function computeRun(prepared: PreparedRun, options: ComputeOptions = {}): ComputedRun {
  const steps = runSteps(prepared, options, validateRun(prepared, options), undefined);
  // Everything on this thread: the scenarios are not started elsewhere.
  let r = steps.next(false);
  while (r.done !== true) r = steps.next(r.value.kind === "start scenarios" ? false : null);
  return r.value;
}

/** A statistical forecast started before validation, with what it was started on. */
export interface StartedForecast {
  readonly actuals: SeriesTable;
  readonly cycle: string;
  readonly horizon: number;
  readonly job: StatisticalJob;
  /** The parses of the actuals' ranges it was started on (validation takes them for the same ranges). */
  readonly parses?: ActualsParses;
}

/** The progress of a forecast made by an executor, as the compute phase reports it. */
function forecastProgress(options: Pick<ComputeOptions, "progress">): (done: number, total: number) => void {
  const progress = options.progress ?? ((): void => undefined);
  return (done, total) => progress(0.66 + 0.12 * 0.6 * (done / Math.max(1, total)), `Forecasting item ${done} of ${total}`);
}

/**
 * Start the statistical forecast on the actuals as soon as they are read, before the other
 * ranges are read and anything is validated (`prepareRun`'s `onActualsRead`): the actuals are
 * parsed alone, the cycle resolved and the horizon chosen as the compute phase will. Nothing is
 * started when they do not parse without an error or the cycle is not a month; the compute phase
 * uses the forecast only when it validates the same actuals, cycle and horizon (else gives it up).
 */
export function startForecastOnRead(read: ActualsRead, options: ComputeOptions, executor: StatisticalExecutor): StartedForecast | null {
  if (options.checkOnly === true) return null;
  const params = options.parameters ?? {};
  const runDate = (options.now ?? ((): Date => new Date()))();
  const parses: ActualsParses = { entries: [] };
  const actuals = readActuals(read.mapping, read.reads, { ...latestActuals(params, runDate), actualsParses: parses });
  if (actuals === null) return null;
  const { cycle } = resolveCycle(actuals, params.cycle);
  const c = parsePeriodKey(cycle);
  if (c === null || c.kind !== "month") return null;
  const horizon = clampHorizon(params.horizon ?? read.saved?.parameters?.horizon);
  return { actuals, cycle, horizon, job: executor.start(actuals, cycle, horizon, forecastProgress(options)), parses };
}

/**
 * The compute phase with the statistical forecast made by `executor` (worker threads: the
 * CLI's pool); the same result as {@link computeRun}. `started`: a forecast started in the read
 * phase ({@link startForecastOnRead}), used when validation gives the same actuals, cycle and
 * horizon, given up otherwise.
 */
export async function computeRunWith(prepared: PreparedRun, options: ComputeOptions, executor: StatisticalExecutor, started: StartedForecast | null = null): Promise<ComputedRun> {
  const onProgress = forecastProgress(options);
  // The other threads start forecasting as soon as the actuals are parsed, while this one checks the other roles
  // (unless they started on the same actuals when they were read).
  const early: { started: StartedForecast | null } = { started };
  const startEarly = (actuals: SeriesTable, cycle: string, horizon: number): void => {
    const c = parsePeriodKey(cycle);
    if (options.checkOnly === true || c === null || c.kind !== "month") return;
    const s = early.started;
    if (s !== null && s.cycle === cycle && s.horizon === horizon && sameSeriesTable(s.actuals, actuals)) {
      early.started = { ...s, actuals }; // the same figures: its forecast is this one's
      return;
    }
    s?.job.cancel?.();
    early.started = { actuals, cycle, horizon, job: executor.start(actuals, cycle, horizon, onProgress) };
  };
  // The actuals' ranges parsed when the forecast was started are not parsed again.
  const v = validateRun(prepared, options, startEarly, started?.parses);
  const inputs = v.checked.inputs;
  const going = early.started;
  let made: Made | undefined;
  const usable = going !== null && inputs !== null && going.actuals === inputs.actuals && going.cycle === v.cycle && going.horizon === v.horizon;
  if (going !== null && (!usable || !forecasts(v, options))) going.job.cancel?.();
  if (inputs !== null && forecasts(v, options)) {
    const job = usable ? going.job : executor.start(inputs.actuals, v.cycle, v.horizon, onProgress);
    // While the other threads forecast, what does not need the forecast: the accuracy of the versions
    // and, for a run, its sheet, the ledger's lead-time errors and the dashboard's business review and trend.
    const snapshots = mergeSnapshots(inputs.snapshots, v.ledger.rows);
    const accuracy = demandAccuracy(inputs, v.cycle, snapshots);
    // The rest only while the other threads still have items to forecast: once they have none, the
    // consensus (and with it the scenarios on the other thread) goes first, and the steps make these in their place.
    const meanwhile = (): boolean => options.lock === undefined && job.busy?.() !== false;
    const accuracySheet = meanwhile() ? renderAccuracySheet({ workbook: prepared.workbook, runAt: v.runAt, result: accuracy }) : undefined;
    const leadTimeSnapshots = meanwhile() ? supplyLeadTimeSnapshots(inputs, v.cycle, snapshots) : undefined;
    const review = meanwhile() ? dashboardReview(inputs, snapshots, v.cycle, accuracy.accuracyLag) : undefined;
    const statistical = await job.finish();
    made = { statistical, snapshots, accuracy, ...(accuracySheet ? { accuracySheet } : {}), ...(leadTimeSnapshots ? { leadTimeSnapshots } : {}), ...(review ? { review } : {}) };
  }
  // The scenarios run elsewhere while the supply review and the financials run here.
  const steps = runSteps(prepared, options, v, made);
  let scenarioJob: ScenarioJobHandle | null = null;
  let r = steps.next(false);
  while (r.done !== true) {
    const request = r.value;
    let reply: StepReply = null;
    if (request.kind === "start scenarios") {
      scenarioJob = executor.scenarios?.(request.inputs, request.demand, request.ctx) ?? null;
      reply = scenarioJob !== null;
    } else if (request.kind === "baseline plan") {
      const plan = scenarioJob?.baseline !== undefined ? await scenarioJob.baseline() : null;
      reply = plan !== null ? { baseline: plan } : null;
    } else reply = scenarioJob !== null ? await scenarioJob.finish() : null;
    r = steps.next(reply);
  }
  return r.value;
}

/**
 * What a run computed while the items were forecast elsewhere (see {@link computeRunWith}): the
 * steps use it instead of computing it again.
 */
interface Made extends Pick<DemandStepOptions, "statistical" | "snapshots" | "accuracy" | "accuracySheet"> {
  readonly leadTimeSnapshots?: LeadTimeSnapshots;
  readonly review?: DashboardReview;
}

/**
 * The steps of the compute phase after validation (see {@link computeRun}). A generator: it
 * asks its driver whether the scenarios start elsewhere (as soon as the consensus is built),
 * then for the baseline's plan solved there, and later for their result.
 */
function* runSteps(prepared: PreparedRun, options: ComputeOptions, v: Validated, made: Made | undefined): Generator<StepRequest, ComputedRun, StepReply> {
  const { params, progress, lap, timings, checked, cycle, lastActual, horizon, origins, runAt, findings, ledger, refuseLock } = v;
  const { mapping, mappingOrigin: origin, proposal, saved } = prepared;
  const inputs = checked.inputs;

  let demand: DemandSummary | null = null;
  let lock: LockReport | null = null;
  let supply: SupplySummary | null = null;
  let scenarios: ScenarioSummary | null = null;
  let meeting: MeetingSummary | null = null;
  let historyEntry: CycleHistoryEntry | null = null;
  let freeze: FreezeSummary | null = null;
  let adherence: AdherenceSummary | null = null;
  const stepSheets: SheetSpec[] = [];
  // A check validates only: the demand review (forecasting every item) waits for a run or a lock.
  if (inputs !== null && cycle !== "" && options.checkOnly !== true && !refuseLock) {
    const consensusRule = params.consensusRule ?? saved?.parameters?.consensusRule ?? "replace";
    const { leadTimeSnapshots, review: madeReview, ...madeDemand } = made ?? {};
    const demandOptions: DemandStepOptions = { cycle, horizon, consensusRule, ledger: ledger.rows, runAt, workbook: prepared.workbook, progress: (f, label) => progress(0.66 + 0.12 * f, label), withSheets: options.lock === undefined, ...madeDemand };
    const figures = demandFigures(inputs, demandOptions);
    // The scenarios (a run, not a lock) start elsewhere as soon as the consensus is there, while this thread writes the demand sheets.
    const supplySettings = { ...(saved?.parameters?.supply ?? {}), ...(params.supply ?? {}) };
    const scenarioCtx: ScenarioContext = { cycle, runAt, workbook: prepared.workbook, settings: supplySettings, drivers: prepared.drivers ?? [], addresses: checked.scenarioAddresses };
    const offload = figures.ok && options.lock === undefined && inputs.scenarios.length > 0 && inputs.capacity !== null && (options.solver ?? null) !== null;
    const started = offload ? yield { kind: "start scenarios", inputs, demand: figures.consensus, ctx: scenarioCtx } : false;
    const d = figures.ok ? demandSheets(inputs, figures, demandOptions) : figures.result;
    findings.push(...d.findings);
    demand = d.summary;
    lap("demand");
    if (options.lock !== undefined) {
      const l = lockStep(cycle, d.versionsToLock, ledger.rows, options.lock.force === true);
      lock = l.report;
      if (l.sheet) {
        stepSheets.push(l.sheet);
        // Freeze the approved plan (the constrained plan, else the consensus) and write the MPS:
        // the plan alone, not the rest of the supply review (its sheets are not written at a lock).
        if (d.statistical && d.consensus) {
          progress(0.78, "Solving the constrained supply plan");
          const s = constrainedPlan(inputs, d.consensus, { solver: options.solver ?? null, settings: supplySettings });
          const fz = freezeStep(inputs, d.consensus, s.plan, { cycle, runAt, workbook: prepared.workbook, planNote: s.planNote, existingSheets: prepared.ownedSheets ?? [], weekly: params.mpsWeekly === true });
          findings.push(...fz.findings);
          stepSheets.push(...fz.sheets);
          freeze = fz.summary;
        }
      }
      lap("lock");
    } else {
      stepSheets.push(...d.sheets);
      if (d.statistical && d.consensus) {
        const supplyOptions = {
          cycle,
          runAt,
          workbook: prepared.workbook,
          solver: options.solver ?? null,
          settings: supplySettings,
          snapshots: d.snapshots,
          progress: (f: number, label: string): void => progress(0.78 + 0.02 * f, label),
          ...(leadTimeSnapshots ? { leadTimeSnapshots } : {}),
        };
        // The baseline's plan, when the scenarios' thread solves it: the same plan, not solved twice.
        // Meanwhile this thread does what needs no plan (capacity, lead-time errors, safety stocks).
        const groundwork = started === true ? supplyGroundwork(inputs, d.statistical, d.consensus, { ...supplyOptions, progress: (f, label) => progress(0.78 + 0.01 * f, label) }) : undefined;
        const given = started === true ? yield { kind: "baseline plan" } : null;
        const s = supplyStep(inputs, d.statistical, d.consensus, {
          ...supplyOptions,
          ...(given !== null && typeof given === "object" && "baseline" in given ? { plan: given.baseline } : {}),
          ...(groundwork ? { groundwork } : {}),
        });
        findings.push(...s.findings);
        supply = s.summary;
        stepSheets.push(...s.sheets);
        lap("supply");
        const f = financeStep(inputs, d.consensus, s.plan, { cycle, runAt, workbook: prepared.workbook });
        findings.push(...f.findings);
        stepSheets.push(f.sheet);
        lap("financials");
        const elsewhere = started === true ? yield { kind: "scenario result" } : null;
        const sc = typeof elsewhere === "object" && elsewhere !== null && !("baseline" in elsewhere) ? elsewhere : scenarioStep(inputs, d.consensus, { ...scenarioCtx, solver: options.solver ?? null, baselinePlan: s.plan });
        findings.push(...sc.findings);
        if (sc.sheet) stepSheets.push(sc.sheet);
        if (sc.comparison) scenarios = summariseScenarios(sc.comparison);
        lap("scenarios");

        // Execution review: actuals against the last frozen plan.
        const ad = adherenceStep(inputs, prepared.plans ?? [], cycle, lastActual);
        findings.push(...ad.findings);
        adherence = ad.summary;

        // Pre-S&OP decisions and the executive meeting's agenda.
        const dec = decisionStep({
          cycle,
          runAt,
          workbook: prepared.workbook,
          capacity: s.capacity,
          plan: s.plan,
          financials: f.financials,
          gap: f.gap,
          accuracy: d.accuracy,
          scenarios: sc.comparison,
          supply: s.summary,
          previous: prepared.decisions ?? null,
        });
        findings.push(...dec.findings);
        stepSheets.push(dec.sheet);
        const views = decisionViews(dec.log, dec.rowOf);
        const history = (saved?.history ?? []).filter((h) => h.cycle !== cycle);
        const lockedCycles = new Set(ledger.rows.map((r) => r.cycle));
        const ran = new Map<string, string>([
          ["Data check", "ran"],
          ["Demand review", "ran"],
          ["Supply review", "ran"],
          ["Financials", "ran"],
          ["Scenarios", sc.comparison ? "ran" : inputs.scenarios.length === 0 ? "not run: no scenarios mapped" : "not run: no solver or capacity"],
          ["Decisions", "ran"],
        ]);
        const health = cycleHealth({ runAt, findings, ran, locked: lockedCycles.has(cycle), cycle });
        const activeViews = views.filter((v) => v.state === "Active");
        const dashData = buildDashboardData({
          cycle,
          runAt,
          workbook: prepared.workbook,
          inputs,
          ...(madeReview ? { review: madeReview } : {}),
          demand: d,
          supply: s,
          finance: f,
          scenarios: sc.comparison,
          decisions: {
            open: dec.log.counts.open,
            overdue: dec.log.counts.overdue,
            items: activeViews.map((v) => ({ id: v.id, topic: v.topic, owner: v.owner, due: v.due, status: v.overdue ? `${v.status} (overdue)` : v.status })),
          },
          ...(ad.summary
            ? {
                adherence: {
                  rows: [
                    ...ad.summary.measures.map((m) => ({ measure: m.label, family: "All families", planned: m.plan, actual: m.actual, deviation: m.deviation, deviationPct: m.deviationPct, flagged: false, sentence: m.sentence })),
                    ...ad.summary.flagged.map((x) => ({ measure: `${x.measure} ${x.period}`, family: x.family, planned: x.plan, actual: x.actual, deviation: x.deviation, deviationPct: x.deviationPct, flagged: true, sentence: x.sentence })),
                  ],
                },
              }
            : {}),
        });
        const dashboard = renderDashboard(dashData);
        const rv = dashData.review;
        const reviewLines: string[] = [];
        if (rv && rv.period !== null && rv.total.plan !== null) {
          reviewLines.push(`Business review ${rv.period}: actual ${formatUnits(rv.total.actual)} units vs plan ${formatUnits(rv.total.plan)} (${rv.total.deviationPct === null ? "—" : formatPct(rv.total.deviationPct, true)}; ${rv.plan.text})`);
        }
        if (ad.summary) for (const m of ad.summary.measures) reviewLines.push(m.sentence);
        const agenda = buildAgenda({
          cycle,
          runAt,
          workbook: prepared.workbook,
          demand,
          supply,
          gap: f.gap,
          scenarios: sc.comparison,
          decisions: dec.log,
          decisionRows: dec.rowOf,
          consensus: d.consensus,
          snapshots: d.snapshots,
          findings,
          history,
          hasDashboard: true,
          reviewLines,
        });
        stepSheets.push(dashboard);
        stepSheets.push(renderAgendaSheet({ cycle, runAt, workbook: prepared.workbook }, agenda, health, history, views.filter((v) => v.overdue)));
        const count = (sev: string): number => findings.filter((x) => x.severity === sev).length;
        historyEntry = {
          cycle,
          runAt,
          findings: { errors: count("error"), warnings: count("warning"), notes: count("info") },
          decisions: { active: dec.log.counts.active, open: dec.log.counts.open, overdue: dec.log.counts.overdue },
          locked: lockedCycles.has(cycle),
        };
        meeting = {
          cycle,
          decisionsSheet: DECISIONS_SHEET,
          agendaSheet: AGENDA_SHEET,
          counts: dec.log.counts,
          decisions: views,
          agenda,
          followUp: followUpText(cycle, dec.log.rows, runAt.slice(0, 10)),
          health,
        };
        lap("decisions");
      }
    }
  }

  const sheets: SheetSpec[] = (options.lock !== undefined
    ? stepSheets
    : [renderDataCheck({ workbook: prepared.workbook, cycle, horizon, lastActual, runAt, summaries: checked.summaries, origins, findings }), ...stepSheets]
  ).map(clipTexts);
  lap("render");

  const blocked = inputs === null || refuseLock;
  const settings: Settings | null = blocked
    ? null
    : {
        version: 1,
        mapping,
        parameters: {
          horizon,
          ...(params.cycle ? { cycle: params.cycle } : {}),
          ...((params.consensusRule ?? saved?.parameters?.consensusRule) ? { consensusRule: params.consensusRule ?? saved?.parameters?.consensusRule } : {}),
          ...(params.supply || saved?.parameters?.supply ? { supply: { ...(saved?.parameters?.supply ?? {}), ...(params.supply ?? {}) } } : {}),
        },
        lastRun: runAt,
        ...(historyEntry || saved?.history ? { history: [...(saved?.history ?? []).filter((h) => h.cycle !== historyEntry?.cycle), ...(historyEntry ? [historyEntry] : [])].sort((a, b) => a.cycle.localeCompare(b.cycle)).slice(-24) } : {}),
      };
  return {
    report: {
      mapping,
      mappingOrigin: origin,
      proposal,
      findings,
      summaries: checked.summaries,
      blocked,
      cycle,
      horizon,
      lastActual,
      inputs,
      sheets,
      timings: [...prepared.timings, ...timings],
      demand,
      supply,
      lock,
      scenarios,
      meeting,
      freeze,
      adherence,
    },
    settings,
  };
}

/** Excel's limit on the characters of one cell. */
const MAX_CELL_TEXT = 32767;

/**
 * A sheet whose texts all fit a cell: a sentence that quotes the planner's text (a header row of
 * 30,000-character cells) is shortened with an ellipsis, since Excel refuses the whole write.
 */
function clipTexts(sheet: SheetSpec): SheetSpec {
  const long = (c: unknown): c is string => typeof c === "string" && c.length > MAX_CELL_TEXT;
  if (!sheet.rows.some((r) => r.some(long))) return sheet;
  const clip = (t: string): string => {
    let cut = t.slice(0, MAX_CELL_TEXT - 1);
    if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never split a surrogate pair
    return `${cut}…`;
  };
  return { ...sheet, rows: sheet.rows.map((r) => (r.some(long) ? r.map((c) => (long(c) ? clip(c) : c)) : r)) };
}

/** Write phase (host side): all sheets and the settings at once; nothing when blocked. */
export async function commitRun(host: WorkbookHost, computed: ComputedRun, progress?: Progress): Promise<WriteResult | null> {
  if (computed.report.blocked || computed.settings === null) return null;
  if (computed.report.sheets.length === 0) return null; // a refused lock writes nothing
  const p = progress ?? ((): void => undefined);
  p(0.8, "Writing the output sheets");
  return host.write(computed.report.sheets, computed.settings, (f, label) => p(0.8 + 0.2 * f, label));
}

/** Run the cycle (or only check it) on a host: read, compute, write. */
export async function runCycle(host: WorkbookHost, options: RunOptions = {}): Promise<RunReport> {
  const progress = options.progress ?? ((): void => undefined);
  const executor = options.executor;
  // With an executor (the CLI's threads, over files), the forecast starts as soon as the actuals are read.
  let started: StartedForecast | null = null;
  // Called again when the actuals read on a guess are not the proposal's: the first start is given up.
  const onActualsRead =
    executor !== undefined && options.checkOnly !== true
      ? (read: ActualsRead): void => {
          (started as StartedForecast | null)?.job.cancel?.();
          started = startForecastOnRead(read, options, executor);
        }
      : undefined;
  let prepared: PreparedRun;
  try {
    prepared = await prepareRun(host, { ...options, ...(onActualsRead ? { onActualsRead } : {}) });
  } catch (e) {
    (started as StartedForecast | null)?.job.cancel?.();
    throw e;
  }
  const computed = executor ? await computeRunWith(prepared, options, executor, started) : computeRun(prepared, options);
  const t = Date.now();
  const written = options.checkOnly ? null : await commitRun(host, computed, progress);
  const timings = written ? [...computed.report.timings, { step: "write", ms: Date.now() - t }] : computed.report.timings;
  progress(1, computed.report.blocked ? "Stopped: blocking errors in the data" : "Done");
  return { ...computed.report, timings, written };
}

export { DATA_CHECK_SHEET };
