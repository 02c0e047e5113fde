/**
 * `npm run bench:capacity`: speed of the rough-cut capacity check (`roughCutCapacity`,
 * src/engine/capacity) on a synthetic plan generated in memory:
 *   2,000 items in 10 families × 18 plan months, with a forecast-error sd per item and period;
 *   20 resources (18 work centres in hours, 2 materials in units) with 24 months of capacity;
 *   3 routing lines per family (lead offsets 0–2) and 3 own lines for 1 item in 20.
 * Capacity is sized so that some resource-periods are short and some at risk. Prints the
 * best and median of a few runs. Target: well under 1 s.
 * Options: --items N (default 2000), --resources N (default 20), --runs N (default 5).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { roughCutCapacity } from "../src/engine/capacity/roughCutCapacity";
import type { CapacityDemand } from "../src/engine/capacity/types";
import type { CapacityInput, ResourceRow } from "../src/engine/inputs";
import { addPeriods, parsePeriodKey, periodKey } from "../src/engine/period";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "2000" },
    resources: { type: "string", default: "20" },
    runs: { type: "string", default: "5" },
  },
});
const N_ITEMS = Number(values.items);
const N_RES = Number(values.resources);
const RUNS = Math.max(1, Number(values.runs));
const N_FAM = 10;
const HORIZON = 18;
const CAP_MONTHS = 24;
const CYCLE = "2026-11";

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

const rand = rng(42);
const start = parsePeriodKey(CYCLE)!;
const month = (k: number): string => periodKey(addPeriods(start, k));
const periods = Array.from({ length: HORIZON }, (_, k) => month(k));
const resourceName = (r: number): string => (r < N_RES - 2 ? `WC-${(r + 1) * 10}` : `MAT-${r}`);

const demand: CapacityDemand[] = [];
for (let i = 0; i < N_ITEMS; i++) {
  const base = 20 + rand() * 200;
  const v = new Float64Array(HORIZON);
  const sd = new Float64Array(HORIZON);
  for (let t = 0; t < HORIZON; t++) {
    v[t] = Math.max(0, base * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) * (0.8 + 0.4 * rand()));
    sd[t] = v[t]! * (0.15 + 0.02 * t);
  }
  demand.push({ item: `ITM-${1000 + i}`, family: `Family ${i % N_FAM}`, values: v, sd });
}

const resources: ResourceRow[] = [];
for (let f = 0; f < N_FAM; f++) {
  for (let l = 0; l < 3; l++) {
    const r = Math.floor(rand() * N_RES);
    resources.push({ item: null, family: `Family ${f}`, resource: resourceName(r), perUnit: r >= N_RES - 2 ? 1 : 0.2 + rand(), leadOffset: l });
  }
}
for (let i = 0; i < N_ITEMS; i += 20) {
  for (let l = 0; l < 3; l++) {
    resources.push({ item: `ITM-${1000 + i}`, family: null, resource: resourceName(Math.floor(rand() * N_RES)), perUnit: 0.5 + rand(), leadOffset: l });
  }
}

/** Capacity: 120 % of the mean expected load per resource (from one run without capacity), flat. */
const tCold = performance.now();
const uncapped = roughCutCapacity({ periods, demand, capacity: null, resources });
const coldMs = performance.now() - tCold;
const capPeriods = Array.from({ length: CAP_MONTHS }, (_, k) => month(k));
const capValues = new Float64Array(N_RES * CAP_MONTHS);
for (let r = 0; r < N_RES; r++) {
  const loaded = uncapped.resources.find((x) => x.resource === resourceName(r));
  const mean = loaded ? loaded.summary.totalLoad / HORIZON : 100;
  for (let c = 0; c < CAP_MONTHS; c++) capValues[r * CAP_MONTHS + c] = (mean * 1.2) / 0.9;
}
const capacity: CapacityInput = {
  table: {
    kind: "month",
    periods: capPeriods,
    keys: Array.from({ length: N_RES }, (_, r) => resourceName(r)),
    attributeNames: [],
    attributes: Array.from({ length: N_RES }, () => []),
    values: capValues,
  },
  efficiency: new Float64Array(N_RES).fill(0.9),
  units: Array.from({ length: N_RES }, (_, r) => (r < N_RES - 2 ? "hours" : "units")),
};

const times: number[] = [];
let last = uncapped;
for (let k = 0; k < RUNS; k++) {
  const t0 = performance.now();
  last = roughCutCapacity({ periods, demand, capacity, resources });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `roughCutCapacity: ${N_ITEMS} items × ${HORIZON} periods × ${N_RES} resources, ${resources.length} routing lines (${last.totals.routedLines} load paths)`,
);
console.log(`  best ${times[0]!.toFixed(1)} ms, median ${times[Math.floor(RUNS / 2)]!.toFixed(1)} ms over ${RUNS} runs (first, cold call without capacity: ${coldMs.toFixed(1)} ms)`);
console.log(`  ${last.totals.shortages} shortages on ${last.totals.resourcesShort} resources, ${last.totals.atRisk} periods at risk, ${last.issues.length} issue kinds`);
