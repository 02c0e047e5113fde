/**
 * Forecast error over the replenishment lead time (σ_LT), the uncertainty safety stock
 * protects against (DESIGN.md §2 step 3; safety stock = z · σ_LT, Silver, Pyke & Thomas,
 * "Inventory and Production Management in Supply Chains", 4th ed. (2017): σ_L of the
 * forecast errors over the lead time, estimated from measured forecast errors rather than
 * from the variability of demand itself).
 *
 * Definitions, per item with lead time L (whole months ≥ 1), errors e = F − A (DESIGN.md §4),
 * lag = target month − cycle month (accuracy/versions.ts reads the ledger), over the closed
 * months of the window (the `window` months before the cycle that have an actual):
 * 1. snapshots, cumulative (preferred when the ledger allows it): for each past cycle c whose
 *    L following months c+1 … c+L are all closed and all forecast by that cycle, the
 *    cumulative error E_c = Σ_{k=1..L} (F_c(c+k) − A(c+k)); σ_LT = √(mean E_c²). This keeps
 *    the correlation of one cycle's errors (a biased cycle is biased on every month).
 * 2. snapshots, per period: the errors at lag L, e_t = F_{t−L}(t) − A(t); RMSE_L = √(mean e_t²)
 *    and σ_LT = RMSE_L · √L (the L periods' errors taken as independent).
 *    With `auto`, (1) is used when it has at least `minPoints` cycles, else (2) when it has at
 *    least `minPoints` errors; for L = 1 both are the same figure (labelled as lag 1).
 *    The preferred version (default Consensus) is tried first, then every other version of
 *    the ledger in order of first appearance; the version used is recorded per item.
 * 3. statistical forecast: σ_h = the 80 % half-width at lag L (plan period index L, the
 *    cycle being index 0; the last one when the plan is shorter) / z₀.₉ (1.2816), or, without
 *    intervals, the in-sample σ of the one-step errors; σ_LT = σ_h · √L. The half-width is
 *    max(upper − point, point − lower), so a lower bound cut at zero does not shrink it.
 * 4. none: a new item (no history, no snapshots): σ_LT is null.
 * RMSE includes the bias: a persistently biased forecast needs more safety stock.
 *
 * Pure; no I/O. Never throws; never NaN (undefined figures are null).
 */
import { type AccuracyFrame, buildFrame, monthOrdinal } from "../accuracy/frame";
import type { AccuracyIssue } from "../accuracy/types";
import type { SnapshotRow } from "../inputs";
import { type LagSlots, type VersionData, VersionRegistry, ingestSnapshots, lagSlots } from "../accuracy/versions";
import { Z80 } from "../forecast/types";
import type {
  ItemLeadTimeError,
  LeadTimeErrorInput,
  LeadTimeErrorMethod,
  LeadTimeErrorOptions,
  LeadTimeErrorResult,
  LeadTimeErrorSource,
  StatisticalErrorSource,
} from "./types";

/** Defaults of `LeadTimeErrorOptions`. */
export const LEAD_TIME_ERROR_DEFAULTS = { leadTime: 1, version: "Consensus", window: 12, minPoints: 3, method: "auto" as LeadTimeErrorMethod } as const;

/** Longest lead time and window accepted (20 years of months). */
const MAX_MONTHS = 240;

/** A lead time in whole months (rounded up, at least 1), or null when not a positive number. */
export function wholeMonths(leadTime: unknown): number | null {
  if (typeof leadTime !== "number" || !Number.isFinite(leadTime) || leadTime <= 0) return null;
  return Math.min(MAX_MONTHS, Math.max(1, Math.ceil(leadTime - 1e-9)));
}

/** √(mean x²); null for no values. */
function rms(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x * x;
  const v = Math.sqrt(s / xs.length);
  return Number.isFinite(v) ? v : null;
}

