import assert from "node:assert/strict";
import { analyseDemandAccuracy } from "../../../src/engine/accuracy/demandAccuracy";
import type { AccuracyRow, DemandAccuracyInput, DemandAccuracyResult, VersionAccuracy } from "../../../src/engine/accuracy/types";
import { forecast } from "../../../src/engine/forecast/index";
import type { PriceRow, SeriesTable, SnapshotRow } from "../../../src/engine/inputs";
import { addPeriods, parsePeriodKey, periodKey } from "../../../src/engine/period";

const close = (a: number | null | undefined, b: number, tol = 1e-12): void => {
  assert.ok(a !== null && a !== undefined, `expected ${b}, got ${String(a)}`);
  assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
};

const shift = (p: string, n: number): string => periodKey(addPeriods(parsePeriodKey(p)!, n));

/** A monthly table from rows of values (NaN for blanks). */
function table(periods: string[], rows: Record<string, number[]>, attributeNames: string[] = [], attrs: Record<string, string[]> = {}): SeriesTable {
  const keys = Object.keys(rows);
  const values = new Float64Array(keys.length * periods.length);
  keys.forEach((k, i) => rows[k]!.forEach((v, j) => (values[i * periods.length + j] = v)));
  return { kind: "month", periods, keys, attributeNames, attributes: keys.map((k) => attrs[k] ?? attributeNames.map(() => null)), values };
}

/** A snapshot row of `version` for `item` and target `period`, made `lag` months before. */
const snap = (version: string, item: string, period: string, lag: number, quantity: number): SnapshotRow => ({
  cycle: shift(period, -lag),
  version,
  item,
  period,
  quantity,
});

/** Lag-1 snapshot rows for Apr, May, Jun 2025 (NaN: row omitted). */
function lag1(version: string, byItem: Record<string, [number, number, number]>): SnapshotRow[] {
  const out: SnapshotRow[] = [];
  for (const [item, qs] of Object.entries(byItem))
    qs.forEach((q, j) => {
      if (!Number.isNaN(q)) out.push(snap(version, item, ["2025-04", "2025-05", "2025-06"][j]!, 1, q));
    });
  return out;
}

/** Fails on any NaN or infinite number anywhere in the result. */
function assertNoNaN(x: unknown, path = "result"): void {
  if (typeof x === "number") assert.ok(Number.isFinite(x), `${path} = ${x}`);
  else if (Array.isArray(x)) x.forEach((v, i) => assertNoNaN(v, `${path}[${i}]`));
  else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) assertNoNaN(v, `${path}.${k}`);
}

