import assert from "node:assert/strict";
import { roughCutCapacity } from "../../../src/engine/capacity/roughCutCapacity";
import type { CapacityDemand, CapacityIssueKind, ResourceLoad, RoughCutResult } from "../../../src/engine/capacity/types";
import type { CapacityInput, ResourceRow } from "../../../src/engine/inputs";

const close = (a: number | null | undefined, b: number, tol = 1e-9): void => {
  assert.ok(a !== null && a !== undefined, `expected ${b}, got ${String(a)}`);
  assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
};
const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);
const P3 = ["2026-05", "2026-06", "2026-07"];

/** A capacity input: rows of [resource, unit, efficiency, values per period]. */
function capacity(periods: string[], rows: [string, "hours" | "units", number, number[]][]): CapacityInput {
  const values = new Float64Array(rows.length * periods.length);
  rows.forEach(([, , , v], i) => v.forEach((x, j) => (values[i * periods.length + j] = x)));
  return {
    table: { kind: "month", periods, keys: rows.map((r) => r[0]), attributeNames: [], attributes: rows.map(() => []), values },
    efficiency: f64(rows.map((r) => r[2])),
    units: rows.map((r) => r[1]),
  };
}
const line = (item: string | null, family: string | null, resource: string, perUnit: number, leadOffset = 0): ResourceRow => ({ item, family, resource, perUnit, leadOffset });
const dem = (item: string, family: string, values: number[], sd?: number[]): CapacityDemand => (sd ? { item, family, values: f64(values), sd: f64(sd) } : { item, family, values: f64(values) });

const res = (r: RoughCutResult, name: string): ResourceLoad => {
  const x = r.resources.find((q) => q.resource === name);
  assert.ok(x, `no resource ${name}`);
  return x;
};
const issue = (r: RoughCutResult, kind: CapacityIssueKind) => r.issues.find((i) => i.kind === kind);

/** Fails on any NaN or infinite number anywhere in the result. */
function assertNoNaN(x: unknown, path = "result"): void {
  if (typeof x === "number") assert.ok(Number.isFinite(x), `${path} = ${x}`);
  else if (x instanceof Float64Array) x.forEach((v, i) => assert.ok(Number.isFinite(v), `${path}[${i}] = ${v}`));
  else if (Array.isArray(x)) x.forEach((v, i) => assertNoNaN(v, `${path}[${i}]`));
  else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) assertNoNaN(v, `${path}.${k}`);
}