/** Errors at lag L of item i over the window (method 2). */
export function lagErrors(frame: AccuracyFrame, cube: readonly Float64Array[], slots: LagSlots, i: number, lag: number): number[] {
  const s = slots.slotOf[lag] ?? -1;
  const f = s >= 0 ? cube[s] : undefined;
  if (f === undefined) return [];
  const W = frame.width;
  const out: number[] = [];
  for (let j = 0; j < W; j++) {
    const a = frame.actual[i * W + j]!;
    const x = f[i * W + j]!;
    if (Number.isFinite(a) && Number.isFinite(x)) out.push(x - a);
  }
  return out;
}

/** Cumulative errors over lags 1..L of item i, one per cycle whose L months are all in the window (method 1). */
export function cumulativeErrors(frame: AccuracyFrame, cube: readonly Float64Array[], slots: LagSlots, i: number, lead: number): number[] {
  const W = frame.width;
  const lags: Float64Array[] = [];
  for (let k = 1; k <= lead; k++) {
    const s = slots.slotOf[k] ?? -1;
    const f = s >= 0 ? cube[s] : undefined;
    if (f === undefined) return [];
    lags.push(f);
  }
  const out: number[] = [];
  // Cycle c = window column c0 (c0 = −1: the month before the window); its targets are c0 + 1 … c0 + L.
  for (let c0 = -1; c0 + lead <= W - 1; c0++) {
    let e = 0;
    let ok = true;
    for (let k = 1; k <= lead && ok; k++) {
      const j = c0 + k;
      const a = frame.actual[i * W + j]!;
      const x = lags[k - 1]![i * W + j]!;
      if (Number.isFinite(a) && Number.isFinite(x)) e += x - a;
      else ok = false;
    }
    if (ok) out.push(e);
  }
  return out;
}

/** σ_LT of one item from one version's cube, per the method; null when too few points. */
function fromSnapshots(
  frame: AccuracyFrame,
  v: VersionData,
  slots: LagSlots,
  i: number,
  item: string,
  lead: number,
  method: LeadTimeErrorMethod,
  minPoints: number,
): ItemLeadTimeError | null {
  if (v.cube.length !== slots.lags.length) return null;
  if (method !== "per-period" && lead > 1) {
    const errs = cumulativeErrors(frame, v.cube, slots, i, lead);
    const sigma = rms(errs);
    if (errs.length >= minPoints && sigma !== null)
      return {
        item,
        leadTime: lead,
        sigmaLT: sigma,
        sigmaPeriod: null,
        source: "snapshots cumulative",
        version: v.name,
        points: errs.length,
        label: `snapshots ${v.name} lags 1–${lead} cumulative, ${errs.length} points`,
      };
    if (method === "cumulative") return null;
  }
  const errs = lagErrors(frame, v.cube, slots, i, lead);
  const rmse = rms(errs);
  if (errs.length < minPoints || rmse === null) return null;
  const sigma = rmse * Math.sqrt(lead);
  if (!Number.isFinite(sigma)) return null;
  return { item, leadTime: lead, sigmaLT: sigma, sigmaPeriod: rmse, source: "snapshots lag", version: v.name, points: errs.length, label: `snapshots ${v.name} lag ${lead}, ${errs.length} points` };
}

/** Finite number at a[i], else NaN. */
const num = (a: ArrayLike<number> | undefined, i: number): number => {
  const v = a?.[i];
  return typeof v === "number" && Number.isFinite(v) ? v : Number.NaN;
};

/** σ_LT of one item from its statistical forecast (method 3); null when it has none. */
export function fromStatistical(s: StatisticalErrorSource, lead: number): ItemLeadTimeError | null {
  if (s.method === "none") return null;
  const points = typeof s.observations === "number" && Number.isFinite(s.observations) && s.observations > 0 ? Math.floor(s.observations) : 0;
  const n = Math.min(s.upper80?.length ?? 0, s.lower80?.length ?? 0);
  if (n > 0) {
    const idx = Math.min(lead, n - 1);
    const up = num(s.upper80, idx);
    const lo = num(s.lower80, idx);
    const p = num(s.point, idx);
    const half = Number.isFinite(p) ? Math.max(up - p, p - lo, 0) : (up - lo) / 2;
    const sigmaH = half / Z80;
    const sigma = sigmaH * Math.sqrt(lead);
    if (Number.isFinite(sigma) && sigma >= 0)
      return {
        item: s.item,
        leadTime: lead,
        sigmaLT: sigma,
        sigmaPeriod: sigmaH,
        source: "statistical interval",
        version: null,
        points,
        label: `statistical forecast (80 % interval at lag ${idx}${idx < lead ? ", end of the plan" : ""}) × √${lead}`,
      };
  }
  const sg = s.sigma;
  if (typeof sg === "number" && Number.isFinite(sg) && sg >= 0)
    return { item: s.item, leadTime: lead, sigmaLT: sg * Math.sqrt(lead), sigmaPeriod: sg, source: "statistical sigma", version: null, points, label: `statistical forecast (in-sample σ) × √${lead}` };
  return null;
}