// ---------------------------------------------------------------------------------------------
// The fixture. Actuals Jan–Jun 2025; cycle 2025-07, window 3 → Apr, May, Jun.
//
//          Family Region   Jan  Feb  Mar | Apr  May  Jun
//   A      F1     North      8   12   10 |  10   20   10
//   B      F1     South    100  100  100 | 100  100  100
//   C      F2     North      0    4    4 |   0    8    4
//
// Lag-1 forecasts (made in cycle t − 1) from the snapshots:
//   Statistical  A 12 12 12   B 110  90 100   C 2 4 4
//   Sales        A 15 15 15   B 125 125 125   C 2 – 4   (no Sales row for C May)
//   Consensus    A 12 18 10   B 105 100 100   C 1 8 4
// Errors e = F − A:
//   Statistical  A 2 −8 2 (Σ|e| 12, Σe −4)   B 10 −10 0 (20, 0)   C 2 −4 0 (6, −2)   → Σ|e| 38, Σe −6
//   Sales        A 5 −5 5 (15, 5)            B 25 25 25 (75, 75)  C 2 · 0 (2, 2)     → Σ|e| 92, Σe 82
//   Consensus    A 2 −2 0 (4)                B 5 0 0 (5)          C 1 0 0 (1)        → Σ|e| 10
//   Naive lag 1 (actual of t − 2: Feb, Mar, Apr)
//                A 12 10 10 → 2 −10 0 (12)   B 0 0 0 (0)          C 4 4 0 → 4 −4 −4 (12) → 24
// Σ|A| over the 9 item-periods = 40 + 300 + 12 = 352; without C May (Sales) = 344.
// Prices: A 2, B 1 (3 in May 2025), C 10.
// ---------------------------------------------------------------------------------------------
const PERIODS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"];
const actuals = table(
  PERIODS,
  { A: [8, 12, 10, 10, 20, 10], B: [100, 100, 100, 100, 100, 100], C: [0, 4, 4, 0, 8, 4] },
  ["Family", "Region"],
  { A: ["F1", "North"], B: ["F1", "South"], C: ["F2", "North"] },
);
const snapshots: SnapshotRow[] = [
  ...lag1("Statistical", { A: [12, 12, 12], B: [110, 90, 100], C: [2, 4, 4] }),
  ...lag1("Sales", { A: [15, 15, 15], B: [125, 125, 125], C: [2, Number.NaN, 4] }),
  ...lag1("Consensus", { A: [12, 18, 10], B: [105, 100, 100], C: [1, 8, 4] }),
  // Lag 2 of the statistical version: A Apr (cycle Feb) 11, A May (cycle Mar) 15, B Apr (cycle Feb) 100.
  snap("Statistical", "A", "2025-04", 2, 11),
  snap("Statistical", "A", "2025-05", 2, 15),
  snap("Statistical", "B", "2025-04", 2, 100),
];
const FUTURE = ["2025-07", "2025-08", "2025-09"];
const salesTab = table(FUTURE, { A: [15, 15, 15], B: [120, 120, 120], C: [4, 4, 4] }, ["Manager"], { A: ["Ann"], B: ["Ann"], C: ["Bob"] });
const prices: PriceRow[] = [
  { item: "A", price: 2, unitCost: null, period: null },
  { item: "B", price: 1, unitCost: null, period: null },
  { item: "B", price: 3, unitCost: null, period: "2025-05" },
  { item: "C", price: 10, unitCost: null, period: null },
];
const input: DemandAccuracyInput = { actuals, forecasts: new Map([["Sales", salesTab]]), snapshots, prices, cycle: "2025-07" };
const options = { window: 3, trackingPeriods: 3, trackingLimit: 2.5, topN: 3, leadTimeLag: 3 };

const version = (r: DemandAccuracyResult, name: string): VersionAccuracy => {
  const v = r.headline.find((h) => h.version === name);
  assert.ok(v, `no headline for ${name}`);
  return v;
};
const item = (v: VersionAccuracy, key: string): AccuracyRow => {
  const row = v.items.find((x) => x.key === key);
  assert.ok(row, `no item row ${key}`);
  return row;
};