describe("roughCutCapacity: routing", () => {
  // Family Pumps: WC-10 1.0 h, WC-20 0.5 h. Item B has its own line: WC-10 2.0 h, which
  // replaces BOTH family lines (B does not load WC-20). Item A's family is "pumps " (other
  // case, trailing space): still the Pumps lines. C (Valves) has no routing.
  //   A demand 10 20 30, B 5 5 5, C 1 1 1
  //   WC-10 load = A×1 + B×2 = 20 30 40;  capacity 100, eff 1 → gap 80 70 60, util .2 .3 .4
  //   WC-20 load = A×0.5      =  5 10 15;  capacity 100, eff 0.8 → available 80, util 5/80 …
  const r = roughCutCapacity({
    periods: P3,
    demand: [dem("A", "pumps ", [10, 20, 30]), dem("B", "Pumps", [5, 5, 5]), dem("C", "Valves", [1, 1, 1])],
    capacity: capacity(P3, [
      ["WC-10", "hours", 1, [100, 100, 100]],
      ["WC-20", "hours", 0.8, [100, 100, 100]],
    ]),
    resources: [line(null, "Pumps", "WC-10", 1), line(null, "Pumps", "wc-20 ", 0.5), line("B", "Pumps", "WC-10", 2)],
  });

  it("uses the family's lines, and an item's own lines instead of all of them", () => {
    assert.deepEqual([...res(r, "WC-10").load], [20, 30, 40]);
    assert.deepEqual([...res(r, "WC-20").load], [5, 10, 15]);
    assert.deepEqual(res(r, "WC-10").gap, [80, 70, 60]);
    assert.deepEqual(res(r, "WC-10").utilisation, [0.2, 0.3, 0.4]);
    assert.equal(r.totals.routedLines, 3); // A: 2 family lines, B: 1 own line
  });
  it("applies efficiency: available = capacity × efficiency", () => {
    const w = res(r, "WC-20");
    assert.equal(w.efficiency, 0.8);
    assert.deepEqual(w.capacity, [100, 100, 100]);
    assert.deepEqual(w.available, [80, 80, 80]);
    assert.deepEqual(w.gap, [75, 70, 65]);
    close(w.utilisation[0], 5 / 80);
    close(w.utilisation[2], 15 / 80);
    // average = Σ load / Σ available = 30 / 240; peak 15/80 in July
    close(w.summary.averageUtilisation, 30 / 240);
    close(w.summary.peakUtilisation, 15 / 80);
    assert.equal(w.summary.peakPeriod, "2026-07");
  });
  it("matches families and resources without case and spaces; capacity's spelling shown", () => {
    assert.deepEqual(
      r.resources.map((x) => x.resource),
      ["WC-10", "WC-20"],
    );
    assert.deepEqual(
      res(r, "WC-10").families.map((f) => [f.family, [...f.load], f.total]),
      [["pumps ", [20, 30, 40], 90]], // A and B in one family, first spelling
    );
  });
  it("lists unrouted items with their total demand", () => {
    assert.deepEqual(r.unrouted, [{ item: "C", family: "Valves", totalDemand: 3 }]);
    assert.equal(r.totals.unroutedDemand, 3);
    const u = issue(r, "unrouted-item");
    assert.equal(u?.count, 1);
    assert.equal(u?.severity, "warning");
    assert.equal(u?.examples[0]?.item, "C");
    assertNoNaN(r);
  });
  it("lists the top items of a resource over the horizon", () => {
    // WC-10: A 60 h, B 30 h of 90 h
    const top = res(r, "WC-10").topItems;
    assert.deepEqual(
      top.map((t) => [t.item, t.total, [...t.load]]),
      [
        ["A", 60, [10, 20, 30]],
        ["B", 30, [10, 10, 10]],
      ],
    );
    close(top[0]!.share, 60 / 90);
  });
});

describe("roughCutCapacity: lead offset", () => {
  // Item A demand 10 20 30; WC-30 2 h/unit with lead offset 1: demand of period t+1 loads t.
  //   load = 20×2, 30×2, (no demand beyond the plan) = 40 60 0; before the plan: 10×2 = 20.
  // Item B demand 1 2 4 with two own lines on WC-40: 1 h lead 0 and 3 h lead 1:
  //   load t = 1×B(t) + 3×B(t+1) = 1+6, 2+12, 4+0 = 7 14 4; before the plan 3×1 = 3.
  const r = roughCutCapacity({
    periods: P3,
    demand: [dem("A", "F", [10, 20, 30]), dem("B", "G", [1, 2, 4])],
    capacity: capacity(P3, [
      ["WC-30", "hours", 1, [100, 100, 100]],
      ["WC-40", "hours", 1, [10, 10, 10]],
    ]),
    resources: [line(null, "F", "WC-30", 2, 1), line("B", null, "WC-40", 1, 0), line("B", null, "WC-40", 3, 1)],
  });

  it("shifts the load one period earlier and drops what falls before the plan", () => {
    const w = res(r, "WC-30");
    assert.deepEqual([...w.load], [40, 60, 0]);
    assert.equal(w.loadBeforePlan, 20);
    assert.equal(w.maxLeadOffset, 1);
    const b = issue(r, "load-before-plan");
    assert.equal(b?.count, 2);
    assert.match(b!.message, /23/);
    assert.ok(r.notes.some((n) => /last 1 plan period/.test(n)));
  });
  it("adds an item's lines at different lead offsets, also in a shortage's item list", () => {
    const w = res(r, "WC-40");
    assert.deepEqual([...w.load], [7, 14, 4]);
    assert.equal(w.loadBeforePlan, 3);
    // June: 14 > 10 → short by 4, B is 100 % of it
    assert.equal(r.shortages.length, 1);
    assert.deepEqual(r.shortages[0]!.topItems, [{ key: "B", family: "G", load: 14, share: 1 }]);
  });
});

