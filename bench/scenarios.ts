/**
 * `npm run bench:scenarios`: the scenario engine at planning size.
 *
 * 10 scenarios (every lever kind but the strategy, which needs no LP; formulas over drivers;
 * costs in the notes) on a synthetic input of 2,000 items in 100 families × 18 months × 20
 * resources (18 work centres, 2 suppliers), family-level plan: parse the rows, then
 * `runScenarios` (baseline + 10 scenarios = 11 LP solves with HiGHS, and level / chase / optimal
 * side by side for the baseline). Budget: ≤ 5 s for the whole run (HiGHS' one-off load is
 * printed apart). Per-scenario times come from the progress callback. Exit code 1 when over.
 */
import { performance } from "node:perf_hooks";
import type { CapacityInput, InventoryRow, PriceRow, ResourceRow, ScenarioRow } from "../src/engine/inputs";
import { parseLevers } from "../src/engine/scenario/levers";
import { leverContextOf, runScenarios } from "../src/engine/scenario/runScenarios";
import type { ScenarioBaseline } from "../src/engine/scenario/types";
import { loadHighsSolver } from "../src/solver/highsSolver";

const BUDGET_MS = 5000;

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

/**
 * Synthetic planner data: families of items with seasonal demand, routings on 18 work centres (lead 0)
 * and 2 suppliers (lead 1: production in the first period loads the period before the plan, which the
 * LP does not constrain, so longer leads would let it pre-build there without limit); stock 0.2–0.8
 * months of demand; capacity from each resource's mean load:
 * 65–90 % utilisation, WC-20 short all year (110 %, 130 % in summer), WC-30 and the supplier MAT-18 short
 * for a few months.
 */
function generate(families: number, itemsPerFamily: number, periods: number, resources: number, seed: number): ScenarioBaseline {
  const r = rng(seed);
  const keys = Array.from({ length: periods }, (_, t) => `${2027 + Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`);
  const resNames = Array.from({ length: resources }, (_, j) => (j >= resources - 2 ? `MAT-${j}` : `WC-${(j + 1) * 10}`));
  const items: ScenarioBaseline["items"][number][] = [];
  const lines: ResourceRow[] = [];
  const inventory: InventoryRow[] = [];
  const prices: PriceRow[] = [];
  const load = new Float64Array(resources * periods);
  for (let f = 0; f < families; f++) {
    const fam = `FAM-${f}`;
    const famLines = resNames
      .map((name, j) => ({ name, j }))
      .filter(() => r() < 0.2)
      .map(({ name, j }) => ({ name, j, perUnit: name.startsWith("MAT") ? 1 : 0.2 + r() * 1.5, lead: name.startsWith("MAT") ? 1 : 0 }));
    if (famLines.length === 0) famLines.push({ name: resNames[f % resources]!, j: f % resources, perUnit: 0.5, lead: 0 });
    for (const l of famLines) lines.push({ item: null, family: fam, resource: l.name, perUnit: l.perUnit, leadOffset: l.lead });
    const peak = Math.floor(r() * 12);
    for (let i = 0; i < itemsPerFamily; i++) {
      const item = `${fam}-${1000 + i}`;
      const level = 20 + r() * 200;
      const d = Float64Array.from(keys, (_, t) => Math.max(0, Math.round(level * (1 + 0.3 * Math.cos(((t - peak) * Math.PI) / 6)) * (0.8 + 0.4 * r()))));
      items.push({ item, family: fam, consensus: d });
      for (const l of famLines) {
        for (let t = 0; t < periods; t++) {
          const tau = t - l.lead;
          if (tau >= 0) load[l.j * periods + tau]! += l.perUnit * d[t]!;
        }
      }
      inventory.push({ item, onHand: Math.round(level * (0.2 + 0.6 * r())), safetyStock: Math.round(level * 0.5), targetDays: null });
      const price = 20 + r() * 400;
      prices.push({ item, price, unitCost: price * (0.45 + 0.35 * r()), period: null });
    }
  }
  // Capacity from each resource's mean load (so that pre-building has limits): most at 65–90 %;
  // WC-20 short all year (110 % of its mean load, 130 % in May–August), WC-30 at 115–125 % of its
  // mean for four months, the supplier MAT-18 at 120 % for three.
  const values = new Float64Array(resources * periods);
  for (let j = 0; j < resources; j++) {
    let mean = 0;
    for (let t = 0; t < periods; t++) mean += load[j * periods + t]! / periods;
    const base = 0.65 + 0.25 * r();
    for (let t = 0; t < periods; t++) {
      const month = (t % 12) + 1;
      let util = base * (0.95 + 0.1 * r());
      if (j === 1) util = month >= 5 && month <= 8 ? 1.3 : 1.1;
      if (j === 2 && t >= 5 && t <= 8) util = 1.15 + 0.1 * r();
      if (j === resources - 2 && t >= 6 && t <= 8) util = 1.2;
      values[j * periods + t] = Math.max(1, Math.round(mean / util / 0.9));
    }
  }
  const capacity: CapacityInput = {
    table: { kind: "month", periods: keys, keys: resNames, attributeNames: [], attributes: resNames.map(() => []), values },
    efficiency: new Float64Array(resources).fill(0.9),
    units: resNames.map((n) => (n.startsWith("MAT") ? "units" : "hours")),
  };
  return { periods: keys, items, capacity, resources: lines, inventory, prices };
}