const intIn = (v: unknown, lo: number, hi: number, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.floor(v))) : fallback);

/** The snapshot ledger measured for lead-time errors (see {@link leadTimeSnapshots}). */
export interface LeadTimeSnapshots {
  readonly cycle: string;
  readonly actuals: LeadTimeErrorInput["actuals"];
  readonly snapshots: readonly SnapshotRow[];
  readonly version: string;
  readonly window: number;
  /** Lags 1 … maxLead are measured. */
  readonly maxLead: number;
  /** Null when the ledger cannot be measured (no rows, the cycle or the actuals not monthly): see the notes. */
  readonly frame: AccuracyFrame | null;
  readonly slots: LagSlots | null;
  /** Versions with usable rows: the preferred one first, then the others in ledger order. */
  readonly candidates: readonly VersionData[];
  readonly notes: readonly string[];
  readonly issues: readonly AccuracyIssue[];
}

/**
 * The snapshot part of {@link leadTimeError}, which needs no forecast: the window's actuals and the
 * ledger's forecasts at lags 1 … `maxLead` per version (`version` preferred, `window` months before
 * the cycle). It can be measured while the items are forecast and handed to `leadTimeError` as
 * `snapshotCubes`, which uses it when its cycle, actuals, ledger, version, window and longest lead
 * time are the run's (and measures its own otherwise). Never throws.
 */
export function leadTimeSnapshots(input: { readonly cycle: string; readonly actuals: LeadTimeErrorInput["actuals"]; readonly snapshots: readonly SnapshotRow[] }, options: { readonly version: string; readonly window: number; readonly maxLead: number }): LeadTimeSnapshots {
  const { cycle, actuals, snapshots } = input;
  const { version, window, maxLead } = options;
  const notes: string[] = [];
  const issues: AccuracyIssue[] = [];
  const cycleOrd = monthOrdinal(cycle);
  let frame: AccuracyFrame | null = null;
  let slots: LagSlots | null = null;
  let candidates: VersionData[] = [];
  if (snapshots.length > 0) {
    if (Number.isNaN(cycleOrd)) notes.push(`The cycle '${cycle}' is not a month (YYYY-MM): the snapshot ledger is not used; σ_LT comes from the statistical forecast.`);
    else if (actuals === null || actuals.kind !== "month" || !actuals.periods.some((p) => !Number.isNaN(monthOrdinal(p))))
      notes.push("No monthly actuals: the snapshot ledger cannot be measured; σ_LT comes from the statistical forecast.");
    else {
      frame = buildFrame(actuals, [], cycleOrd - window, window, issues);
      slots = lagSlots(Array.from({ length: maxLead }, (_, k) => k + 1));
      const registry = new VersionRegistry();
      ingestSnapshots(frame, snapshots, slots, registry, issues);
      const used = registry.list.filter((v) => v.snapshotRows > 0);
      const preferred = registry.find(version);
      candidates = preferred !== undefined && preferred.snapshotRows > 0 ? [preferred, ...used.filter((v) => v !== preferred)] : used;
      if (candidates.length > 0 && candidates[0] !== preferred) notes.push(`The ledger has no ${version} snapshots: ${candidates.map((v) => v.name).join(", ")} measured instead.`);
    }
  }
  return { cycle, actuals, snapshots, version, window, maxLead, frame, slots, candidates, notes, issues };
}