describe("analyseDemandAccuracy: headline", () => {
  const r = analyseDemandAccuracy(input, options);

  it("window, versions and sources", () => {
    assert.deepEqual(r.windowPeriods, ["2025-04", "2025-05", "2025-06"]);
    assert.deepEqual(
      r.versions.map((v) => [v.name, v.role, v.source]),
      [
        ["Naive", "naive", "actuals"],
        ["Statistical", "statistical", "snapshots"],
        ["Sales", "contributor", "snapshots"],
        ["Consensus", "consensus", "snapshots"],
      ],
    );
    assert.equal(r.familyAttribute, "Family");
    assert.deepEqual(r.attributeNames, ["Region"]);
    assertNoNaN(r);
  });

  it("total figures of the statistical version (hand-computed)", () => {
    const t = version(r, "Statistical").total.volume;
    assert.equal(t.count, 9);
    close(t.absError, 38);
    close(t.wape, 38 / 352);
    close(t.accuracy, 1 - 38 / 352);
    close(t.biasPct, -6 / 352);
    // MAPE over A ≠ 0 (C Apr excluded): 2/10 + 8/20 + 2/10 + 10/100 + 10/100 + 0 + 4/8 + 0 = 1.5 over 8.
    close(t.mape, 1.5 / 8);
    assert.equal(t.zeroActuals, 1);
    close(t.mad, 38 / 9);
    close(t.rmse, Math.sqrt((4 + 64 + 4 + 100 + 100 + 0 + 4 + 16 + 0) / 9));
    // sMAPE = 2/9 · Σ|e|/(|A|+|F|): A 2/22 + 8/32 + 2/22, B 10/210 + 10/190 + 0, C 2/2 + 4/12 + 0.
    close(t.smape, (2 / 9) * (2 / 22 + 8 / 32 + 2 / 22 + 10 / 210 + 10 / 190 + 1 + 4 / 12));
    // MASE scales from Jan–Mar (too short for m = 12 → lag 1): A |12−8|, |10−12| → 3; B 0 (none); C 4, 0 → 2.
    // Total MASE = (Σ|e| of A + C) / (3 · 3 + 3 · 2) = 18 / 15; A alone 12 / 9.
    close(t.mase, 18 / 15);
    close(item(version(r, "Statistical"), "A").volume.mase, 12 / 9);
    assert.equal(item(version(r, "Statistical"), "B").volume.mase, null);
  });

  it("family and attribute roll-ups are computed from sums, not averaged", () => {
    const stat = version(r, "Statistical");
    const f1 = stat.families.find((f) => f.key === "F1")!;
    close(f1.volume.wape, 32 / 340); // (12 + 20) / (40 + 300)
    assert.equal(f1.items, 2);
    const meanOfItems = (item(stat, "A").volume.wape! + item(stat, "B").volume.wape!) / 2; // (0.3 + 0.0667) / 2
    close(meanOfItems, (12 / 40 + 20 / 300) / 2);
    assert.ok(Math.abs(f1.volume.wape! - meanOfItems) > 0.05, "family WAPE must not be the mean of item WAPEs");
    close(stat.families.find((f) => f.key === "F2")!.volume.wape, 6 / 12);
    const north = stat.attributes.find((a) => a.attribute === "Region" && a.key === "North")!;
    const south = stat.attributes.find((a) => a.attribute === "Region" && a.key === "South")!;
    close(north.volume.wape, 18 / 52); // A + C: (12 + 6) / (40 + 12)
    close(south.volume.wape, 20 / 300);
  });

  it("versions are measured on their own item-periods (Sales has no C May)", () => {
    const t = version(r, "Sales").total.volume;
    assert.equal(t.count, 8);
    close(t.wape, 92 / 344);
    close(t.biasPct, 82 / 344);
    close(version(r, "Consensus").total.volume.wape, 10 / 352);
  });

  it("naive forecast at lag 1 = the actual of t − 2", () => {
    const n = version(r, "Naive");
    close(item(n, "A").volume.forecast, 12 + 10 + 10); // Feb, Mar, Apr
    close(item(n, "C").volume.forecast, 4 + 4 + 0);
    close(n.total.volume.wape, 24 / 352);
  });

  it("value weighting: quantities × price, a per-period price winning for its period", () => {
    assert.equal(r.hasPrices, true);
    const v = version(r, "Statistical").total.value!;
    // Σ|e|·p: A 12·2 = 24; B 10·1 + 10·3 + 0 = 40; C 6·10 = 60 → 124.
    // Σ|A|·p: A 40·2 = 80; B 100 + 300 + 100 = 500; C 12·10 = 120 → 700.
    close(v.absError, 124);
    close(v.actual, 700);
    close(v.wape, 124 / 700);
    close(item(version(r, "Sales"), "B").value!.absError, 25 + 75 + 25);
  });

  it("item flags: bias, worse than statistical / naive, tracking signal", () => {
    const b = item(version(r, "Sales"), "B");
    assert.deepEqual(
      b.flags.map((f) => f.code),
      ["bias-over", "worse-than-statistical", "worse-than-naive", "tracking-signal"],
    ); // bias 75/300 = +25 % > 20 %; 75 > 20 (statistical) and > 0 (naive); TS 75/25 = 3 > 2.5
    assert.match(b.flags[0]!.text, /\+25\.0 %/);
    // Sales C: Apr 2 vs 0, Jun 4 vs 4 → bias 2/4 = +50 %; equal to statistical (2 = 2): not worse.
    assert.deepEqual(
      item(version(r, "Sales"), "C").flags.map((f) => f.code),
      ["bias-over"],
    );
    assert.deepEqual(
      item(version(r, "Statistical"), "B").flags.map((f) => f.code),
      ["worse-than-naive"],
    );
  });
});

