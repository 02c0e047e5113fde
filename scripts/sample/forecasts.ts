/**
 * Forecast versions as they were made: each value is the true demand (a blend of the
 * realised and the expected units, the blend leaning on the realised figure at short
 * lags) times a version-specific error whose spread grows with the lag, with the
 * version's bias. Sales managers round their numbers; the statistical tool keeps
 * one decimal; consensus is in whole units.
 */
import { type Item, KEY_ACCOUNT_BIAS, regionSpec } from "./catalog";
import type { ItemSeries } from "./demand";
import { Rng } from "./rng";

export type VersionName = "Statistical" | "Sales" | "Consensus";
export const SNAPSHOT_VERSIONS: readonly VersionName[] = ["Statistical", "Sales", "Consensus"];

const VERSION_KEY: Record<VersionName, number> = { Statistical: 11, Sales: 12, Consensus: 13 };

interface ErrorModel {
  readonly sigma0: number;
  readonly sigmaPerLag: number;
}

const ERROR: Record<VersionName, ErrorModel> = {
  Statistical: { sigma0: 0.14, sigmaPerLag: 0.015 },
  Sales: { sigma0: 0.17, sigmaPerLag: 0.018 },
  Consensus: { sigma0: 0.11, sigmaPerLag: 0.014 },
};

/** Whether an item is planned by the key-account manager rather than its region's manager. */
export type SalesOwner = "region" | "key-account";

export interface ForecastContext {
  readonly seed: number;
  readonly item: Item;
  readonly series: ItemSeries;
  readonly owner: SalesOwner;
}

function salesBias(ctx: ForecastContext): { bias: number; noise: number } {
  if (ctx.owner === "key-account") return { bias: KEY_ACCOUNT_BIAS, noise: 0 };
  const r = regionSpec(ctx.item.region);
  return { bias: r.salesBias, noise: r.salesNoise };
}

/** Whether the version would carry the item in the cycle (launched soon, not yet discontinued). */
export function plannedInCycle(item: Item, cycle: number): boolean {
  if (item.life.launch !== undefined && cycle < item.life.launch - 3) return false;
  if (item.life.lastSale !== undefined && cycle > item.life.lastSale) return false;
  return true;
}

/** Whether the period gets a forecast value at all (nothing before a launch). */
export function forecastable(item: Item, period: number): boolean {
  return item.life.launch === undefined || period >= item.life.launch;
}

/** Unrounded forecast of `version` made in `cycle` for `period` (lag = period − cycle ≥ 0). */
export function rawForecast(ctx: ForecastContext, version: VersionName, cycle: number, period: number): number {
  const { item, series } = ctx;
  const k = period - series.start;
  const realized = series.realized[k] ?? 0;
  const expected = series.expectedIfContinued[k] ?? 0;
  const lag = period - cycle;
  const intermittent = item.occurrence !== undefined;
  const w = intermittent ? 0.05 : Math.max(0.1, 0.4 - 0.03 * lag);
  const base = w * realized + (1 - w) * expected;
  const model = ERROR[version];
  let sigma = (model.sigma0 + model.sigmaPerLag * lag) * (intermittent ? 1.5 : 1);
  let bias = 0;
  if (version !== "Statistical") {
    const s = salesBias(ctx);
    bias = version === "Sales" ? s.bias : 0.3 * s.bias;
    if (version === "Sales") sigma += s.noise;
  }
  const common = Rng.derive(ctx.seed, VERSION_KEY[version], item.key, cycle).normal();
  const own = Rng.derive(ctx.seed, VERSION_KEY[version], item.key, cycle, period).normal();
  const z = 0.35 * common + 0.94 * own;
  return Math.max(0, base * (1 + bias) * Math.exp(sigma * z - (sigma * sigma) / 2));
}

/** How a sales manager writes a number: whole boxes of 5, 10 or 50. */
export function managerRound(q: number): number {
  if (q >= 500) return Math.round(q / 50) * 50;
  if (q >= 20) return Math.round(q / 10) * 10;
  return Math.round(q / 5) * 5;
}

/** The value as the version's owner writes it. */
export function forecastValue(ctx: ForecastContext, version: VersionName, cycle: number, period: number): number {
  const q = rawForecast(ctx, version, cycle, period);
  switch (version) {
    case "Statistical":
      return Math.round(q * 10) / 10;
    case "Sales":
      return managerRound(q);
    default:
      return Math.round(q);
  }
}