describe("roughCutCapacity: shortages", () => {
  // R1 capacity 50, load 60 40 70 → gap −10 +10 −20
  // R2 capacity 100 10 100, load 50 30 120 → gap +50 −20 −20
  // Sorted by |gap|: R1 Jul 20, R2 Jun 20, R2 Jul 20 (ties: resource then period order), R1 May 10.
  const r = roughCutCapacity({
    periods: P3,
    demand: [dem("X", "F", [60, 40, 70]), dem("Y", "G", [50, 30, 120])],
    capacity: capacity(P3, [
      ["R1", "hours", 1, [50, 50, 50]],
      ["R2", "hours", 1, [100, 10, 100]],
    ]),
    resources: [line(null, "F", "R1", 1), line(null, "G", "R2", 1)],
  });

  it("lists every short resource-period, largest gap first", () => {
    assert.deepEqual(
      r.shortages.map((s) => [s.resource, s.period, s.gap, s.firstShortPeriod]),
      [
        ["R1", "2026-07", -20, "2026-05"],
        ["R2", "2026-06", -20, "2026-06"],
        ["R2", "2026-07", -20, "2026-06"],
        ["R1", "2026-05", -10, "2026-05"],
      ],
    );
    const s = r.shortages[0]!;
    assert.equal(s.load, 70);
    assert.equal(s.available, 50);
    close(s.utilisation, 1.4);
    assert.equal(s.overloadProbability, 1); // no sd: a certain load
    assert.equal(s.unit, "hours");
  });
  it("summarises each resource", () => {
    const s = res(r, "R1").summary;
    assert.equal(s.shortPeriods, 2);
    assert.equal(s.firstShortPeriod, "2026-05");
    assert.equal(s.shortfall, 30);
    close(s.averageUtilisation, 170 / 150);
    close(s.peakUtilisation, 1.4);
    assert.equal(s.peakPeriod, "2026-07");
    assert.deepEqual(res(r, "R1").status, ["short", "ok", "short"]);
    assert.equal(r.totals.shortages, 4);
    assert.equal(r.totals.resourcesShort, 2);
    assert.equal(r.atRisk.length, 0);
    assert.ok(r.notes.some((n) => /taken as certain/.test(n)));
  });
});

describe("roughCutCapacity: who loads a short period", () => {
  // One period, R capacity 100. Items (family): a 50 (F1), b 30 (F1), c 15 (F2), d 10 (F3),
  // e 5 (F4), f 3 (F1): load 113, gap −13.
  // Families: F1 83, F2 15, F3 10 (F4 5 not in the top 3); shares of 113.
  // Items: a 50, b 30, c 15, d 10, e 5 (f 3 not in the top 5).
  const items: [string, string, number][] = [
    ["a", "F1", 50],
    ["b", "F1", 30],
    ["c", "F2", 15],
    ["d", "F3", 10],
    ["e", "F4", 5],
    ["f", "F1", 3],
  ];
  const r = roughCutCapacity(
    {
      periods: ["2026-05"],
      demand: items.map(([i, f, q]) => dem(i, f, [q])),
      capacity: capacity(["2026-05"], [["R", "hours", 1, [100]]]),
      resources: ["F1", "F2", "F3", "F4"].map((f) => line(null, f, "R", 1)),
    },
    { resourceTopItems: 2 },
  );

  it("gives the top 3 families and top 5 items with their share of the period's load", () => {
    assert.equal(r.shortages.length, 1);
    const s = r.shortages[0]!;
    assert.equal(s.gap, -13);
    assert.deepEqual(
      s.topFamilies.map((c) => [c.key, c.load]),
      [
        ["F1", 83],
        ["F2", 15],
        ["F3", 10],
      ],
    );
    close(s.topFamilies[0]!.share, 83 / 113);
    assert.deepEqual(
      s.topItems.map((c) => [c.key, c.family, c.load]),
      [
        ["a", "F1", 50],
        ["b", "F1", 30],
        ["c", "F2", 15],
        ["d", "F3", 10],
        ["e", "F4", 5],
      ],
    );
    close(s.topItems[4]!.share, 5 / 113);
  });
  it("limits the resource's top items by option", () => {
    assert.deepEqual(
      res(r, "R").topItems.map((t) => t.item),
      ["a", "b"],
    );
  });
});