describe("analyseDemandAccuracy: lag table", () => {
  const r = analyseDemandAccuracy(input, options);
  const rowOf = (v: string, lag: number) => r.lagTable.find((x) => x.version === v && x.lag === lag)!;

  it("lags 1, 2, 3 with the lead-time lag labelled", () => {
    assert.deepEqual(
      r.lags.map((l) => l.label),
      ["lag 1", "lag 2", "lag 3 (lead time)"],
    );
  });

  it("snapshots are assigned to lag = period − cycle", () => {
    // Statistical lag 2: A Apr (cycle Feb) 11 − 10 = 1, A May (cycle Mar) 15 − 20 = −5, B Apr 0 → 6 / 130.
    const s2 = rowOf("Statistical", 2);
    assert.equal(s2.total.count, 3);
    assert.equal(s2.total.cycles, 2); // cycles 2025-02 and 2025-03
    close(s2.total.wape, 6 / 130);
    close(s2.total.biasPct, -4 / 130);
    assert.deepEqual(
      s2.families.map((f) => f.key),
      ["F1"],
    );
    close(rowOf("Statistical", 1).total.wape, 38 / 352);
    assert.equal(rowOf("Statistical", 1).total.cycles, 3);
    const s3 = rowOf("Statistical", 3);
    assert.equal(s3.total.count, 0);
    assert.equal(s3.total.wape, null);
    assert.equal(s3.leadTime, true);
  });

  it("naive at lag k = the actual of t − k − 1", () => {
    // Lag 2 (Jan, Feb, Mar): A 8 12 10 vs 10 20 10 → 2 + 8 + 0; B 0; C 0 4 4 vs 0 8 4 → 4. Σ 14 / 352.
    close(rowOf("Naive", 2).total.wape, 14 / 352);
    // Lag 3 (Dec 2024: none, Jan, Feb): A 8 vs 20, 12 vs 10 → 14; B 0; C 0 vs 8, 4 vs 4 → 8. Σ 22 / 242 over 6 pairs.
    const n3 = rowOf("Naive", 3);
    assert.equal(n3.total.count, 6);
    assert.equal(n3.total.cycles, 2);
    close(n3.total.wape, 22 / 242);
  });

  it("a cycle's own month is lag 0", () => {
    const own = analyseDemandAccuracy(
      { ...input, snapshots: [snap("Statistical", "A", "2025-06", 0, 13), snap("Statistical", "A", "2025-06", 1, 30)] },
      { window: 3, lags: [0, 1], accuracyLag: 0 },
    );
    const l0 = own.lagTable.find((x) => x.version === "Statistical" && x.lag === 0)!;
    assert.equal(l0.total.count, 1);
    close(l0.total.absError, 3); // 13 − 10 (cycle 2025-06 for 2025-06)
    close(own.lagTable.find((x) => x.version === "Statistical" && x.lag === 1)!.total.absError, 20); // cycle 2025-05
  });
});

