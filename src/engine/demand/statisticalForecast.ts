/**
 * The statistical (unconstrained) forecast of a cycle (DESIGN.md §2 step 2, §5): one
 * forecast per item of the actuals over the plan periods, with its method, reason, holdout
 * error, 80 % / 95 % intervals and flags, and the totals per family.
 *
 * Definitions:
 * - plan periods: the cycle's month, the month after, …, `horizon` months;
 * - history of an item: its actuals for the months strictly before the cycle (weekly actuals
 *   summed into months, `series.ts`; several rows of one item summed), starting at its first
 *   value: the blanks before a launch are dropped. Blanks after that, and months between the
 *   table's last column and the cycle, are missing values that the forecasting engine fills
 *   (linear interpolation, the last value carried). Actuals for the cycle or later are ignored;
 * - flags: `new item` (no actual value before the cycle: no statistical forecast, zeros),
 *   `short history` (fewer than 12 actual values), `discontinued?` (the last 6 months of the
 *   actuals table before the cycle all zero, blank or negative (returns), after a positive value earlier; months
 *   beyond the table's last column do not count, they are missing data, not zero sales);
 * - family totals: Σ of the items' points; the family's 80 % (95 %) interval is
 *   point ± √(Σ half-width²), which assumes the items' forecast errors are independent (with
 *   positively correlated errors the true interval is wider). An item's half-width is the
 *   larger side of its interval (the lower side may be clipped at 0). The family's lower
 *   bound is clipped at 0 when no item's interval goes below 0.
 *
 * Pure; no I/O. Never NaN in the output.
 */
import { forecast, type MethodName } from "../forecast/index";
import { classifyDemand } from "../forecast/intermittent";
import { isSeasonal, seasonalIndices, stableSeasonalityTest } from "../forecast/seasonality";
import type { SeriesTable } from "../inputs";
import { addPeriods, parsePeriodKey, periodKey, periodOrdinal } from "../period";
import { itemRows, monthlyTable, sumRows } from "./series";
import type { FamilyStatForecast, ItemStatForecast, StatFlag, StatisticalForecast } from "./types";

/** Seasonal period of monthly data. */
const MONTHLY_PERIOD = 12;
/** Fewer actual values than this: `short history`. */
const SHORT_HISTORY = 12;
/** Trailing months all zero or blank after earlier sales: `discontinued?`. */
const DISCONTINUED_MONTHS = 6;
/** Progress is reported every this many items. */
const PROGRESS_EVERY = 100;

/** Options of `statisticalForecast`. */
export interface StatisticalForecastOptions {
  /** Forecasting method for every item (default "auto": chosen per series, with a holdout error). */
  readonly method?: MethodName;
  /** Borrow the family's seasonality for items too short or noisy for their own (default true; `auto` only). */
  readonly familySeasonality?: boolean;
  /** Called every ~100 items and at the end with (items done, items in all). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Running sums of a family's forecast. */
interface FamilyAcc {
  readonly family: string;
  items: number;
  readonly point: Float64Array;
  readonly var80: Float64Array;
  readonly var95: Float64Array;
  nonNegative: boolean;
}

const finite = (a: ArrayLike<number>, h: number): Float64Array => {
  const out = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    const v = a[i];
    out[i] = v !== undefined && Number.isFinite(v) ? v : 0;
  }
  return out;
};

function newAcc(family: string, h: number): FamilyAcc {
  return { family, items: 0, point: new Float64Array(h), var80: new Float64Array(h), var95: new Float64Array(h), nonNegative: true };
}

function addToAcc(acc: FamilyAcc, f: ItemStatForecast): void {
  acc.items++;
  for (let i = 0; i < acc.point.length; i++) {
    const p = f.point[i]!;
    acc.point[i]! += p;
    const w80 = Math.max(f.upper80[i]! - p, p - f.lower80[i]!, 0);
    const w95 = Math.max(f.upper95[i]! - p, p - f.lower95[i]!, 0);
    acc.var80[i]! += w80 * w80;
    acc.var95[i]! += w95 * w95;
    if (f.lower95[i]! < 0 || f.lower80[i]! < 0 || p < 0) acc.nonNegative = false;
  }
}

