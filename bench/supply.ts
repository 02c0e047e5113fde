/**
 * `npm run bench:supply`: the constrained supply plan (LP with HiGHS) at planning sizes.
 *
 *   1. 50 families × 24 periods × 20 resources (family level, from 500 items): build + solve ≤ 1 s;
 *   2. 2,000 items × 18 periods × 20 resources (item level): build + solve ≤ 10 s.
 *
 * Loads as in the sample workbook: most resources at 45–80 %, two over capacity in a few months.
 * HiGHS is loaded once; its load time is printed separately. Per size: the first (cold) run in
 * parts (problem = aggregation of items, model + CPLEX LP text, HiGHS solve), then the whole
 * `planSupply` run (median of --runs). Exit code 1 when a budget is exceeded (first or median run).
 * For information, without a budget: a stress case (4 resources at 130 % all year) and backlog at
 * family level; `--stress` adds both at item level (they take tens of seconds).
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { CapacityInput, InventoryRow, PriceRow, ResourceRow } from "../src/engine/inputs";
import { writeLp } from "../src/engine/supply/lpFormat";
import { buildSupplyModel } from "../src/engine/supply/supplyModel";
import { planSupply } from "../src/engine/supply/supplyPlan";
import { buildSupplyProblem } from "../src/engine/supply/supplyProblem";
import type { LpSolver, SupplyPlanInput, SupplySettings } from "../src/engine/supply/types";
import { loadHighsSolver } from "../src/solver/highsSolver";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, stress: { type: "boolean", default: false } } });
const runs = Math.max(1, Number(values.runs));

/** Deterministic PRNG (mulberry32). */
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

