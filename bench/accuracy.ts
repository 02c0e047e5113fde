/**
 * `npm run bench:accuracy`: speed of the demand-accuracy engine (`analyseDemandAccuracy`,
 * src/engine/accuracy) on a synthetic company generated in memory:
 *   10,000 items (8 families, 3 regions, a Manager on the Sales tab) × 48 months of actuals,
 *   4 versions (Statistical, Sales, Marketing, Consensus) with current forecast tabs,
 *   12 snapshot cycles × lags 0–5 × 4 versions (≈ 2.9 M snapshot rows), a price per item.
 * Times each step (the engine's `timings`) and the total, over a few runs. Target: ≤ 2 s.
 * Options: --items N (default 10000), --runs N (default 3),
 *          --backtest-items N (default 0: also time the statistical backtest, no Statistical
 *          snapshots, on the first N items).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { analyseDemandAccuracy } from "../src/engine/accuracy/demandAccuracy";
import type { DemandAccuracyInput, DemandAccuracyResult } from "../src/engine/accuracy/types";
import type { PriceRow, SeriesTable, SnapshotRow } from "../src/engine/inputs";
import { addPeriods, parsePeriodKey, periodKey } from "../src/engine/period";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
    "backtest-items": { type: "string", default: "0" },
  },
});
const N_ITEMS = Number(values.items);
const RUNS = Math.max(1, Number(values.runs));
const BACKTEST_ITEMS = Number(values["backtest-items"]);
const MONTHS = 48;
const CYCLE = "2026-05";
const VERSIONS = ["Statistical", "Sales", "Marketing", "Consensus"] as const;
const N_CYCLES = 12;
const MAX_LAG = 5;
const HORIZON = 18;

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const monthKeys = new Map<number, string>();
/** The month `offset` months after the cycle (keys interned, as a parser's shared strings are). */
const month = (offset: number): string => {
  let k = monthKeys.get(offset);
  if (k === undefined) monthKeys.set(offset, (k = periodKey(addPeriods(parsePeriodKey(CYCLE)!, offset))));
  return k;
};

function generate(nItems: number): DemandAccuracyInput {
  const rand = rng(42);
  const periods = Array.from({ length: MONTHS }, (_, t) => month(t - MONTHS));
  const keys = Array.from({ length: nItems }, (_, i) => `SKU-${String(i).padStart(5, "0")}`);
  const attributes = keys.map((_, i) => [`Family ${(i % 8) + 1}`, ["North", "South", "West"][i % 3]!]);
  const level = Float64Array.from(keys, () => 20 + rand() * 500);
  const truth = (i: number, offset: number): number => {
    const t = offset + MONTHS; // months since the first actual
    return level[i]! * (1 + 0.002 * t) * (1 + 0.25 * Math.sin((2 * Math.PI * t) / 12 + i));
  };
  const values = new Float64Array(nItems * MONTHS);
  for (let i = 0; i < nItems; i++)
    for (let t = 0; t < MONTHS; t++) values[i * MONTHS + t] = Math.max(0, Math.round(truth(i, t - MONTHS) * (0.85 + 0.3 * rand())));
  const actuals: SeriesTable = { kind: "month", periods, keys, attributeNames: ["Family", "Region"], attributes, values };

  const bias: Record<(typeof VERSIONS)[number], number> = { Statistical: 0, Sales: 0.12, Marketing: -0.05, Consensus: 0.03 };
  const noise: Record<(typeof VERSIONS)[number], number> = { Statistical: 0.18, Sales: 0.25, Marketing: 0.22, Consensus: 0.16 };
  const snapshots: SnapshotRow[] = [];
  for (let c = 0; c < N_CYCLES; c++) {
    const cycleOffset = c - N_CYCLES; // cycles 2025-05 … 2026-04
    const cycle = month(cycleOffset);
    for (const version of VERSIONS)
      for (let i = 0; i < nItems; i++)
        for (let lag = 0; lag <= MAX_LAG; lag++) {
          const q = truth(i, cycleOffset + lag) * (1 + bias[version] + noise[version] * (1 + lag / 5) * (rand() - 0.5));
          snapshots.push({ cycle, version, item: keys[i]!, period: month(cycleOffset + lag), quantity: Math.round(q) });
        }
  }

  const forecasts = new Map<string, SeriesTable>();
  const fPeriods = Array.from({ length: HORIZON }, (_, h) => month(h));
  for (const version of VERSIONS) {
    const fv = new Float64Array(nItems * HORIZON);
    for (let i = 0; i < nItems; i++) for (let h = 0; h < HORIZON; h++) fv[i * HORIZON + h] = Math.round(truth(i, h) * (1 + bias[version]));
    const withManager = version === "Sales";
    forecasts.set(version, {
      kind: "month",
      periods: fPeriods,
      keys,
      attributeNames: withManager ? ["Manager"] : [],
      attributes: keys.map((_, i) => (withManager ? [`Manager ${(i % 5) + 1}`] : [])),
      values: fv,
    });
  }
  const prices: PriceRow[] = keys.map((item, i) => ({ item, price: 5 + (i % 40), unitCost: null, period: null }));
  return { actuals, forecasts, snapshots, prices, cycle: CYCLE };
}

function run(label: string, input: DemandAccuracyInput, target: boolean): DemandAccuracyResult {
  let result: DemandAccuracyResult | null = null;
  const totals: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now();
    result = analyseDemandAccuracy(input, { leadTimeLag: 4, clock: () => performance.now() });
    const ms = performance.now() - t0;
    totals.push(ms);
    console.log(`${label} run ${k + 1}: total ${ms.toFixed(0)} ms  (${result.timings.map((t) => `${t.step} ${t.ms.toFixed(0)}`).join(", ")})`);
  }
  const best = Math.min(...totals);
  const first = totals[0]!;
  const verdict = target ? ` — target ≤ 2000 ms: ${first <= 2000 ? "met" : "NOT met"}` : "";
  console.log(`${label}: first run ${first.toFixed(0)} ms, best ${best.toFixed(0)} ms${verdict}`);
  return result!;
}

const g0 = performance.now();
const input = generate(N_ITEMS);
console.log(
  `generated ${N_ITEMS} items × ${MONTHS} months, ${VERSIONS.length} versions, ${input.snapshots.length.toLocaleString("en")} snapshot rows in ${(performance.now() - g0).toFixed(0)} ms`,
);
const result = run("analyseDemandAccuracy", input, true);
const total = result.headline.map((h) => `${h.version} ${h.total.volume.wape === null ? "n/a" : (h.total.volume.wape * 100).toFixed(1) + " %"}`);
console.log(`WAPE at lag ${result.accuracyLag}: ${total.join(", ")}`);
console.log(
  `rows: ${result.headline.reduce((n, h) => n + h.items.length, 0)} item rows, ${result.lagTable.length} lag rows, ${result.league.length} league entries, ${result.trackingAlerts.length} tracking alerts, ${result.overridesWorse.length} overrides worse, ${result.issues.length} issue kinds`,
);

if (BACKTEST_ITEMS > 0) {
  const small = generate(BACKTEST_ITEMS);
  const noStat: DemandAccuracyInput = { ...small, snapshots: small.snapshots.filter((s) => s.version !== "Statistical") };
  const r = run(`backtest (${BACKTEST_ITEMS} items)`, noStat, false);
  console.log(`statistical source: ${r.versions.find((v) => v.role === "statistical")?.source ?? "none"}; ${r.notes.join(" ")}`);
}