function closeAcc(acc: FamilyAcc): FamilyStatForecast {
  const h = acc.point.length;
  const band = (v: Float64Array, sign: 1 | -1): Float64Array => {
    const out = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      const b = acc.point[i]! + sign * Math.sqrt(v[i]!);
      out[i] = Number.isFinite(b) ? (sign < 0 && acc.nonNegative ? Math.max(0, b) : b) : acc.point[i]!;
    }
    return out;
  };
  return {
    family: acc.family,
    items: acc.items,
    point: finite(acc.point, h),
    lower80: band(acc.var80, -1),
    upper80: band(acc.var80, 1),
    lower95: band(acc.var95, -1),
    upper95: band(acc.var95, 1),
  };
}

/**
 * What every item's forecast of a cycle shares: the plan periods, the history window, the rows
 * of each item and the families' seasonality. Built once (`prepareStatistical`); each item is
 * then forecast on its own (`forecastStatisticalItem`), which lets the items be split across
 * threads with the same results, and the items are rolled up in order (`assembleStatistical`).
 */
export interface StatisticalContext {
  readonly cycle: string;
  readonly periods: readonly string[];
  readonly horizon: number;
  readonly method: MethodName;
  readonly table: SeriesTable;
  readonly groups: ReturnType<typeof itemRows>;
  /** Window positions of the table's columns (months before the cycle). */
  readonly columns: readonly { readonly col: number; readonly pos: number }[];
  readonly windowLength: number;
  /** Position in the window of the last month the table holds (−1 when none). */
  readonly dataEnd: number;
  readonly familySeason: ReadonlyMap<string, FamilySeason>;
  /** Number of items. */
  readonly items: number;
}

/** The shared part of the statistical forecast of `actuals` for `cycle` (see {@link statisticalForecast}). */
export function prepareStatistical(actuals: SeriesTable, cycle: string, horizon: number, options: Omit<StatisticalForecastOptions, "onProgress"> = {}): StatisticalContext {
  const cycleP = parsePeriodKey(cycle);
  const cycleMonth = cycleP !== null && cycleP.kind === "month" ? cycleP : null;
  const h = cycleMonth !== null && Number.isFinite(horizon) && horizon > 0 ? Math.floor(horizon) : 0;
  const periods = cycleMonth === null ? [] : Array.from({ length: h }, (_, i) => periodKey(addPeriods(cycleMonth, i)));
  const method = options.method ?? "auto";

  // The history window: from the table's first month to the month before the cycle.
  const table = monthlyTable(actuals);
  const ordinals = table.periods.map((k) => {
    const p = parsePeriodKey(k);
    return p !== null && p.kind === "month" ? periodOrdinal(p) : Number.NaN;
  });
  let firstOrd = Infinity;
  let lastOrd = -Infinity;
  for (const o of ordinals) {
    if (Number.isNaN(o)) continue;
    firstOrd = Math.min(firstOrd, o);
    lastOrd = Math.max(lastOrd, o);
  }
  const cycleOrd = cycleMonth !== null ? periodOrdinal(cycleMonth) : lastOrd + 1;
  const windowLength = Number.isFinite(firstOrd) ? Math.max(0, cycleOrd - firstOrd) : 0;
  const dataEnd = Math.min(windowLength, Number.isFinite(lastOrd) ? lastOrd - firstOrd + 1 : 0) - 1;
  const columns: { col: number; pos: number }[] = [];
  ordinals.forEach((o, col) => {
    const pos = o - firstOrd;
    if (pos >= 0 && pos < windowLength) columns.push({ col, pos });
  });
  const groups = itemRows(table);
  // Family seasonality: the sum of a family's items over the window, tested for seasonal strength.
  const familySeason = method === "auto" && options.familySeasonality !== false ? familySeasonality(table, groups, columns, windowLength) : new Map<string, FamilySeason>();
  return { cycle, periods, horizon: h, method, table, groups, columns, windowLength, dataEnd, familySeason, items: groups.items.length };
}

/** Scratch row of {@link forecastStatisticalItem} (grown as needed; never escapes). */
let spanScratch = new Float64Array(64);