/**
 * σ_LT per item: from the snapshot ledger when it holds enough errors, else from the
 * statistical forecast (see the module comment for the definitions and the order of
 * preference). Records per item the source, the version, the number of points and a label.
 * Never throws: missing or odd input gives the fallback, or σ_LT null with source `none`.
 */
export function leadTimeError(input: LeadTimeErrorInput, options: LeadTimeErrorOptions = {}): LeadTimeErrorResult {
  const notes: string[] = [];
  const issues: AccuracyIssue[] = [];
  const d = LEAD_TIME_ERROR_DEFAULTS;
  const cycle = typeof input?.cycle === "string" ? input.cycle.trim() : "";
  const version = typeof options.version === "string" && options.version.trim() !== "" ? options.version.trim() : d.version;
  const method: LeadTimeErrorMethod = options.method === "cumulative" || options.method === "per-period" ? options.method : "auto";
  const window = intIn(options.window, 1, MAX_MONTHS, d.window);
  const minPoints = intIn(options.minPoints, 1, 1_000_000, d.minPoints);
  let defaultLead = d.leadTime as number;
  if (options.leadTime !== undefined) {
    const l = wholeMonths(options.leadTime);
    if (l === null) notes.push(`Lead time ${String(options.leadTime)} is not a positive number of months: 1 month is used.`);
    else defaultLead = l;
  }
  const leadOf = (item: string): number => {
    const l = options.leadTimes?.get(item);
    return l === undefined ? defaultLead : (wholeMonths(l) ?? defaultLead);
  };

  // Statistical forecasts by item (first one wins) and the items to report.
  const stat = new Map<string, StatisticalErrorSource>();
  for (const s of Array.isArray(input?.statistical) ? input.statistical : []) if (s !== null && typeof s === "object" && !stat.has(s.item)) stat.set(s.item, s);
  const actuals = input?.actuals ?? null;
  let items: string[];
  if (Array.isArray(input?.items)) items = [...new Set(input.items.map(String))];
  else {
    const all = new Set<string>(stat.keys());
    if (actuals !== null && Array.isArray(actuals.keys)) for (const k of actuals.keys) all.add(k);
    items = [...all];
  }

  // The snapshot cubes (accuracy/frame.ts and versions.ts), or the ones measured beforehand for the same lags.
  let maxLead = defaultLead;
  for (const it of items) maxLead = Math.max(maxLead, leadOf(it));
  const given = options.snapshotCubes;
  const cubes =
    given !== undefined && given.cycle === cycle && given.actuals === actuals && given.snapshots === input?.snapshots && given.version === version && given.window === window && given.maxLead === maxLead
      ? given
      : leadTimeSnapshots({ cycle, actuals, snapshots: Array.isArray(input?.snapshots) ? input.snapshots : [] }, { version, window, maxLead });
  const { frame, slots, candidates } = cubes;
  notes.push(...cubes.notes);
  issues.push(...cubes.issues);

  const counts: Record<LeadTimeErrorSource, number> = { "snapshots cumulative": 0, "snapshots lag": 0, "statistical interval": 0, "statistical sigma": 0, none: 0 };
  const out: ItemLeadTimeError[] = [];
  for (const item of items) {
    const lead = leadOf(item);
    let r: ItemLeadTimeError | null = null;
    const i = frame?.itemIndex.get(item);
    if (frame !== null && slots !== null && i !== undefined)
      for (const v of candidates) {
        r = fromSnapshots(frame, v, slots, i, item, lead, method, minPoints);
        if (r !== null) break;
      }
    if (r === null) {
      const s = stat.get(item);
      if (s !== undefined) r = fromStatistical(s, lead);
    }
    if (r === null) r = { item, leadTime: lead, sigmaLT: null, sigmaPeriod: null, source: "none", version: null, points: 0, label: "no forecast error: no snapshot history and no statistical forecast" };
    counts[r.source]++;
    out.push(r);
  }
  if (counts.none > 0) notes.push(`${counts.none} item(s) have no forecast error to measure (new items): no safety stock can be recommended for them.`);
  return { cycle, version, method, windowPeriods: frame?.windowPeriods ?? [], items: out, counts, issues, notes };
}
