/**
 * Demand accuracy of a cycle (DESIGN.md §2 step 2 "Demand review", §4 figures): the one entry
 * point `analyseDemandAccuracy`, which the workbook layer renders into `SOP Accuracy`.
 *
 * Over the `window` closed months before the cycle, at the accuracy lag (default 1):
 * headline accuracy per version (and the naive benchmark) in total, by family, by attribute
 * value and by item, in volume and in value; the lag table; the FVA stairstep naive →
 * statistical → contributors → consensus; the contributor league table; the top error
 * contributors; tracking-signal alerts; items where an override did worse than the
 * statistical forecast; and the data issues found on the way.
 *
 * Where a version's past forecasts come from (`VersionInfo.source`): its archived snapshots;
 * else its current forecast tab (the value the tab holds for a past month, lag unknown);
 * the statistical version, when it has no snapshot, is backtested (`backtest.ts`). Every
 * roll-up is computed from sums (`rollup.ts`). Never throws on odd data: problems are
 * counted in `issues` and explained in `notes`; no figure is NaN (undefined ones are null).
 *
 * Pure; no I/O. The steps live in small modules: frame (indexes), versions (snapshots,
 * tabs, naive), backtest, rollup, metrics, lagAccuracy, fva, alerts.
 */
import { parsePeriodKey } from "../period";
import { topContributors, trackingAlerts } from "./alerts";
import { backtestStatistical } from "./backtest";
import { type AccuracyFrame, type Grouping, buildFrame, buildGrouping, compareNames, monthOrdinal } from "./frame";
import { type Paired, type StepInput, compareLeague, fvaStairsteps, isWorse, leagueEntries, overridesWorse, paired } from "./fva";
import { lagRow, lagSpecs } from "./lagAccuracy";
import { type ErrorSums, figuresOf, ratio, wapeOf } from "./metrics";
import { type ItemSumsPair, itemSums, rollUp, total } from "./rollup";
import type {
  AccuracyIssue,
  AccuracyRow,
  DemandAccuracyInput,
  DemandAccuracyOptions,
  DemandAccuracyResult,
  ForecastSource,
  ItemFlag,
  LagTableRow,
  LeagueEntry,
  OverrideWorse,
  RowLevel,
  StepTiming,
  TrackingAlert,
  VersionAccuracy,
  VersionInfo,
  VersionRole,
} from "./types";
import { type VersionData, VersionRegistry, fillFromTab, ingestSnapshots, lagSlots, naiveCube, tabItemsNotInActuals } from "./versions";

/** Defaults of `DemandAccuracyOptions`. */
export const ACCURACY_DEFAULTS = {
  window: 6,
  lags: [1, 2, 3] as readonly number[],
  leadTimeLag: null as number | null,
  accuracyLag: 1,
  trackingPeriods: 6,
  trackingLimit: 4,
  topN: 20,
  statisticalVersion: "Statistical",
  consensusVersion: "Consensus",
  backtest: true,
  biasLimit: 0.2,
} as const;

/** Largest window and lag accepted (20 years). */
const MAX_MONTHS = 240;

const intIn = (v: number | null | undefined, lo: number, hi: number, fallback: number): number =>
  typeof v === "number" && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.floor(v))) : fallback;

interface Resolved {
  readonly window: number;
  readonly lags: readonly number[];
  readonly leadTimeLag: number | null;
  readonly accuracyLag: number;
  readonly trackingPeriods: number;
  readonly trackingLimit: number;
  readonly topN: number;
  readonly statisticalVersion: string;
  readonly consensusVersion: string;
  readonly backtest: boolean;
  readonly biasLimit: number;
}