describe("analyseDemandAccuracy: FVA, league, lists", () => {
  const r = analyseDemandAccuracy(input, options);

  it("FVA stairstep naive → statistical → sales → consensus on common item-periods", () => {
    const s = r.fva.total.steps;
    assert.deepEqual(
      s.map((x) => x.version),
      ["Naive", "Statistical", "Sales", "Consensus"],
    );
    close(s[0]!.wape, 24 / 352);
    assert.equal(s[0]!.fva, null);
    // Statistical vs naive, all 9 pairs: 24/352 − 38/352.
    close(s[1]!.previousWape, 24 / 352);
    close(s[1]!.wape, 38 / 352);
    close(s[1]!.fva, -14 / 352);
    // Sales vs statistical on the 8 pairs both have (no C May: statistical loses its −4 there).
    assert.equal(s[2]!.count, 8);
    close(s[2]!.previousWape, 34 / 344);
    close(s[2]!.wape, 92 / 344);
    close(s[2]!.fva, -58 / 344);
    // Consensus vs sales on the same 8 pairs: 92/344 − 10/344.
    close(s[3]!.fva, 82 / 344);
    // Family F2 (item C), sales step: Apr and Jun only, statistical 2 + 0, sales 2 + 0 on Σ|A| 4 → FVA 0.
    const f2 = r.fva.families.find((f) => f.key === "F2")!;
    close(f2.steps[2]!.fva, 0);
    assert.equal(f2.steps[2]!.count, 2);
  });

  it("league: per contributor and per manager from its tab, best FVA first", () => {
    // Sales: vs statistical −58/344; vs naive (naive on the 8 pairs: 24 − 4 = 20) 20/344 − 92/344.
    // Ann (A, B): statistical 32, sales 90 on Σ|A| 340 → −58/340. Bob (C Apr, Jun): 2 vs 2 → 0; naive 4 + 4 = 8 → (8 − 2)/4.
    assert.deepEqual(
      r.league.map((e) => e.manager),
      ["Bob", null, "Ann"],
    );
    const [bob, sales, ann] = r.league;
    close(sales!.fvaVsStatistical, -58 / 344);
    close(sales!.fvaVsNaive, -72 / 344);
    close(sales!.wape, 92 / 344);
    assert.equal(sales!.items, 3);
    close(ann!.fvaVsStatistical, -58 / 340);
    close(bob!.fvaVsStatistical, 0);
    close(bob!.fvaVsNaive, 1.5);
  });

  it("top error contributors by volume and by value", () => {
    assert.deepEqual(
      r.topByVolume.map((t) => `${t.version} ${t.item} ${t.absError}`),
      ["Sales B 75", "Statistical B 20", "Sales A 15"],
    );
    close(r.topByVolume[0]!.share, 75 / 92);
    // Value: Sales B 25·1 + 25·3 + 25·1 = 125; Statistical C 6·10 = 60; Statistical B 10 + 30 = 40.
    assert.deepEqual(
      r.topByValue.map((t) => `${t.version} ${t.item} ${t.absErrorValue}`),
      ["Sales B 125", "Statistical C 60", "Statistical B 40"],
    );
  });

  it("tracking-signal alerts over the last periods", () => {
    // TS = Σe / MAD over Apr–Jun: Sales B 75 / 25 = +3; Consensus B 5 / (5/3) = +3; Consensus C 1 / (1/3) = +3.
    assert.deepEqual(
      r.trackingAlerts.map((a) => `${a.version} ${a.item} ${a.direction}`).sort(),
      ["Consensus B over-forecast", "Consensus C over-forecast", "Sales B over-forecast"],
    );
    for (const a of r.trackingAlerts) close(a.trackingSignal, 3);
  });

  it("overrides that made the forecast worse than statistical", () => {
    assert.deepEqual(
      r.overridesWorse.map((o) => `${o.version} ${o.item} ${o.extraError}`),
      ["Sales B 55", "Sales A 3"],
    );
    close(r.overridesWorse[0]!.statisticalWape, 20 / 300);
    close(r.overridesWorse[0]!.wape, 75 / 300);
  });

  it("under-forecast alert with the default limit 4 over 6 periods", () => {
    const months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08"];
    const a = table(months, { X: [50, 50, 50, 50, 50, 50, 50, 50] });
    // Cycle 2025-09, window 6 → Mar–Aug; lag-1 forecasts 45 each except one 52: e = −5 ×5, +2 → Σe −23, MAD 27/6 → TS −5.11.
    const rows = months.slice(2).map((p, j) => snap("Sales", "X", p, 1, j === 3 ? 52 : 45));
    const res = analyseDemandAccuracy({ actuals: a, forecasts: new Map(), snapshots: rows, prices: [], cycle: "2025-09" }, { backtest: false });
    assert.equal(res.trackingAlerts.length, 1);
    assert.equal(res.trackingAlerts[0]!.direction, "under-forecast");
    close(res.trackingAlerts[0]!.trackingSignal, -23 / (27 / 6));
  });
});