describe("roughCutCapacity: probability of overload", () => {
  // Two items on R, same figures each period:
  //   a: demand 100, sd 30, 1 h/unit;  b: demand 50, sd 20, 2 h/unit
  //   load = 100 + 100 = 200;  σ² = (1×30)² + (2×20)² = 900 + 1600 = 2500, σ = 50
  // Capacity per period 250, 240, 200, 150:
  //   P = 1 − Φ(1) = 0.158655…  → ok (below 0.2)
  //   P = 1 − Φ(0.8) = 0.211855… → at risk
  //   P = 1 − Φ(0) = 0.5         → at risk
  //   P = 1 − Φ(−1) = 0.841344…  → short (gap −50), not "at risk"
  const P4 = ["2026-05", "2026-06", "2026-07", "2026-08"];
  const input = {
    periods: P4,
    demand: [dem("a", "F", [100, 100, 100, 100], [30, 30, 30, 30]), dem("b", "F", [50, 50, 50, 50], [20, 20, 20, 20])],
    capacity: capacity(P4, [["R", "hours", 1, [250, 240, 200, 150]]]),
    resources: [line("a", null, "R", 1), line("b", null, "R", 2)],
  };
  const r = roughCutCapacity(input);

  it("takes the load as normal with independent items' variances", () => {
    const w = res(r, "R");
    assert.deepEqual([...w.load], [200, 200, 200, 200]);
    assert.deepEqual([...w.loadSd], [50, 50, 50, 50]);
    const p = w.overloadProbability;
    close(p[0], 0.15865525393145707, 1e-12);
    close(p[1], 0.21185539858339664, 1e-12);
    close(p[2], 0.5, 1e-12);
    close(p[3], 0.8413447460685429, 1e-12);
    assert.deepEqual(w.status, ["ok", "at risk", "at risk", "short"]);
    assert.equal(w.summary.atRiskPeriods, 2);
    assert.equal(r.hasUncertainty, true);
    assert.ok(r.notes.some((n) => /independent/.test(n)));
  });
  it("lists the periods at risk, most probable first", () => {
    assert.deepEqual(
      r.atRisk.map((x) => [x.period, x.gap, x.loadSd]),
      [
        ["2026-07", 0, 50],
        ["2026-06", 40, 50],
      ],
    );
    assert.equal(r.shortages.length, 1);
    close(r.shortages[0]!.overloadProbability, 0.8413447460685429, 1e-12);
  });
  it("uses the risk threshold option", () => {
    const r2 = roughCutCapacity(input, { riskThreshold: 0.25 });
    assert.equal(r2.riskThreshold, 0.25);
    assert.deepEqual(
      r2.atRisk.map((x) => x.period),
      ["2026-07"],
    );
  });
});