function resolveOptions(o: DemandAccuracyOptions): Resolved {
  const d = ACCURACY_DEFAULTS;
  const window = intIn(o.window, 1, MAX_MONTHS, d.window);
  const lags = (Array.isArray(o.lags) ? o.lags : d.lags).filter((k) => Number.isInteger(k) && k >= 0 && k <= MAX_MONTHS);
  const lead = o.leadTimeLag;
  return {
    window,
    lags,
    leadTimeLag: typeof lead === "number" && Number.isInteger(lead) && lead >= 0 && lead <= MAX_MONTHS ? lead : null,
    accuracyLag: intIn(o.accuracyLag, 0, MAX_MONTHS, d.accuracyLag),
    trackingPeriods: Math.min(window, intIn(o.trackingPeriods, 1, MAX_MONTHS, d.trackingPeriods)),
    trackingLimit: typeof o.trackingLimit === "number" && Number.isFinite(o.trackingLimit) && o.trackingLimit >= 0 ? o.trackingLimit : d.trackingLimit,
    topN: intIn(o.topN, 0, 1_000_000, d.topN),
    statisticalVersion: typeof o.statisticalVersion === "string" && o.statisticalVersion.trim() !== "" ? o.statisticalVersion.trim() : d.statisticalVersion,
    consensusVersion: typeof o.consensusVersion === "string" && o.consensusVersion.trim() !== "" ? o.consensusVersion.trim() : d.consensusVersion,
    backtest: o.backtest ?? d.backtest,
    biasLimit: typeof o.biasLimit === "number" && Number.isFinite(o.biasLimit) && o.biasLimit >= 0 ? o.biasLimit : d.biasLimit,
  };
}

/** A percentage for a sentence: 0.1234 → "12.3 %", with a sign when asked. */
function pct(x: number | null, signed = false): string {
  if (x === null) return "n/a";
  const s = (x * 100).toFixed(1);
  return `${signed && x >= 0 ? "+" : ""}${s} %`;
}

/** A version as analysed: its info and its forecasts per lag slot. */
interface Analysed {
  readonly info: VersionInfo;
  readonly data: VersionData | null;
  /** Per lag slot, item × window column (NaN = none). */
  readonly cube: readonly Float64Array[];
}

/** The result for data that cannot be analysed, with the reason in `notes`. */
function emptyResult(cycle: string, r: Resolved, notes: string[], issues: AccuracyIssue[], timings: StepTiming[]): DemandAccuracyResult {
  return {
    cycle,
    windowPeriods: [],
    accuracyLag: r.accuracyLag,
    lags: lagSpecs(r.lags, r.leadTimeLag),
    trackingPeriods: [],
    trackingLimit: r.trackingLimit,
    hasPrices: false,
    familyAttribute: null,
    attributeNames: [],
    versions: [],
    headline: [],
    lagTable: [],
    fva: { total: { level: "total", key: "Total", steps: [] }, families: [] },
    league: [],
    topByVolume: [],
    topByValue: [],
    trackingAlerts: [],
    overridesWorse: [],
    issues,
    notes,
    timings,
  };
}

/** The flags of an unflagged row (shared: rows are read-only). */
const NO_FLAGS: readonly ItemFlag[] = Object.freeze([]);

/** A headline row from sums. */
function row(level: RowLevel, attribute: string | null, key: string, family: string | null, items: number, vol: ErrorSums, val: ErrorSums | undefined, flags: readonly ItemFlag[]): AccuracyRow {
  return {
    level,
    attribute,
    key,
    family,
    items,
    volume: figuresOf(vol),
    value: val === undefined || val.count === 0 ? null : figuresOf(val),
    flags,
  };
}

/** Item → manager from a forecast tab's Manager attribute (first row of an item); null without one. */
function managersOf(frame: AccuracyFrame, data: VersionData | null): Grouping | null {
  const tab = data?.tab ?? null;
  if (tab === null) return null;
  const col = tab.attributeNames.findIndex((n) => n.trim().toLowerCase() === "manager");
  if (col < 0) return null;
  const labels: (string | null)[] = frame.items.map(() => null);
  tab.keys.forEach((k, r) => {
    const i = frame.itemIndex.get(k);
    if (i === undefined || labels[i] !== null) return;
    const m = tab.attributes[r]?.[col];
    labels[i] = m === null || m === undefined || m.trim() === "" ? "(no manager)" : m;
  });
  return buildGrouping("Manager", labels.map((l) => l ?? "(not in the tab)"));
}