const row = (scenario: string, lever: string, scope: string, from: string | null, to: string | null, value: number | string, notes: string | null = null): ScenarioRow => ({ scenario, lever, scope, from, to, value, notes });

/** 10 scenarios over the synthetic data (drivers growth 4, inflation 2.5). */
const ROWS: ScenarioRow[] = [
  row("Summer promotion", "demand %", "FAM-1", "2027-05", "2027-08", 15, "Dealer promotion"),
  row("Summer promotion", "demand %", "FAM-2", "2027-05", "2027-08", "=growth * 1.5"),
  row("Add a shift on WC-20", "capacity hours", "WC-20", "2027-02", "2027-12", 8000, "Second shift; cost 45 € per hour"),
  row("Price increase 3 %", "price %", "All", "2027-03", "2028-02", 3),
  row("Price increase 3 %", "unit cost %", "All", "2027-03", "2028-02", "=inflation * 0.8"),
  row("Outsource FAM-0", "outsourcing units", "FAM-0", "2027-03", "2027-09", 1500, "Subcontractor, cost 38 € per unit"),
  row("Overtime everywhere", "overtime hours", "All", null, null, 6000, "cost 40 € per hour"),
  row("Machining cut", "capacity %", "WC-30", "2027-06", "2027-09", -15),
  row("Key account order", "demand units", "FAM-4", "2027-01", "2027-06", 2000),
  row("Market dip", "demand %", "All", "2027-07", null, "-max(growth, 5)"),
  row("Supplier squeeze", "capacity %", "MAT-18", null, null, -10, "allocation cut"),
  row("Combined", "capacity hours", "WC-20", "2027-04", "2027-09", 6000, "cost 45 € per hour"),
  row("Combined", "overtime hours", "WC-40", null, null, 300),
  row("Combined", "price %", "FAM-1", "2027-05", "2027-08", 5),
];

const ms = (x: number): string => `${x.toFixed(0)} ms`;
const eur = (x: number): string => Math.round(x).toLocaleString("en-US");
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

async function main(): Promise<void> {
  const tLoad = performance.now();
  const solver = await loadHighsSolver();
  console.log(`HiGHS loaded in ${ms(performance.now() - tLoad)} (${solver.name}, once, not counted in the budget)`);
  const baseline = generate(100, 20, 18, 20, 7);
  console.log(`input: ${baseline.items.length.toLocaleString("en-US")} items in 100 families × ${baseline.periods.length} months × ${baseline.capacity?.table.keys.length ?? 0} resources (family-level plan)`);

  const t0 = performance.now();
  const parsed = parseLevers(ROWS, leverContextOf(baseline, { growth: 4, inflation: 2.5 }));
  const tParse = performance.now() - t0;
  const marks: { name: string; at: number }[] = [];
  const cmp = runScenarios(baseline, parsed.scenarios, solver, { onProgress: (name) => marks.push({ name, at: performance.now() }) });
  const end = performance.now();
  const total = end - t0;
  const problems = parsed.issues.filter((i) => i.severity !== "info");
  if (problems.length > 0) console.log(`findings: ${problems.map((i) => `row ${(i.row ?? 0) + 1} ${i.message}`).join(" | ")}`);

  console.log(`\nparse ${parsed.levers.length} levers (${parsed.scenarios.length} scenarios; includes creating the restricted mathjs instance, once): ${ms(tParse)}`);
  const results = [cmp.baseline, ...cmp.scenarios];
  console.log("scenario                  time     LP size (vars/rows)  status   revenue          margin        fill    unmet   peak util  shortages");
  marks.forEach((m, k) => {
    const next = marks[k + 1]?.at ?? end;
    const r = results[k]!;
    const size = r.plan ? `${r.plan.size.variables}/${r.plan.size.constraints}` : "-";
    const mm = r.metrics;
    console.log(
      `${m.name.padEnd(24)} ${ms(next - m.at).padStart(7)}   ${size.padEnd(19)}  ${r.status.padEnd(7)} ${mm ? `${eur(mm.revenue).padStart(14)}  ${eur(mm.margin).padStart(12)}  ${pct(mm.fillRate).padStart(7)} ${eur(mm.unmetUnits).padStart(7)}  ${pct(mm.peakUtilisation).padStart(8)}  ${String(mm.shortages).padStart(6)}` : r.reason}`,
    );
  });
  const solves = results.filter((r) => r.plan !== null).length;
  console.log(`\nbaseline time includes level and chase side by side: level margin ${eur(cmp.strategies.level.totals.margin)}, chase margin ${eur(cmp.strategies.chase.totals.margin)} (overtime needed ${eur(cmp.strategies.chase.totals.overtimeHours)} h)`);
  console.log(`recommended: ${cmp.recommendation.scenario ?? "none"} — ${cmp.recommendation.reason}`);
  const ok = total <= BUDGET_MS && solves === 11 && results.every((r) => r.status === "ok");
  console.log(`\ntotal (parse + ${solves} LP solves + strategies + comparison): ${ms(total)}; budget ${ms(BUDGET_MS)} → ${ok ? "OK" : "OVER or not all solved"}`);
  if (!ok) process.exitCode = 1;
}

void main();