describe("roughCutCapacity: units, missing capacity, bad data", () => {
  it("treats a material (units) like a work centre", () => {
    // MAT-Castings: 1 casting per pump, lead 2; pumps demand 10 20 30 40; allocation 25.
    //   load = 30 40 0 0 (demand of t+2); before the plan 10 + 20 = 30; gap −5 in May.
    const P4 = ["2026-05", "2026-06", "2026-07", "2026-08"];
    const r = roughCutCapacity({
      periods: P4,
      demand: [dem("PMP-1", "Pumps", [10, 20, 30, 40])],
      capacity: capacity(P4, [["MAT-Castings", "units", 1, [25, 25, 25, 25]]]),
      resources: [line(null, "Pumps", "MAT-Castings", 1, 2)],
    });
    const m = res(r, "MAT-Castings");
    assert.equal(m.unit, "units");
    assert.deepEqual([...m.load], [30, 40, 0, 0]);
    assert.equal(m.loadBeforePlan, 30);
    assert.deepEqual(
      r.shortages.map((s) => [s.period, s.gap, s.unit]),
      [
        ["2026-06", -15, "units"],
        ["2026-05", -5, "units"],
      ],
    );
  });

  it("leaves utilisation null where capacity is unknown, and reports it", () => {
    // Capacity table Jun–Aug with a blank in Jul; plan May–Jul. Load 10 each period.
    //   May: outside the table → unknown; Jul: blank → unknown; Jun: 40 → util 0.25.
    const r = roughCutCapacity({
      periods: P3,
      demand: [dem("A", "F", [10, 10, 10])],
      capacity: capacity(["2026-06", "2026-07", "2026-08"], [["R", "hours", 1, [40, Number.NaN, 40]]]),
      resources: [line(null, "F", "R", 1)],
    });
    const w = res(r, "R");
    assert.deepEqual(w.capacity, [null, 40, null]);
    assert.deepEqual(w.available, [null, 40, null]);
    assert.deepEqual(w.gap, [null, 30, null]);
    assert.deepEqual(w.utilisation, [null, 0.25, null]);
    assert.deepEqual(w.overloadProbability, [null, 0, null]);
    assert.deepEqual(w.status, ["no capacity", "ok", "no capacity"]);
    assert.equal(w.summary.noCapacityPeriods, 2);
    close(w.summary.averageUtilisation, 0.25);
    const i = issue(r, "no-capacity-in-period");
    assert.equal(i?.count, 2);
    assert.deepEqual(
      i?.examples.map((e) => e.period),
      ["2026-05", "2026-07"],
    );
    assertNoNaN(r);
  });

  it("ignores and reports routing lines with zero, negative or missing hours per unit", () => {
    // B's own lines are all unusable, so B falls back to its family's line (WC-10 1 h).
    const r = roughCutCapacity({
      periods: ["2026-05"],
      demand: [dem("A", "F", [10]), dem("B", "F", [5])],
      capacity: capacity(["2026-05"], [["WC-10", "hours", 1, [100]]]),
      resources: [line(null, "F", "WC-10", 1), line("A", null, "WC-10", -1), line("B", null, "WC-10", 0), line("B", null, "WC-10", Number.NaN), line(null, null, "WC-10", 1)],
    });
    // A has no usable own line either (−1): family line. load = 10 + 5 = 15
    assert.deepEqual([...res(r, "WC-10").load], [15]);
    const i = issue(r, "bad-per-unit");
    assert.equal(i?.count, 3);
    assert.deepEqual(
      i?.examples.map((e) => e.line),
      [1, 2, 3],
    );
    assert.equal(issue(r, "routing-line-without-key")?.count, 1);
  });

  it("reports resources without capacity, unloaded capacity rows and zero capacity with load", () => {
    // WC-1 has no capacity row: load 5 shown, nothing else. WC-2 has capacity 0 in May while
    // loaded 5 → a shortage with no utilisation. WC-3 is never loaded.
    const r = roughCutCapacity({
      periods: ["2026-05", "2026-06"],
      demand: [dem("A", "F", [5, 5])],
      capacity: capacity(["2026-05", "2026-06"], [
        ["WC-2", "hours", 1, [0, 10]],
        ["WC-3", "hours", 1, [10, 10]],
      ]),
      resources: [line(null, "F", "WC-1", 1), line(null, "F", "WC-2", 1)],
    });
    assert.deepEqual(
      r.resources.map((x) => x.resource),
      ["WC-2", "WC-3", "WC-1"],
    );
    const w1 = res(r, "WC-1");
    assert.deepEqual([...w1.load], [5, 5]);
    assert.equal(w1.unit, null);
    assert.equal(w1.hasCapacityRow, false);
    assert.deepEqual(w1.utilisation, [null, null]);
    assert.deepEqual(w1.status, ["no capacity", "no capacity"]);
    assert.equal(w1.summary.noCapacityPeriods, 0); // no capacity row at all: not a missing period
    const w2 = res(r, "WC-2");
    assert.deepEqual(w2.utilisation, [null, 0.5]);
    assert.deepEqual(w2.status, ["short", "ok"]);
    assert.deepEqual(
      r.shortages.map((s) => [s.resource, s.gap, s.utilisation]),
      [["WC-2", -5, null]],
    );
    assert.equal(issue(r, "resource-without-capacity")?.examples[0]?.resource, "WC-1");
    assert.equal(issue(r, "capacity-not-loaded")?.examples[0]?.resource, "WC-3");
    assert.equal(issue(r, "no-available-capacity-with-load")?.count, 1);
    assert.equal(res(r, "WC-3").summary.averageUtilisation, 0);
    assertNoNaN(r);
  });

  it("counts bad demand and sd figures as 0", () => {
    const r = roughCutCapacity({
      periods: P3,
      demand: [dem("A", "F", [Number.NaN, -4, 10], [Number.NaN, 1, -2])],
      capacity: null,
      resources: [line(null, "F", "R", 1)],
    });
    assert.deepEqual([...res(r, "R").load], [0, 0, 10]);
    assert.deepEqual([...res(r, "R").loadSd], [0, 1, 0]);
    assert.equal(issue(r, "bad-demand")?.count, 2);
    assert.equal(issue(r, "bad-sd")?.count, 2);
    assert.ok(r.notes.some((n) => /No capacity is mapped/.test(n)));
    assertNoNaN(r);
  });

  it("rounds lead offsets and counts the adjustments", () => {
    const r = roughCutCapacity({
      periods: P3,
      demand: [dem("A", "F", [1, 2, 3])],
      capacity: null,
      resources: [line(null, "F", "R", 1, 0.6), line(null, "F", "S", 1, -1)],
    });
    assert.deepEqual([...res(r, "R").load], [2, 3, 0]); // lead 1
    assert.deepEqual([...res(r, "S").load], [1, 2, 3]); // lead 0
    assert.equal(issue(r, "bad-lead-offset")?.count, 2);
  });

  it("reports plan periods that are not consecutive months", () => {
    const r = roughCutCapacity({ periods: ["2026-05", "2026-07"], demand: [], capacity: null, resources: [] });
    assert.equal(issue(r, "plan-periods")?.count, 1);
  });
});