/**
 * Demand accuracy of the `window` months before `input.cycle` (see the module comment and
 * `DemandAccuracyResult`). Never throws; returns an empty result with a note when the data
 * cannot be analysed (no actuals, weekly actuals, a cycle that is not a month).
 */
export function analyseDemandAccuracy(input: DemandAccuracyInput, options: DemandAccuracyOptions = {}): DemandAccuracyResult {
  const r = resolveOptions(options);
  const timings: StepTiming[] = [];
  const clock = options.clock;
  let last = clock?.() ?? 0;
  const mark = (step: string): void => {
    if (clock === undefined) return;
    const now = clock();
    timings.push({ step, ms: now - last });
    last = now;
  };
  const notes: string[] = [];
  const issues: AccuracyIssue[] = [];
  const cycle = typeof input.cycle === "string" ? input.cycle.trim() : "";
  const actuals = input.actuals;

  const cp = parsePeriodKey(cycle);
  if (cp === null || cp.kind !== "month") return emptyResult(cycle, r, [`The cycle '${cycle}' is not a month (YYYY-MM): demand accuracy was not measured.`], issues, timings);
  if (actuals === undefined || actuals === null || actuals.keys.length === 0 || actuals.periods.length === 0)
    return emptyResult(cycle, r, ["No actuals: demand accuracy needs the history of actual demand."], issues, timings);
  if (actuals.kind !== "month")
    return emptyResult(cycle, r, ["The actuals are weekly: demand accuracy is measured on months; map monthly actuals (or aggregate the weeks) to measure it."], issues, timings);
  if (!actuals.periods.some((p) => !Number.isNaN(monthOrdinal(p))))
    return emptyResult(cycle, r, ["The actuals have no month column (YYYY-MM): demand accuracy was not measured."], issues, timings);

  // 1. Indexes.
  const windowStart = monthOrdinal(cycle) - r.window;
  const frame = buildFrame(actuals, Array.isArray(input.prices) ? input.prices : [], windowStart, r.window, issues);
  const W = frame.width;
  const missingMonths = frame.windowPeriods.filter((_, j) => {
    for (let i = 0; i < frame.items.length; i++) if (!Number.isNaN(frame.actual[i * W + j]!)) return false;
    return true;
  });
  if (missingMonths.length === W) notes.push(`No actual in the window ${frame.windowPeriods[0]} to ${frame.windowPeriods[W - 1]}: nothing can be measured.`);
  else if (missingMonths.length > 0) notes.push(`No actual for ${missingMonths.join(", ")}: those months are not measured.`);
  const slots = lagSlots([...r.lags, r.accuracyLag, ...(r.leadTimeLag === null ? [] : [r.leadTimeLag])]);
  const accSlot = slots.slotOf[r.accuracyLag]!;
  mark("index");

  // 2. Versions: tabs, then snapshots.
  const registry = new VersionRegistry();
  let tabUnknown = 0;
  const forecasts = input.forecasts instanceof Map ? input.forecasts : new Map<string, never>();
  for (const [name, tab] of forecasts) {
    if (typeof name !== "string" || name.trim() === "" || tab === undefined || tab === null) continue;
    if (tab.kind !== "month") {
      notes.push(`The forecast tab '${name}' is weekly: accuracy is measured on months, so the tab is not used.`);
      continue;
    }
    const v = registry.get(name);
    if (v.tab === null) v.tab = tab;
    tabUnknown += tabItemsNotInActuals(frame, tab);
  }
  if (tabUnknown > 0)
    issues.push({
      kind: "forecast-item-not-in-actuals",
      severity: "info",
      count: tabUnknown,
      message: `${tabUnknown} forecast item(s) are not in the actuals; they cannot be measured.`,
      examples: [],
    });
  ingestSnapshots(frame, Array.isArray(input.snapshots) ? input.snapshots : [], slots, registry, issues);
  mark("snapshots");

  // 3. Sources: snapshots, else the tab; the statistical version is backtested when it has no snapshot.
  const statKey = r.statisticalVersion.toLowerCase();
  const consKey = r.consensusVersion.toLowerCase();
  const roleOf = (name: string): VersionRole => {
    const k = name.trim().toLowerCase();
    return k === statKey ? "statistical" : k === consKey ? "consensus" : "contributor";
  };
  for (const v of registry.list) {
    if (v.snapshotRows > 0) continue;
    if (roleOf(v.name) === "statistical" && r.backtest) continue;
    if (v.tab !== null) {
      fillFromTab(frame, v, slots);
      notes.push(`${v.name}: no snapshot rows, so its accuracy uses the values its current forecast tab holds for past months (the lag of those values is unknown; not in the lag table).`);
    }
  }
  const existingStat = registry.find(r.statisticalVersion);
  if (r.backtest && (existingStat === undefined || existingStat.snapshotRows === 0)) {
    const bt = backtestStatistical(frame, slots);
    const stat = existingStat ?? (bt.fits > 0 ? registry.get(r.statisticalVersion) : undefined);
    if (stat !== undefined && bt.fits > 0) {
      stat.cube = bt.cube;
      stat.source = "backtest";
      notes.push(`${stat.name}: no snapshot rows, so the statistical engine was backtested (${bt.fits} fits: each past cycle's forecast refitted on the actuals known then).`);
    } else if (stat !== undefined && stat.tab !== null) {
      fillFromTab(frame, stat, slots);
      notes.push(`${stat.name}: no snapshot rows and too little history to backtest, so its current forecast tab is used for past months.`);
    }
  }
  mark("backtest");

  // The versions analysed, in stairstep order; the naive benchmark first.
  const nanCube = slots.lags.map(() => new Float64Array(frame.items.length * W).fill(Number.NaN));
  const usable = registry.list.filter((v) => v.source !== "none");
  for (const v of registry.list) if (v.source === "none") notes.push(`${v.name}: no usable forecast (no valid snapshot rows and no monthly forecast tab); not measured.`);
  const byName = (a: VersionData, b: VersionData): number => compareNames(a.name, b.name);
  const statV = usable.filter((v) => roleOf(v.name) === "statistical");
  const contribV = usable.filter((v) => roleOf(v.name) === "contributor").sort(byName);
  const consV = usable.filter((v) => roleOf(v.name) === "consensus");
  const naiveName = registry.find("Naive") === undefined ? "Naive" : "Naive (last actual)";
  const analysed: Analysed[] = [
    {
      info: { name: naiveName, role: "naive", source: "actuals", snapshotRows: 0, hasForecastTab: false },
      data: null,
      cube: naiveCube(frame, slots),
    },
    ...[...statV, ...contribV, ...consV].map(
      (v): Analysed => ({
        info: { name: v.name, role: roleOf(v.name), source: v.source, snapshotRows: v.snapshotRows, hasForecastTab: v.tab !== null },
        data: v,
        cube: v.cube.length === slots.lags.length ? v.cube : nanCube,
      }),
    ),
  ];
  if (analysed.length === 1) notes.push("No forecast version (no forecast tab, no snapshot): only the naive benchmark is measured.");
  if (statV.length === 0 && analysed.length > 1)
    notes.push(`No statistical forecast ('${r.statisticalVersion}'): the FVA stairstep starts at naive and the league table has no FVA against statistical.`);
  const naive = analysed[0]!;
  const stat = analysed.find((a) => a.info.role === "statistical") ?? null;
  const atLag = (a: Analysed): Float64Array => a.cube[accSlot]!;

  // 4. Headline sums, comparisons, tracking.
  const sums = new Map<Analysed, ItemSumsPair>();
  for (const a of analysed) sums.set(a, itemSums(frame, atLag(a)));
  const vsStat = new Map<Analysed, Paired>();
  const vsNaive = new Map<Analysed, Paired>();
  for (const a of analysed) {
    if (a === naive) continue;
    vsNaive.set(a, paired(frame, atLag(naive), atLag(a)));
    if (stat !== null && a !== stat) vsStat.set(a, paired(frame, atLag(stat), atLag(a)));
  }
  const trackingFrom = W - r.trackingPeriods;
  const alerts: TrackingAlert[] = [];
  const alertOf = new Map<Analysed, Map<string, TrackingAlert>>();
  for (const a of analysed) {
    if (a === naive) continue;
    const list = trackingAlerts(frame, a.info.name, atLag(a), trackingFrom, r.trackingLimit);
    for (const x of list) alerts.push(x); // no spread: lists can be longer than the argument limit
    alertOf.set(a, new Map(list.map((x) => [x.item, x])));
  }
  alerts.sort((x, y) => Math.abs(y.trackingSignal) - Math.abs(x.trackingSignal) || (x.item < y.item ? -1 : x.item > y.item ? 1 : 0));
  mark("headline sums");

  // 5. Headline rows.
  const fam = frame.family;
  const headline: VersionAccuracy[] = analysed.map((a) => {
    const s = sums.get(a)!;
    const t = total(s.volume);
    const tv = total(s.value);
    const famVol = rollUp(s.volume, fam.groupOf, fam.keys.length);
    const famVal = rollUp(s.value, fam.groupOf, fam.keys.length);
    const families: AccuracyRow[] = [];
    fam.keys.forEach((k, g) => {
      if (famVol.sums.count(g) > 0) families.push(row("family", null, k, null, famVol.items[g]!, famVol.sums.at(g), famVal.sums.at(g), NO_FLAGS));
    });
    const attributes: AccuracyRow[] = [];
    for (const at of frame.attributes) {
      const gv = rollUp(s.volume, at.groupOf, at.keys.length);
      const gw = rollUp(s.value, at.groupOf, at.keys.length);
      at.keys.forEach((k, g) => {
        if (gv.sums.count(g) > 0) attributes.push(row("attribute", at.name, k, null, gv.items[g]!, gv.sums.at(g), gw.sums.at(g), NO_FLAGS));
      });
    }
    const st = vsStat.get(a);
    const nv = vsNaive.get(a);
    const al = alertOf.get(a);
    const items: AccuracyRow[] = [];
    for (let i = 0; i < frame.items.length; i++) {
      if (s.volume.count(i) === 0) continue;
      const v = s.volume.at(i);
      let flags: ItemFlag[] | null = null;
      const flag = (f: ItemFlag): void => {
        (flags ??= []).push(f);
      };
      const bias = ratio(v.error, v.actual);
      if (bias !== null && bias > r.biasLimit) flag({ code: "bias-over", text: `bias ${pct(bias, true)}: over +${pct(r.biasLimit)}` });
      if (bias !== null && bias < -r.biasLimit) flag({ code: "bias-under", text: `bias ${pct(bias, true)}: under −${pct(r.biasLimit)}` });
      const sr = st === undefined || st.ref.count(i) === 0 ? undefined : st.ref.at(i);
      const sv = st?.version.at(i);
      if (sr !== undefined && sv !== undefined && isWorse(sr, sv))
        flag({ code: "worse-than-statistical", text: `override worse than statistical (WAPE ${pct(wapeOf(sv))} vs ${pct(wapeOf(sr))})` });
      const nr = nv === undefined || nv.ref.count(i) === 0 ? undefined : nv.ref.at(i);
      const nvv = nv?.version.at(i);
      if (nr !== undefined && nvv !== undefined && isWorse(nr, nvv))
        flag({ code: "worse-than-naive", text: `worse than naive (WAPE ${pct(wapeOf(nvv))} vs ${pct(wapeOf(nr))})` });
      const alert = al?.get(frame.items[i]!);
      if (alert !== undefined)
        flag({ code: "tracking-signal", text: `tracking signal ${alert.trackingSignal >= 0 ? "+" : ""}${alert.trackingSignal.toFixed(1)} (${alert.direction})` });
      items.push(row("item", null, frame.items[i]!, fam.keys[fam.groupOf[i]!]!, 1, v, s.value.at(i), flags ?? NO_FLAGS));
    }
    return {
      version: a.info.name,
      role: a.info.role,
      source: a.info.source,
      lag: r.accuracyLag,
      total: row("total", null, "Total", null, t.items, t.sums, tv.items > 0 ? tv.sums : undefined, NO_FLAGS),
      families,
      attributes,
      items,
    };
  });
  mark("headline rows");

  // 6. Lag table (versions whose lag is known: naive, snapshots, backtest).
  const specs = lagSpecs(r.lags, r.leadTimeLag);
  const lagTable: LagTableRow[] = [];
  const lagSources: readonly ForecastSource[] = ["actuals", "snapshots", "backtest"];
  for (const a of analysed) {
    if (!lagSources.includes(a.info.source)) continue;
    for (const spec of specs) {
      const slot = slots.slotOf[spec.lag]!;
      lagTable.push(lagRow(frame, { version: a.info.name, role: a.info.role, source: a.info.source, spec, forecasts: a.cube[slot]! }));
    }
  }
  mark("lag table");

  // 7. FVA stairstep.
  const chain: StepInput[] = analysed.map((a) => ({ version: a.info.name, role: a.info.role, source: a.info.source, forecasts: atLag(a) }));
  const fva = fvaStairsteps(frame, chain);
  mark("fva");

  // 8. League, overrides, top errors.
  const league: LeagueEntry[] = [];
  const worse: OverrideWorse[] = [];
  for (const a of analysed) {
    if (a.info.role === "contributor") {
      const entries = leagueEntries({
        version: a.info.name,
        own: sums.get(a)!.volume,
        vsStatistical: vsStat.get(a) ?? null,
        vsNaive: vsNaive.get(a)!,
        managers: managersOf(frame, a.data),
      });
      for (const e of entries) league.push(e);
    }
    const st = vsStat.get(a);
    if (st !== undefined && (a.info.role === "contributor" || a.info.role === "consensus")) for (const o of overridesWorse(frame, a.info.name, a.info.role, st)) worse.push(o);
  }
  league.sort(compareLeague);
  worse.sort((x, y) => y.extraError - x.extraError || (x.item < y.item ? -1 : x.item > y.item ? 1 : 0));
  const topInputs = analysed
    .filter((a) => a !== naive)
    .map((a) => ({ version: a.info.name, sums: sums.get(a)!, totalAbsError: total(sums.get(a)!.volume).sums.absError }));
  const topByVolume = topContributors(frame, topInputs, r.topN, "volume");
  const topByValue = frame.hasPrices ? topContributors(frame, topInputs, r.topN, "value") : [];
  mark("league and lists");

  return {
    cycle,
    windowPeriods: frame.windowPeriods,
    accuracyLag: r.accuracyLag,
    lags: specs,
    trackingPeriods: frame.windowPeriods.slice(trackingFrom),
    trackingLimit: r.trackingLimit,
    hasPrices: frame.hasPrices,
    familyAttribute: frame.familyAttribute,
    attributeNames: frame.attributes.map((g) => g.name),
    versions: analysed.map((a) => a.info),
    headline,
    lagTable,
    fva,
    league,
    topByVolume,
    topByValue,
    trackingAlerts: alerts,
    overridesWorse: worse,
    issues,
    notes,
    timings,
  };
}