describe("analyseDemandAccuracy: sources", () => {
  it("a version without snapshots falls back to its forecast tab; contributors in name order", () => {
    // Marketing tab covers the past months: A 11 11 11 (e 1, −9, 1), B 100 100 100, C – – –.
    const mkt = table(["2025-04", "2025-05", "2025-06"], { A: [11, 11, 11], B: [100, 100, 100], C: [Number.NaN, Number.NaN, Number.NaN] });
    const r = analyseDemandAccuracy({ ...input, forecasts: new Map([["Sales", salesTab], ["Marketing", mkt]]) }, options);
    assert.deepEqual(
      r.versions.map((v) => `${v.name}:${v.source}`),
      ["Naive:actuals", "Statistical:snapshots", "Marketing:forecast tab", "Sales:snapshots", "Consensus:snapshots"],
    );
    close(version(r, "Marketing").total.volume.wape, 11 / 340);
    assert.equal(version(r, "Marketing").total.volume.count, 6);
    assert.ok(!r.lagTable.some((x) => x.version === "Marketing"), "a tab's lag is unknown: not in the lag table");
    assert.deepEqual(
      r.fva.total.steps.map((s) => s.version),
      ["Naive", "Statistical", "Marketing", "Sales", "Consensus"],
    );
    // Sales now follows Marketing: common pairs A, B (Marketing has no C) → (11 − 90) / 340.
    close(r.fva.total.steps[3]!.fva, (11 - 90) / 340);
    assert.ok(r.notes.some((n) => n.startsWith("Marketing: no snapshot rows")));
  });

  it("backtests the statistical engine when it has no snapshots, one fit per (item, origin)", () => {
    const noStat = snapshots.filter((s) => s.version !== "Statistical");
    const r = analyseDemandAccuracy({ ...input, snapshots: noStat }, { window: 3, lags: [1] });
    const stat = r.versions.find((v) => v.role === "statistical")!;
    assert.equal(stat.source, "backtest");
    // Lag 1: origins Feb, Mar, Apr per item (3 items) → 9 fits.
    assert.ok(r.notes.some((n) => n.includes("(9 fits")), r.notes.join(" | "));
    // Each value = forecast(history up to t − 2, horizon 2, auto), last point.
    let expected = 0;
    for (const series of [[8, 12, 10, 10, 20, 10]]) for (let t = 3; t < 6; t++) expected += forecast(series.slice(0, t - 1), { period: 12, horizon: 2, method: "auto" }).point[1]!;
    close(item(version(r, "Statistical"), "A").volume.forecast, expected, 1e-9);
    // Lags 1 and 2: origins Jan–Apr → 4 fits per item serve the 6 (target, lag) pairs.
    const r2 = analyseDemandAccuracy({ ...input, snapshots: noStat }, { window: 3, lags: [1, 2] });
    assert.ok(r2.notes.some((n) => n.includes("(12 fits")), r2.notes.join(" | "));
    assert.ok(r2.lagTable.some((x) => x.version === "Statistical" && x.source === "backtest" && x.lag === 2 && x.total.count === 9));
    // backtest: false → no statistical version at all (no tab either).
    const r3 = analyseDemandAccuracy({ ...input, snapshots: noStat }, { window: 3, backtest: false });
    assert.ok(!r3.versions.some((v) => v.role === "statistical"));
    assert.deepEqual(
      r3.fva.total.steps.map((s) => s.version),
      ["Naive", "Sales", "Consensus"],
    );
    assertNoNaN(r3);
  });
});

describe("analyseDemandAccuracy: bad input is reported, never thrown", () => {
  it("snapshot rows: unknown version, outside the actuals, not a month, duplicates, unknown item, bad quantity, negative lag", () => {
    const bad: SnapshotRow[] = [
      ...snapshots,
      snap("Sales", "A", "2025-04", 1, 999), // duplicate of Sales A Apr lag 1: the first (15) is kept
      snap("Finance", "A", "2025-04", 1, 10), // a version of its own
      snap("Sales", "A", "2024-11", 1, 10), // before the first actual
      snap("Sales", "A", "2025-09", 1, 10), // after the last actual (not closed yet)
      { cycle: "2025-W10", version: "Sales", item: "A", period: "2025-04", quantity: 10 },
      { cycle: "2025-03", version: "Sales", item: "A", period: "May 2025", quantity: 10 },
      snap("Sales", "ZZZ", "2025-04", 1, 10),
      { cycle: "2025-03", version: "Sales", item: "B", period: "2025-04", quantity: Number.NaN },
      { cycle: "2025-05", version: "Sales", item: "B", period: "2025-04", quantity: 10 },
    ];
    const r = analyseDemandAccuracy({ ...input, snapshots: bad }, options);
    const count = (k: string): number => r.issues.find((i) => i.kind === k)?.count ?? 0;
    assert.equal(count("duplicate"), 1);
    assert.equal(count("period-before-actuals"), 1);
    assert.equal(count("period-after-actuals"), 1);
    assert.equal(r.issues.find((i) => i.kind === "period-after-actuals")!.severity, "info");
    assert.equal(count("not-a-month"), 2);
    assert.equal(count("unknown-item"), 1);
    assert.equal(count("bad-quantity"), 1);
    assert.equal(count("negative-lag"), 1);
    const dup = r.issues.find((i) => i.kind === "duplicate")!;
    assert.deepEqual(dup.examples[0], { row: snapshots.length, cycle: "2025-03", version: "Sales", item: "A", period: "2025-04" });
    // The results are those of the clean data; Finance is measured as a contributor.
    close(version(r, "Sales").total.volume.absError, 92);
    assert.equal(r.versions.find((v) => v.name === "Finance")?.role, "contributor");
    close(version(r, "Finance").total.volume.absError, 0);
    assertNoNaN(r);
  });

  it("odd data gives an empty result with a note", () => {
    const empty = table([], {});
    const cases: [DemandAccuracyInput, RegExp][] = [
      [{ ...input, actuals: empty }, /No actuals/],
      [{ ...input, actuals: { ...actuals, kind: "week", periods: ["2025-W01", "2025-W02", "2025-W03", "2025-W04", "2025-W05", "2025-W06"] } }, /weekly/],
      [{ ...input, cycle: "2025-W30" }, /not a month/],
      [{ ...input, cycle: "" }, /not a month/],
    ];
    for (const [inp, note] of cases) {
      const r = analyseDemandAccuracy(inp);
      assert.equal(r.headline.length, 0);
      assert.match(r.notes.join(" "), note);
      assertNoNaN(r);
    }
  });

  it("no versions, no snapshots, window outside the actuals: never NaN", () => {
    const none = analyseDemandAccuracy({ actuals, forecasts: new Map(), snapshots: [], prices: [], cycle: "2025-07" }, { backtest: false, window: 3 });
    assert.deepEqual(
      none.versions.map((v) => v.name),
      ["Naive"],
    );
    assert.match(none.notes.join(" "), /only the naive benchmark/);
    assertNoNaN(none);
    const far = analyseDemandAccuracy({ ...input, cycle: "2030-01" }, options);
    assert.equal(far.headline[0]!.total.volume.count, 0);
    assert.equal(far.headline[0]!.total.volume.wape, null);
    assert.match(far.notes.join(" "), /No actual in the window/);
    assertNoNaN(far);
    // All-zero actuals: WAPE undefined (null) but counts and MAD defined.
    const zeros = table(PERIODS, { A: [0, 0, 0, 0, 0, 0] });
    const z = analyseDemandAccuracy({ actuals: zeros, forecasts: new Map(), snapshots: lag1("Sales", { A: [1, 0, 2] }), prices: [], cycle: "2025-07" }, { window: 3, backtest: false });
    const zs = version(z, "Sales").total.volume;
    assert.equal(zs.wape, null);
    assert.equal(zs.zeroActuals, 3);
    close(zs.mad, 1);
    assertNoNaN(z);
  });
});