/** The statistical forecast of item `k` of the context (its index in `ctx.groups`). */
export function forecastStatisticalItem(ctx: StatisticalContext, k: number): ItemStatForecast {
  const { table, groups, columns, windowLength, dataEnd, method } = ctx;
  const h = ctx.horizon;
  const rows = groups.rows[k]!;
  if (spanScratch.length < windowLength) spanScratch = new Float64Array(Math.max(windowLength, 2 * spanScratch.length));
  const span = spanScratch.subarray(0, windowLength);
  span.fill(Number.NaN);
  for (const { col, pos } of columns) span[pos] = sumRows(table, rows, col);
  let start = 0;
  while (start < windowLength && !Number.isFinite(span[start]!)) start++;
  const history = span.slice(start);
  let observations = 0;
  for (const v of history) if (Number.isFinite(v)) observations++;

  const flags: StatFlag[] = [];
  const base = { item: groups.items[k]!, family: groups.families[k]!, historyLength: history.length, observations };
  if (observations === 0) {
    flags.push("new item");
    const zeros = (): Float64Array => new Float64Array(h);
    return {
      ...base,
      historyLength: 0,
      method: "none",
      reason: "new item: no history, no statistical forecast",
      params: {},
      holdout: null,
      point: zeros(),
      lower80: zeros(),
      upper80: zeros(),
      lower95: zeros(),
      upper95: zeros(),
      flags,
    };
  }
  if (observations < SHORT_HISTORY) flags.push("short history");
  if (isDiscontinued(span, start, dataEnd)) flags.push("discontinued?");
  const fs = ctx.familySeason.get(groups.families[k]!);
  const own = history.length >= 3 * MONTHLY_PERIOD && history.every((v) => v > 0) && isSeasonal(history, MONTHLY_PERIOD);
  const intermittent = (() => {
    const c = classifyDemand(history.filter((v) => Number.isFinite(v)));
    return c.demandClass === "intermittent" || c.demandClass === "lumpy";
  })();
  const useFamily = fs !== undefined && !own && !intermittent && observations >= FAMILY_SEASON_MIN_OBSERVATIONS;
  const r = forecast(history, {
    period: MONTHLY_PERIOD,
    horizon: h,
    method,
    ...(useFamily
      ? { seasonalIndices: fs.indices, seasonStart: (fs.start + start) % MONTHLY_PERIOD, seasonalSource: `seasonality of its family ${groups.families[k]!} (F-test p ${fs.pValue < 0.001 ? "< 0.001" : `= ${fs.pValue.toFixed(3)}`})` }
      : {}),
  });
  const holdout = r.holdout && Number.isFinite(r.holdout.smape) && Number.isFinite(r.holdout.mase) ? { ...r.holdout } : null;
  return {
    ...base,
    method: r.method,
    reason: r.reason,
    params: r.params,
    holdout,
    point: finite(r.point, h),
    lower80: finite(r.lower80, h),
    upper80: finite(r.upper80, h),
    lower95: finite(r.lower95, h),
    upper95: finite(r.upper95, h),
    flags,
  };
}

/** The statistical forecast from the items' forecasts (in the context's item order): families and total rolled up in that order. */
export function assembleStatistical(ctx: StatisticalContext, items: readonly ItemStatForecast[]): StatisticalForecast {
  const h = ctx.horizon;
  const accs = new Map<string, FamilyAcc>();
  const total = newAcc("(total)", h);
  const byMethod: Record<string, number> = {};
  let newItems = 0;
  let shortHistory = 0;
  let discontinued = 0;
  for (const f of items) {
    if (f.method === "none") newItems++;
    else {
      if (f.flags.includes("short history")) shortHistory++;
      if (f.flags.includes("discontinued?")) discontinued++;
    }
    byMethod[f.method] = (byMethod[f.method] ?? 0) + 1;
    let acc = accs.get(f.family);
    if (acc === undefined) {
      acc = newAcc(f.family, h);
      accs.set(f.family, acc);
    }
    addToAcc(acc, f);
    addToAcc(total, f);
  }
  return {
    cycle: ctx.cycle,
    periods: ctx.periods,
    items,
    families: [...accs.values()].map(closeAcc),
    total: closeAcc(total),
    counts: { newItems, shortHistory, discontinued, byMethod },
  };
}

/**
 * Statistical forecast of every item of `actuals` for the `horizon` months from `cycle`
 * (`YYYY-MM`), with family totals (intervals by root-sum-square: items assumed independent).
 * An invalid cycle or a non-positive horizon gives no plan periods (empty arrays). Never
 * throws (except what `onProgress` throws); never NaN.
 */