describe("roughCutCapacity: empty inputs", () => {
  it("returns an empty result for nothing at all", () => {
    const r = roughCutCapacity({ periods: [], demand: [], capacity: null, resources: [] });
    assert.deepEqual(r.resources, []);
    assert.deepEqual(r.shortages, []);
    assert.deepEqual(r.atRisk, []);
    assert.deepEqual(r.unrouted, []);
    assert.deepEqual(r.issues, []);
    assert.equal(r.totals.resources, 0);
    assert.ok(r.notes.some((n) => /no plan periods/.test(n)));
    assertNoNaN(r);
  });
  it("shows idle capacity when nothing is routed", () => {
    const r = roughCutCapacity({ periods: P3, demand: [], capacity: capacity(P3, [["R", "hours", 0.9, [10, 10, 10]]]), resources: [] });
    const w = res(r, "R");
    assert.deepEqual([...w.load], [0, 0, 0]);
    assert.deepEqual(w.utilisation, [0, 0, 0]);
    assert.deepEqual(w.families, []);
    assert.deepEqual(w.topItems, []);
    assert.equal(issue(r, "capacity-not-loaded")?.count, 1);
    assertNoNaN(r);
  });
  it("handles demand arrays shorter than the plan and a capacity table of no periods", () => {
    const r = roughCutCapacity({
      periods: P3,
      demand: [dem("A", "F", [4])],
      capacity: capacity([], [["R", "hours", 1, []]]),
      resources: [line(null, "F", "R", 1)],
    });
    assert.deepEqual([...res(r, "R").load], [4, 0, 0]);
    assert.deepEqual(res(r, "R").utilisation, [null, null, null]);
    assert.ok(r.notes.some((n) => /cover none of the plan periods/.test(n)));
    assertNoNaN(r);
  });
});