describe("analyseDemandAccuracy: robustness", () => {
  it("random messy inputs never throw and never produce NaN", () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const months = Array.from({ length: 14 }, (_, t) => shift("2024-06", t));
    for (let trial = 0; trial < 25; trial++) {
      const rows: Record<string, number[]> = {};
      const attrs: Record<string, string[]> = {};
      const nItems = Math.floor(rand() * 5);
      for (let i = 0; i < nItems; i++) {
        rows[`I${i}`] = months.map(() => pick([Number.NaN, 0, -3, 5, 17.5, 1e6]));
        attrs[`I${i}`] = [pick(["F1", "F2", ""]), pick(["N", "S"])];
      }
      const a = table(months, rows, ["family", "Region"], attrs);
      const versions = ["Statistical", "Sales", "consensus", "Other", ""];
      const snaps: SnapshotRow[] = Array.from({ length: Math.floor(rand() * 80) }, () => ({
        cycle: pick([...months, "2023-01", "bad", "2025-W02"]),
        version: pick(versions),
        item: pick(["I0", "I1", "I2", "I9"]),
        period: pick([...months, "2030-01", "x"]),
        quantity: pick([Number.NaN, 0, 4, -2, 100]),
      }));
      const tab = table(months.slice(6), { I0: months.slice(6).map(() => pick([Number.NaN, 3, 0])) }, ["Manager"], { I0: [pick(["M", ""])] });
      const res = analyseDemandAccuracy(
        {
          actuals: a,
          forecasts: new Map([[pick(versions), tab]]),
          snapshots: snaps,
          prices: [{ item: "I1", price: pick([2, Number.NaN, 0]), unitCost: null, period: pick([null, "2025-01", "bad"]) }],
          cycle: pick(["2025-08", "2025-03", "2024-01"]),
        },
        { window: pick([1, 3, 6, 0, -2, 400]), lags: pick([[1, 2, 3], [], [0, 5, -1, 2.5]]), accuracyLag: pick([0, 1, 4]), leadTimeLag: pick([null, 2, 9]), backtest: rand() < 0.3 },
      );
      assertNoNaN(res);
    }
  });
});