/** Synthetic planner data: families of items with seasonal demand, routings with leads 0–2, 18 hours and 2 units resources. */
function generate(families: number, itemsPerFamily: number, periods: number, resources: number, seed: number, profile: "sample" | "stress"): SupplyPlanInput {
  const r = rng(seed);
  const keys = Array.from({ length: periods }, (_, t) => `${2027 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`);
  const resNames = Array.from({ length: resources }, (_, j) => (j >= resources - 2 ? `MAT-${j}` : `WC-${(j + 1) * 10}`));
  const items: SupplyPlanInput["items"][number][] = [];
  const lines: ResourceRow[] = [];
  const inventory: InventoryRow[] = [];
  const prices: PriceRow[] = [];
  const load = new Float64Array(resources * periods);
  for (let f = 0; f < families; f++) {
    const fam = `FAM-${f}`;
    const famLines = resNames
      .map((name, j) => ({ name, j }))
      .filter(() => r() < 0.2)
      .map(({ name, j }) => ({ name, j, perUnit: name.startsWith("MAT") ? 1 : 0.2 + r() * 1.5, lead: name.startsWith("MAT") ? 2 : Math.floor(r() * 2) }));
    if (famLines.length === 0) famLines.push({ name: resNames[f % resources]!, j: f % resources, perUnit: 0.5, lead: 0 });
    for (const l of famLines) lines.push({ item: null, family: fam, resource: l.name, perUnit: l.perUnit, leadOffset: l.lead });
    const peak = Math.floor(r() * 12);
    for (let i = 0; i < itemsPerFamily; i++) {
      const item = `${fam}-${1000 + i}`;
      const level = 20 + r() * 200;
      const d = Float64Array.from(keys, (_, t) => Math.max(0, Math.round(level * (1 + 0.3 * Math.cos(((t - peak) * Math.PI) / 6)) * (0.8 + 0.4 * r()))));
      items.push({ item, family: fam, consensus: d });
      const own = r() < 0.1;
      if (own) for (const l of famLines) lines.push({ item, family: fam, resource: l.name, perUnit: l.perUnit * (1.4 + r()), leadOffset: l.lead });
      for (const l of famLines) for (let t = 0; t < periods; t++) {
        const tau = t - l.lead;
        if (tau >= 0) load[l.j * periods + tau]! += l.perUnit * (own ? 1.9 : 1) * d[t]!;
      }
      inventory.push({ item, onHand: Math.round(level * (0.3 + 2 * r())), safetyStock: r() < 0.05 ? null : Math.round(level * 0.5), targetDays: 30 });
      const price = 20 + r() * 400;
      prices.push({ item, price, unitCost: price * (0.45 + 0.35 * r()), period: null });
    }
  }
  // Capacity sized on the load of the consensus (after the lead offsets).
  // sample: as the sample workbook (assets/sample/README.md §9): most resources at 45–80 % utilisation,
  //   WC-20 at 106–121 % in May, June and August of the first year and a castings supplier at 108 % in August;
  // stress: one resource in five at 130 % of its mean load all year, the others at 75–100 %, August at 72 %.
  const values = new Float64Array(resources * periods);
  const mat = resNames.findIndex((n) => n.startsWith("MAT"));
  for (let j = 0; j < resources; j++) {
    let mean = 0;
    for (let t = 0; t < periods; t++) mean += load[j * periods + t]! / periods;
    const base = profile === "sample" ? 0.45 + 0.35 * r() : j % 5 === 0 ? 1.3 : 0.75 + 0.25 * r();
    for (let t = 0; t < periods; t++) {
      const key = keys[t]!;
      let util = base;
      if (profile === "sample") {
        util = base * (0.95 + 0.1 * r());
        if (t < 12 && j === 1 && /-0[568]$/.test(key)) util = 1.06 + 0.15 * r();
        if (t < 12 && j === mat && key.endsWith("-08")) util = 1.08;
      }
      const l = profile === "sample" ? load[j * periods + t]! : mean * (key.endsWith("-08") ? 0.72 : 1);
      values[j * periods + t] = Math.max(1, Math.round(l / util / 0.9));
    }
  }
  const capacity: CapacityInput = {
    table: { kind: "month", periods: keys, keys: resNames, attributeNames: [], attributes: resNames.map(() => []), values },
    efficiency: new Float64Array(resources).fill(0.9),
    units: resNames.map((n) => (n.startsWith("MAT") ? "units" : "hours")),
  };
  return { periods: keys, items, capacity, resources: lines, inventory, prices };
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Time one size: the first (cold) run in parts, then `planSupply` end to end (median of `repeat`). */
function bench(label: string, input: SupplyPlanInput, settings: SupplySettings, solver: LpSolver, budgetMs: number | null, repeat: number): boolean {
  let t = performance.now();
  const prepared = buildSupplyProblem(input, settings);
  const tProblem = performance.now() - t;
  t = performance.now();
  const model = buildSupplyModel(prepared.problem);
  const text = writeLp(model.lp);
  const tLp = performance.now() - t;
  t = performance.now();
  const sol = solver.solve(text.text);
  const tSolve = performance.now() - t;
  const first = tProblem + tLp + tSolve;
  const totals: number[] = [];
  let plan = null;
  for (let k = 0; k < repeat; k++) {
    t = performance.now();
    plan = planSupply(input, solver, settings);
    totals.push(performance.now() - t);
  }
  const warm = totals.length > 0 ? median(totals) : first;
  const ok = budgetMs === null || (Math.max(first, warm) <= budgetMs && sol.status === "Optimal");
  console.log(`\n${label}`);
  console.log(`  LP: ${model.lp.variables.length.toLocaleString("en-US")} variables, ${model.lp.constraints.length.toLocaleString("en-US")} rows, ${text.nonZeros.toLocaleString("en-US")} non-zeros, ${(text.text.length / 1048576).toFixed(1)} MB of LP text`);
  console.log(`  first run: problem (aggregation) ${ms(tProblem)} + model and LP text ${ms(tLp)} + HiGHS solve ${ms(tSolve)} (${sol.status}) = ${ms(first)}`);
  if (totals.length > 0) console.log(`  planSupply end to end (build + solve + read back): median ${ms(warm)} of ${totals.length} (${totals.map(ms).join(", ")})`);
  console.log(`  budget: ${budgetMs === null ? "none (for information)" : `${ms(budgetMs)} → ${ok ? "OK" : "OVER"}`}`);
  if (plan) {
    const tt = plan.totals;
    const binding = plan.resources.filter((r) => r.load.some((l, k) => l > (r.available[k] ?? 0) * 0.999 && (r.available[k] ?? 0) > 0)).length;
    console.log(`  plan: ${plan.status}; fill rate ${(100 * tt.fillRate).toFixed(1)} %, unmet ${tt.unmetUnits.toFixed(0)} units, overtime ${tt.overtimeHours.toFixed(0)} h, ${binding} resources at capacity in some period`);
  }
  return ok;
}

async function main(): Promise<void> {
  const t = performance.now();
  const solver = await loadHighsSolver();
  console.log(`HiGHS loaded in ${ms(performance.now() - t)} (${solver.name}, including a small warm-up solve), once for all runs`);
  const ok = [
    bench("50 families × 24 periods × 20 resources (family level, 500 items; loads as in the sample)", generate(50, 10, 24, 20, 1, "sample"), {}, solver, 1000, runs),
    bench("2,000 items × 18 periods × 20 resources (item level; loads as in the sample)", generate(100, 20, 18, 20, 2, "sample"), { level: "item" }, solver, 10000, runs),
  ];
  bench("stress: 50 families × 24 periods × 20 resources, 4 resources at 130 % all year", generate(50, 10, 24, 20, 3, "stress"), {}, solver, null, 1);
  bench("backlog: 50 families × 24 periods × 20 resources, loads as in the sample", generate(50, 10, 24, 20, 1, "sample"), { unmet: "backlog" }, solver, null, 1);
  if (values.stress) {
    bench("stress: 2,000 items × 18 periods × 20 resources, 4 resources at 130 % all year", generate(100, 20, 18, 20, 4, "stress"), { level: "item" }, solver, null, 0);
    bench("backlog: 2,000 items × 18 periods × 20 resources, loads as in the sample", generate(100, 20, 18, 20, 2, "sample"), { level: "item", unmet: "backlog" }, solver, null, 0);
  }
  if (ok.includes(false)) process.exitCode = 1;
}

void main();