export function statisticalForecast(
  actuals: SeriesTable,
  cycle: string,
  horizon: number,
  options: StatisticalForecastOptions = {},
): StatisticalForecast {
  const ctx = prepareStatistical(actuals, cycle, horizon, options);
  const n = ctx.items;
  const items: ItemStatForecast[] = [];
  for (let k = 0; k < n; k++) {
    items.push(forecastStatisticalItem(ctx, k));
    if ((k + 1) % PROGRESS_EVERY === 0 && k + 1 < n) options.onProgress?.(k + 1, n);
  }
  options.onProgress?.(n, n);
  return assembleStatistical(ctx, items);
}

/** A family's multiplicative seasonal indices (position 0 = the window's first month) and their strength. */
export interface FamilySeason {
  readonly indices: Float64Array;
  /** p-value of the family total's stable-seasonality F-test. */
  readonly pValue: number;
  /** Season position of the window's first month (always 0: indices are computed on the window). */
  readonly start: number;
}

/** Significance level of the family's stable-seasonality F-test for its items to borrow its indices. */
export const FAMILY_SEASON_P_VALUE = 0.01;
/** Minimum months of a family's total (positive) to measure its seasonality: two years and one month. */
export const FAMILY_SEASON_MIN_MONTHS = 2 * MONTHLY_PERIOD + 1;
/** Minimum actual values of an item for it to use its family's seasonality. */
export const FAMILY_SEASON_MIN_OBSERVATIONS = 6;

/**
 * Seasonality borrowed from the family (Withycombe 1989, "Forecasting with combined seasonal
 * indices", IJF 5(4); Dekker, van Donselaar & Ouwehand 2004, "How to use aggregation and combined
 * forecasting to improve seasonal demand forecasts", IJPE 90(2)): a planner's item has two or
 * three years of noisy history, too little for its own seasonality to pass the 90 % test, while
 * its family's total shows the season clearly. For each family whose total over the window has
 * at least 25 positive months and passes the X-11 stable-seasonality F-test at 1 %
 * (`stableSeasonalityTest`), the classical multiplicative indices of that total; items that are
 * not seasonal on their own and not intermittent then forecast their series adjusted by them
 * (`auto` with `seasonalIndices`).
 */
function familySeasonality(
  table: SeriesTable,
  groups: ReturnType<typeof itemRows>,
  columns: readonly { col: number; pos: number }[],
  windowLength: number,
): Map<string, FamilySeason> {
  const sums = new Map<string, Float64Array>();
  groups.items.forEach((_, k) => {
    const fam = groups.families[k]!;
    let s = sums.get(fam);
    if (s === undefined) sums.set(fam, (s = new Float64Array(windowLength)));
    for (const { col, pos } of columns) {
      const v = sumRows(table, groups.rows[k]!, col);
      if (Number.isFinite(v)) s[pos] = s[pos]! + v;
    }
  });
  const out = new Map<string, FamilySeason>();
  for (const [fam, s] of sums) {
    let first = 0;
    while (first < windowLength && !(s[first]! > 0)) first++;
    let last = windowLength - 1;
    while (last > first && !(s[last]! > 0)) last--;
    const part = s.subarray(first, last + 1);
    if (part.length < FAMILY_SEASON_MIN_MONTHS) continue;
    const test = stableSeasonalityTest(part, MONTHLY_PERIOD);
    if (!(test.pValue < FAMILY_SEASON_P_VALUE)) continue;
    // Indices by calendar position of the window (position 0 = the window's first month).
    const local = seasonalIndices(part, MONTHLY_PERIOD, "multiplicative");
    const indices = new Float64Array(MONTHLY_PERIOD);
    for (let p = 0; p < MONTHLY_PERIOD; p++) indices[(first + p) % MONTHLY_PERIOD] = local[p]!;
    out.set(fam, { indices, pValue: test.pValue, start: 0 });
  }
  return out;
}

/**
 * True when the last 6 months of data (positions of `span` up to `dataEnd`) hold no sale
 * (zero, blank, or a return) and some earlier month (from `start`) had a positive value.
 */
function isDiscontinued(span: Float64Array, start: number, dataEnd: number): boolean {
  const tailStart = dataEnd - DISCONTINUED_MONTHS + 1;
  if (tailStart <= start) return false;
  for (let i = tailStart; i <= dataEnd; i++) if (span[i]! > 0) return false;
  for (let i = start; i < tailStart; i++) if (span[i]! > 0) return true;
  return false;
}
